package org.spikeport.trainer.optim;

/**
 * One-cycle learning rate and momentum, with the semantics of PyTorch's {@code OneCycleLR}
 * (two phases, cosine annealing) stepped once per epoch over {@code totalSteps = epochs}.
 *
 * <pre>
 *   initial = maxLr / divFactor,   minimum = initial / finalDivFactor
 *   phase 1, steps 0 .. e1 = pctStart * totalSteps - 1:   lr  initial -> maxLr,   momentum 0.95 -> 0.85
 *   phase 2, steps e1 .. totalSteps - 1:                  lr  maxLr -> minimum,   momentum 0.85 -> 0.95
 *   cos(a -> b, p) = b + (a - b) / 2 * (1 + cos(pi * p)),   p = (step - start) / (end - start)
 * </pre>
 *
 * For Adam the momentum is {@code beta1}. Defaults as PyTorch: {@code pctStart = 0.3},
 * {@code divFactor = 25}, {@code finalDivFactor = 1e4}, momentum between 0.85 and 0.95.
 */
public record OneCycle(double maxLr, int totalSteps, double pctStart, double divFactor, double finalDivFactor,
                       double baseMomentum, double maxMomentum) {

    public OneCycle {
        if (!(maxLr > 0)) {
            throw new IllegalArgumentException("one-cycle max learning rate must be positive, got " + maxLr);
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("one-cycle needs at least one step, got " + totalSteps);
        }
        if (!(pctStart > 0 && pctStart < 1)) {
            throw new IllegalArgumentException("one-cycle pctStart must be in (0, 1), got " + pctStart);
        }
    }

    /** PyTorch's defaults for {@code maxLr} over {@code totalSteps} steps. */
    public static OneCycle of(double maxLr, int totalSteps) {
        return new OneCycle(maxLr, totalSteps, 0.3, 25, 1e4, 0.85, 0.95);
    }

    /** Learning rate at {@code step} (0-based; step {@code e} is used during epoch {@code e}). */
    public double lr(int step) {
        double initial = maxLr / divFactor;
        double minimum = initial / finalDivFactor;
        return phase(step, initial, maxLr, minimum);
    }

    /** Momentum ({@code beta1} of Adam) at {@code step}. */
    public double momentum(int step) {
        return phase(step, maxMomentum, baseMomentum, maxMomentum);
    }

    private double phase(int step, double start, double middle, double end) {
        if (step < 0 || step > totalSteps) {
            throw new IllegalArgumentException("step " + step + " is outside 0.." + totalSteps);
        }
        double end1 = pctStart * totalSteps - 1;
        double end2 = totalSteps - 1;
        if (step <= end1) {
            return cos(start, middle, step / end1);
        }
        return cos(middle, end, (step - end1) / (end2 - end1));
    }

    private static double cos(double from, double to, double pct) {
        return to + (from - to) / 2.0 * (Math.cos(Math.PI * pct) + 1);
    }
}
