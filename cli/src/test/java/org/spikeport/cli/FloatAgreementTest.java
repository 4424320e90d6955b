package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.FloatTarget;
import org.spikeport.simulator.Decision;
import org.spikeport.simulator.Platform;
import org.spikeport.simulator.Replay;
import org.spikeport.simulator.Simulation;
import org.spikeport.trainer.DelayNetwork;
import org.spikeport.trainer.Evaluation;
import org.spikeport.trainer.data.Batch;
import org.spikeport.trainer.data.BinnedSamples;

/**
 * The event-driven simulator in the float arithmetic, on a network exported with the float profile,
 * predicts what {@code evaluate} (rounded delays) predicts: the trainer's deployed semantics and the
 * simulator's timing are the same computation. The two sum in different orders and in different
 * precisions (float32 ND4J vs double), so a membrane within rounding of the threshold could in
 * principle flip a spike; the test asks for the 99.9 %, i.e. every one of its samples.
 */
class FloatAgreementTest {

    @Test
    void floatSimulationPredictsWhatEvaluateScores() {
        agree(TrainedFixture.get());
    }

    /** DelRec's recurrent layer: the float simulator's recurrent delivery at {@code t + D} is the trainer's. */
    @Test
    void recurrentModelsAgreeToo() {
        agree(TrainedFixture.recurrent());
        agree(TrainedFixture.recurrentWithDelays());
    }

    private static void agree(TrainedFixture f) {
        TrainedModel model = f.trained;
        BinnedSamples test = f.test;
        DelayNetwork net = DelayNetwork.fromModel(model.network(), DataType.FLOAT);
        Evaluation evaluated = Evaluation.of(net, test, model.network().sigma(), true, 32, DataType.FLOAT, d -> { });

        HardwareProfile profile = HardwareProfiles.bundled("float");
        DeployedNetwork deployed = Export.plan(model, new FloatTarget(), profile,
                new Provenance("test", "test", 0, "", Instant.now(), "")).network();
        int layers = deployed.layers().size();
        int agree = 0;
        int spiking = 0;
        for (int i = 0; i < test.size(); i++) {
            Batch one = test.batch(new int[] {i});
            int[] counts = new int[one.data().length];
            for (int k = 0; k < counts.length; k++) {
                counts[k] = (int) one.data()[k];
            }
            int steps = Simulation.deployedSteps(one.steps(), layers, model.network().maxDelay());
            assertEquals(steps, Replay.steps(deployed, Platform.of(profile), one.steps()), "replay runs the trained horizon");
            Simulation.Result r = Simulation.run(deployed, profile, counts, steps);
            spiking += r.spikes().get(0).isEmpty() ? 0 : 1;
            if (Decision.predict(r.readout(), deployed.outputs(), deployed.decoding()) == evaluated.predictions()[i]) {
                agree++;
            }
        }
        assertTrue(spiking > test.size() / 2, "the hidden layer must spike for the comparison to mean anything: " + spiking);
        assertEquals(test.size(), agree, "samples whose simulated prediction equals evaluate's");
        assertEquals(model.network().recurrent(), deployed.recurrent());
    }
}
