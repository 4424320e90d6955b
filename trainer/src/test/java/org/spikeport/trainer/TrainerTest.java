package org.spikeport.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.SyntheticDataset;
import org.spikeport.core.data.SyntheticSpec;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.trainer.data.BinnedSamples;

class TrainerTest {

    @TempDir
    Path dir;

    private static final SyntheticDataset SYNTH = new SyntheticDataset(
            SyntheticSpec.defaults().withSamples(48, 24).withSeed(5));

    static Trainer.Data data() {
        BinnedSamples train = BinnedSamples.of(SYNTH.train(), SYNTH.classes(), Binning.SHD);
        BinnedSamples test = BinnedSamples.of(SYNTH.test(), SYNTH.classes(), Binning.SHD);
        return new Trainer.Data(train, test, null, "test-data");
    }

    static TrainConfig tiny(int epochs, TrainConfig.DelayMode delays, boolean trainWeights, int fanIn) {
        return new TrainConfig("tiny", new int[] {12}, delays == TrainConfig.DelayMode.NONE ? 0 : 8, 1.005, epochs, 16,
                0.2, 1e-3, 5e-3, 1e-5, 0.1, delays, TrainConfig.SigmaMode.DECREASING, trainWeights, fanIn, 10, 5, 700, 3);
    }

    private TrainedModel train(TrainConfig c, String name, TrainingListener l, boolean resume) {
        return new Trainer(c, data(), dir.resolve(name), "test", "test", l).run(resume);
    }

    @Test
    void sameSeedSameModel() {
        TrainConfig c = tiny(3, TrainConfig.DelayMode.LEARNED, true, 0);
        TrainedModel a = train(c, "a.pb", TrainingListener.NONE, false);
        TrainedModel b = train(c, "b.pb", TrainingListener.NONE, false);
        assertEquals(a.network(), b.network());
        assertEquals(a.metrics(), b.metrics());
        assertEquals(a.network(), ModelFiles.readTrained(dir.resolve("a.pb")).network());
        assertFalse(Files.exists(Trainer.checkpointOf(dir.resolve("a.pb"))), "checkpoint removed after the run");
    }

    @Test
    void resumeAfterAnInterruptionMidEpochEqualsAnUninterruptedRun() {
        TrainConfig c = tiny(4, TrainConfig.DelayMode.LEARNED, true, 0);
        TrainedModel whole = train(c, "whole.pb", TrainingListener.NONE, false);

        class Kill extends RuntimeException {
        }
        TrainingListener killer = new TrainingListener() {
            @Override
            public void batch(int epoch, int done, int total, double rate, double loss, double accuracy) {
                if (epoch == 2 && done > 16) {
                    throw new Kill();
                }
            }
        };
        assertThrows(Kill.class, () -> train(c, "cut.pb", killer, false));
        Path ckpt = Trainer.checkpointOf(dir.resolve("cut.pb"));
        assertTrue(Files.exists(ckpt));
        assertEquals(2, ModelFiles.readCheckpoint(ckpt).epochsDone());
        TrainedModel resumed = train(c, "cut.pb", TrainingListener.NONE, true);
        assertEquals(whole.network(), resumed.network());
        assertEquals(whole.metrics(), resumed.metrics());
    }

    @Test
    void resumeNeedsTheSameOptionsAndACheckpoint() {
        TrainConfig c = tiny(3, TrainConfig.DelayMode.LEARNED, true, 0);
        var missing = assertThrows(SpikeportException.class, () -> train(c, "none.pb", TrainingListener.NONE, true));
        assertTrue(missing.getMessage().contains("no checkpoint to resume from"), missing.getMessage());
        class Kill extends RuntimeException {
        }
        assertThrows(Kill.class, () -> train(c, "x.pb", new TrainingListener() {
            @Override
            public void epoch(int epoch, Map<String, Double> metrics, boolean selected) {
                throw new Kill();
            }
        }, false));
        TrainConfig other = tiny(5, TrainConfig.DelayMode.LEARNED, true, 0);
        var e = assertThrows(SpikeportException.class, () -> train(other, "x.pb", TrainingListener.NONE, true));
        assertTrue(e.getMessage().contains("epochs = 3, this run has 5"), e.getMessage());
    }

