package org.spikeport.core.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainedNetworkTest {

    private static TrainedLayer layer(String name, int in, int out, float[] w, float[] d, int maxDelay, Lif lif) {
        return new TrainedLayer(name, in, out, w, d, maxDelay, null, null, lif);
    }

    @Test
    void nanWeightIsNamedByLayerAndSynapse() {
        float[] w = new float[6];
        w[4] = Float.NaN;
        var e = assertThrows(IllegalArgumentException.class,
                () -> layer("hidden1", 3, 2, w, new float[6], 5, Lif.spiking(2, 1)));
        assertEquals("layer 'hidden1': weight (post 1, pre 1) is NaN", e.getMessage());
    }

    @Test
    void delayOutsideRangeIsNamed() {
        float[] d = new float[6];
        d[5] = 5.5f;
        var e = assertThrows(IllegalArgumentException.class,
                () -> layer("h", 3, 2, new float[6], d, 5, Lif.spiking(2, 1)));
        assertEquals("layer 'h': delay (post 1, pre 2) is 5.5, outside [0, 5] steps", e.getMessage());
        float[] neg = new float[6];
        neg[0] = -0.1f;
        assertThrows(IllegalArgumentException.class, () -> layer("h", 3, 2, new float[6], neg, 5, Lif.spiking(2, 1)));
        float[] nan = new float[6];
        nan[0] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> layer("h", 3, 2, new float[6], nan, 5, Lif.spiking(2, 1)));
    }

    @Test
    void shapesMustAgree() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> layer("h", 3, 2, new float[5], new float[6], 5, Lif.spiking(2, 1)));
        assertEquals("layer 'h': weights has 5 entries, expected 6", e.getMessage());
        var bn = new BatchNorm(new float[3], new float[3], new float[3], new float[3], 1e-5);
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> new TrainedLayer("h", 3, 2, new float[6], new float[6], 5, null, bn, Lif.spiking(2, 1)));
        assertTrue(e2.getMessage().contains("batch norm has 3 neurons, layer has 2"), e2.getMessage());
    }

    @Test
    void layersMustChainAndEndInReadout() {
        TrainedLayer a = layer("a", 4, 3, new float[12], new float[12], 2, Lif.spiking(2, 1));
        TrainedLayer b = layer("b", 2, 2, new float[4], new float[4], 2, Lif.readout(2));
        var e = assertThrows(IllegalArgumentException.class, () -> new TrainedNetwork(4, 10, 0.5, List.of(a, b)));
        assertEquals("layer 1 'b': has 2 inputs but the previous stage has 3 outputs", e.getMessage());

        TrainedLayer spikingLast = layer("c", 3, 2, new float[6], new float[6], 2, Lif.spiking(2, 1));
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> new TrainedNetwork(4, 10, 0.5, List.of(a, spikingLast)));
        assertTrue(e2.getMessage().contains("must be a readout"), e2.getMessage());

        TrainedLayer ok = layer("d", 3, 2, new float[6], new float[6], 2, Lif.readout(2));
        TrainedNetwork net = new TrainedNetwork(4, 10, 0.5, List.of(a, ok));
        assertEquals(2, net.outputs());
        assertEquals(2, net.maxDelay());
    }

    @Test
    void lifValidatesParameters() {
        assertThrows(IllegalArgumentException.class, () -> Lif.spiking(0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> Lif.spiking(2, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Lif.spiking(2, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new Lif(2, 1.0, ResetMode.NONE));
        assertTrue(Lif.readout(1.005).isReadout());
    }

    @Test
    void batchNormRejectsNegativeVariance() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BatchNorm(new float[2], new float[2], new float[2], new float[] {1, -1}, 1e-5));
        assertTrue(e.getMessage().contains("variance [1] is negative"), e.getMessage());
    }
}
