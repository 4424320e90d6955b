package org.spikeport.exporter;

import java.util.ArrayList;
import java.util.List;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.limits.ChipLimits;
import org.spikeport.core.profile.HardwareProfile;

/**
 * The checks every target shares, each reading only the profile's limits and returning every
 * offender. Chip-specific checks (weight encodings, neuron parameter widths) are the target's.
 *
 * <h2>Delays on the chip</h2>
 * A chip whose smallest synaptic delay is {@code min > 0} realises the IR delay {@code d} (arrival at
 * {@code t + d}) as its own delay {@code d + min}: every synapse of the layer is one step slower, which
 * adds {@code min} steps of latency per layer and keeps relative timing exact. The range check
 * therefore requires {@code d + min <= max}.
 */
public final class ProfileChecks {

    /** A named check with its findings (empty when it passed). */
    public record Result(String name, String description, List<Violation> violations) {
        public boolean passed() {
            return violations.isEmpty();
        }
    }

    private ProfileChecks() {
    }

    /** Runs every generic check in a fixed order. */
    public static List<Result> run(DeployedNetwork net, HardwareProfile p, CorePartition partition) {
        List<Result> out = new ArrayList<>();
        out.add(new Result("delay-range", "every delay fits the chip's delay range", delayRange(net, p)));
        out.add(new Result("fan-in", "no neuron has more inputs than the chip allows", fanIn(net, p)));
        out.add(new Result("core-capacity", "every neuron fits a core with its synapses", partition.violations()));
        out.add(new Result("cores-per-chip", "the network fits the chip's cores", coresPerChip(partition, p)));
        out.add(new Result("input-kind", "the chip accepts the network's input spikes", inputKind(net, p)));
        return out;
    }

    /** The chip-side delay offset {@code min} (see the class comment). */
    public static int delayOffset(HardwareProfile p) {
        return ChipLimits.delayOffset(p);
    }

    static List<Violation> delayRange(DeployedNetwork net, HardwareProfile p) {
        List<Violation> v = new ArrayList<>();
        Integer max = p.delays().max();
        if (max == null) {
            return v;
        }
        int offset = delayOffset(p);
        for (DeployedLayer l : net.layers()) {
            SparseSynapses s = l.synapses();
            for (int i = 0; i < s.size(); i++) {
                int chip = s.delay()[i] + offset;
                if (chip > max) {
                    String value = "delay " + s.delay()[i] + (offset == 0 ? "" : " (chip delay " + chip + ")");
                    v.add(new Violation("delay-range", l.name(),
                            "synapse " + i + " (post " + s.post()[i] + ", pre " + s.pre()[i] + ")", value,
                            "the maximum of " + max + " steps", "retrain with --max-delay " + (max - offset)
                                    + " or less"));
                }
            }
        }
        return v;
    }

    static List<Violation> fanIn(DeployedNetwork net, HardwareProfile p) {
        List<Violation> v = new ArrayList<>();
        Integer limit = p.resources().fanInPerNeuron();
        if (limit == null) {
            return v;
        }
        for (DeployedLayer l : net.layers()) {
            int[] count = fanInCounts(l);
            for (int i = 0; i < count.length; i++) {
                if (count[i] > limit) {
                    v.add(new Violation("fan-in", l.name(), "neuron " + i, count[i] + " inputs",
                            "the limit of " + limit, "retrain with --fan-in " + limit));
                }
            }
        }
        return v;
    }

    /**
     * Synapses per postsynaptic neuron of a layer: its feed-forward and its recurrent ones (a neuron's
     * recurrent synapses are inputs like any other, on the chip's core and in its fan-in).
     */
    public static int[] fanInCounts(DeployedLayer l) {
        int[] count = new int[l.outputs()];
        for (int post : l.synapses().post()) {
            count[post]++;
        }
        for (int post : l.recurrent().post()) {
            count[post]++;
        }
        return count;
    }

    static List<Violation> coresPerChip(CorePartition partition, HardwareProfile p) {
        Integer limit = p.resources().coresPerChip();
        if (limit == null || partition.cores() <= limit) {
            return List.of();
        }
        return List.of(new Violation("cores-per-chip", "", "", partition.cores() + " cores",
                "the chip's " + limit, "use fewer or smaller layers, or sparser connectivity (--fan-in)"));
    }

    static List<Violation> inputKind(DeployedNetwork net, HardwareProfile p) {
        boolean chipBinary = "binary".equals(p.input().kind());
        if (chipBinary && net.input().kind() == InputEncoding.Kind.GRADED) {
            return List.of(new Violation("input-kind", "", "", "graded input spikes", "a chip with binary input only",
                    "deliver counts as repeated binary spikes (the target must expand them)"));
        }
        if (!chipBinary && net.input().kind() == InputEncoding.Kind.GRADED && net.input().bits() > p.input().gradedBits()) {
            return List.of(new Violation("input-kind", "", "", net.input().bits() + "-bit graded input",
                    "the chip's " + p.input().gradedBits() + "-bit payload", "reduce the input count range"));
        }
        return List.of();
    }
}