    @Test
    void theModelRecordsItsConventionsAndResumeNeedsTheSame() {
        TrainConfig c = tiny(2, TrainConfig.DelayMode.LEARNED, true, 0);
        Binning ref = Binning.SHD.withMode(Binning.Mode.REFERENCE);
        Trainer.Data reference = new Trainer.Data(BinnedSamples.of(SYNTH.train(), SYNTH.classes(), ref),
                BinnedSamples.of(SYNTH.test(), SYNTH.classes(), ref), null, "test-data", Binning.Mode.REFERENCE,
                org.spikeport.core.ir.TimeConvention.REFERENCE);
        class Kill extends RuntimeException {
        }
        assertThrows(Kill.class, () -> new Trainer(c, reference, dir.resolve("r.pb"), "test", "test",
                new TrainingListener() {
                    @Override
                    public void epoch(int epoch, Map<String, Double> metrics, boolean selected) {
                        throw new Kill();
                    }
                }).run(false));
        var e = assertThrows(SpikeportException.class, () -> train(c, "r.pb", TrainingListener.NONE, true));
        assertTrue(e.getMessage().contains("binning = reference, this run has floor"), e.getMessage());
        TrainedModel m = new Trainer(c, reference, dir.resolve("r.pb"), "test", "test", TrainingListener.NONE).run(true);
        assertEquals(org.spikeport.core.ir.TimeConvention.REFERENCE, m.timeConvention());
        assertEquals("reference", m.binning());
        TrainedModel plain = train(c, "p.pb", TrainingListener.NONE, false);
        assertEquals(org.spikeport.core.ir.TimeConvention.SPIKEPORT, plain.timeConvention());
        assertEquals("floor", plain.config().get(TrainedModel.BINNING));
    }

    @Test
    void evaluationDoesNotDependOnTheBatch() {
        TrainConfig c = tiny(2, TrainConfig.DelayMode.LEARNED, true, 0);
        TrainedModel m = train(c, "e.pb", TrainingListener.NONE, false);
        DelayNetwork net = DelayNetwork.fromModel(m.network(), DataType.FLOAT);
        BinnedSamples test = data().test();
        Evaluation one = Evaluation.of(net, test, m.network().sigma(), true, 1, DataType.FLOAT, d -> { });
        Evaluation many = Evaluation.of(net, test, m.network().sigma(), true, 24, DataType.FLOAT, d -> { });
        assertArrayEquals(one.predictions(), many.predictions());
        assertEquals(m.metrics().get(1).values().get("test_accuracy"), many.accuracy(), 1e-12);
    }

    @Test
    void fixedRandomDelaysAndFixedWeightsStayFixed() {
        TrainedModel fixedDelays = train(tiny(2, TrainConfig.DelayMode.FIXED_RANDOM, true, 0), "fd.pb", TrainingListener.NONE, false);
        TrainedNetwork init = initial(tiny(2, TrainConfig.DelayMode.FIXED_RANDOM, true, 0));
        TrainedModel fixedWeights = train(tiny(2, TrainConfig.DelayMode.LEARNED, false, 0), "fw.pb", TrainingListener.NONE, false);
        for (int l = 0; l < init.layers().size(); l++) {
            TrainedLayer a = fixedDelays.network().layers().get(l);
            TrainedLayer b = init.layers().get(l);
            TrainedLayer w = fixedWeights.network().layers().get(l);
            assertArrayEquals(b.delays(), a.delays(), "fixed-random delays unchanged, layer " + l);
            assertFalse(java.util.Arrays.equals(b.weights(), a.weights()), "weights trained, layer " + l);
            assertArrayEquals(b.weights(), w.weights(), "fixed weights unchanged, layer " + l);
            assertFalse(java.util.Arrays.equals(b.delays(), w.delays()), "delays trained, layer " + l);
        }
    }

    @Test
    void fanInKeepsKInputsPerNeuronAndNoDelaysMeansOneTap() {
        TrainedModel sparse = train(tiny(1, TrainConfig.DelayMode.LEARNED, true, 5), "s.pb", TrainingListener.NONE, false);
        for (TrainedLayer l : sparse.network().layers()) {
            for (int post = 0; post < l.outputs(); post++) {
                int kept = 0;
                for (int pre = 0; pre < l.inputs(); pre++) {
                    kept += l.connected(post, pre) ? 1 : 0;
                }
                assertEquals(5, kept, l.name() + " neuron " + post);
            }
        }
        TrainedModel none = train(tiny(1, TrainConfig.DelayMode.NONE, true, 0), "n.pb", TrainingListener.NONE, false);
        assertEquals(0, none.network().maxDelay());
        assertNotEquals(Double.NaN, none.metrics().get(0).values().get("test_accuracy"));
    }

    private static TrainedNetwork initial(TrainConfig c) {
        return DelayNetwork.create(c, SYNTH.classes(), DataType.FLOAT).toIR(10, 0.5);
    }
}
