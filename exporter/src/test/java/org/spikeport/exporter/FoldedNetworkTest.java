package org.spikeport.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeport.core.ir.BatchNorm;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedNetwork;

class FoldedNetworkTest {

    @Test
    void roundsFoldsAndPrunes() {
        // 2 -> 2 hidden (one masked synapse, one zero weight), then 2 -> 1 readout. Td = 31: a delay of
        // 2.5 rounds to 3 (centred position 12.5 rounds half to even to 12).
        float[] w = {0.5f, 0f, -1f, 2f};
        float[] d = {2.5f, 1f, 0.2f, 29.6f};
        boolean[] mask = {true, true, false, true};
        var bn = new BatchNorm(new float[] {2, 1}, new float[] {0.5f, 0}, new float[] {1, 0}, new float[] {3, 0}, 1.0);
        var hidden = new TrainedLayer("hidden1", 2, 2, w, d, 30, mask, bn, Lif.spiking(1.5, 1));
        var readout = new TrainedLayer("readout", 2, 1, new float[] {1f, -0.25f}, new float[] {0f, 4.4f}, 30, null, null,
                Lif.readout(1.5));
        FoldedNetwork f = FoldedNetwork.of(new TrainedNetwork(2, 10, 0.23, List.of(hidden, readout)));

        FoldedNetwork.Layer h = f.layers().get(0);
        assertArrayEquals(new int[] {0, 1}, h.pre());
        assertArrayEquals(new int[] {0, 1}, h.post());
        assertArrayEquals(new int[] {3, 30}, h.delay());
        // neuron 0: a = 2 / sqrt(3 + 1) = 1, b = 0.5 - 1 * 1 = -0.5; neuron 1: a = 1 / sqrt(0 + 1) = 1, b = 0
        assertArrayEquals(new double[] {0.5, 2.0}, h.weight(), 1e-12);
        assertArrayEquals(new double[] {-0.5, 0.0}, h.bias(), 1e-12);
        assertEquals(1.0, h.threshold());

        FoldedNetwork.Layer r = f.layers().get(1);
        assertArrayEquals(new int[] {0, 4}, r.delay());
        assertArrayEquals(new double[] {0}, r.bias());
        assertTrue(r.isReadout());
        assertEquals(30, r.maxDelay());
    }

    /** {@link RecurrentModels}: every folded value by hand. */
    @Test
    void foldsBiasRecurrentSynapsesResetAndDecoding() {
        FoldedNetwork f = FoldedNetwork.of(RecurrentModels.model().network());
        assertEquals(Decoding.SUM, f.decoding());

        FoldedNetwork.Layer h1 = f.layers().get(0);
        assertArrayEquals(new double[] {1, 2, -1}, h1.weight(), 0, "feed-forward weights scale by a = (1, 1, -0.25)");
        assertArrayEquals(new double[] {0, 3, 0.5}, h1.bias(), 0, "beta + a (b - mean)");
        assertEquals(ResetMode.SUBTRACT, h1.reset());
        FoldedNetwork.Synapses r1 = h1.recurrent();
        assertEquals(3, r1.size(), "six zero recurrent weights dropped");
        assertArrayEquals(new int[] {1, 0, 2}, r1.pre(), "post-major");
        assertArrayEquals(new int[] {0, 1, 2}, r1.post());
        assertArrayEquals(new double[] {0.5, -1, 2}, r1.weight(), 0, "not scaled by BatchNorm (a = -0.25 on neuron 2)");
        assertArrayEquals(new int[] {3, 1, 5}, r1.delay(), "1 + rint(d): 2.5 -> 3, 0.4 -> 1, 3.5 -> 5");
        assertEquals(5, r1.maxDelay());

        FoldedNetwork.Layer h2 = f.layers().get(1);
        assertArrayEquals(new double[] {0.25, -0.5}, h2.bias(), 0, "without BatchNorm the bias current is b");
        assertArrayEquals(new int[] {0, 1}, h2.pre());
        assertEquals(ResetMode.ZERO, h2.reset());
        FoldedNetwork.Synapses r2 = h2.recurrent();
        assertArrayEquals(new int[] {1, 0}, r2.pre());
        assertArrayEquals(new int[] {0, 1}, r2.post());
        assertArrayEquals(new double[] {1.5, -0.5}, r2.weight(), 0);
        assertArrayEquals(new int[] {3, 1}, r2.delay(), "axonal: the presynaptic neuron's delay, 1.5 -> 3, 0.5 -> 1");

        FoldedNetwork.Layer out = f.layers().get(2);
        assertEquals(ResetMode.NONE, out.reset());
        assertFalse(out.isRecurrent());
        assertEquals(0, out.recurrent().size());
        assertArrayEquals(new double[] {0}, out.bias(), 0);
    }

    @Test
    void aFeedForwardNetworkFoldsAsBefore() {
        FoldedNetwork f = FoldedNetwork.of(new TrainedNetwork(1, 10, 0.23, List.of(
                new TrainedLayer("h", 1, 1, new float[] {1}, new float[1], 0, null, null, Lif.spiking(2, 1)),
                new TrainedLayer("r", 1, 1, new float[] {1}, new float[1], 0, null, null, Lif.readout(2)))));
        assertEquals(Decoding.SOFTMAX_SUM, f.decoding());
        assertEquals(ResetMode.ZERO, f.layers().get(0).reset());
        assertFalse(f.layers().get(0).isRecurrent());
        assertEquals(ResetMode.NONE, f.layers().get(1).reset());
    }
}
