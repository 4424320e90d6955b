package org.spikeport.core.ir;

import java.util.Arrays;

/**
 * One trained layer: a DCLS temporal convolution (a weight and a real-valued delay per synapse), an
 * optional bias, optional BatchNorm, LIF neurons and optional recurrent synapses among them:
 *
 * <pre>
 *   a_i[t] = BN_i(sum_j w_ij x_j[t - d_ij] + b_i)        (BN the identity without one, b = 0 without a bias)
 *   I_i[t] = a_i[t] + r_i[t]                             (r: the recurrent input, {@link Recurrence})
 * </pre>
 *
 * A layer trained without delays has {@code maxDelay = 0}: a plain linear map.
 *
 * <p>Delays follow the contract of {@link SparseSynapses}, with real values in {@code [0, maxDelay]}
 * steps before rounding. Weights and delays are row-major {@code (outputs, inputs)}: entry
 * {@code post * inputs + pre}.
 *
 * @param name      the layer's name, unique in its network (used in every message about it)
 * @param inputs    presynaptic neurons (or input channels)
 * @param outputs   neurons of this layer
 * @param weights   {@code outputs * inputs} finite weights
 * @param delays    {@code outputs * inputs} real delays in {@code [0, maxDelay]} steps
 * @param maxDelay  the largest delay the layer was trained with ({@code Td - 1} of the DCLS kernel)
 * @param mask      {@code null} for dense connectivity, else {@code outputs * inputs} flags; a synapse
 *                  whose flag is false does not exist
 * @param batchNorm BatchNorm after the convolution, or {@code null}
 * @param neuron    the layer's LIF parameters
 * @param bias      {@code outputs} finite values added to the convolution's output before BatchNorm, or
 *                  {@code null} for none
 * @param recurrent the layer's recurrent synapses, or {@code null} for none (a readout has none)
 */
public record TrainedLayer(
        String name,
        int inputs,
        int outputs,
        float[] weights,
        float[] delays,
        int maxDelay,
        boolean[] mask,
        BatchNorm batchNorm,
        Lif neuron,
        float[] bias,
        Recurrence recurrent) {

    public TrainedLayer {
        Checks.require(name != null && !name.isBlank(), "layer", "name is missing");
        String where = "layer '" + name + "'";
        Limits.checkNeurons(where, "inputs", inputs);
        Limits.checkNeurons(where, "outputs", outputs);
        Checks.require(maxDelay >= 0 && maxDelay <= Limits.MAX_DELAY, where, "max delay must be in 0.."
                + Limits.MAX_DELAY + " steps, got " + maxDelay);
        Checks.require(neuron != null, where, "neuron parameters are missing");
        long synapses = (long) inputs * outputs;
        Checks.length(where, "weights", weights.length, synapses);
        Checks.length(where, "delays", delays.length, synapses);
        Checks.finite(where, "weight", weights, inputs);
        for (int i = 0; i < delays.length; i++) {
            float d = delays[i];
            if (!(d >= 0 && d <= maxDelay)) {
                throw new IllegalArgumentException(where + ": delay " + Checks.position(i, inputs) + " is " + d
                        + ", outside [0, " + maxDelay + "] steps");
            }
        }
        if (mask != null) {
            Checks.length(where, "mask", mask.length, synapses);
        }
        if (batchNorm != null) {
            Checks.require(batchNorm.size() == outputs, where,
                    "batch norm has " + batchNorm.size() + " neurons, layer has " + outputs);
        }
        if (bias != null) {
            Checks.length(where, "bias", bias.length, outputs);
            Checks.finite(where, "bias", bias, 0);
        }
        if (recurrent != null) {
            Checks.require(recurrent.neurons() == outputs, where,
                    "recurrent synapses connect " + recurrent.neurons() + " neurons, layer has " + outputs);
            Checks.require(!neuron.isReadout(), where, "a readout cannot have recurrent synapses (it never spikes)");
        }
    }

    /** A layer without bias and without recurrent synapses. */
    public TrainedLayer(String name, int inputs, int outputs, float[] weights, float[] delays, int maxDelay,
                        boolean[] mask, BatchNorm batchNorm, Lif neuron) {
        this(name, inputs, outputs, weights, delays, maxDelay, mask, batchNorm, neuron, null, null);
    }

    /** Whether synapse {@code post <- pre} exists (always true for a dense layer). */
    public boolean connected(int post, int pre) {
        return mask == null || mask[post * inputs + pre];
    }

    public float weight(int post, int pre) {
        return weights[post * inputs + pre];
    }

    public float delay(int post, int pre) {
        return delays[post * inputs + pre];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainedLayer l
                && name.equals(l.name) && inputs == l.inputs && outputs == l.outputs
                && maxDelay == l.maxDelay
                && Arrays.equals(weights, l.weights) && Arrays.equals(delays, l.delays)
                && Arrays.equals(mask, l.mask)
                && java.util.Objects.equals(batchNorm, l.batchNorm) && neuron.equals(l.neuron)
                && Arrays.equals(bias, l.bias) && java.util.Objects.equals(recurrent, l.recurrent);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Arrays.hashCode(weights)) * 31 + Arrays.hashCode(delays);
    }

    @Override
    public String toString() {
        return "TrainedLayer[" + name + ": " + inputs + " -> " + outputs + ", max delay " + maxDelay
                + (mask == null ? ", dense" : ", masked") + (bias == null ? "" : ", bias")
                + (batchNorm == null ? "" : ", batch norm") + ", " + neuron
                + (recurrent == null ? "" : ", " + recurrent) + "]";
    }
}
