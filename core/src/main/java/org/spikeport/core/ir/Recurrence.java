package org.spikeport.core.ir;

import java.util.Arrays;

/**
 * The trained recurrent synapses of a spiking layer (DelRec): from each neuron {@code o} of the layer to
 * each neuron {@code i} of the same layer, a weight and a real-valued delay, realised in training as a
 * triangular interpolation kernel over the lags {@code n = 1, 2, ...}:
 *
 * <pre>
 *   r_i[t]  = sum_o W[i,o] sum_{n &gt;= 1} k[n] s_o[t - n]          (added to the neuron's input current)
 *   k[n]    = max(0, w_o - |n - (1 + d)|) / w_o^2                 d = d_o (AXONAL) or d_io (SYNAPTIC)
 *   w_o     = 1 + sigma                                           (no spread)
 *   w_o     = 1 + 2 sigma sigmoid(p_o)                            (a spread p per presynaptic neuron)
 * </pre>
 *
 * Lag 0 never carries anything. The deployed network rounds each delay to the integer lag
 * {@code D = DelayRounding.recurrent(d) = 1 + max(0, rint(d)) >= 1} and keeps the weight there alone
 * (a one-hot kernel): a spike of {@code o} at step {@code t} reaches {@code i} at step {@code t + D}, the
 * delay contract of {@link SparseSynapses} for recurrent synapses.
 *
 * <p>Arrays are row-major with the postsynaptic neuron first: entry {@code post * neurons + pre}.
 *
 * @param kind    {@link Kind#AXONAL}: one delay per presynaptic neuron; {@link Kind#SYNAPTIC}: one per synapse
 * @param neurons neurons of the layer
 * @param weights {@code neurons * neurons} finite weights {@code W[post, pre]}
 * @param delays  {@code neurons} (axonal, indexed by the presynaptic neuron) or {@code neurons * neurons}
 *                (synaptic) real delays, finite and in {@code [0, MAX_DELAY]}
 * @param spread  {@code null} for the fixed width {@code 1 + sigma}, else {@code neurons} finite values
 *                {@code p_o}, one per presynaptic neuron
 * @param sigma   the width parameter the layer was last trained with, finite and {@code >= 0}
 */
public record Recurrence(Kind kind, int neurons, float[] weights, float[] delays, float[] spread, double sigma) {

    /** Where the delays of a recurrent synapse set live. */
    public enum Kind {
        /** One delay per presynaptic neuron, shared by all its recurrent synapses (DelRec's published runs). */
        AXONAL,
        /** One delay per recurrent synapse. */
        SYNAPTIC
    }

    /** The largest real delay a recurrent synapse may hold, in steps ({@link Limits#MAX_DELAY}). */
    public static final float MAX_DELAY = Limits.MAX_DELAY;

    public Recurrence {
        String where = "recurrent synapses";
        Checks.require(kind != null, where, "kind is missing");
        Limits.checkNeurons(where, "neurons", neurons);
        long synapses = (long) neurons * neurons;
        Checks.length(where, "weights", weights.length, synapses);
        Checks.length(where, "delays", delays.length, kind == Kind.AXONAL ? neurons : synapses);
        Checks.finite(where, "weight", weights, neurons);
        int columns = kind == Kind.AXONAL ? 0 : neurons;
        for (int k = 0; k < delays.length; k++) {
            float d = delays[k];
            if (!(d >= 0 && d <= MAX_DELAY)) {
                throw new IllegalArgumentException(where + ": delay " + Checks.position(k, columns) + " is " + d
                        + ", outside [0, " + (long) MAX_DELAY + "] steps");
            }
        }
        if (spread != null) {
            Checks.length(where, "spread", spread.length, neurons);
            Checks.finite(where, "spread", spread, 0);
        }
        Checks.require(sigma >= 0 && Double.isFinite(sigma), where, "sigma must be >= 0, got " + sigma);
    }

    /** The weight of synapse {@code post <- pre}. */
    public float weight(int post, int pre) {
        return weights[post * neurons + pre];
    }

    /** The real delay of synapse {@code post <- pre}. */
    public float delay(int post, int pre) {
        return kind == Kind.AXONAL ? delays[pre] : delays[post * neurons + pre];
    }

    /** The kernel width {@code w_pre} of the presynaptic neuron's synapses. */
    public double width(int pre) {
        if (spread == null) {
            return 1 + sigma;
        }
        return 1 + 2 * sigma / (1 + Math.exp(-spread[pre]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Recurrence r
                && kind == r.kind && neurons == r.neurons && Double.compare(sigma, r.sigma) == 0
                && Arrays.equals(weights, r.weights) && Arrays.equals(delays, r.delays)
                && Arrays.equals(spread, r.spread);
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + Arrays.hashCode(weights)) * 31 + Arrays.hashCode(delays);
    }

    @Override
    public String toString() {
        return "Recurrence[" + kind + ", " + neurons + " neurons" + (spread == null ? "" : ", learned widths")
                + ", sigma " + sigma + "]";
    }
}
