package org.spikeport.audio;

/**
 * Band-limited resampling by windowed-sinc interpolation: output sample {@code k} at rate {@code to} is
 * {@code y_k = s sum_j x_j h(s (t_k - j))} with {@code t_k = k from / to} in input samples,
 * {@code s = min(1, to / from)} (the cutoff, below both Nyquist frequencies), {@code h(u) = sinc(u) w(u / Z)}
 * over {@code |u| < Z = 32} zero crossings and {@code w} a Kaiser window with {@code beta = 8.6} (stop-band
 * attenuation about 90 dB), tabulated at {@value #TABLE_PER_ZERO} points per zero crossing and interpolated
 * linearly (error below 1e-7). Samples outside the input are zero. The output has {@code floor(N to / from)}
 * samples.
 */
public final class Resampler {

    private static final int ZEROS = 32;
    private static final double BETA = 8.6;
    private static final int TABLE_PER_ZERO = 4096;
    /** {@code h(u)} at {@code u = i / TABLE_PER_ZERO}, {@code 0 <= i <= ZEROS TABLE_PER_ZERO}, and one zero past it. */
    private static final double[] KERNEL = kernel();

    private Resampler() {
    }

    /** {@code x} at rate {@code from} resampled to rate {@code to}; a copy when the rates are equal. */
    public static double[] resample(double[] x, int from, int to) {
        if (from <= 0 || to <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + from + ", " + to);
        }
        if (from == to) {
            return x.clone();
        }
        long outLength = (long) x.length * to / from;
        if (outLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("resampled audio of " + outLength + " samples is too long");
        }
        double[] y = new double[(int) outLength];
        double scale = Math.min(1.0, (double) to / from);
        double reach = ZEROS / scale;
        for (int k = 0; k < y.length; k++) {
            double t = (double) k * from / to;
            int lo = Math.max(0, (int) Math.ceil(t - reach));
            int hi = Math.min(x.length - 1, (int) Math.floor(t + reach));
            double sum = 0;
            for (int j = lo; j <= hi; j++) {
                double pos = Math.abs(scale * (t - j)) * TABLE_PER_ZERO;
                int i = (int) pos;
                if (i >= ZEROS * TABLE_PER_ZERO) {
                    continue;
                }
                double frac = pos - i;
                sum += x[j] * (KERNEL[i] + frac * (KERNEL[i + 1] - KERNEL[i]));
            }
            y[k] = scale * sum;
        }
        return y;
    }

    private static double[] kernel() {
        int n = ZEROS * TABLE_PER_ZERO;
        double[] h = new double[n + 2];
        double i0Beta = besselI0(BETA);
        for (int i = 0; i <= n; i++) {
            double u = (double) i / TABLE_PER_ZERO;
            double r = u / ZEROS;
            double sinc = i == 0 ? 1.0 : Math.sin(Math.PI * u) / (Math.PI * u);
            h[i] = sinc * besselI0(BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
        }
        return h;
    }

    /** The modified Bessel function {@code I_0(x) = sum ((x/2)^k / k!)^2}. */
    static double besselI0(double x) {
        double term = 1;
        double sum = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }
}
