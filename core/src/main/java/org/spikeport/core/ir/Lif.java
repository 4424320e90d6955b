package org.spikeport.core.ir;

/**
 * Float parameters of the discrete leaky integrate-and-fire neuron (Euler step):
 *
 * <pre>
 *   v[t] = v[t-1] - v[t-1] / tau + I[t]
 *   s[t] = 1 if v[t] &gt;= threshold else 0
 *   where s[t] = 1:  v[t] = 0                    (reset ZERO)
 *                    v[t] = v[t] - threshold      (reset SUBTRACT)
 * </pre>
 *
 * <p>A readout neuron has {@code threshold = +Infinity} and reset {@link ResetMode#NONE}: it never
 * spikes and its membrane is the network's output.
 *
 * @param tau       membrane time constant in steps, {@code >= 1} so that the decay factor
 *                  {@code 1 - 1/tau} lies in {@code [0, 1)}
 * @param threshold firing threshold, in {@code (0, Limits.MAX_THRESHOLD]}, or {@code +Infinity} for a readout
 * @param reset     {@link ResetMode#ZERO} or {@link ResetMode#SUBTRACT} with a finite threshold,
 *                  {@link ResetMode#NONE} with an infinite one
 */
public record Lif(double tau, double threshold, ResetMode reset) {

    public Lif {
        if (!(tau >= 1.0) || !Double.isFinite(tau)) {
            throw new IllegalArgumentException("LIF tau must be a finite number of steps >= 1, got " + tau);
        }
        if (reset == null) {
            throw new IllegalArgumentException("LIF reset mode is missing");
        }
        if (reset != ResetMode.NONE && !(threshold > 0 && threshold <= Limits.MAX_THRESHOLD)) {
            throw new IllegalArgumentException("a spiking LIF needs a threshold in (0, " + Limits.MAX_THRESHOLD
                    + "], got " + threshold);
        }
        if (reset == ResetMode.NONE && threshold != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(
                    "a readout LIF (reset NONE) has an infinite threshold, got " + threshold);
        }
    }

    /** A spiking neuron with hard reset to zero. */
    public static Lif spiking(double tau, double threshold) {
        return new Lif(tau, threshold, ResetMode.ZERO);
    }

    /** A spiking neuron with reset by subtraction. */
    public static Lif subtracting(double tau, double threshold) {
        return new Lif(tau, threshold, ResetMode.SUBTRACT);
    }

    /** A readout neuron: no threshold, membrane is the output. */
    public static Lif readout(double tau) {
        return new Lif(tau, Double.POSITIVE_INFINITY, ResetMode.NONE);
    }

    /** True for a readout neuron. */
    public boolean isReadout() {
        return reset == ResetMode.NONE;
    }
}
