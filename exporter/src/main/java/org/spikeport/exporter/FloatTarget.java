package org.spikeport.exporter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.profile.HardwareProfile;

/**
 * The trained model's own arithmetic ({@link FloatLif}): no chip, no quantization beyond storing
 * weights as float32, no limits. Its export ({@code network.pb}) is the reference every chip's
 * deployed accuracy is compared with.
 */
public final class FloatTarget implements Target {

    @Override
    public String name() {
        return "float";
    }

    @Override
    public String profileName() {
        return "float";
    }

    @Override
    public DeployedNetwork deploy(FoldedNetwork net, HardwareProfile profile, Provenance provenance) {
        return deployFloat(net, profile, provenance, name());
    }

    /**
     * The float deployment of {@code net}: weights as float32 bits, neuron parameters as float64 bits,
     * counts delivered as graded input spikes; each layer's quantization map holds the largest
     * float32 rounding error of its weights.
     */
    public static DeployedNetwork deployFloat(FoldedNetwork net, HardwareProfile profile, Provenance provenance,
                                              String target) {
        List<DeployedLayer> layers = new ArrayList<>();
        for (FoldedNetwork.Layer l : net.layers()) {
            int[] w = new int[l.synapses()];
            double error = 0;
            for (int i = 0; i < w.length; i++) {
                w[i] = FloatLif.encodeWeight(l.weight()[i]);
                error = Math.max(error, Math.abs(FloatLif.decodeWeight(w[i]) - l.weight()[i]));
            }
            layers.add(new DeployedLayer(l.name(), l.inputs(), l.outputs(),
                    new SparseSynapses(l.pre(), l.post(), w, l.delay()), FloatLif.params(l.tau(), l.threshold(), l.bias()),
                    new TreeMap<>(Map.of("max_abs_weight_error", error))));
        }
        return new DeployedNetwork(net.inputs(), net.dtMs(), target, profile.name(), profile.sha256(),
                new InputEncoding(InputEncoding.Kind.GRADED, 32), layers, provenance);
    }

    @Override
    public List<Path> write(DeployedNetwork net, FoldedNetwork folded, HardwareProfile profile, Path dir) {
        return List.of();
    }
}
