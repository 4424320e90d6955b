package org.spikeport.trainer;

/**
 * The DCLS kernel of one synapse over taps {@code n = 0 .. Td-1}:
 *
 * <pre>
 *   k[n] = w * g(n) / (sum_m g(m) + 1e-7)
 *   g(n) = exp(-0.5 * ((n - c) / s)^2),   c = Td - 1 - d,   s = |sigma| + 0.27
 * </pre>
 *
 * Tap {@code n} multiplies the input {@code Td - 1 - n} steps in the past, so the kernel's centre
 * {@code c} realises a delay of {@code d} steps. The {@code 0.27} keeps the width at 0.5 when the
 * scheduled {@code sigma} reaches its floor of 0.23; the {@code 1e-7} guards the normalisation.
 *
 * <p>This is the scalar definition, in double precision; vectorised implementations are tested
 * against it.
 */
public final class DclsKernel {

    /** Added to {@code |sigma|} to give the Gaussian's width. */
    public static final double SIGMA_OFFSET = 0.27;
    /** Added to the normaliser. */
    public static final double EPSILON = 1e-7;

    private DclsKernel() {
    }

    /** The {@code taps} kernel values of a synapse with weight {@code w} and delay {@code d}. */
    public static double[] taps(double w, double d, double sigma, int taps) {
        if (taps < 1) {
            throw new IllegalArgumentException("a kernel needs at least one tap, got " + taps);
        }
        double centre = taps - 1 - d;
        double s = Math.abs(sigma) + SIGMA_OFFSET;
        double[] g = new double[taps];
        double sum = 0;
        for (int n = 0; n < taps; n++) {
            double z = (n - centre) / s;
            g[n] = Math.exp(-0.5 * z * z);
            sum += g[n];
        }
        double scale = w / (sum + EPSILON);
        for (int n = 0; n < taps; n++) {
            g[n] *= scale;
        }
        return g;
    }
}
