package org.spikeport.core.ir;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The content of {@code network.pb}: a network in one chip's integer form, ready to deploy.
 *
 * @param inputs        number of input channels
 * @param dtMs          length of one time step in milliseconds
 * @param target        name of the target that produced it
 * @param profileName   name of the hardware profile it was built for
 * @param profileSha256 SHA-256 (hex) of that profile's file
 * @param input         how input counts are delivered
 * @param layers        at least one and at most {@link Limits#MAX_LAYERS} layers, all in one arithmetic; layer
 *                      {@code i}'s inputs equal layer {@code i-1}'s outputs
 * @param trailingSteps steps the trained model keeps running after its input ends, in
 *                      {@code 0 .. layers * Limits.MAX_DELAY / 2}: the sum
 *                      over layers of {@code maxDelay / 2} (the trainer's deployed semantics, {@code len + L R}),
 *                      so a replay of a {@code len}-step sample runs {@code len + trailingSteps} steps plus the
 *                      chip's own latency
 * @param provenance    where it came from ({@code sourceSha256} is the model file's hash)
 * @param decoding      how the readout's membranes give the answer (the trained model's)
 */
public record DeployedNetwork(
        int inputs,
        double dtMs,
        String target,
        String profileName,
        String profileSha256,
        InputEncoding input,
        List<DeployedLayer> layers,
        int trailingSteps,
        Provenance provenance,
        Decoding decoding) {

    public DeployedNetwork {
        Limits.checkNeurons("network", "inputs", inputs);
        Limits.checkDt("network", dtMs);
        Checks.require(target != null && !target.isBlank(), "network", "target is missing");
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(profileSha256, "profileSha256");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(provenance, "provenance");
        Checks.require(decoding != null, "network", "decoding is missing");
        Checks.require(layers != null && !layers.isEmpty(), "network", "has no layers");
        Checks.require(layers.size() <= Limits.MAX_LAYERS, "network", "has " + layers.size() + " layers, more than "
                + Limits.MAX_LAYERS);
        long maxTrailing = (long) layers.size() * (Limits.MAX_DELAY / 2);
        Checks.require(trailingSteps >= 0 && trailingSteps <= maxTrailing, "network", "trailing steps must be in 0.."
                + maxTrailing + " (" + Limits.MAX_DELAY / 2 + " per layer, half the longest delay), got " + trailingSteps);
        layers = List.copyOf(layers);
        int expected = inputs;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < layers.size(); i++) {
            DeployedLayer l = layers.get(i);
            String where = "layer " + i + " '" + l.name() + "'";
            Checks.require(names.add(l.name()), where, "name is used by an earlier layer");
            Checks.require(l.neuron().model().equals(layers.get(0).neuron().model()), where, "computes in '"
                    + l.neuron().model() + "', but layer 0 in '" + layers.get(0).neuron().model()
                    + "'; a network runs in one arithmetic");
            Checks.require(l.inputs() == expected, where,
                    "has " + l.inputs() + " inputs but the previous stage has " + expected + " outputs");
            expected = l.outputs();
        }
    }

    /** A network decoded by {@link Decoding#SOFTMAX_SUM}. */
    public DeployedNetwork(int inputs, double dtMs, String target, String profileName, String profileSha256,
                           InputEncoding input, List<DeployedLayer> layers, int trailingSteps, Provenance provenance) {
        this(inputs, dtMs, target, profileName, profileSha256, input, layers, trailingSteps, provenance,
                Decoding.SOFTMAX_SUM);
    }

    /** Number of output classes (neurons of the last layer). */
    public int outputs() {
        return layers.get(layers.size() - 1).outputs();
    }

    /** Whether any layer has recurrent synapses. */
    public boolean recurrent() {
        return layers.stream().anyMatch(DeployedLayer::isRecurrent);
    }
}
