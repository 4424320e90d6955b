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
     * Encodes {@code samples} (mono, at {@code sampleRate}) with the seed {@code seed}.
     *
     * @throws IllegalArgumentException for fewer than 4 samples, a sample rate below 4, a non-finite sample
     *                                  or silence (the RMS normalisation is undefined)
     */
    public Spikes encode(double[] samples, int sampleRate, long seed) {
        double[] x = prepare(samples, sampleRate);
        BasilarMembrane.Grid grid = membrane.grid(x.length, sampleRate);
        double[][] spectrum = BasilarMembrane.spectrum(x);
        int n = BasilarMembrane.outputLength(x.length);
        int rate = sampleRate / 2;
        double[] bm = new double[n];
        double[] prob = new double[n];
        double[] sr = new double[n];
        double[] si = new double[n];
        long[] keys = new long[1024];
        int count = 0;
        int channels = membrane.channels();
        for (int c = 0; c < channels; c++) {
            membrane.channel(grid, spectrum, c, bm, sr, si);
            HairCell.process(bm, rate, prob);
            boolean[] spikes = BushyCell.process(prob, rate, new SplittableRandom(channelSeed(seed, c)));
            for (int j = 0; j < n; j++) {
                if (spikes[j]) {
                    if (count == keys.length) {
                        keys = Arrays.copyOf(keys, 2 * keys.length);
                    }
                    keys[count++] = (long) j * channels + c;
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

    /** The seed of channel {@code c}'s fibres: SplitMix64's finaliser of the clip seed and the channel. */
    static long channelSeed(long seed, int channel) {
        long z = seed + 0x9E3779B97F4A7C15L * (channel + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Stages 1 and 2: a normalised, windowed copy of {@code samples}. */
    static double[] prepare(double[] samples, int sampleRate) {
        if (samples.length < 4) {
            throw new IllegalArgumentException("audio of " + samples.length + " samples is too short (at least 4)");
        }
        if (sampleRate < 4) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz is below 4 Hz");
        }
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
        for (int c = 0; c < out.length; c++) {
            membrane.channel(grid, spectrum, c, out[c], sr, si);
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
