package org.spikeport.audio;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Discrete Fourier transforms of any length {@code n >= 1}, in place on separate real and imaginary arrays,
 * with numpy's conventions: {@code forward} computes {@code X_k = sum_j x_j e^{-2 pi i jk/n}} and
 * {@code inverse} computes {@code x_j = (1/n) sum_k X_k e^{2 pi i jk/n}}.
 *
 * <p>Powers of two use an iterative radix-2 transform; other lengths Bluestein's chirp-z algorithm,
 * {@code X_k = conj(w_k) sum_j (x_j conj(w_j)) w_{k-j}} with {@code w_j = e^{i pi j^2 / n}}, a circular
 * convolution done with radix-2 transforms of a power of two {@code >= 2n - 1}. Plans are cached per length and
 * are immutable, so one plan may be used by many threads.
 */
final class Fft {

    private static final ConcurrentHashMap<Integer, Fft> PLANS = new ConcurrentHashMap<>();

    private final int n;
    /** Radix-2 twiddles {@code cos, sin(2 pi k / size)} for {@code k < size/2}, size = n or the Bluestein size. */
    private final double[] cos;
    private final double[] sin;
    private final int size;
    /** Bluestein only: the chirp {@code w_j} and the forward transform of its padded circular form. */
    private final double[] chirpRe;
    private final double[] chirpIm;
    private final double[] kernelRe;
    private final double[] kernelIm;
    /** Bluestein work arrays, one pair per thread. */
    private final ThreadLocal<double[][]> work;

    private Fft(int n) {
        this.n = n;
        boolean pow2 = Integer.bitCount(n) == 1;
        size = pow2 ? n : Integer.highestOneBit(2 * n - 1) << 1;
        int half = Math.max(1, size / 2);
        cos = new double[half];
        sin = new double[half];
        for (int k = 0; k < half; k++) {
            double a = 2 * Math.PI * k / size;
            cos[k] = Math.cos(a);
            sin[k] = Math.sin(a);
        }
        if (pow2) {
            chirpRe = chirpIm = kernelRe = kernelIm = null;
            work = null;
            return;
        }
        work = ThreadLocal.withInitial(() -> new double[][] {new double[size], new double[size]});
        chirpRe = new double[n];
        chirpIm = new double[n];
        long twoN = 2L * n;
        for (int j = 0; j < n; j++) {
            long jj = ((long) j * j) % twoN;
            double a = Math.PI * jj / n;
            chirpRe[j] = Math.cos(a);
            chirpIm[j] = Math.sin(a);
        }
        kernelRe = new double[size];
        kernelIm = new double[size];
        kernelRe[0] = chirpRe[0];
        kernelIm[0] = chirpIm[0];
        for (int j = 1; j < n; j++) {
            kernelRe[j] = kernelRe[size - j] = chirpRe[j];
            kernelIm[j] = kernelIm[size - j] = chirpIm[j];
        }
        radix2(kernelRe, kernelIm, false);
    }

    /** The plan for length {@code n >= 1}. */
    static Fft of(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("transform length " + n + " is below 1");
        }
        return PLANS.computeIfAbsent(n, Fft::new);
    }

    int length() {
        return n;
    }

    /** Forward transform of {@code (re, im)}, each of length {@link #length()}, in place. */
    void forward(double[] re, double[] im) {
        transform(re, im, false);
    }

    /** Inverse transform (with the {@code 1/n} factor) in place. */
    void inverse(double[] re, double[] im) {
        transform(re, im, true);
        double s = 1.0 / n;
        for (int i = 0; i < n; i++) {
            re[i] *= s;
            im[i] *= s;
        }
    }

    private void transform(double[] re, double[] im, boolean inverse) {
        if (chirpRe == null) {
            radix2(re, im, inverse);
            return;
        }
        // The inverse is the conjugate of the forward transform of the conjugate.
        double sign = inverse ? -1 : 1;
        double[][] w = work.get();
        double[] ar = w[0];
        double[] ai = w[1];
        java.util.Arrays.fill(ar, n, size, 0.0);
        java.util.Arrays.fill(ai, n, size, 0.0);
        for (int j = 0; j < n; j++) {
            double xr = re[j];
            double xi = sign * im[j];
            ar[j] = xr * chirpRe[j] + xi * chirpIm[j];
            ai[j] = xi * chirpRe[j] - xr * chirpIm[j];
        }
        radix2(ar, ai, false);
        for (int k = 0; k < size; k++) {
            double r = ar[k] * kernelRe[k] - ai[k] * kernelIm[k];
            double i = ar[k] * kernelIm[k] + ai[k] * kernelRe[k];
            ar[k] = r;
            ai[k] = i;
        }
        radix2(ar, ai, true);
        double s = 1.0 / size;
        for (int k = 0; k < n; k++) {
            double cr = ar[k] * s;
            double ci = ai[k] * s;
            re[k] = cr * chirpRe[k] + ci * chirpIm[k];
            im[k] = sign * (ci * chirpRe[k] - cr * chirpIm[k]);
        }
    }

    /** Unnormalised radix-2 transform of length {@link #size}; {@code inverse} flips the exponent's sign. */
    private void radix2(double[] re, double[] im, boolean inverse) {
        int m = size;
        for (int i = 1, j = 0; i < m; i++) {
            int bit = m >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        double sign = inverse ? 1 : -1;
        for (int len = 2; len <= m; len <<= 1) {
            int halfLen = len >> 1;
            int step = m / len;
            for (int start = 0; start < m; start += len) {
                for (int k = 0; k < halfLen; k++) {
                    double wr = cos[k * step];
                    double wi = sign * sin[k * step];
                    int a = start + k;
                    int b = a + halfLen;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
