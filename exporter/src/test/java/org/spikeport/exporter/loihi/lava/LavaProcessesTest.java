package org.spikeport.exporter.loihi.lava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.arith.Loihi2Lif.SignMode;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.SparseSynapses;

/**
 * Builds, saves and runs small networks through the real Lava (the venv named by the system property
 * {@code spikeport.python}; a missing or incomplete venv fails these tests with the install command).
 * The expected spikes and voltages are worked out by hand from Lava's models: one step of DelayDense
 * latency, {@code a << 6} into u, {@code du = 4095} clearing u each step, {@code dv = 0} keeping v, and
 * the strict threshold {@code v > vth << 6}.
 */
class LavaProcessesTest {

    @TempDir
    Path dir;

    static LavaEnvironment env() {
        return LavaEnvironment.locate(null);
    }

    /** A loihi2-lif layer with one value per layer except the bias mantissa. */
    static DeployedLayer layer(String name, int in, int out, int[] pre, int[] post, int[] w, int[] d, SignMode mode,
                               int weightExp, int du, int dv, long vth, long[] biasMant, int biasExp) {
        SortedMap<String, long[]> p = new TreeMap<>();
        p.put(Loihi2Lif.DU, new long[] {du});
        p.put(Loihi2Lif.DV, new long[] {dv});
        p.put(Loihi2Lif.VTH, new long[] {vth});
        p.put(Loihi2Lif.BIAS_MANT, biasMant);
        p.put(Loihi2Lif.BIAS_EXP, new long[] {biasExp});
        p.put(Loihi2Lif.WEIGHT_EXP, new long[] {weightExp});
        p.put(Loihi2Lif.NUM_WEIGHT_BITS, new long[] {8});
        p.put(Loihi2Lif.SIGN_MODE, new long[] {mode.code()});
        SortedMap<String, Double> q = new TreeMap<>();
        q.put("v_scale", 1.0 / 64);
        return new DeployedLayer(name, in, out, new SparseSynapses(pre, post, w, d), new NeuronParams(Loihi2Lif.NAME, p), q);
    }

    static DeployedNetwork network(List<DeployedLayer> layers, int inputs) {
        return new DeployedNetwork(inputs, 10, "loihi", "loihi", "", new InputEncoding(InputEncoding.Kind.GRADED, 24),
                layers, 0, new Provenance("test", "test", 0, "", Instant.EPOCH, ""));
    }

    /**
     * Hidden 2 -> 2: input 0 -> h0 (weight 10, delay 3), input 1 -> h1 (weight 4, delay 0), vth 0.
     * Readout 2 -> 1: h0 -> o0 (weight 5, delay 2), vth at its maximum.
     */
    static DeployedNetwork handWorked() {
        DeployedLayer h = layer("h", 2, 2, new int[] {0, 1}, new int[] {0, 1}, new int[] {10, 4}, new int[] {3, 0},
                SignMode.EXCITATORY, 0, 4095, 0, 0, new long[] {0}, 6);
        DeployedLayer o = layer("o", 2, 1, new int[] {0}, new int[] {0}, new int[] {5}, new int[] {2},
                SignMode.EXCITATORY, 0, 4095, 0, 131071, new long[] {0}, 6);
        return network(List.of(h, o), 2);
    }

    @Test
    void savedProcessesRunInLavaAsWorkedOutByHand() throws Exception {
        Path file = LavaProcesses.save(handWorked(), dir.resolve(LavaProcesses.FILE), env());
        assertTrue(Files.size(file) > 0);
        // step 0: one event on input 0; step 1: a graded event of payload 2 on input 1
        int[] counts = {1, 0, 0, 2};
        LavaSimulation.Job job = new LavaSimulation.Job(file, 2, List.of(counts, counts), new int[] {10, 12});
        List<LavaSimulation.Run> runs = LavaSimulation.run(env(), List.of(job), dir);
        assertEquals(1, runs.size());
        for (LavaSimulation.Sample s : runs.get(0).samples()) {
            // h1: 2 * 4 << 6 = 512 > 0 at 1 + 0 + 1 = 2 (neuron 1: code 2 * 2 + 1); h0: 640 at 0 + 3 + 1 = 4
            assertArrayEquals(new long[] {5, 8}, s.spikes().get(0), "hidden spikes, step * 2 + neuron");
            assertArrayEquals(new long[0], s.spikes().get(1), "the readout does not spike");
            for (int t = 0; t < s.readout().length; t++) {
                // h0's spike at 4 reaches the readout at 4 + 2 + 1 = 7: v = 5 << 6, kept by dv = 0
                assertEquals(t >= 7 ? 320 : 0, s.readout()[t][0], "readout v at step " + t);
            }
            assertTrue(s.seconds() > 0);
        }
        assertEquals(10, runs.get(0).samples().get(0).readout().length);
        assertEquals(12, runs.get(0).samples().get(1).readout().length, "the second sample starts from rest");
    }

    @Test
    void weightsLavaWouldChangeAreRefused() {
        // an odd register in mixed mode: truncate_weights drops the lowest bit
        DeployedLayer h = layer("h", 1, 1, new int[] {0}, new int[] {0}, new int[] {7}, new int[] {0},
                SignMode.MIXED, 0, 4095, 0, 10, new long[] {0}, 6);
        SpikeportException e = assertThrows(SpikeportException.class,
                () -> LavaProcesses.save(network(List.of(h), 1), dir.resolve("x.pkl"), env()));
        assertTrue(e.getMessage().contains("Lava would change weight register 7"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("x.pkl")));
    }

    @Test
    void repeatedPairsAndPerNeuronDecaysAreRefusedBeforePython() {
        DeployedLayer twice = layer("h", 1, 1, new int[] {0, 0}, new int[] {0, 0}, new int[] {2, 4}, new int[] {0, 1},
                SignMode.EXCITATORY, 0, 4095, 0, 10, new long[] {0}, 6);
        SpikeportException e = assertThrows(SpikeportException.class, () -> LavaProcesses.layers(network(List.of(twice), 1)));
        assertTrue(e.getMessage().contains("repeats an earlier synapse's pair"), e.getMessage());

        DeployedLayer l = layer("h", 1, 2, new int[] {0}, new int[] {0}, new int[] {2}, new int[] {0},
                SignMode.EXCITATORY, 0, 4095, 0, 10, new long[] {0}, 6);
        SortedMap<String, long[]> p = new TreeMap<>(l.neuron().values());
        p.put(Loihi2Lif.DV, new long[] {1, 2});
        DeployedLayer perNeuron = new DeployedLayer("h", 1, 2, l.synapses(), new NeuronParams(Loihi2Lif.NAME, p),
                l.quantization());
        e = assertThrows(SpikeportException.class, () -> LavaProcesses.layers(network(List.of(perNeuron), 1)));
        assertTrue(e.getMessage().contains("dv has one value per neuron"), e.getMessage());
    }

    @Test
    void layersAreDenseRowMajorWithGradedInputOnTheFirstLayerOnly() {
        List<LavaProcesses.Layer> layers = LavaProcesses.layers(handWorked());
        assertArrayEquals(new int[] {10, 0, 0, 4}, layers.get(0).weights());
        assertArrayEquals(new int[] {3, 0, 0, 0}, layers.get(0).delays());
        assertArrayEquals(new int[] {5, 0}, layers.get(1).weights());
        assertEquals(24, layers.get(0).numMessageBits());
        assertEquals(0, layers.get(1).numMessageBits());
        assertEquals(SignMode.EXCITATORY.code(), layers.get(1).signMode());
    }
}
