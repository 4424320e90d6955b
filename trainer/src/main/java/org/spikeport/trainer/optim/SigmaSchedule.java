package org.spikeport.trainer.optim;

/**
 * The width of the DCLS Gaussians over training. It starts at {@code sigma0} and, after each of the
 * first {@code decayEpochs} epochs, is multiplied by {@code alpha = (floor / sigma0)^(1 / decayEpochs)},
 * so that it reaches {@code floor} (0.23) after epoch {@code decayEpochs - 1} and stays there. The
 * kernel adds 0.27 to it, so the final Gaussian width is 0.5 steps. A constant schedule (the
 * "constant sigma" ablation) keeps {@code sigma0} throughout.
 *
 * @param sigma0      the width used in epoch 0 ({@code Td / 2} in the reference)
 * @param floor       the final width (0.23)
 * @param decayEpochs number of epochs over which it decreases ({@code epochs / 4}); 0 means constant
 */
public record SigmaSchedule(double sigma0, double floor, int decayEpochs) {

    /** The reference floor of the scheduled sigma. */
    public static final double FLOOR = 0.23;

    public SigmaSchedule {
        if (!(sigma0 >= 0)) {
            throw new IllegalArgumentException("initial sigma must be >= 0, got " + sigma0);
        }
        if (decayEpochs < 0) {
            throw new IllegalArgumentException("sigma decay epochs must be >= 0, got " + decayEpochs);
        }
    }

    /** The decreasing schedule of the reference for {@code epochs} epochs. */
    public static SigmaSchedule decreasing(double sigma0, int epochs) {
        return new SigmaSchedule(sigma0, FLOOR, epochs / 4);
    }

    /** A constant sigma. */
    public static SigmaSchedule constant(double sigma) {
        return new SigmaSchedule(sigma, sigma, 0);
    }

    /** The sigma used during epoch {@code epoch} (0-based). */
    public double sigma(int epoch) {
        if (decayEpochs == 0 || sigma0 <= floor) {
            return sigma0;
        }
        double alpha = Math.pow(floor / sigma0, 1.0 / decayEpochs);
        double s = sigma0;
        for (int e = 0; e < Math.min(epoch, decayEpochs); e++) {
            s *= alpha;
        }
        return s;
    }
}
