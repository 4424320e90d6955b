package org.spikeport.core.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RecurrenceTest {

    private static Recurrence axonal(float... delays) {
        return new Recurrence(Recurrence.Kind.AXONAL, delays.length, new float[delays.length * delays.length],
                delays, null, 0.5);
    }

    @Test
    void delaysAreReadPerPresynapticNeuronOrPerSynapse() {
        Recurrence a = new Recurrence(Recurrence.Kind.AXONAL, 2, new float[] {1, 2, 3, 4}, new float[] {5, 7}, null, 1);
        assertEquals(7f, a.delay(0, 1));
        assertEquals(7f, a.delay(1, 1));
        assertEquals(2f, a.weight(0, 1));
        assertEquals(2.0, a.width(0));
        Recurrence s = new Recurrence(Recurrence.Kind.SYNAPTIC, 2, new float[4], new float[] {1, 2, 3, 4},
                new float[] {0, 100}, 2);
        assertEquals(3f, s.delay(1, 0));
        assertEquals(1 + 2 * 2 * 0.5, s.width(0), 1e-12);
        assertEquals(5.0, s.width(1), 1e-12);
    }

    @Test
    void invalidValuesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> axonal(1, -0.5f));
        assertTrue(e.getMessage().contains("delay [1] is -0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> axonal(1, Float.NaN));
        assertTrue(e.getMessage().contains("delay [1] is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Recurrence(Recurrence.Kind.SYNAPTIC, 2,
                new float[4], new float[2], null, 0));
        assertTrue(e.getMessage().contains("delays has 2 entries, expected 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Recurrence(Recurrence.Kind.AXONAL, 2,
                new float[] {0, Float.POSITIVE_INFINITY, 0, 0}, new float[2], null, 0));
        assertTrue(e.getMessage().contains("weight (post 0, pre 1) is Infinity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Recurrence(Recurrence.Kind.AXONAL, 2,
                new float[4], new float[2], null, -1));
        assertTrue(e.getMessage().contains("sigma must be >= 0"), e.getMessage());
    }

    @Test
    void layerAndNetworkCheckRecurrence() {
        Lif lif = Lif.spiking(2, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> new TrainedLayer("h", 2, 3, new float[6],
                new float[6], 0, null, null, lif, null, axonal(1, 2)));
        assertTrue(e.getMessage().contains("layer 'h': recurrent synapses connect 2 neurons, layer has 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrainedLayer("out", 2, 2, new float[4],
                new float[4], 0, null, null, Lif.readout(2), null, axonal(1, 2)));
        assertTrue(e.getMessage().contains("a readout cannot have recurrent synapses"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrainedLayer("h", 2, 2, new float[4],
                new float[4], 0, null, null, lif, new float[] {0, Float.NaN}, null));
        assertTrue(e.getMessage().contains("layer 'h': bias [1] is NaN"), e.getMessage());
        TrainedLayer h = new TrainedLayer("h", 2, 2, new float[4], new float[4], 0, null, null, Lif.subtracting(2, 1),
                new float[2], axonal(0, 3));
        TrainedLayer out = new TrainedLayer("out", 2, 2, new float[4], new float[4], 0, null, null, Lif.readout(1));
        TrainedNetwork net = new TrainedNetwork(2, 10, 0, List.of(h, out), Decoding.SUM);
        assertTrue(net.recurrent());
        assertEquals(Decoding.SUM, net.decoding());
        assertEquals(Decoding.SOFTMAX_SUM, new TrainedNetwork(2, 10, 0, List.of(out)).decoding());
    }

    @Test
    void subtractResetNeedsAFiniteThreshold() {
        assertEquals(ResetMode.SUBTRACT, Lif.subtracting(2, 1).reset());
        assertThrows(IllegalArgumentException.class, () -> Lif.subtracting(2, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Lif.subtracting(2, 0));
    }

    @Test
    void sameStepRecurrentEdgeIsNamedWithLayerAndIndices() {
        NeuronParams p = new NeuronParams("test", new TreeMap<>(Map.of("x", new long[] {1})));
        SparseSynapses ff = new SparseSynapses(new int[] {0}, new int[] {0}, new int[] {1}, new int[] {0});
        SparseSynapses rec = new SparseSynapses(new int[] {1, 2}, new int[] {0, 1}, new int[] {5, 6}, new int[] {3, 0});
        var e = assertThrows(IllegalArgumentException.class,
                () -> new DeployedLayer("hidden2", 4, 3, ff, p, new TreeMap<>(), rec));
        assertEquals("layer 'hidden2': recurrent synapse 1 (post 1, pre 2) has delay 0; a recurrent delay must be at "
                + "least 1 step (a same-step loop has no causal order)", e.getMessage());
        SparseSynapses outside = new SparseSynapses(new int[] {3}, new int[] {0}, new int[] {5}, new int[] {2});
        e = assertThrows(IllegalArgumentException.class,
                () -> new DeployedLayer("hidden2", 4, 3, ff, p, new TreeMap<>(), outside));
        assertTrue(e.getMessage().contains("layer 'hidden2' recurrent: synapse 0 has pre 3, outside 0..2"), e.getMessage());
        DeployedLayer ok = new DeployedLayer("hidden2", 4, 3, ff, p, new TreeMap<>(),
                new SparseSynapses(new int[] {2}, new int[] {2}, new int[] {5}, new int[] {1}));
        assertTrue(ok.isRecurrent());
        assertTrue(!new DeployedLayer("h", 4, 3, ff, p, new TreeMap<>()).isRecurrent());
    }

    @Test
    void recurrentDelaysRoundAsDelRec() {
        assertEquals(1, DelayRounding.recurrent(0));
        assertEquals(1, DelayRounding.recurrent(0.5));
        assertEquals(3, DelayRounding.recurrent(1.5));
        assertEquals(3, DelayRounding.recurrent(2.5));
        assertEquals(4, DelayRounding.recurrent(2.51));
        assertEquals(31, DelayRounding.recurrent(29.7));
        assertThrows(IllegalArgumentException.class, () -> DelayRounding.recurrent(-0.1));
        assertThrows(IllegalArgumentException.class, () -> DelayRounding.recurrent(Double.NaN));
    }
}
