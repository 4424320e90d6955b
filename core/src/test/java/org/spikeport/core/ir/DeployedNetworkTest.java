package org.spikeport.core.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DeployedNetworkTest {

    private static NeuronParams params(long[] vth) {
        return new NeuronParams("m", new TreeMap<>(Map.of("vth", vth, "dv", new long[] {7})));
    }

    private static DeployedLayer layer(String name, int in, int out, SparseSynapses s) {
        return new DeployedLayer(name, in, out, s, params(new long[] {1}), new TreeMap<>());
    }

    @Test
    void synapseIndicesAndDelaysAreChecked() {
        var prePastEnd = new SparseSynapses(new int[] {0, 3}, new int[] {0, 1}, new int[] {1, 1}, new int[] {0, 0});
        var e = assertThrows(IllegalArgumentException.class, () -> layer("l", 3, 2, prePastEnd));
        assertEquals("layer 'l': synapse 1 has pre 3, outside 0..2", e.getMessage());

        var postPastEnd = new SparseSynapses(new int[] {0}, new int[] {2}, new int[] {1}, new int[] {0});
        assertThrows(IllegalArgumentException.class, () -> layer("l", 3, 2, postPastEnd));

        var negativeDelay = new SparseSynapses(new int[] {2}, new int[] {1}, new int[] {1}, new int[] {-1});
        var e3 = assertThrows(IllegalArgumentException.class, () -> layer("l", 3, 2, negativeDelay));
        assertEquals("layer 'l': synapse 0 (post 1, pre 2) has delay -1, outside 0..1025 steps", e3.getMessage());

        assertThrows(IllegalArgumentException.class,
                () -> new SparseSynapses(new int[2], new int[2], new int[1], new int[2]));
    }

    @Test
    void neuronParametersAreSharedOrPerNeuron() {
        var s = new SparseSynapses(new int[0], new int[0], new int[0], new int[0]);
        var perNeuron = new DeployedLayer("l", 3, 2, s, params(new long[] {5, 6}), new TreeMap<>());
        assertEquals(6, perNeuron.neuron().value("vth", 1));
        assertEquals(7, perNeuron.neuron().value("dv", 1));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new DeployedLayer("l", 3, 2, s, params(new long[] {5, 6, 7}), new TreeMap<>()));
        assertEquals("layer 'l': neuron parameter 'vth' has 3 values, expected 1 or 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> perNeuron.neuron().value("bias", 0));
    }

    @Test
    void layersMustChain() {
        var s = new SparseSynapses(new int[0], new int[0], new int[0], new int[0]);
        var a = layer("a", 4, 3, s);
        var b = layer("b", 2, 2, s);
        var e = assertThrows(IllegalArgumentException.class, () -> new DeployedNetwork(4, 10, "t", "p", "",
                new InputEncoding(InputEncoding.Kind.BINARY, 0), List.of(a, b), 0, Networks.provenance()));
        assertEquals("layer 1 'b': has 2 inputs but the previous stage has 3 outputs", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InputEncoding(InputEncoding.Kind.BINARY, 3));
        assertThrows(IllegalArgumentException.class, () -> new InputEncoding(InputEncoding.Kind.GRADED, 0));
    }
}
