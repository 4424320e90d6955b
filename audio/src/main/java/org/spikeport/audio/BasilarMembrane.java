package org.spikeport.audio;

/**
 * The hydrodynamic shallow-water model of the basilar membrane (Sieroka, Dosch and Rupp 2006), in the form
 * and with the parameters of the SHD encoder (Cramer et al. 2020, lauscher's {@code BasilarMembrane}).
 *
 * <p>Parameters: membrane places {@code c_j = 3.5 j / (channels - 1)}, {@code a = 3500},
 * {@code alpha = 3}, {@code rho = 1}, {@code c0 = 1e9}, {@code de = 0.15}, {@code h = 0.1}, {@code m = 0.05},
 * {@code r = de sqrt(c0 m)}. With stiffness {@code s(c) = c0 e^{-alpha c} - a}, damping
 * {@code r(c) = r e^{-alpha c/2}} and {@code xi(w, c) = s(c) - m w^2 - i w r(c)}:
 * <pre>
 *   g(w, c) = w sqrt(rho / (h xi(w, c)))
 *   G(w, c) = 2 g(w, 0) / alpha - 2 i sqrt(2) w log(N(w) / D(w, c)) / (alpha sqrt(2 h (m w^2 + a)))
 *   N(w)    = -alpha sqrt(c0 - a - w (m w + i r)) + i alpha (2a + w (2 m w + i r)) / (2 sqrt(a + m w^2))
 *   D(w, c) = (alpha/2) e^{alpha c/2} (-2 sqrt(c0 e^{-alpha c} - a - m w^2 - i e^{-alpha c/2} w r)
 *             + i (2a + w (2 m w + i e^{-alpha c/2} r)) / sqrt(a + m w^2))
 *   p(w, c) = sqrt(G(w, c) / g(w, c)) H0(G(w, c))
 *   z(w)    = sqrt(2 c0 / h) (i J0(t) + Y0(t)) / (J1(t) - i Y1(t)),  t = (4 pi f / alpha) sqrt(2 / (h c0)), f = w / 2 pi
 *   v(w, c) = 2 w / xi(w, c) p(w, c) z(w) / p(w, 0)
 * </pre>
 * with principal square roots and logarithm and {@code H0} the Hankel function of the first kind.
 *
 * <p>The response to {@code N} samples at rate {@code fs} is evaluated as the SHD encoder does: on the grid
 * {@code w_k = 2 pi (1 + k (fs/2 - 1) / (n - 1))}, {@code k < n = N/2 + 1} (integer division, {@code fs/2} too),
 * channel {@code c} is {@code Re(IFFT_n(v(w_k, c) X_k))} with {@code X_k} the first {@code n} bins of the
 * length-{@code N} DFT of the samples; the result has {@code n} samples at the rate {@code fs/2}.
 */
final class BasilarMembrane {

    static final double PLACE_MAX = 3.5;
    static final double A = 3500;
    static final double ALPHA = 3.0;
    static final double RHO = 1.0;
    static final double C0 = 10e8;
    static final double DE = 0.15;
    static final double H = 0.1;
    static final double M = 0.05;
    static final double R = DE * Math.sqrt(C0 * M);

    private final int channels;
    private final double[] place;

    BasilarMembrane(int channels) {
        if (channels < 2) {
            throw new IllegalArgumentException("the membrane needs at least 2 channels, not " + channels);
        }
        this.channels = channels;
        place = linspace(0, PLACE_MAX, channels);
    }

    int channels() {
        return channels;
    }

