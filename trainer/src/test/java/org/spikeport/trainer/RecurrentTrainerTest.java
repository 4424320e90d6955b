package org.spikeport.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.trainer.nn.Surrogate;
import org.spikeport.trainer.optim.RecurrentSigmaSchedule;

/** Training networks with DelRec recurrent layers, alone and beside DCLS feed-forward delays. */
class RecurrentTrainerTest {

    @TempDir
    Path dir;

    /** Hidden 10-8, layer 2 recurrent, on the tiny synthetic data of {@link TrainerTest}. */
    static TrainConfig recurrent(int epochs, int maxDelay, Architecture.RecurrentDelays delays, Recurrence.Kind kind,
                                 boolean learnedWidth, boolean ssc) {
        Architecture.Recurrent r = new Architecture.Recurrent(new int[] {2}, delays, kind, learnedWidth,
                Architecture.DelayInit.UNIFORM, 1, 6, 0.2, 3, 0.95);
        Architecture a = ssc
                ? new Architecture(true, false, Architecture.DropoutAt.CURRENT, ResetMode.SUBTRACT, Surrogate.TRIANGLE,
                        Architecture.WeightInit.LINEAR_DEFAULT, Architecture.Readout.LINEAR, Architecture.Optimizer.ADAM,
                        Architecture.Schedule.ONE_CYCLE, 0, r)
                : new Architecture(true, true, Architecture.DropoutAt.SPIKES, ResetMode.ZERO, Surrogate.ATAN,
                        Architecture.WeightInit.KAIMING, Architecture.Readout.LIF, Architecture.Optimizer.ADAMW,
                        Architecture.Schedule.COSINE, 0, r);
        return new TrainConfig("tiny-rec", new int[] {10, 8}, maxDelay, 2.0, epochs, 16, 0.2, 5e-3, 5e-3, 1e-5, 0.1,
                maxDelay == 0 ? TrainConfig.DelayMode.NONE : TrainConfig.DelayMode.LEARNED,
                TrainConfig.SigmaMode.DECREASING, true, 0, 10, 5, 700, 3, a);
    }

    private TrainedModel train(TrainConfig c, String name, TrainingListener l, boolean resume) {
        return new Trainer(c, TrainerTest.data(), dir.resolve(name), "test", "test", l).run(resume);
    }

    @Test
    void recurrentModelHoldsWhatItWasTrainedWith() {
        TrainConfig c = recurrent(3, 0, Architecture.RecurrentDelays.LEARNED, Recurrence.Kind.AXONAL, false, false);
        TrainedModel m = train(c, "m.pb", TrainingListener.NONE, false);
        TrainedNetwork n = m.network();
        assertNull(n.layers().get(0).recurrent());
        Recurrence r = n.layers().get(1).recurrent();
        assertNotNull(r);
        assertEquals(Recurrence.Kind.AXONAL, r.kind());
        assertEquals(new RecurrentSigmaSchedule(3, 0.95, 3).sigma(2), r.sigma(), 1e-12);
        for (float d : r.delays()) {
            assertEquals(Math.rint(d), d, "DelRec rounds the recurrent delays at every evaluation: " + d);
            assertTrue(d >= 0);
        }
        assertNotNull(n.layers().get(0).bias());
        assertNotNull(n.layers().get(2).bias());
        assertNotNull(n.layers().get(0).batchNorm());
        assertEquals(Decoding.SOFTMAX_SUM, n.decoding());
        assertEquals(0, n.maxDelay());
        assertEquals(n, ModelFiles.readTrained(dir.resolve("m.pb")).network());
        assertEquals("[2]", m.config().get("recurrent_layers"));
        assertEquals("adamw", m.config().get("optimizer"));
        double acc = m.metrics().get(2).values().get("test_accuracy");
        assertFalse(Double.isNaN(acc));
        assertTrue(m.metrics().get(2).values().containsKey("recurrent_sigma"));
    }

