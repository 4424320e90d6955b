package org.spikeport.core.data;

/**
 * How spike events become count frames: input units summed in consecutive groups of {@code groupSize}
 * ({@code c = unit / groupSize}) and event times mapped to steps by one of two {@link Mode}s.
 *
 * <ul>
 *   <li>{@link Mode#FLOOR} (spikeport's): bins of {@code dt} starting at time 0,
 *       {@code step = floor(time / dt)}; a sample has {@code floor(last time / dt) + 1} steps.
 *   <li>{@link Mode#REFERENCE}: the frames of the SHD/SSC loader the reference code (SNN-delays) trained
 *       with (SpikingJelly's fixed-duration integration of 2023). Times are converted to milliseconds,
 *       {@code m_k = fl(1000 * t_k)}; a window opens at the first event not yet binned,
 *       {@code a = m_left}, and takes every following event with {@code fl(m_k - a) <= dt_ms} (both ends
 *       closed); the next window opens at the next event. Each window is one step, so the steps before
 *       the first event and every gap longer than a window produce no step at all. {@code fl} rounds to
 *       the format the loader computes in: NumPy 1.x (the reference's) promotes {@code 1000 *} float16
 *       times (those of the published SHD/SSC files) or float32 times to float32, and float64 times to
 *       float64; since a recording holds doubles, float32 is used when every time of the sample is a
 *       float32 value, float64 otherwise.
 * </ul>
 *
 * @param dtSeconds     width of one time step in seconds (default 0.01)
 * @param groupSize     number of consecutive input units summed into one channel (default 5)
 * @param inputChannels number of input units in the recordings (700 for SHD/SSC)
 * @param mode          how times become steps
 */
public record Binning(double dtSeconds, int groupSize, int inputChannels, Mode mode) {

    /** How event times become steps (see the class comment). */
    public enum Mode {
        /** {@code step = floor(time / dt)}, bins anchored at time 0. */
        FLOOR,
        /** The reference loader's windows of {@code dt}, each anchored at the next event. */
        REFERENCE;

        /** The option and config value: {@code floor} or {@code reference}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * The mode named {@code id} ({@link #id()}).
         *
         * @throws IllegalArgumentException for any other name
         */
        public static Mode of(String id) {
            for (Mode m : values()) {
                if (m.id().equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown binning '" + id + "' (expected floor or reference)");
        }
    }

    /** The reference setting: 10 ms steps, 700 units summed in groups of 5 to 140 channels. */
    public static final Binning SHD = new Binning(0.01, 5, 700);

    /** Floor binning ({@link Mode#FLOOR}). */
    public Binning(double dtSeconds, int groupSize, int inputChannels) {
        this(dtSeconds, groupSize, inputChannels, Mode.FLOOR);
    }

    /** This binning with times mapped by {@code m}. */
    public Binning withMode(Mode m) {
        return new Binning(dtSeconds, groupSize, inputChannels, m);
    }

    public Binning {
        java.util.Objects.requireNonNull(mode, "mode");
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
     * The step an event at {@code timeSeconds} falls into with {@link Mode#FLOOR} binning (whatever this
     * binning's mode).
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
        if (r.size() == 0) {
            return 0;
        }
        return mode == Mode.FLOOR ? step(r.duration()) + 1 : eventSteps(r)[r.size() - 1] + 1;
    }

    /**
     * The step of every event of {@code r}, in event order (non-decreasing), by this binning's mode.
     *
     * @throws IllegalArgumentException if a step is beyond {@code Integer.MAX_VALUE - 1}, or (reference
     *                                  mode) a time in milliseconds overflows the sample's float format
     */
    public int[] eventSteps(SpikeRecording r) {
        double[] times = r.times();
        int[] steps = new int[times.length];
        if (mode == Mode.FLOOR) {
            for (int k = 0; k < times.length; k++) {
                steps[k] = step(times[k]);
            }
            return steps;
        }
        TimeFormat format = TimeFormat.of(times);
        double windowMs = dtSeconds * 1000.0;
        double[] ms = new double[times.length];
        for (int k = 0; k < times.length; k++) {
            ms[k] = format.round(1000.0 * times[k]);
            if (Double.isInfinite(ms[k])) {
                throw new IllegalArgumentException("event " + k + ": time " + times[k] + " s overflows " + format.label
                        + " in milliseconds (the reference loader computes 1000 * t in the times' format)");
            }
        }
        int left = 0;
        int window = 0;
        while (left < times.length) {
            double anchor = ms[left];
            int right = left;
            while (right < times.length && format.round(ms[right] - anchor) <= windowMs) {
                steps[right++] = window;
            }
            left = right;
            window++;
        }
        return steps;
    }

    /**
     * The floating-point format the reference loader computes {@code 1000 * t} and the differences in:
     * NumPy 1.x promotes the integer 1000 with float16 or float32 times to float32, with float64 times to
     * float64.
     */
    enum TimeFormat {
        FLOAT32("float32"), FLOAT64("float64");

        private final String label;

        TimeFormat(String label) {
            this.label = label;
        }

        /** float32 when every value of {@code times} is a float32 (as float16 values are), else float64. */
        static TimeFormat of(double[] times) {
            for (double t : times) {
                if ((double) (float) t != t) {
                    return FLOAT64;
                }
            }
            return FLOAT32;
        }

        /**
         * {@code x} rounded to this format (half to even). For float32 times, {@code 1000 * t} and the
         * difference of two float32 values are exact in double, so rounding once gives NumPy's float32
         * result.
         */
        double round(double x) {
            return this == FLOAT32 ? (float) x : x;
        }
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
        int[] eventSteps = eventSteps(r);
        int[] units = r.units();
        for (int i = 0; i < units.length; i++) {
            int u = units[i];
            if (u >= inputChannels) {
                throw new IllegalArgumentException(
                        "event " + i + ": unit " + u + " is outside 0.." + (inputChannels - 1));
            }
            int t = eventSteps[i];
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
