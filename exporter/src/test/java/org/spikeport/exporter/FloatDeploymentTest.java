package org.spikeport.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.SparseSynapses;

class FloatDeploymentTest {

    private static DeployedNetwork deploy() {
        return FloatDeployment.deploy("float", FoldedNetwork.of(RecurrentModels.model().network()),
                ExportTest.profile(null, 0, null, null, null, null), ExportTest.provenance());
    }

    private static int[] bits(double... w) {
        int[] b = new int[w.length];
        for (int k = 0; k < w.length; k++) {
            b[k] = FloatLif.encodeWeight(w[k]);
        }
        return b;
    }

    @Test
    void recurrentSynapsesAreFloat32WithTheirLags() {
        DeployedNetwork d = deploy();
        DeployedLayer h1 = d.layers().get(0);
        assertEquals(new SparseSynapses(new int[] {1, 0, 2}, new int[] {0, 1, 2}, bits(0.5, -1, 2), new int[] {3, 1, 5}),
                h1.recurrent());
        DeployedLayer h2 = d.layers().get(1);
        assertEquals(new SparseSynapses(new int[] {1, 0}, new int[] {0, 1}, bits(1.5, -0.5), new int[] {3, 1}),
                h2.recurrent());
        assertFalse(d.layers().get(2).isRecurrent());
        assertEquals(bits(1, 2, -1)[2], h1.synapses().weight()[2]);
    }

    @Test
    void resetModeBiasAndDecodingAreKept() {
        DeployedNetwork d = deploy();
        assertEquals(Decoding.SUM, d.decoding());
        DeployedLayer h1 = d.layers().get(0);
        assertTrue(FloatLif.subtracts(h1.neuron()));
        assertEquals(3.0, FloatLif.bias(h1.neuron(), 1));
        assertEquals(0.5, FloatLif.bias(h1.neuron(), 2));
        assertFalse(FloatLif.subtracts(d.layers().get(1).neuron()));
        assertFalse(d.layers().get(1).neuron().has(FloatLif.RESET), "reset to zero writes no parameter");
        assertFalse(d.layers().get(2).neuron().has(FloatLif.RESET));
        assertEquals(-0.5, FloatLif.bias(d.layers().get(1).neuron(), 1));
    }

    @Test
    void quantizationRecordsTheRecurrentWeightErrorOnlyWhereThereAreRecurrentSynapses() {
        DeployedNetwork d = deploy();
        assertEquals(Set.of("max_abs_weight_error", "max_abs_recurrent_weight_error"),
                d.layers().get(0).quantization().keySet());
        assertEquals(0.0, d.layers().get(0).quantization().get("max_abs_recurrent_weight_error"), "float weights are exact");
        assertEquals(Set.of("max_abs_weight_error"), d.layers().get(2).quantization().keySet());
        assertArrayEquals(new int[0], d.layers().get(2).recurrent().pre());
    }
}
