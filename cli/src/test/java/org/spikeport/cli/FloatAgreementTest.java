package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.SyntheticDataset;
import org.spikeport.core.data.SyntheticSpec;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.FloatTarget;
import org.spikeport.simulator.Simulation;
import org.spikeport.trainer.DelayNetwork;
import org.spikeport.trainer.Evaluation;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.Trainer;
import org.spikeport.trainer.TrainingListener;
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

    @TempDir
    Path dir;

    @Test
    void floatSimulationPredictsWhatEvaluateScores() {
        SyntheticDataset synth = new SyntheticDataset(SyntheticSpec.defaults().withSamples(64, 120).withSeed(9));
        BinnedSamples train = BinnedSamples.of(synth.train(), synth.classes(), Binning.SHD);
        BinnedSamples test = BinnedSamples.of(synth.test(), synth.classes(), Binning.SHD);
        TrainConfig c = new TrainConfig("agree", new int[] {16}, 8, 1.005, 3, 16, 0.1, 1e-3, 5e-3, 1e-5, 0.1,
                TrainConfig.DelayMode.LEARNED, TrainConfig.SigmaMode.DECREASING, true, 0, 10, 5, 700, 4);
        TrainedModel model = new Trainer(c, new Trainer.Data(train, null, null, ""), dir.resolve("m.pb"), "test", "test",
                TrainingListener.NONE).run(false);

        DelayNetwork net = DelayNetwork.fromModel(model.network(), DataType.FLOAT, 0, 0);
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
            Simulation.Result r = Simulation.run(deployed, profile, counts, steps);
            spiking += r.spikes().get(0).isEmpty() ? 0 : 1;
            if (argmaxOfSummedSoftmax(r.readout()) == evaluated.predictions()[i]) {
                agree++;
            }
        }
        assertTrue(spiking > test.size() / 2, "the hidden layer must spike for the comparison to mean anything: " + spiking);
        assertEquals(test.size(), agree, "samples whose simulated prediction equals evaluate's");
    }

    static int argmaxOfSummedSoftmax(double[][] v) {
        int classes = v[0].length;
        double[] m = new double[classes];
        for (double[] row : v) {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : row) {
                max = Math.max(max, x);
            }
            double sum = 0;
            for (double x : row) {
                sum += Math.exp(x - max);
            }
            for (int k = 0; k < classes; k++) {
                m[k] += Math.exp(row[k] - max) / sum;
            }
        }
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (m[k] > m[best]) {
                best = k;
            }
        }
        return best;
    }
}
