package org.spikeport.trainer.optim;

/**
 * Cosine annealing to {@code minLr} over {@code totalSteps} epochs, as PyTorch's
 * {@code CosineAnnealingLR} stepped once per epoch:
 * {@code lr(e) = minLr + (baseLr - minLr) * (1 + cos(pi * e / totalSteps)) / 2}.
 */
public record CosineAnnealing(double baseLr, double minLr, int totalSteps) {

    public CosineAnnealing {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("cosine annealing needs at least one step, got " + totalSteps);
        }
    }

    public double lr(int step) {
        return minLr + (baseLr - minLr) * (1 + Math.cos(Math.PI * step / totalSteps)) / 2;
    }
}
