package org.spikeport.audio;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The SHD cochlea encoder (Cramer et al. 2020, "The Heidelberg Spiking Data Sets ...", computed as lauscher
 * 1.0.1's {@code Wave2Spike} computes it): sound in, spikes of {@link #CHANNELS} channels out.
 *
 * <ol>
 *   <li>RMS normalisation to {@link #RMS_LEVEL}: {@code x *= 0.3 / sqrt(mean(x^2))};</li>
 *   <li>a Hann ramp over each half: with {@code r = N/2} and {@code w = hanning(2r)},
 *       {@code x[i] *= w[i]} and {@code x[N-1-i] *= w[i]} for {@code i < r};</li>
 *   <li>the basilar membrane ({@link BasilarMembrane}): {@code N/2 + 1} samples per channel at rate
 *       {@code fs/2} (integer division);</li>
 *   <li>inner hair cells ({@link HairCell}): firing probability per sample;</li>
 *   <li>bushy cells ({@link BushyCell}), the only random stage, seeded here: channel {@code c} draws from a
 *       {@link SplittableRandom} seeded with a hash of (seed, c), so results do not depend on threads.</li>
 * </ol>
 * Spike times are sample index / {@code (fs/2)} seconds. Channels are ordered from the base of the membrane
 * (channel 0, about 22.5 kHz) to the apex (about 110 Hz), as in SHD; the places cover that range only when the
 * sample rate is SHD's {@link #SAMPLE_RATE}, which is why recordings are resampled to it first.
 */
public final class Cochlea {

    /** Channels of the SHD encoder. */
    public static final int CHANNELS = 700;
    /** The sample rate of SHD's recordings (and lauscher's example), which audio is resampled to. */
    public static final int SAMPLE_RATE = 48_000;
    /** RMS level the input is normalised to. */
    public static final double RMS_LEVEL = 0.3;

    /** Spikes of one clip: parallel arrays sorted by time, then channel. */
    public record Spikes(double[] times, int[] channels) {
    }

    private final BasilarMembrane membrane;

    public Cochlea() {
        this(CHANNELS);
    }

    public Cochlea(int channels) {
        membrane = new BasilarMembrane(channels);
    }

    public int channels() {
        return membrane.channels();
    }

    /**
     * The basilar membrane's transfer function {@code v(w_k, c)} for every channel, for clips of one length
     * at one sample rate: computing it is most of the cost of encoding a clip, so clips of equal length can
     * share it ({@link #encode(double[], int, long, Transfer)}). It holds {@code 16 channels (N/2 + 1)} bytes.
     */
    public static final class Transfer {
        private final int samples;
        private final int sampleRate;
        private final double[][][] v;

        private Transfer(int samples, int sampleRate, double[][][] v) {
            this.samples = samples;
            this.sampleRate = sampleRate;
            this.v = v;
        }

        /** Length in samples of the clips it is for. */
        public int samples() {
            return samples;
        }

        public int sampleRate() {
            return sampleRate;
        }

        /** Bytes a transfer function for {@code samples} samples and {@code channels} channels holds. */
        public static long bytes(int samples, int channels) {
            return 16L * channels * BasilarMembrane.outputLength(samples);
        }
    }

    /**
     * The transfer function for clips of {@code samples} samples at {@code sampleRate}, computed on
     * {@code threads} threads.
     */
    public Transfer transfer(int samples, int sampleRate, int threads) {
        checkShape(samples, sampleRate);
        BasilarMembrane.Grid grid = membrane.grid(samples, sampleRate);
        double[][][] v = new double[membrane.channels()][][];
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(Math.max(1, threads));
        try {
            pool.submit(() -> java.util.stream.IntStream.range(0, v.length).parallel()
                    .forEach(c -> v[c] = membrane.transfer(grid, c))).join();
        } finally {
            pool.shutdown();
        }
        return new Transfer(samples, sampleRate, v);
    }

    /**
     * Encodes {@code samples} (mono, at {@code sampleRate}) with the seed {@code seed}.
     *
     * @throws IllegalArgumentException for fewer than 4 samples, a sample rate below 4, a non-finite sample
     *                                  or silence (the RMS normalisation is undefined)
     */
    public Spikes encode(double[] samples, int sampleRate, long seed) {
        return encode(samples, sampleRate, seed, null);
    }

    /**
     * {@link #encode(double[], int, long)} with a precomputed transfer function, used when it is for this
     * clip's length and rate (and ignored otherwise). The spikes are the same with and without it.
     */
    public Spikes encode(double[] samples, int sampleRate, long seed, Transfer transfer) {
        double[] x = prepare(samples, sampleRate);
        boolean shared = transfer != null && transfer.samples == x.length && transfer.sampleRate == sampleRate
                && transfer.v.length == membrane.channels();
        BasilarMembrane.Grid grid = shared ? null : membrane.grid(x.length, sampleRate);
        double[][] spectrum = BasilarMembrane.spectrum(x);
        int n = BasilarMembrane.outputLength(x.length);
        int rate = sampleRate / 2;
        double[] bmA = new double[n];
        double[] bmB = new double[n];
        double[] prob = new double[n];
        double[] sr = new double[n];
        double[] si = new double[n];
        long[] keys = new long[1024];
        int count = 0;
        int channels = membrane.channels();
        for (int c = 0; c < channels; c += 2) {
            boolean pair = c + 1 < channels;
            double[][] va = shared ? transfer.v[c] : membrane.transfer(grid, c);
            double[][] vb = !pair ? null : shared ? transfer.v[c + 1] : membrane.transfer(grid, c + 1);
            BasilarMembrane.channels(spectrum, va, vb, bmA, pair ? bmB : null, sr, si);
            for (int k = 0; k < (pair ? 2 : 1); k++) {
                int ch = c + k;
                HairCell.process(k == 0 ? bmA : bmB, rate, prob);
                boolean[] spikes = BushyCell.process(prob, rate, new SplittableRandom(channelSeed(seed, ch)));
                for (int j = 0; j < n; j++) {
                    if (spikes[j]) {
                        if (count == keys.length) {
                            keys = Arrays.copyOf(keys, 2 * keys.length);
                        }
                        keys[count++] = (long) j * channels + ch;
                    }
                }
            }
        }
        Arrays.sort(keys, 0, count);
        double[] times = new double[count];
        int[] units = new int[count];
        for (int i = 0; i < count; i++) {
            times[i] = (double) (keys[i] / channels) / rate;
            units[i] = (int) (keys[i] % channels);
        }
        return new Spikes(times, units);
    }

    private static void checkShape(int samples, int sampleRate) {
        if (samples < 4) {
            throw new IllegalArgumentException("audio of " + samples + " samples is too short (at least 4)");
        }
        if (sampleRate < 4) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz is below 4 Hz");
        }
    }

    /** The seed of channel {@code c}'s fibres: SplitMix64's finaliser of the clip seed and the channel. */
    static long channelSeed(long seed, int channel) {
        long z = seed + 0x9E3779B97F4A7C15L * (channel + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Stages 1 and 2: a normalised, windowed copy of {@code samples}. */
    static double[] prepare(double[] samples, int sampleRate) {
        checkShape(samples.length, sampleRate);
        double sum = 0;
        for (double s : samples) {
            if (!Double.isFinite(s)) {
                throw new IllegalArgumentException("audio has a sample that is not finite");
            }
            sum += s * s;
        }
        double[] x = samples.clone();
        double rms = Math.sqrt(sum / x.length);
        if (rms == 0) {
            throw new IllegalArgumentException("audio is silent (all samples 0)");
        }
        double gain = RMS_LEVEL / rms;
        for (int i = 0; i < x.length; i++) {
            x[i] *= gain;
        }
        int r = x.length / 2;
        double[] w = hanning(2 * r);
        for (int i = 0; i < r; i++) {
            x[i] = w[i] * x[i];
        }
        for (int i = 0; i < r; i++) {
            x[x.length - 1 - i] = w[i] * x[x.length - 1 - i];
        }
        return x;
    }

    /**
     * numpy's {@code hanning(m)}: {@code 0.5 + 0.5 cos(pi n_k / (m - 1))} with {@code n_k = 1 - m + 2k}
     * ({@code = 0.5 - 0.5 cos(2 pi k / (m - 1))}), {@code [1]} for {@code m = 1}.
     */
    static double[] hanning(int m) {
        if (m == 1) {
            return new double[] {1.0};
        }
        double[] w = new double[m];
        for (int k = 0; k < m; k++) {
            w[k] = 0.5 + 0.5 * Math.cos(Math.PI * (1.0 - m + 2.0 * k) / (m - 1));
        }
        return w;
    }

    /** Stage 3 for all channels of a prepared clip: {@code [channel][sample]} at rate {@code fs/2}. */
    double[][] membrane(double[] prepared, int sampleRate) {
        BasilarMembrane.Grid grid = membrane.grid(prepared.length, sampleRate);
        double[][] spectrum = BasilarMembrane.spectrum(prepared);
        int n = BasilarMembrane.outputLength(prepared.length);
        double[][] out = new double[membrane.channels()][n];
        double[] sr = new double[n];
        double[] si = new double[n];
        for (int c = 0; c < out.length; c += 2) {
            boolean pair = c + 1 < out.length;
            BasilarMembrane.channels(spectrum, membrane.transfer(grid, c), pair ? membrane.transfer(grid, c + 1) : null,
                    out[c], pair ? out[c + 1] : null, sr, si);
        }
        return out;
    }

    /** Stage 4 for every channel of {@code bm} at rate {@code rate}. */
    static double[][] hairCells(double[][] bm, int rate) {
        double[][] out = new double[bm.length][];
        for (int c = 0; c < bm.length; c++) {
            out[c] = new double[bm[c].length];
            HairCell.process(bm[c], rate, out[c]);
        }
        return out;
    }
}
