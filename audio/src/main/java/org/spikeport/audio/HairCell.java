package org.spikeport.audio;

/**
 * Meddis' inner hair cell (Meddis 1986, 1988) with the SHD encoder's parameters (Cramer et al. 2020, lauscher's
 * {@code HairCell}): {@code y = 5.05}, {@code g = 2000}, {@code l = 2500}, {@code r = 6580}, {@code x = 66.3},
 * {@code a = 5}, {@code b = 300}, {@code h = 50000}, {@code m = 1}.
 *
 * <p>Transmitter amounts start at the resting state {@code k = g a/(a + b)},
 * {@code c = m y k / (l k + y (l + r))}, {@code q = c (l + r) / k}, {@code w = c r / x}. Per input sample
 * {@code s} at rate {@code fs} (all rates times {@code 1/fs}): permeability {@code k = g (s + a)/(s + a + b)}
 * when {@code s + a > 0}, else 0; then, from the previous amounts,
 * <pre>
 *   q' = max(q + y (m - q) [q &lt; m] - k q + x w, 0)
 *   c' = max(c + k q - (l + r) c, 0)
 *   w' = max(w + r c - x w, 0)
 * </pre>
 * and the output (the firing probability per sample) is {@code h c' / fs}.
 */
final class HairCell {

    static final double Y = 5.05;
    static final double G = 2000.0;
    static final double L = 2500.0;
    static final double R = 6580.0;
    static final double X = 66.3;
    static final double A = 5.0;
    static final double B = 300.0;
    static final double H = 50000.0;
    static final double M = 1.0;

    private HairCell() {
    }

    /** Firing probabilities for the membrane velocities {@code bm} at {@code sampleRate}, into {@code out}. */
    static void process(double[] bm, double sampleRate, double[] out) {
        double fs = sampleRate;
        double ymdt = Y * M / fs;
        double xdt = X / fs;
        double ydt = Y / fs;
        double rdt = R / fs;
        double gdt = G / fs;
        double hdt = H / fs;
        double lplusrdt = (L + R) / fs;

        double kt = G * A / (A + B);
        double c = M * Y * kt / (L * kt + Y * (L + R));
        double q = c * (L + R) / kt;
        double w = c * R / X;
        for (int j = 0; j < bm.length; j++) {
            double s = bm[j];
            double k = s + A > 0 ? gdt * (s + A) / (s + A + B) : 0.0;
            double replenish = q < M ? ymdt - ydt * q : 0.0;
            double eject = k * q;
            double reuptakeAndLoss = lplusrdt * c;
            double reuptake = rdt * c;
            double reprocess = xdt * w;
            q = Math.max(q + replenish - eject + reprocess, 0);
            c = Math.max(c + eject - reuptakeAndLoss, 0);
            w = Math.max(w + reuptake - reprocess, 0);
            out[j] = c * hdt;
        }
    }
}
