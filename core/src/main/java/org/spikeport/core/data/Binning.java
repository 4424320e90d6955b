package org.spikeport.core.data;

/**
 * How spike events become count frames: time bins of {@code dtSeconds} starting at 0
 * ({@code t = floor(time / dt)}, no event-anchored windows) and input units summed in consecutive
 * groups of {@code groupSize} ({@code c = unit / groupSize}).
 *
 * @param dtSeconds     width of one time step in seconds (default 0.01)
 * @param groupSize     number of consecutive input units summed into one channel (default 5)
 * @param inputChannels number of input units in the recordings (700 for SHD/SSC)
 */
public record Binning(double dtSeconds, int groupSize, int inputChannels) {

    /** The reference setting: 10 ms steps, 700 units summed in groups of 5 to 140 channels. */
    public static final Binning SHD = new Binning(0.01, 5, 700);

    public Binning {
        if (!(dtSeconds > 0) || !Double.isFinite(dtSeconds)) {
            throw new IllegalArgumentException("time step must be a positive number of seconds, got " + dtSeconds);
        }
        if (groupSize < 1) {
            throw new IllegalArgumentException("channel group size must be at least 1, got " + groupSize);
        }
        if (inputChannels < 1) {
            throw new IllegalArgumentException("input channel count must be at least 1, got " + inputChannels);
        }
    }

    /** Number of channels after grouping: {@code ceil(inputChannels / groupSize)}. */
    public int channels() {
        return (inputChannels + groupSize - 1) / groupSize;
    }

    /**
     * The step an event at {@code timeSeconds} falls into.
     *
     * @throws IllegalArgumentException if the step is beyond {@code Integer.MAX_VALUE - 1} (the last step
     *                                  whose step count, step + 1, is an {@code int})
     */
    public int step(double timeSeconds) {
        double step = Math.floor(timeSeconds / dtSeconds);
        if (step > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("time " + timeSeconds + " s is step " + step + " at " + dtSeconds
                    + " s per step, beyond the last step " + (Integer.MAX_VALUE - 1));
        }
        return (int) step;
    }

    /** Number of steps needed to hold every event of {@code r}: last event's step + 1, 0 when empty. */
    public int steps(SpikeRecording r) {
        return r.size() == 0 ? 0 : step(r.duration()) + 1;
    }

    /**
     * Bins a recording into a frame of exactly {@code steps} steps; events at or after step
     * {@code steps} are dropped, shorter recordings are zero-padded.
     *
     * @throws IllegalArgumentException if a unit is outside {@code [0, inputChannels)}
     */
    public CountFrame bin(SpikeRecording r, int steps) {
        int channels = channels();
        int[] counts = new int[Math.multiplyExact(steps, channels)];
        double[] times = r.times();
        int[] units = r.units();
        for (int i = 0; i < times.length; i++) {
            int u = units[i];
            if (u >= inputChannels) {
                throw new IllegalArgumentException(
                        "event " + i + ": unit " + u + " is outside 0.." + (inputChannels - 1));
            }
            int t = step(times[i]);
            if (t < steps) {
                counts[t * channels + u / groupSize]++;
            }
        }
        return new CountFrame(steps, channels, counts, r.label());
    }

    /** Bins a recording into a frame just long enough for its last event. */
    public CountFrame bin(SpikeRecording r) {
        return bin(r, steps(r));
    }
}
