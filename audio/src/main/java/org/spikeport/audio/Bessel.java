package org.spikeport.audio;

/**
 * Hankel functions of the first kind of orders 0 and 1, {@code H_n(z) = J_n(z) + i Y_n(z)}, for complex
 * {@code z} with {@code Im z >= 0} and {@code z != 0} (the closed upper half-plane; principal branch, as
 * scipy's {@code hankel1}).
 *
 * <ul>
 *   <li>{@code |z| < 2}: the ascending series (DLMF 10.2.2, 10.8.1)
 *       {@code J_0 = sum (-z^2/4)^k / (k!)^2},
 *       {@code Y_0 = (2/pi)(ln(z/2) + gamma) J_0 - (2/pi) sum H_k (-z^2/4)^k / (k!)^2},
 *       {@code J_1 = (z/2) sum (-z^2/4)^k / (k! (k+1)!)},
 *       {@code Y_1 = -2/(pi z) + (2/pi)(ln(z/2) + gamma) J_1 - (z/(2 pi)) sum (H_k + H_{k+1}) (-z^2/4)^k / (k! (k+1)!)}
 *       with harmonic numbers {@code H_k};</li>
 *   <li>{@code 2 <= |z| < 32}, {@link #h0} only: a degree-{@value #TAYLOR_DEGREE} Taylor polynomial about the
 *       nearest point of a grid of spacing {@value #TAYLOR_STEP}, whose coefficients follow from
 *       {@code H_0(z0)}, {@code H_0'(z0) = -H_1(z0)} and Bessel's equation:
 *       {@code a_{m+2} = -((m+1)^2 a_{m+1} + z0 a_m + a_{m-1}) / (z0 (m+1)(m+2))} ({@code a_{-1} = 0}); its
 *       remainder is below {@code (|z - z0| / |z0|)^{15}}, under 1e-14 here;</li>
 *   <li>{@code 2 <= |z| < 32} otherwise, and to build that grid: through the modified Bessel function of the second kind,
 *       {@code H_0(z) = -(2i/pi) K_0(w)} and {@code H_1(z) = -(2/pi) K_1(w)} with {@code w = -iz},
 *       {@code Re w >= 0} (DLMF 10.27.8), where {@code K_0} and {@code K_1} come from Steed's evaluation of
 *       Temme's continued fraction (Temme 1975; Thompson and Barnett 1987);</li>
 *   <li>{@code |z| >= 32}: Hankel's expansion (DLMF 10.17.5), whose smallest term there is below 1e-16.</li>
 * </ul>
 * Relative accuracy is about 1e-14 (checked against scipy in the tests).
 */
final class Bessel {

    private static final double EULER_GAMMA = 0.57721566490153286061;
    private static final double EPS = 1e-16;
    private static final int MAX_ITERATIONS = 10_000;
    private static final double SERIES_RADIUS = 2.0;
    private static final double ASYMPTOTIC_RADIUS = 32.0;
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final int TAYLOR_DEGREE = 14;
    private static final double TAYLOR_STEP = 0.25;
    /** Grid points {@code z0 = (i - COLS_HALF) step + i j step}, {@code 0 <= j < ROWS}. */
    private static final int COLS_HALF = (int) Math.ceil(ASYMPTOTIC_RADIUS / TAYLOR_STEP);
    private static final int ROWS = COLS_HALF + 2;
    private static final int COLS = 2 * COLS_HALF + 1;
    /** Taylor coefficients, {@code [(j COLS + i) (degree + 1) + m]}, real and imaginary parts. */
    private static final double[][] TAYLOR = taylorTable();

    private Bessel() {
    }

    /** {@code H_0^(1)(z)}. */
    static Complex h0(Complex z) {
        double r = z.abs();
        if (r < SERIES_RADIUS) {
            return series(z, false);
        }
        if (r >= ASYMPTOTIC_RADIUS) {
            return asymptotic(z, 0);
        }
        if (z.im() >= 0) {
            return taylor(z);
        }
        return h0Steed(z);
    }

    private static Complex h0Steed(Complex z) {
        Complex[] k = kSteed(new Complex(z.im(), -z.re()));
        return k[0].times(-2 / Math.PI).timesI();
    }