    @Test
    void delRecSscArchitectureTrainsWithLearnedWidthsSubtractResetAndSummedReadout() {
        TrainConfig c = recurrent(2, 0, Architecture.RecurrentDelays.LEARNED, Recurrence.Kind.SYNAPTIC, true, true);
        TrainedModel m = train(c, "s.pb", TrainingListener.NONE, false);
        TrainedNetwork n = m.network();
        Recurrence r = n.layers().get(1).recurrent();
        assertEquals(Recurrence.Kind.SYNAPTIC, r.kind());
        assertEquals(64, r.delays().length);
        assertNotNull(r.spread());
        assertFalse(allZero(r.spread()), "learned widths moved");
        assertEquals(ResetMode.SUBTRACT, n.layers().get(0).neuron().reset());
        assertNull(n.layers().get(0).batchNorm());
        assertEquals(Decoding.SUM, n.decoding());
        assertEquals(1.0, n.layers().get(2).neuron().tau());
    }

    @Test
    void sameSeedSameModelAndResumeEqualsAnUninterruptedRun() {
        TrainConfig c = recurrent(4, 4, Architecture.RecurrentDelays.LEARNED, Recurrence.Kind.AXONAL, true, false);
        TrainedModel whole = train(c, "whole.pb", TrainingListener.NONE, false);
        assertEquals(whole.network(), train(c, "again.pb", TrainingListener.NONE, false).network());
        assertEquals(4, whole.network().maxDelay(), "feed-forward DCLS delays and recurrent delays together");

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
        assertTrue(Files.exists(Trainer.checkpointOf(dir.resolve("cut.pb"))));
        TrainedModel resumed = train(c, "cut.pb", TrainingListener.NONE, true);
        assertEquals(whole.network(), resumed.network());
        assertEquals(whole.metrics(), resumed.metrics());
    }

    @Test
    void fixedRandomDelaysOnlyRoundAndVanillaRecurrenceHasLagOne() {
        TrainConfig fixed = recurrent(2, 0, Architecture.RecurrentDelays.FIXED_RANDOM, Recurrence.Kind.AXONAL, false,
                false);
        float[] drawn = DelayNetwork.create(fixed, 5, DataType.FLOAT).toIR(10, 0).layers().get(1).recurrent().delays();
        TrainedModel m = train(fixed, "f.pb", TrainingListener.NONE, false);
        Recurrence r = m.network().layers().get(1).recurrent();
        float[] rounded = new float[drawn.length];
        for (int k = 0; k < drawn.length; k++) {
            rounded[k] = (float) Math.rint(drawn[k]);
        }
        assertArrayEquals(rounded, r.delays(), "fixed delays are only rounded, as DelRec's evaluation does");
        assertEquals(0.0, r.sigma(), "DelRec trains fixed delays with sigma 0");
        assertFalse(allZero(r.weights()));

        TrainConfig vanilla = recurrent(1, 0, Architecture.RecurrentDelays.NONE, Recurrence.Kind.AXONAL, false, false);
        Recurrence v = train(vanilla, "v.pb", TrainingListener.NONE, false).network().layers().get(1).recurrent();
        assertTrue(allZero(v.delays()), "vanilla recurrence: lag 1 everywhere");
    }

    @Test
    void parametersCountRecurrentWeightsDelaysAndWidths() {
        TrainConfig c = recurrent(1, 0, Architecture.RecurrentDelays.LEARNED, Recurrence.Kind.AXONAL, true, false);
        // feed-forward 140*10 + 10*8 + 8*5, biases 10 + 8 + 5, BN 2 * 18, recurrent 8*8 + 8 delays + 8 widths
        long expected = 140 * 10 + 10 * 8 + 8 * 5 + 23 + 36 + 64 + 8 + 8;
        assertEquals(expected, c.parameters(5));
        long count = 0;
        DelayNetwork net = DelayNetwork.create(c, 5, DataType.FLOAT);
        for (List<org.nd4j.linalg.api.ndarray.INDArray> group : List.of(net.weights(), net.normParams(),
                net.recurrentDelays())) {
            for (var a : group) {
                count += a.length();
            }
        }
        assertEquals(expected, count, "the count is what the optimiser updates");
    }

