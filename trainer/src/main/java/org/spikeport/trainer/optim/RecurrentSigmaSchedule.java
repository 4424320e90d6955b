package org.spikeport.trainer.optim;

/**
 * The width schedule of DelRec's recurrent delay kernels (not the DCLS one, {@link SigmaSchedule}):
 * during epoch {@code e} (0-based) of {@code epochs},
 *
 * <pre>
 *   sigma_e = sigma0 * (decay^(100 / epochs))^e
 * </pre>
 *
 * so sigma falls by {@code decay} every hundredth of the run and ends near
 * {@code sigma0 decay^100} (about 0.06 for the reference {@code sigma0 = 10}, {@code decay = 0.95}).
 * The kernel of a recurrent layer is {@code 1 + sigma} (or {@code 1 + 2 sigma sigmoid(p)}) wide.
 *
 * @param sigma0 the width used in epoch 0
 * @param decay  the factor per hundredth of the run, in {@code (0, 1]}
 * @param epochs the number of epochs of the run
 */
public record RecurrentSigmaSchedule(double sigma0, double decay, int epochs) {

    /** DelRec's initial sigma. */
    public static final double SIGMA0 = 10.0;
    /** DelRec's decay per hundredth of the run. */
    public static final double DECAY = 0.95;

    public RecurrentSigmaSchedule {
        if (!(sigma0 >= 0) || !Double.isFinite(sigma0)) {
            throw new IllegalArgumentException("initial sigma must be finite and >= 0, got " + sigma0);
        }
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("sigma decay must be in (0, 1], got " + decay);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("the schedule needs at least one epoch, got " + epochs);
        }
    }

    /** DelRec's schedule ({@code sigma0 = 10}, {@code decay = 0.95}) over {@code epochs} epochs. */
    public static RecurrentSigmaSchedule delRec(int epochs) {
        return new RecurrentSigmaSchedule(SIGMA0, DECAY, epochs);
    }

    /** The sigma used during epoch {@code epoch} (0-based). */
    public double sigma(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        double perEpoch = Math.pow(decay, 100.0 / epochs);
        return sigma0 * Math.pow(perEpoch, epoch);
    }
}
