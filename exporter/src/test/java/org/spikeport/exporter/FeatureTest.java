package org.spikeport.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedNetwork;

class FeatureTest {

    private static final FoldedNetwork RECURRENT = FoldedNetwork.of(RecurrentModels.model().network());

    /** The targets that deploy every feature, in {@link Targets#all()} order. */
    private static final List<String> DEPLOY_ALL = List.of("float", "nir");

    @Test
    void floatAndNirDeployEveryFeatureLoihiAndSpinnakerRecurrentSynapses() {
        for (Target t : Targets.all()) {
            Set<Feature> expected = DEPLOY_ALL.contains(t.name()) ? EnumSet.allOf(Feature.class)
                    : t.name().equals("spinnaker") || t.name().equals("loihi") ? EnumSet.of(Feature.RECURRENT_SYNAPSES)
                    : EnumSet.noneOf(Feature.class);
            assertEquals(expected, t.deploys(), t.name());
        }
    }

    @Test
    void everyChipTargetReportsEachLayerAndFeatureWithTheFix() {
        for (Target t : Targets.all()) {
            List<Violation> v = Feature.violations(RECURRENT, t, Targets.all());
            if (DEPLOY_ALL.contains(t.name())) {
                assertEquals(List.of(), v);
                continue;
            }
            String reset = "model-features: layer 'hidden1': target '" + t.name() + "' does not deploy reset by "
                    + "subtraction yet (reset by subtraction); export to 'float' or 'nir', or retrain with hard reset "
                    + "(--reset zero)";
            if (t.name().equals("spinnaker") || t.name().equals("loihi")) {
                assertEquals(List.of(reset), v.stream().map(Violation::message).toList());
                continue;
            }
            assertEquals(List.of("hidden1", "hidden2", "hidden1"), v.stream().map(Violation::layer).toList(), t.name());
            assertEquals("model-features: layer 'hidden1': target '" + t.name() + "' does not deploy recurrent synapses "
                    + "yet (3 recurrent synapses); export to 'float' or 'nir' or 'loihi' or 'spinnaker', or retrain "
                    + "without recurrent synapses (--recurrent none)", v.get(0).message());
            assertEquals("model-features: layer 'hidden2': target '" + t.name() + "' does not deploy recurrent synapses "
                    + "yet (2 recurrent synapses); export to 'float' or 'nir' or 'loihi' or 'spinnaker', or retrain "
                    + "without recurrent synapses (--recurrent none)", v.get(1).message());
            assertEquals(reset, v.get(2).message());
            assertTrue(v.stream().allMatch(x -> x.check().equals(Feature.CHECK) && x.limit().isEmpty()));
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
