package org.spikeport.core.ir;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One deployed layer: sparse integer synapses feeding neurons with integer parameters, and optionally
 * recurrent synapses from the layer's neurons to themselves (delays {@code >= 1}, see
 * {@link SparseSynapses}).
 *
 * @param name         the layer's name, unique in its network
 * @param inputs       presynaptic neurons (or input channels)
 * @param outputs      neurons of this layer
 * @param synapses     the synapses, indices within {@code inputs} and {@code outputs}
 * @param neuron       the neurons' integer parameters
 * @param quantization scales and errors of the quantization by name (e.g. {@code weight_scale})
 * @param recurrent    the recurrent synapses, indices within {@code outputs} and every delay at least 1;
 *                     empty for a feed-forward layer
 */
public record DeployedLayer(
        String name,
        int inputs,
        int outputs,
        SparseSynapses synapses,
        NeuronParams neuron,
        SortedMap<String, Double> quantization,
        SparseSynapses recurrent) {

    public DeployedLayer {
        Checks.require(name != null && !name.isBlank(), "layer", "name is missing");
        String where = "layer '" + name + "'";
        Limits.checkNeurons(where, "inputs", inputs);
        Limits.checkNeurons(where, "outputs", outputs);
        Objects.requireNonNull(synapses, where + ": synapses");
        Objects.requireNonNull(neuron, where + ": neuron parameters");
        Objects.requireNonNull(recurrent, where + ": recurrent synapses");
        synapses.check(where, inputs, outputs);
        recurrent.checkRecurrent(where, outputs);
        neuron.check(where, outputs);
        quantization = Collections.unmodifiableSortedMap(new TreeMap<>(quantization));
        for (var e : quantization.entrySet()) {
            Checks.require(e.getValue() != null && !e.getValue().isNaN(), where,
                    "quantization value '" + e.getKey() + "' is NaN");
        }
    }

    /** A layer without recurrent synapses. */
    public DeployedLayer(String name, int inputs, int outputs, SparseSynapses synapses, NeuronParams neuron,
                         SortedMap<String, Double> quantization) {
        this(name, inputs, outputs, synapses, neuron, quantization, SparseSynapses.empty());
    }

    /** Whether the layer has recurrent synapses. */
    public boolean isRecurrent() {
        return recurrent.size() > 0;
    }
}