    private static Complex taylor(Complex z) {
        int i = (int) Math.round(z.re() / TAYLOR_STEP) + COLS_HALF;
        int j = (int) Math.round(z.im() / TAYLOR_STEP);
        double dr = z.re() - (i - COLS_HALF) * TAYLOR_STEP;
        double di = z.im() - j * TAYLOR_STEP;
        int base = (j * COLS + i) * (TAYLOR_DEGREE + 1);
        double[] cr = TAYLOR[0];
        double[] ci = TAYLOR[1];
        double sr = cr[base + TAYLOR_DEGREE];
        double si = ci[base + TAYLOR_DEGREE];
        for (int m = TAYLOR_DEGREE - 1; m >= 0; m--) {
            double tr = sr * dr - si * di + cr[base + m];
            si = sr * di + si * dr + ci[base + m];
            sr = tr;
        }
        return new Complex(sr, si);
    }

    private static double[][] taylorTable() {
        int terms = TAYLOR_DEGREE + 1;
        double[] re = new double[ROWS * COLS * terms];
        double[] im = new double[ROWS * COLS * terms];
        for (int j = 0; j < ROWS; j++) {
            for (int i = 0; i < COLS; i++) {
                Complex z0 = new Complex((i - COLS_HALF) * TAYLOR_STEP, j * TAYLOR_STEP);
                if (z0.abs() < SERIES_RADIUS - TAYLOR_STEP) {
                    continue;
                }
                Complex[] k = kSteed(new Complex(z0.im(), -z0.re()));
                Complex[] a = new Complex[terms];
                a[0] = k[0].times(-2 / Math.PI).timesI();
                a[1] = k[1].times(2 / Math.PI);
                for (int m = 0; m + 2 < terms; m++) {
                    Complex prev = m >= 1 ? a[m - 1] : Complex.ZERO;
                    Complex num = a[m + 1].times((m + 1.0) * (m + 1.0)).plus(z0.times(a[m])).plus(prev);
                    a[m + 2] = num.negate().div(z0.times((m + 1.0) * (m + 2.0)));
                }
                int base = (j * COLS + i) * terms;
                for (int m = 0; m < terms; m++) {
                    re[base + m] = a[m].re();
                    im[base + m] = a[m].im();
                }
            }
        }
        return new double[][] {re, im};
    }

    /** {@code H_1^(1)(z)}. */
    static Complex h1(Complex z) {
        double r = z.abs();
        if (r < SERIES_RADIUS) {
            return series(z, true);
        }
        if (r >= ASYMPTOTIC_RADIUS) {
            return asymptotic(z, 1);
        }
        Complex[] k = kSteed(new Complex(z.im(), -z.re()));
        return k[1].times(-2 / Math.PI);
    }

    /**
     * Hankel's expansion {@code H_nu(z) ~ sqrt(2/(pi z)) e^{i(z - nu pi/2 - pi/4)} sum_k i^k a_k(nu) / z^k} with
     * {@code a_k(nu) = prod_{j=1..k} (4 nu^2 - (2j-1)^2) / (k! 8^k)}, summed while its terms fall.
     */
    private static Complex asymptotic(Complex z, int nu) {
        double mu = 4.0 * nu * nu;
        double d = z.re() * z.re() + z.im() * z.im();
        double ir = z.re() / d;
        double ii = -z.im() / d;
        double tr = 1;
        double ti = 0;
        double sr = 1;
        double si = 0;
        double last = 1;
        for (int k = 1; k < 60; k++) {
            double odd = 2 * k - 1;
            double f = (mu - odd * odd) / (8.0 * k);
            // term *= i f / z
            double pr = tr * ir - ti * ii;
            double pi = tr * ii + ti * ir;
            tr = -pi * f;
            ti = pr * f;
            double size = tr * tr + ti * ti;
            if (size > last) {
                break;
            }
            sr += tr;
            si += ti;
            last = size;
            if (size < 1e-34 * (sr * sr + si * si)) {
                break;
            }
        }
        Complex phase = new Complex(-z.im(), z.re() - (nu * 0.5 + 0.25) * Math.PI).exp();
        return phase.times(new Complex(sr, si)).times(SQRT_2_OVER_PI).div(z.sqrt());
    }