    /** numpy's {@code linspace(start, stop, num)}: {@code start + k (stop - start)/(num - 1)}, last = stop. */
    static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        double step = (stop - start) / (num - 1);
        for (int k = 0; k < num; k++) {
            y[k] = k * step + start;
        }
        y[num - 1] = stop;
        return y;
    }

    /** Output samples per channel for {@code samples} input samples: {@code samples/2 + 1}. */
    static int outputLength(int samples) {
        return samples / 2 + 1;
    }

    /** Angular frequencies {@code w_k} of the grid for {@code samples} input samples at {@code sampleRate}. */
    static double[] omegaGrid(int samples, int sampleRate) {
        double[] x = linspace(1, sampleRate / 2, outputLength(samples));
        for (int k = 0; k < x.length; k++) {
            x[k] = 2 * Math.PI * x[k];
        }
        return x;
    }

    /**
     * The quantities of the transfer function that do not depend on the place: per frequency {@code N(w)},
     * {@code 2 g(w, 0)/alpha}, the factor {@code 2 i sqrt 2 w / (alpha sqrt(2 h (m w^2 + a)))},
     * {@code sqrt(a + m w^2)} and {@code z(w) / p(w, 0)}.
     */
    final class Grid {
        final double[] omega;
        final Complex[] numerator;
        final Complex[] g0Term;
        final Complex[] logFactor;
        final double[] rootAm;
        final Complex[] zOverP0;

        Grid(double[] omega) {
            this.omega = omega;
            int n = omega.length;
            numerator = new Complex[n];
            g0Term = new Complex[n];
            logFactor = new Complex[n];
            rootAm = new double[n];
            zOverP0 = new Complex[n];
            for (int k = 0; k < n; k++) {
                double w = omega[k];
                rootAm[k] = Math.sqrt(A + M * w * w);
                Complex first = new Complex(-A + C0 - w * (M * w), -w * R).sqrt().times(-ALPHA);
                Complex second = new Complex(2 * A + w * (2 * M * w), w * R).timesI().times(ALPHA)
                        .times(1 / (2 * rootAm[k]));
                numerator[k] = first.plus(second);
                g0Term[k] = g(w, 0).times(2).times(1 / ALPHA);
                logFactor[k] = new Complex(0, 2 * Math.sqrt(2.) * w)
                        .times(1 / (ALPHA * Math.sqrt(H * 2 * (M * w * w + A))));
                zOverP0[k] = z(w).div(p(k, 0));
            }
        }

        /** {@code p(w_k, c)}. */
        Complex p(int k, double c) {
            return p(k, new Place(c));
        }

        Complex p(int k, Place c) {
            double w = omega[k];
            return p(k, c, c.xi(w));
        }

        private Complex p(int k, Place c, Complex xi) {
            double w = omega[k];
            Complex root = new Complex(-A + C0 * c.e - M * w * w, -c.eh * w * R).sqrt().times(-2);
            Complex other = new Complex(2 * A + w * (2 * M * w), w * (c.eh * R)).timesI().times(1 / rootAm[k]);
            Complex den = root.plus(other).times(0.5 * ALPHA * c.ehInverse);
            Complex bigG = g0Term[k].minus(logFactor[k].times(numerator[k].div(den).log()));
            Complex g = Complex.real(RHO).div(xi.times(H)).sqrt().times(w);
            return bigG.div(g).sqrt().times(Bessel.h0(bigG));
        }

        /** {@code v(w_k, c)}. */
        Complex v(int k, Place c) {
            double w = omega[k];
            Complex xi = c.xi(w);
            return Complex.real(2 * w).div(xi).times(p(k, c, xi)).times(zOverP0[k]);
        }
    }

    /** The place-dependent constants of the transfer function at place {@code c}. */
    static final class Place {
        final double c;
        final double e;
        final double eh;
        final double ehInverse;
        final double stiffness;
        final double damping;

        Place(double c) {
            this.c = c;
            e = Math.exp(-ALPHA * c);
            eh = Math.exp(-ALPHA * c / 2.);
            ehInverse = Math.exp(ALPHA * c / 2.);
            stiffness = C0 * e - A;
            damping = R * eh;
        }

        /** {@code xi(w, c)}. */
        Complex xi(double w) {
            return new Complex(stiffness - M * w * w, -w * damping);
        }
    }

    Grid grid(int samples, int sampleRate) {
        return new Grid(omegaGrid(samples, sampleRate));
    }

    static Complex xi(double w, double c) {
        double s = C0 * Math.exp(-ALPHA * c) - A;
        double r = R * Math.exp(-ALPHA * c / 2.);
        return new Complex(s - M * w * w, -w * r);
    }

    static Complex g(double w, double c) {
        return Complex.real(RHO).div(xi(w, c).times(H)).sqrt().times(w);
    }

    /** The middle-ear impedance term {@code z(w)}. */
    static Complex z(double w) {
        double f = w / (2. * Math.PI);
        double t = 4. * Math.PI * f / ALPHA * Math.sqrt(2. / (H * C0));
        Complex h0 = Bessel.h0(Complex.real(t));
        Complex h1 = Bessel.h1(Complex.real(t));
        Complex top = new Complex(h0.im(), h0.re());
        Complex bottom = new Complex(h1.re(), -h1.im());
        return top.div(bottom).times(Math.sqrt(2. * C0 / H));
    }

    /**
     * The spectrum {@code X_k}, {@code k < n}, of {@code samples}: the first {@code n = N/2 + 1} bins of its
     * length-{@code N} DFT, as {re, im}.
     */
    static double[][] spectrum(double[] samples) {
        int len = samples.length;
        double[] re = samples.clone();
        double[] im = new double[len];
        Fft.of(len).forward(re, im);
        int n = outputLength(len);
        return new double[][] {java.util.Arrays.copyOf(re, n), java.util.Arrays.copyOf(im, n)};
    }

    /** {@code v(w_k, c)} of channel {@code channel} for every {@code k}, as {re, im}. */
    double[][] transfer(Grid grid, int channel) {
        int n = grid.omega.length;
        double[] re = new double[n];
        double[] im = new double[n];
        Place c = new Place(place[channel]);
        for (int k = 0; k < n; k++) {
            Complex v = grid.v(k, c);
            re[k] = v.re();
            im[k] = v.im();
        }
        return new double[][] {re, im};
    }

    /**
     * The membrane velocities of two channels, {@code Re(IFFT_n(v_a X))} into {@code outA} and
     * {@code Re(IFFT_n(v_b X))} into {@code outB}, with one complex transform: {@code Re(IFFT(Y))} is the
     * transform of Y's Hermitian part {@code (Y_k + conj(Y_{n-k}))/2}, whose transform is real, so
     * {@code IFFT(herm(Y_a) + i herm(Y_b))} holds the first in its real and the second in its imaginary part.
     * {@code transferB} and {@code outB} may be null (one channel). {@code scratchRe} and {@code scratchIm}
     * are work arrays of length {@code n}.
     */
    static void channels(double[][] spectrum, double[][] transferA, double[][] transferB, double[] outA,
            double[] outB, double[] scratchRe, double[] scratchIm) {
        int n = outA.length;
        double[] xr = spectrum[0];
        double[] xi = spectrum[1];
        double[] ar = transferA[0];
        double[] ai = transferA[1];
        for (int k = 0; k < n; k++) {
            scratchRe[k] = ar[k] * xr[k] - ai[k] * xi[k];
            scratchIm[k] = ar[k] * xi[k] + ai[k] * xr[k];
        }
        if (transferB == null) {
            Fft.of(n).inverse(scratchRe, scratchIm);
            System.arraycopy(scratchRe, 0, outA, 0, n);
            return;
        }
        // outA temporarily holds Y_b's real part and outB its imaginary part.
        double[] br = transferB[0];
        double[] bi = transferB[1];
        for (int k = 0; k < n; k++) {
            outA[k] = br[k] * xr[k] - bi[k] * xi[k];
            outB[k] = br[k] * xi[k] + bi[k] * xr[k];
        }
        double[] zr = new double[n];
        double[] zi = new double[n];
        for (int k = 0; k < n; k++) {
            int m = k == 0 ? 0 : n - k;
            double har = 0.5 * (scratchRe[k] + scratchRe[m]);
            double hai = 0.5 * (scratchIm[k] - scratchIm[m]);
            double hbr = 0.5 * (outA[k] + outA[m]);
            double hbi = 0.5 * (outB[k] - outB[m]);
            zr[k] = har - hbi;
            zi[k] = hai + hbr;
        }
        Fft.of(n).inverse(zr, zi);
        System.arraycopy(zr, 0, outA, 0, n);
        System.arraycopy(zi, 0, outB, 0, n);
    }
}
