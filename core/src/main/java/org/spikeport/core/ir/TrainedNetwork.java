package org.spikeport.core.ir;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A trained layered network: {@code inputs} channels feed layer 0, each layer feeds the next (hidden
 * layers may also feed themselves through recurrent synapses), the last layer is the readout, read
 * by {@code decoding}.
 *
 * @param inputs  number of input channels
 * @param dtMs    the length of one time step in milliseconds
 * @param sigma   the scheduled DCLS sigma at the end of training (steps); the Gaussian kernels
 *                have width {@code |sigma| + 0.27}
 * @param layers  at least one layer; layer {@code i}'s inputs equal layer {@code i-1}'s outputs; the
 *                last layer is a readout ({@link Lif#isReadout()}), the others spike
 * @param decoding how the readout's membranes give the answer
 */
public record TrainedNetwork(int inputs, double dtMs, double sigma, List<TrainedLayer> layers, Decoding decoding) {

    public TrainedNetwork {
        Limits.checkNeurons("network", "inputs", inputs);
        Limits.checkDt("network", dtMs);
        Checks.require(sigma >= 0 && Double.isFinite(sigma), "network", "sigma must be >= 0, got " + sigma);
        Checks.require(layers != null && !layers.isEmpty(), "network", "has no layers");
        Checks.require(layers.size() <= Limits.MAX_LAYERS, "network", "has " + layers.size() + " layers, more than "
                + Limits.MAX_LAYERS);
        Checks.require(decoding != null, "network", "decoding is missing");
        layers = List.copyOf(layers);
        int expected = inputs;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < layers.size(); i++) {
            TrainedLayer l = layers.get(i);
            String where = "layer " + i + " '" + l.name() + "'";
            Checks.require(names.add(l.name()), where, "name is used by an earlier layer");
            Checks.require(l.inputs() == expected, where,
                    "has " + l.inputs() + " inputs but the previous stage has " + expected + " outputs");
            boolean last = i == layers.size() - 1;
            Checks.require(l.neuron().isReadout() == last, where,
                    last ? "the last layer must be a readout (no threshold)" : "only the last layer may be a readout");
            expected = l.outputs();
        }
    }

    /** A network decoded by {@link Decoding#SOFTMAX_SUM}. */
    public TrainedNetwork(int inputs, double dtMs, double sigma, List<TrainedLayer> layers) {
        this(inputs, dtMs, sigma, layers, Decoding.SOFTMAX_SUM);
    }

    /** Number of output classes (readout neurons). */
    public int outputs() {
        return layers.get(layers.size() - 1).outputs();
    }

    /** The largest delay any layer was trained with. */
    public int maxDelay() {
        return layers.stream().mapToInt(TrainedLayer::maxDelay).max().orElse(0);
    }

    /** Whether any layer has recurrent synapses. */
    public boolean recurrent() {
        return layers.stream().anyMatch(l -> l.recurrent() != null);
    }
}
