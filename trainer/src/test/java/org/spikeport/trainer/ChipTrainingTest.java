package org.spikeport.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spikeport.core.arith.LayerQuantizer;
import org.spikeport.core.ir.DelayRounding;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.core.limits.ChipLimits;

class ChipTrainingTest {

    /** Rounds every folded weight and bias to a multiple of {@code STEP}. */
    private static final double STEP = 0.05;
    private static final LayerQuantizer GRID = layer -> new LayerQuantizer.Realised(grid(layer.weights()),
            grid(layer.recurrent()), grid(layer.bias()));

    private static double[] grid(double[] v) {
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = Math.rint(v[k] / STEP) * STEP;
        }
        return out;
    }

    private static TrainConfig config(int fanIn) {
        TrainConfig p = TrainConfig.preset("delrec-small");
        Architecture a = p.architecture();
        Architecture withBn = new Architecture(true, true, a.dropoutAt(), a.reset(), a.surrogate(), a.weightInit(),
                a.readout(), a.optimizer(), a.delaySchedule(), a.gradClip(), a.recurrent());
        return new TrainConfig("t", new int[] {12, 10}, 8, 1.5, 2, 4, 0.1, 1e-3, 5e-3, 1e-5, 0.1,
                TrainConfig.DelayMode.LEARNED, TrainConfig.SigmaMode.DECREASING, true, fanIn, 10, 5, 60, 3, withBn);
    }

    private static DelayNetwork network() {
        DelayNetwork net = DelayNetwork.create(config(0), 3, DataType.DOUBLE);
        Random r = new Random(5);
        for (INDArray a : net.normState()) {
            double[] v = a.toDoubleVector();
            for (int k = 0; k < v.length; k++) {
                v[k] = 0.5 + r.nextDouble();
            }
            a.assign(Nd4j.createFromArray(v));
        }
        for (INDArray a : net.normParams()) {
            a.addi(r.nextGaussian() * 0.3);
        }
        return net;
    }

    private static ChipLimits limits(Integer maxDelay, int minLag, Integer maxLag, Integer fanIn) {
        return new ChipLimits("p", "0", maxDelay, minLag, maxLag, fanIn, LayerQuantizer.EXACT);
    }

    @Test
    void realisedLayersFoldToTheQuantizersValuesAndRestoreExactly() {
        DelayNetwork net = network();
        TrainedNetwork before = net.toIR(10, 1);
        Runnable restore = net.realise(GRID);
        TrainedNetwork realised = net.toIR(10, 1);
        int changed = 0;
        for (int k = 0; k < before.layers().size(); k++) {
            LayerQuantizer.Layer expected = LayerQuantizer.Layer.of(before.layers().get(k));
            LayerQuantizer.Layer got = LayerQuantizer.Layer.of(realised.layers().get(k));
            double[] want = grid(expected.weights());
            for (int j = 0; j < want.length; j++) {
                // the model's parameters are float32
                assertEquals(want[j], got.weights()[j], 1e-6, "layer " + k + " weight " + j);
                changed += want[j] != expected.weights()[j] ? 1 : 0;
            }
            assertArrayEquals(grid(expected.bias()), got.bias(), 1e-6, "layer " + k + " bias");
            assertArrayEquals(grid(expected.recurrent()), got.recurrent(), 1e-6, "layer " + k + " recurrent");
        }
        assertTrue(changed > 0, "the grid changed no weight");
        restore.run();
        TrainedNetwork after = net.toIR(10, 1);
        for (int k = 0; k < before.layers().size(); k++) {
            assertEquals(before.layers().get(k), after.layers().get(k), "layer " + k);
        }
    }

    @Test
    void exactRealisationKeepsTheForward() {
        DelayNetwork net = network();
        net.setTraining(false);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 12, 2, 12).muli(2);
        int[] lengths = {12, 12};
        INDArray v = net.forwardDeployed(x, lengths, 0.23, true);
        Runnable restore = net.realise(LayerQuantizer.EXACT);
        INDArray q = net.forwardDeployed(x, lengths, 0.23, true);
        restore.run();
        assertEquals(0, v.sub(q).amaxNumber().doubleValue(), 1e-9);
        Runnable grid = net.realise(GRID);
        INDArray g = net.forwardDeployed(x, lengths, 0.23, true);
        grid.run();
        assertNotEquals(0, v.sub(g).amaxNumber().doubleValue(), 1e-9);
    }

    @Test
    void aChipsLinearLeakReachesEveryHiddenLayerAndIsRestored() {
        DelayNetwork net = network();
        assertTrue(net.recurrent(), "the check needs a recurrent and a feed-forward hidden layer");
        for (INDArray a : net.normParams()) {
            a.addi(1.5);
        }
        net.setTraining(false);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 40, 8, 12).muli(2);
        int[] lengths = new int[8];
        java.util.Arrays.fill(lengths, 40);
        INDArray decay = net.forwardDeployed(x, lengths, 0.23, true);
        LayerQuantizer[] leaks = new LayerQuantizer[2];
        for (int hidden = 0; hidden < 2; hidden++) {
            int only = hidden;
            leaks[hidden] = layer -> {
                LayerQuantizer.Realised exact = LayerQuantizer.EXACT.realise(layer);
                boolean leaky = !layer.isReadout() && layer.bias().length == config(0).hidden()[only];
                return new LayerQuantizer.Realised(exact.weights(), exact.recurrent(), exact.bias(),
                        leaky ? 0.3 : Double.NaN);
            };
        }
        for (LayerQuantizer q : leaks) {
            Runnable restore = net.realise(q);
            INDArray linear = net.forwardDeployed(x, lengths, 0.23, true);
            restore.run();
            assertNotEquals(0, decay.sub(linear).amaxNumber().doubleValue(), 1e-9, "leak in one hidden layer");
            assertEquals(0, decay.sub(net.forwardDeployed(x, lengths, 0.23, true)).amaxNumber().doubleValue(), 0);
        }
    }

    @Test
    void delaysAreClampedIntoTheChipsRanges() {
        DelayNetwork net = network();
        for (INDArray d : net.delays()) {
            d.assign(7.9);
        }
        for (INDArray d : net.recurrentDelays()) {
            d.assign(40);
        }
        net.clampDelays(limits(5, 3, 20, null));
        for (TrainedLayer l : net.toIR(10, 1).layers()) {
            for (float d : l.delays()) {
                assertEquals(5, DelayRounding.round(d, l.maxDelay() + 1));
            }
            if (l.recurrent() != null) {
                for (float d : l.recurrent().delays()) {
                    assertEquals(20, DelayRounding.recurrent(d));
                }
            }
        }
        for (INDArray d : net.recurrentDelays()) {
            d.assign(0);
        }
        net.clampDelays(limits(null, 3, null, null));
        for (INDArray d : net.recurrentDelays()) {
            assertEquals(3, DelayRounding.recurrent(d.getDouble(0)));
        }
    }

    @Test
    void copyAxonsKeepLaterLayersDenseAndLimitTheFirstLayersFanIn() {
        ChipLimits copies = new ChipLimits("p", "0", null, 1, null, null, 100, 15, LayerQuantizer.EXACT);
        // widest later layer: layer 3 (readout) has 10 inputs, layer 2 has 12 + its 10 recurrent = 22;
        // K = floor(100 / 22) = 4 copies, the first layer keeps floor(100 / 4) = 25 of its 12 inputs: dense
        assertEquals(0, ChipTraining.fit(config(0), copies).fanIn());
        ChipLimits narrow = new ChipLimits("p", "0", null, 1, null, null, 44, 15, LayerQuantizer.EXACT);
        // K = floor(44 / 22) = 2, the first layer keeps floor(44 / 2) = 22 of its 12 inputs: dense again
        assertEquals(0, ChipTraining.fit(config(0), narrow).fanIn());
        ChipLimits tight = new ChipLimits("p", "0", null, 1, null, null, 22, 15, LayerQuantizer.EXACT);
        // K = 1, floor(22 / 1) = 22 >= 12: dense; with copies capped at 1 every count is 1
        TrainConfig c = ChipTraining.fit(config(0), tight);
        assertEquals(0, c.fanIn());
        ChipTraining t = new ChipTraining(tight, null, 0);
        assertEquals(1, t.inputCopies(DelayNetwork.create(c, 3, DataType.FLOAT).toIR(10, 1)));
        // the chip's copies follow the first layer's actual fan-in, 12: floor(100 / 12) = 8
        assertEquals(8, new ChipTraining(copies, null, 0).inputCopies(DelayNetwork.create(c, 3, DataType.FLOAT).toIR(10, 1)));
    }

    @Test
    void fitNarrowsDelaysAndFanIn() {
        TrainConfig fitted = ChipTraining.fit(config(0), limits(4, 1, null, 11));
        assertEquals(4, fitted.maxDelay());
        // the recurrent second layer (10 neurons) leaves 1 of the 11 inputs for its 12 feed-forward inputs
        assertEquals(1, fitted.fanIn());
        TrainConfig wide = ChipTraining.fit(config(0), limits(null, 1, null, 100));
        assertEquals(8, wide.maxDelay());
        assertEquals(0, wide.fanIn());
        assertEquals(List.of("hidden layer 2 has 10 recurrent inputs per neuron, the chip's fan-in 10 leaves none "
                + "for its feed-forward inputs; use smaller recurrent layers"), List.of(org.junit.jupiter.api.Assertions
                .assertThrows(IllegalArgumentException.class, () -> ChipTraining.fit(config(0), limits(null, 1, null, 10)))
                .getMessage()));
    }
}