    @Test
    void layersReadBackFromTheIrComputeTheSame() {
        TrainConfig c = recurrent(1, 4, Architecture.RecurrentDelays.LEARNED, Recurrence.Kind.SYNAPTIC, true, true);
        TrainedModel m = train(c, "r.pb", TrainingListener.NONE, false);
        DelayNetwork a = DelayNetwork.fromModel(m.network(), DataType.FLOAT);
        assertEquals(m.network(), a.toIR(10, m.network().sigma()));
        var test = TrainerTest.data().test();
        Evaluation rounded = Evaluation.of(a, test, m.network().sigma(), true, 7, DataType.FLOAT, d -> { });
        Evaluation again = Evaluation.of(DelayNetwork.fromModel(m.network(), DataType.FLOAT), test,
                m.network().sigma(), true, 24, DataType.FLOAT, d -> { });
        assertArrayEquals(rounded.predictions(), again.predictions());
        assertEquals(m.metrics().get(0).values().get("test_accuracy"), rounded.accuracy(), 1e-12);
    }

    @Test
    void presetsAreDelRecsConfigurations() {
        TrainConfig small = TrainConfig.preset("delrec-small");
        assertEquals(10290, small.parameters(20), "DelRec's equal-parameter study: about 10.4 k");
        assertArrayEquals(new int[] {2}, small.architecture().recurrent().layers());
        assertEquals(Architecture.Optimizer.ADAMW, small.architecture().optimizer());
        assertEquals(Architecture.Schedule.ONE_CYCLE, small.architecture().delaySchedule());
        TrainConfig shd = TrainConfig.preset("delrec-shd");
        assertEquals(1.05, shd.tau());
        assertEquals(Architecture.Schedule.COSINE, shd.architecture().delaySchedule());
        assertEquals(0.2, shd.architecture().recurrent().dropout());
        assertEquals(35840 + 65536 + 65536 + 256 + 5120 + 532 + 1024, shd.parameters(20));
        TrainConfig ssc = TrainConfig.preset("delrec-ssc");
        assertArrayEquals(new int[] {1, 2, 3}, ssc.architecture().recurrent().layers());
        assertEquals(ResetMode.SUBTRACT, ssc.architecture().reset());
        assertEquals(Surrogate.TRIANGLE, ssc.architecture().surrogate());
        assertEquals(Architecture.Readout.LINEAR, ssc.architecture().readout());
        assertEquals(Architecture.DelayInit.HALF_NORMAL, ssc.architecture().recurrent().init());
        assertEquals(1400.0 / 249, ssc.dtMs());
        assertEquals(0.0613, shd.architecture().recurrent().sigma(149, 150), 5e-5);
        assertEquals(TrainConfig.preset("shd").toMap().keySet(), java.util.Set.of("batch_size", "config", "delays",
                "dropout", "dt_ms", "epochs", "fan_in", "group_size", "hidden", "input_units", "lr_delays",
                "lr_weights", "max_delay", "max_lr_weights", "seed", "sigma", "tau", "train_weights", "weight_decay"),
                "a DCLS configuration keeps the keys earlier checkpoints hold");
        var e = assertThrows(IllegalArgumentException.class, () -> new TrainConfig("x", new int[] {4}, 0, 2, 1, 4, 0,
                1e-3, 1e-3, 0, 0.1, TrainConfig.DelayMode.NONE, TrainConfig.SigmaMode.DECREASING, true, 0, 10, 5, 700, 0,
                small.architecture()));
        assertTrue(e.getMessage().contains("recurrent layers [2] name hidden layers beyond the 1 there are"),
                e.getMessage());
    }

    private static boolean allZero(float[] a) {
        for (float v : a) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    static TrainedLayer hidden(TrainedModel m, int l) {
        return m.network().layers().get(l);
    }
}
