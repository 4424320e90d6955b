package org.spikeport.core.ir;

import java.util.Arrays;

/**
 * A layer's synapses as parallel arrays, one entry per synapse {@code post <- pre} with an integer
 * weight and an integer delay.
 *
 * <h2>The delay contract</h2>
 *
 * A synapse from presynaptic neuron {@code pre} to neuron {@code post} with delay {@code d >= 0}
 * steps (at most {@link Limits#MAX_DELAY} {@code + 1}, the longest a recurrent delay rounds to) means: a spike that {@code pre} emits at step {@code t} is added to the input current of
 * {@code post} at step {@code t + d}. With {@code d = 0} it arrives in the same step. This is the
 * meaning of a rounded DCLS delay in the trained model ({@code x_pre[t - d]} reaches {@code post} at
 * step {@code t}), and it is the only meaning of a delay anywhere in spikeport's IR. Each chip's
 * convention (minimum delays, pipeline steps per layer) is applied by its target and simulator, as its
 * profile says, and the extra latency is reported; it is never folded into these numbers.
 *
 * <h3>Recurrent synapses</h3>
 *
 * A layer's recurrent synapses connect its own neurons ({@code pre} and {@code post} are both neurons of
 * the layer) under the same contract, with one restriction: their delay is at least 1
 * ({@link #checkRecurrent}). A spike of {@code pre} at step {@code t} reaches {@code post} at step
 * {@code t + D}, {@code D >= 1}; a same-step loop would have no causal order. A trained recurrent delay
 * {@code d} deploys as {@code D = 1 + round(d)} ({@link DelayRounding#recurrent}).
 *
 * <p>Weights are in the deployed arithmetic's integer units (the float value is
 * {@code weight * scale}, the scale being recorded with the layer).
 */
public record SparseSynapses(int[] pre, int[] post, int[] weight, int[] delay) {

    public SparseSynapses {
        int n = pre.length;
        Checks.length("synapses", "post", post.length, n);
        Checks.length("synapses", "weight", weight.length, n);
        Checks.length("synapses", "delay", delay.length, n);
    }

    /** Number of synapses. */
    public int size() {
        return pre.length;
    }

    /** The largest delay, 0 when there are no synapses. */
    public int maxDelay() {
        int m = 0;
        for (int d : delay) {
            m = Math.max(m, d);
        }
        return m;
    }

    /** Checks indices and delays against a layer's shape; messages name the layer and synapse. */
    void check(String where, int inputs, int outputs) {
        for (int i = 0; i < pre.length; i++) {
            if (pre[i] < 0 || pre[i] >= inputs) {
                throw new IllegalArgumentException(where + ": synapse " + i + " has pre " + pre[i]
                        + ", outside 0.." + (inputs - 1));
            }
            if (post[i] < 0 || post[i] >= outputs) {
                throw new IllegalArgumentException(where + ": synapse " + i + " has post " + post[i]
                        + ", outside 0.." + (outputs - 1));
            }
            if (delay[i] < 0 || delay[i] > Limits.MAX_DELAY + 1) {
                throw new IllegalArgumentException(where + ": synapse " + i + " (post " + post[i] + ", pre "
                        + pre[i] + ") has delay " + delay[i] + ", outside 0.." + (Limits.MAX_DELAY + 1) + " steps");
            }
        }
    }

    /**
     * Checks recurrent synapses of a layer of {@code neurons} neurons: indices within the layer and every
     * delay at least 1; messages name the layer and synapse.
     */
    void checkRecurrent(String where, int neurons) {
        check(where + " recurrent", neurons, neurons);
        for (int i = 0; i < pre.length; i++) {
            if (delay[i] < 1) {
                throw new IllegalArgumentException(where + ": recurrent synapse " + i + " (post " + post[i] + ", pre "
                        + pre[i] + ") has delay " + delay[i] + "; a recurrent delay must be at least 1 step "
                        + "(a same-step loop has no causal order)");
            }
        }
    }

    /** No synapses. */
    public static SparseSynapses empty() {
        return new SparseSynapses(new int[0], new int[0], new int[0], new int[0]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SparseSynapses s
                && Arrays.equals(pre, s.pre) && Arrays.equals(post, s.post)
                && Arrays.equals(weight, s.weight) && Arrays.equals(delay, s.delay);
    }

    @Override
    public int hashCode() {
        return ((Arrays.hashCode(pre) * 31 + Arrays.hashCode(post)) * 31 + Arrays.hashCode(weight)) * 31
                + Arrays.hashCode(delay);
    }

    @Override
    public String toString() {
        return "SparseSynapses[" + pre.length + " synapses, max delay " + maxDelay() + "]";
    }
}
