package org.spikeport.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.core.profile.HardwareProfile;

class FeatureTest {

    private static final FoldedNetwork RECURRENT = FoldedNetwork.of(RecurrentModels.model().network());

    /** The features each target deploys; a target not listed deploys none. */
    private static final Map<String, Set<Feature>> DEPLOYED = Map.of(
            "float", EnumSet.allOf(Feature.class),
            "nir", EnumSet.allOf(Feature.class),
            "loihi", EnumSet.of(Feature.RECURRENT_SYNAPSES),
            "spinnaker", EnumSet.of(Feature.RECURRENT_SYNAPSES),
            "seneca", EnumSet.of(Feature.RECURRENT_SYNAPSES, Feature.RESET_BY_SUBTRACTION),
            "truenorth-like", EnumSet.of(Feature.RECURRENT_SYNAPSES));

    @Test
    void eachTargetDeclaresTheFeaturesItDeploys() {
        for (Target t : Targets.all()) {
            assertEquals(DEPLOYED.getOrDefault(t.name(), EnumSet.noneOf(Feature.class)), t.deploys(), t.name());
        }
    }

    /** A target for the messages: it deploys {@code deploys} and says why it cannot deploy reset by subtraction when {@code why} is set. */
    private static Target target(String name, Set<Feature> deploys, String why) {
        return new Target() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String profileName() {
                return name;
            }

            @Override
            public Set<Feature> deploys() {
                return deploys;
            }

            @Override
            public String whyNotDeployed(Feature feature) {
                return feature == Feature.RESET_BY_SUBTRACTION ? why : null;
            }

            @Override
            public DeployedNetwork deploy(FoldedNetwork net, HardwareProfile profile, Provenance provenance) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<Path> write(DeployedNetwork net, FoldedNetwork folded, HardwareProfile profile, Path dir) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void eachLayerAndMissingFeatureIsReportedWithTheTargetsThatDeployIt() {
        Target none = target("none", EnumSet.noneOf(Feature.class), null);
        Target loops = target("loops", EnumSet.of(Feature.RECURRENT_SYNAPSES), "its reset cannot subtract");
        List<Target> known = List.of(new FloatTarget(), none, loops);
        List<Violation> v = Feature.violations(RECURRENT, none, known);
        assertEquals(List.of("hidden1", "hidden2", "hidden1"), v.stream().map(Violation::layer).toList());
        assertEquals("model-features: layer 'hidden1': target 'none' does not deploy recurrent synapses yet "
                + "(3 recurrent synapses); export to 'float' or 'loops', or retrain without recurrent synapses "
                + "(--recurrent none)",
                v.get(0).message());
        assertEquals("model-features: layer 'hidden2': target 'none' does not deploy recurrent synapses yet "
                + "(2 recurrent synapses); export to 'float' or 'loops', or retrain without recurrent synapses "
                + "(--recurrent none)",
                v.get(1).message());
        assertEquals("model-features: layer 'hidden1': target 'none' does not deploy reset by subtraction yet "
                + "(reset by subtraction); export to 'float', or retrain with hard reset (--reset zero)", v.get(2).message());
        assertTrue(v.stream().allMatch(x -> x.check().equals(Feature.CHECK) && x.limit().isEmpty()));
        assertEquals(List.of("model-features: layer 'hidden1': target 'loops' cannot deploy reset by subtraction "
                + "(reset by subtraction): its reset cannot subtract; export to 'float', or retrain with hard reset "
                + "(--reset zero)"), Feature.violations(RECURRENT, loops, known).stream().map(Violation::message).toList());
    }

    @Test
    void everyTargetReportsEachLayerThatUsesAFeatureItDoesNotDeploy() {
        for (Target t : Targets.all()) {
            List<String> expected = new ArrayList<>();
            if (!t.deploys().contains(Feature.RECURRENT_SYNAPSES)) {
                expected.addAll(List.of("hidden1", "hidden2"));
            }
            if (!t.deploys().contains(Feature.RESET_BY_SUBTRACTION)) {
                expected.add("hidden1");
            }
            assertEquals(expected, Feature.violations(RECURRENT, t, Targets.all()).stream().map(Violation::layer).toList(),
                    t.name());
        }
    }

    /** A layer whose recurrent weights are all zero deploys no recurrent synapse, so nothing is missing. */
    @Test
    void zeroRecurrentWeightsAndFeedForwardModelsNeedNothing() {
        TrainedLayer h = RecurrentModels.hidden2();
        TrainedLayer silent = new TrainedLayer(h.name(), h.inputs(), h.outputs(), h.weights(), h.delays(), h.maxDelay(),
                null, null, h.neuron(), h.bias(), new Recurrence(Recurrence.Kind.AXONAL, 2, new float[4],
                new float[] {3, 4}, null, 0));
        TrainedLayer first = new TrainedLayer("hidden1", 1, 3, new float[] {1, 2, 4}, new float[3], 6, null, null,
                Lif.spiking(2, 1));
        FoldedNetwork f = FoldedNetwork.of(new TrainedNetwork(1, 10, 0.23, List.of(first, silent, RecurrentModels.readout()),
                Decoding.SUM));
        assertEquals(0, f.layers().get(1).recurrent().size());
        for (Target t : Targets.all()) {
            assertEquals(List.of(), Feature.violations(f, t, Targets.all()), t.name());
        }
    }
}