    /** {@code H_0^(1)(z)} or {@code H_1^(1)(z)} from the ascending series. */
    private static Complex series(Complex z, boolean order1) {
        double qr = -0.25 * (z.re() * z.re() - z.im() * z.im());
        double qi = -0.5 * z.re() * z.im();
        double tr = 1;
        double ti = 0;
        double jr = 0;
        double ji = 0;
        double yr = 0;
        double yi = 0;
        double harmonic = 0;
        for (int k = 0; k < 200; k++) {
            double nextHarmonic = harmonic + 1.0 / (k + 1);
            jr += tr;
            ji += ti;
            double hk = order1 ? harmonic + nextHarmonic : harmonic;
            yr += tr * hk;
            yi += ti * hk;
            double denom = order1 ? (k + 1.0) * (k + 2.0) : (k + 1.0) * (k + 1.0);
            double nr = (tr * qr - ti * qi) / denom;
            double ni = (tr * qi + ti * qr) / denom;
            tr = nr;
            ti = ni;
            harmonic = nextHarmonic;
            if (k > 2 && tr * tr + ti * ti < EPS * EPS * (jr * jr + ji * ji)) {
                break;
            }
        }
        Complex j = new Complex(jr, ji);
        Complex y = new Complex(yr, yi);
        Complex logTerm = z.times(0.5).log().plus(EULER_GAMMA).times(2 / Math.PI);
        if (!order1) {
            Complex y0 = logTerm.times(j).minus(y.times(2 / Math.PI));
            return j.plus(y0.timesI());
        }
        Complex half = z.times(0.5);
        Complex j1 = half.times(j);
        Complex y1 = z.reciprocal().times(-2 / Math.PI).plus(logTerm.times(j1))
                .minus(half.times(y).times(1 / Math.PI));
        return j1.plus(y1.timesI());
    }

    /**
     * {@code {K_0(w), K_1(w)}} for {@code |w| >= 2}, {@code Re w >= 0}: Temme's series of the continued
     * fraction, summed by Steed's algorithm, {@code K_0 = sqrt(pi/(2w)) e^{-w} / s} and
     * {@code K_1 = K_0 (w + 1/2 - h/4) / w}.
     */
    private static Complex[] kSteed(Complex w) {
        double xr = w.re();
        double xi = w.im();
        double br = 2 * (1 + xr);
        double bi = 2 * xi;
        double den = br * br + bi * bi;
        double dr = br / den;
        double di = -bi / den;
        double hr = dr;
        double hi = di;
        double delhr = dr;
        double delhi = di;
        double q1r = 0;
        double q1i = 0;
        double q2r = 1;
        double q2i = 0;
        double a1 = 0.25;
        double qr = a1;
        double qi = 0;
        double c = a1;
        double a = -a1;
        double sr = 1 + qr * delhr;
        double si = qr * delhi;
        int i = 2;
        for (; i <= MAX_ITERATIONS; i++) {
            a -= 2 * (i - 1);
            c = -a * c / i;
            double qnr = (q1r - (br * q2r - bi * q2i)) / a;
            double qni = (q1i - (br * q2i + bi * q2r)) / a;
            q1r = q2r;
            q1i = q2i;
            q2r = qnr;
            q2i = qni;
            qr += c * qnr;
            qi += c * qni;
            br += 2;
            double tr = br + a * dr;
            double ti = bi + a * di;
            double td = tr * tr + ti * ti;
            dr = tr / td;
            di = -ti / td;
            double fr = br * dr - bi * di - 1;
            double fi = br * di + bi * dr;
            double nr = fr * delhr - fi * delhi;
            double ni = fr * delhi + fi * delhr;
            delhr = nr;
            delhi = ni;
            hr += delhr;
            hi += delhi;
            double dsr = qr * delhr - qi * delhi;
            double dsi = qr * delhi + qi * delhr;
            sr += dsr;
            si += dsi;
            if (dsr * dsr + dsi * dsi < EPS * EPS * (sr * sr + si * si)) {
                break;
            }
        }
        if (i > MAX_ITERATIONS) {
            throw new ArithmeticException("K_0 continued fraction did not converge at w = " + w);
        }
        Complex h = new Complex(a1 * hr, a1 * hi);
        Complex s = new Complex(sr, si);
        Complex k0 = Complex.real(Math.PI / 2).div(w).sqrt().times(w.negate().exp()).div(s);
        Complex k1 = k0.times(w.plus(0.5).minus(h)).div(w);
        return new Complex[] {k0, k1};
    }
}
