package org.spikeport.exporter;

import java.util.ArrayList;
import java.util.List;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.profile.HardwareProfile;

/**
 * A simple placement of neurons on cores: layer by layer, neurons in index order fill a core until the
 * next one would exceed the profile's neurons or synapses (a neuron's incoming synapses live on its
 * core) per core; layers never share a core. A neuron whose own synapses exceed a core is a violation.
 * Without limits in the profile every layer takes one core.
 *
 * @param perLayer cores used by each layer, in order
 * @param violations neurons that fit no core
 */
public record CorePartition(List<Integer> perLayer, List<Violation> violations) {

    /** Total cores. */
    public int cores() {
        return perLayer.stream().mapToInt(Integer::intValue).sum();
    }

    public static CorePartition of(DeployedNetwork net, HardwareProfile p) {
        Integer neuronLimit = p.resources().neuronsPerCore();
        Long synapseLimit = p.resources().synapsesPerCore();
        List<Integer> cores = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        for (DeployedLayer l : net.layers()) {
            int[] fanIn = ProfileChecks.fanInCounts(l);
            int used = 0;
            int neurons = 0;
            long synapses = 0;
            for (int i = 0; i < l.outputs(); i++) {
                if (synapseLimit != null && fanIn[i] > synapseLimit) {
                    violations.add(new Violation("core-capacity", l.name(), "neuron " + i, fanIn[i] + " synapses",
                            "one core's " + synapseLimit, "retrain with --fan-in " + synapseLimit + " or less"));
                    continue;
                }
                boolean full = neurons > 0 && (neuronLimit != null && neurons + 1 > neuronLimit
                        || synapseLimit != null && synapses + fanIn[i] > synapseLimit);
                if (neurons == 0 || full) {
                    used++;
                    neurons = 0;
                    synapses = 0;
                }
                neurons++;
                synapses += fanIn[i];
            }
            cores.add(Math.max(used, 1));
        }
        return new CorePartition(List.copyOf(cores), List.copyOf(violations));
    }
}
