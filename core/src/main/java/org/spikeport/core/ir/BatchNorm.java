package org.spikeport.core.ir;

import java.util.Arrays;

/**
 * BatchNorm in inference form, one entry per neuron:
 * {@code y = gamma * (x - mean) / sqrt(variance + eps) + beta}.
 */
public record BatchNorm(float[] gamma, float[] beta, float[] mean, float[] variance, double eps) {

    public BatchNorm {
        int n = gamma.length;
        Checks.length("batch norm", "beta", beta.length, n);
        Checks.length("batch norm", "mean", mean.length, n);
        Checks.length("batch norm", "variance", variance.length, n);
        Checks.finite("batch norm", "gamma", gamma, 0);
        Checks.finite("batch norm", "beta", beta, 0);
        Checks.finite("batch norm", "mean", mean, 0);
        Checks.finite("batch norm", "variance", variance, 0);
        for (int i = 0; i < n; i++) {
            Checks.require(variance[i] >= 0, "batch norm", "variance [" + i + "] is negative: " + variance[i]);
        }
        Checks.require(eps > 0 && Double.isFinite(eps), "batch norm", "eps must be positive, got " + eps);
    }

    /** Number of neurons normalised. */
    public int size() {
        return gamma.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchNorm b
                && Arrays.equals(gamma, b.gamma) && Arrays.equals(beta, b.beta)
                && Arrays.equals(mean, b.mean) && Arrays.equals(variance, b.variance)
                && Double.compare(eps, b.eps) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(gamma) * 31 + Arrays.hashCode(mean);
    }

    @Override
    public String toString() {
        return "BatchNorm[" + gamma.length + " neurons, eps=" + eps + "]";
    }
}
