package org.spikeport.audio;

import java.util.SplittableRandom;

/**
 * The bushy cell stage of the SHD encoder (Cramer et al. 2020, lauscher's {@code BushyCell}): per channel,
 * {@code 40} auditory nerve fibres spike with the hair cell's firing probability, each silent for a refractory
 * time after its spikes, and converge on one leaky integrate-and-fire neuron.
 *
 * <p>Fibres: at sample {@code j} a fibre spikes with probability {@code min(max(p_j, 0), 1)} unless its last
 * spike was fewer than {@code tau_ref fs} samples before. Fibres are independent and exchangeable, so the
 * number of fibres spiking at {@code j} is binomial with the fibres not refractory at {@code j} (40 minus those
 * that spiked in the previous {@code ceil(tau_ref fs) - 1} samples) and {@code p_j}: the same distribution as
 * drawing every fibre separately, at a fraction of the cost. The draws use the hazard form: no fibre spikes
 * at {@code j} with probability {@code (1 - p_j)^A_j = exp(-A_j h_j)}, {@code h_j = -log(1 - p_j)}, so one
 * exponential variable {@code E} is spent against the accumulated hazard {@code sum A_j h_j} and the first
 * sample where it runs out has at least one spike; its count is then drawn from the binomial conditioned on
 * being positive, and a fresh {@code E} is drawn (the exponential is memoryless).
 *
 * <p>Neuron, with {@code dt = 1/fs}, {@code tau_mem = 1 ms}, {@code tau_syn = 0.5 ms}, refractory time
 * {@code tau_ref = 1 ms} and weight {@code 13000/40} per fibre: synaptic current
 * {@code I_j = I_{j-1} e^{-dt/tau_syn} + n_j} ({@code n_j} fibre spikes); when not refractory
 * {@code V_j = V_{j-1} e^{-dt/tau_mem} + I_j w dt}, capped at 1; a step that starts with {@code V_{j-1} >= 1}
 * emits a spike at {@code j - 1}, sets {@code V_j = 0} and holds {@code V} at 0 for {@code tau_ref fs} samples
 * (a counter set to {@code tau_ref fs} and lowered by one every sample; integration resumes when it is
 * {@code <= 0}). A threshold crossing in the last sample emits nothing.
 */
final class BushyCell {

    static final int FIBRES = 40;
    static final double TAU_MEM = 1e-3;
    static final double TAU_SYN = 5e-4;
    static final double TAU_REFRAC = 1e-3;
    static final double WEIGHT = 13e3 / (double) FIBRES;

    private BushyCell() {
    }

    /**
     * Spike flags ({@code true} at samples with a spike) for the firing probabilities {@code p} at
     * {@code sampleRate}, drawing from {@code random}.
     */
    static boolean[] process(double[] p, double sampleRate, SplittableRandom random) {
        int[] counts = fibreSpikes(p, sampleRate, random);
        return lif(counts, sampleRate);
    }

    /** Number of the 40 fibres that spike at each sample. */
    static int[] fibreSpikes(double[] p, double sampleRate, SplittableRandom random) {
        int n = p.length;
        double refracSamples = TAU_REFRAC * sampleRate;
        // A fibre that spiked at j is silent at j + d for 0 < d < refracSamples.
        int blocked = (int) Math.ceil(refracSamples) - 1;
        int[] counts = new int[n];
        int recent = 0;
        double budget = exponential(random);
        for (int j = 0; j < n; j++) {
            if (blocked > 0 && j - blocked - 1 >= 0) {
                recent -= counts[j - blocked - 1];
            }
            int available = FIBRES - recent;
            double prob = p[j];
            int k = 0;
            if (prob >= 1) {
                k = available;
            } else if (prob > 0 && available > 0) {
                double hazard = available * hazard(prob);
                if (hazard >= budget) {
                    k = positiveBinomial(available, prob, random);
                    budget = exponential(random);
                } else {
                    budget -= hazard;
                }
            }
            counts[j] = k;
            if (blocked > 0) {
                recent += k;
            }
        }
        return counts;
    }

    /** {@code -log(1 - p)} for {@code 0 < p < 1}; its series {@code sum p^m / m} below 0.01 (exact to rounding). */
    static double hazard(double p) {
        if (p >= 0.01) {
            return -Math.log1p(-p);
        }
        double term = p;
        double sum = 0;
        for (int m = 1; m <= 9; m++) {
            sum += term / m;
            term *= p;
        }
        return sum;
    }

    private static double exponential(SplittableRandom random) {
        return -Math.log(1.0 - random.nextDouble());
    }

    /** A binomial({@code trials}, {@code prob}) draw conditioned on being at least 1, by inversion. */
    static int positiveBinomial(int trials, double prob, SplittableRandom random) {
        double q = 1 - prob;
        double p0 = Math.pow(q, trials);
        double u = p0 + random.nextDouble() * (1 - p0);
        if (prob > 0.5) {
            // Walk down from the top, where the mass is: P(trials - m) for m = 0, 1, ...
            double ratio = q / prob;
            double pk = Math.pow(prob, trials);
            double upper = 1 - pk;
            int k = trials;
            while (u < upper && k > 1) {
                pk *= ratio * k / (trials - k + 1);
                k--;
                upper -= pk;
            }
            return k;
        }
        double ratio = prob / q;
        double pk = p0;
        double cdf = p0;
        int k = 0;
        while (u >= cdf && k < trials) {
            pk *= ratio * (trials - k) / (k + 1);
            k++;
            cdf += pk;
        }
        return Math.max(k, 1);
    }

    /** The leaky integrate-and-fire neuron driven by {@code counts} fibre spikes per sample. */
    static boolean[] lif(int[] counts, double sampleRate) {
        int n = counts.length;
        double dt = 1 / sampleRate;
        double memDecay = Math.exp(-dt / TAU_MEM);
        double synDecay = Math.exp(-dt / TAU_SYN);
        double refracSamples = TAU_REFRAC * sampleRate;
        boolean[] spikes = new boolean[n];
        double v = 0;
        double current = 0;
        double refrac = 0;
        for (int step = 0; step < n; step++) {
            double vNow = 0;
            if (step > 0) {
                if (refrac <= 0) {
                    if (v < 1.0) {
                        vNow = v * memDecay;
                    } else {
                        refrac = refracSamples;
                        spikes[step - 1] = true;
                    }
                }
                current *= synDecay;
            }
            current += counts[step];
            if (refrac <= 0) {
                vNow += current * WEIGHT * dt;
            }
            if (vNow > 1.0) {
                vNow = 1.0;
            }
            v = vNow;
            refrac -= 1;
        }
        return spikes;
    }
}
