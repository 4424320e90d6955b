package org.spikeport.core.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.Networks;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.SparseSynapses;

class FloatLifTest {

    @TempDir
    Path dir;

    @Test
    void resetToZeroWritesNoResetParameter() {
        NeuronParams zero = FloatLif.params(2.0, 1.0, new double[] {0.5, 0});
        assertEquals(Set.of("bias", "tau", "threshold"), zero.values().keySet(), "a feed-forward layer's parameters are unchanged");
        assertEquals(zero, FloatLif.params(2.0, 1.0, new double[] {0.5, 0}, ResetMode.ZERO));
        assertEquals(zero, FloatLif.params(2.0, 1.0, new double[] {0.5, 0}, ResetMode.NONE));
        assertFalse(FloatLif.subtracts(zero));
    }

    @Test
    void resetBySubtractionIsOneParameter() {
        NeuronParams p = FloatLif.params(2.0, 1.0, new double[] {0.5, 0}, ResetMode.SUBTRACT);
        assertArrayEquals(new long[] {FloatLif.RESET_SUBTRACT}, p.values().get(FloatLif.RESET));
        assertTrue(FloatLif.subtracts(p));
    }

    @Test
    void anAbsentResetParameterMeansZeroAndAnUnknownOneIsRefused() {
        // parameters as a file without the reset key holds them (every version-1 network.pb)
        TreeMap<String, long[]> old = new TreeMap<>(Map.of(
                "tau", new long[] {Double.doubleToRawLongBits(2.0)},
                "threshold", new long[] {Double.doubleToRawLongBits(1.0)},
                "bias", new long[] {0}));
        assertFalse(FloatLif.subtracts(new NeuronParams(FloatLif.NAME, old)));
        TreeMap<String, long[]> explicit = new TreeMap<>(old);
        explicit.put(FloatLif.RESET, new long[] {FloatLif.RESET_ZERO});
        assertFalse(FloatLif.subtracts(new NeuronParams(FloatLif.NAME, explicit)));
        TreeMap<String, long[]> bad = new TreeMap<>(old);
        bad.put(FloatLif.RESET, new long[] {2});
        var e = assertThrows(IllegalArgumentException.class, () -> FloatLif.subtracts(new NeuronParams(FloatLif.NAME, bad)));
        assertTrue(e.getMessage().contains("'reset'"), e.getMessage());
        TreeMap<String, long[]> perNeuron = new TreeMap<>(old);
        perNeuron.put(FloatLif.RESET, new long[] {1, 1});
        assertThrows(IllegalArgumentException.class, () -> FloatLif.subtracts(new NeuronParams(FloatLif.NAME, perNeuron)));
    }

    @Test
    void resetRule() {
        assertEquals(0.25, FloatLif.reset(1.25, 1.0, true));
        assertEquals(0.0, FloatLif.reset(1.25, 1.0, false));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(FloatLif.reset(1.0, 1.0, true)),
                "v == threshold subtracts to +0.0");
        // v = 0.5 (1 - 1/2) + 2.0 + 0 = 2.25 >= 1: spikes once, keeps 1.25 (above threshold, spikes again next step)
        double v = FloatLif.integrate(0.5, 2.0, 2.0, 0);
        assertTrue(FloatLif.spikes(v, 1.0));
        assertEquals(1.25, FloatLif.reset(v, 1.0, true));
    }

    @Test
    void subtractingLayerRoundTripsThroughNetworkPb() {
        int one = FloatLif.encodeWeight(1.0);
        DeployedLayer l = new DeployedLayer("h", 1, 2, new SparseSynapses(new int[] {0}, new int[] {1}, new int[] {one},
                new int[] {0}), FloatLif.params(2.0, 1.0, new double[2], ResetMode.SUBTRACT), new TreeMap<>(),
                new SparseSynapses(new int[] {1}, new int[] {0}, new int[] {one}, new int[] {3}));
        DeployedNetwork net = new DeployedNetwork(1, 10, "float", "float", "", new InputEncoding(InputEncoding.Kind.GRADED, 32),
                List.of(l), 0, Networks.provenance());
        Path f = dir.resolve("network.pb");
        ModelFiles.write(f, net);
        DeployedNetwork back = ModelFiles.readDeployed(f);
        assertEquals(net, back);
        assertTrue(FloatLif.subtracts(back.layers().get(0).neuron()));
    }
}
