package org.spikeport.exporter.loihi.lava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.spikeport.core.arith.ResetParameter;
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
 * latency (a spike at {@code t} through delay {@code d} reaches {@code a_in} at {@code t + 1 + d}, the
 * recurrent DelayDense's too), {@code a << 6} into u, {@code du = 4095} clearing u each step,
 * {@code dv = 0} keeping v ({@code dv = 4095} clearing it), the strict threshold {@code v > vth << 6}, and
 * the activations of a layer's two Denses added at its {@code a_in}.
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

    /** {@code l} with recurrent synapses {@code post <- pre} (lags {@code lag}) in one Dense of {@code mode}. */
    static DeployedLayer recurrent(DeployedLayer l, int[] pre, int[] post, int[] w, int[] lag, SignMode mode,
                                   int weightExp) {
        SortedMap<String, long[]> p = new TreeMap<>(l.neuron().values());
        p.put(Loihi2Lif.RECURRENT_WEIGHT_EXP, new long[] {weightExp});
        p.put(Loihi2Lif.RECURRENT_NUM_WEIGHT_BITS, new long[] {8});
        p.put(Loihi2Lif.RECURRENT_SIGN_MODE, new long[] {mode.code()});
        return new DeployedLayer(l.name(), l.inputs(), l.outputs(), l.synapses(), new NeuronParams(Loihi2Lif.NAME, p),
                l.quantization(), new SparseSynapses(pre, post, w, lag));
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

    /**
     * Hidden 1 -> 2 (vth 15, dv 4095: v is this step's input, spiking iff {@code a_in > 15}): input 0 -> h0
     * (weight 20, delay 5) and -> h1 (weight 5, delay 13); recurrent Dense (excitatory, weight_exp 2):
     * h0 -> h1 (register 3, activation 12, lag 8) and h1 -> h1 (register 4, activation 16, lag 3). Readout
     * 2 -> 1: h1 -> o0 (weight 1, delay 0), vth at its maximum, dv 0.
     */
    static DeployedNetwork handWorkedRecurrent() {
        DeployedLayer h = recurrent(layer("h", 1, 2, new int[] {0, 0}, new int[] {0, 1}, new int[] {20, 5},
                new int[] {5, 13}, SignMode.EXCITATORY, 0, 4095, 4095, 15, new long[] {0}, 6),
                new int[] {0, 1}, new int[] {1, 1}, new int[] {3, 4}, new int[] {8, 3}, SignMode.EXCITATORY, 2);
        DeployedLayer o = layer("o", 2, 1, new int[] {1}, new int[] {0}, new int[] {1}, new int[] {0},
                SignMode.EXCITATORY, 0, 4095, 0, 131071, new long[] {0}, 6);
        return network(List.of(h, o), 1);
    }

    @Test
    void recurrentSynapsesRunInLavaAsWorkedOutByHand() {
        Path file = LavaProcesses.save(handWorkedRecurrent(), dir.resolve(LavaProcesses.FILE), env());
        int[] counts = {1};
        LavaSimulation.Job job = new LavaSimulation.Job(file, 1, List.of(counts, counts), new int[] {30, 30});
        for (LavaSimulation.Sample s : LavaSimulation.run(env(), List.of(job), dir).get(0).samples()) {
            // h0: 20 at 0 + 1 + 5 = 6 > 15, spikes (code 6 * 2 + 0 = 12). h1: 5 at 0 + 1 + 13 = 14 and 12 from
            // h0's spike at 6 + 8 = 14: neither alone exceeds 15, their sum 17 does (code 14 * 2 + 1 = 29);
            // then its own 16 every 3 steps: 17, 20, ..., 29
            assertArrayEquals(new long[] {12, 29, 35, 41, 47, 53, 59}, s.spikes().get(0), "hidden spikes, step * 2 + neuron");
            for (int t = 0; t < 30; t++) {
                // each h1 spike at t' adds 1 << 6 to the readout at t' + 1
                long h1Spikes = t <= 14 ? 0 : 1 + (t - 15) / 3;
                assertEquals(64 * h1Spikes, s.readout()[t][0], "readout v at step " + t);
            }
        }
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
        assertArrayEquals(new int[] {10, 0, 0, 4}, layers.get(0).dense().weights());
        assertArrayEquals(new int[] {3, 0, 0, 0}, layers.get(0).dense().delays());
        assertArrayEquals(new int[] {5, 0}, layers.get(1).dense().weights());
        assertEquals(24, layers.get(0).numMessageBits());
        assertEquals(0, layers.get(1).numMessageBits());
        assertEquals(SignMode.EXCITATORY.code(), layers.get(1).dense().signMode());
        assertNull(layers.get(0).recurrent());
    }

    @Test
    void aRecurrentDenseTakesLavaDelaysOneBelowTheLagsAndItsOwnParameters() {
        LavaProcesses.Layer h = LavaProcesses.layers(handWorkedRecurrent()).get(0);
        // (post, pre) = (1, 0) lag 8 and (1, 1) lag 3
        assertArrayEquals(new int[] {0, 0, 3, 4}, h.recurrent().weights());
        assertArrayEquals(new int[] {0, 0, 7, 2}, h.recurrent().delays());
        assertEquals(2, h.recurrent().weightExp());
        assertEquals(0, h.dense().weightExp());
        assertEquals(SignMode.EXCITATORY.code(), h.recurrent().signMode());
        assertNull(LavaProcesses.layers(handWorkedRecurrent()).get(1).recurrent());
    }

    @Test
    void resetBySubtractionAndPerNeuronRecurrentExponentsAreRefusedBeforePython() {
        DeployedLayer h = handWorkedRecurrent().layers().get(0);
        SortedMap<String, long[]> p = new TreeMap<>(h.neuron().values());
        p.put(ResetParameter.NAME, new long[] {ResetParameter.SUBTRACT});
        DeployedLayer subtracting = new DeployedLayer("h", 1, 2, h.synapses(), new NeuronParams(Loihi2Lif.NAME, p),
                h.quantization(), h.recurrent());
        SpikeportException e = assertThrows(SpikeportException.class,
                () -> LavaProcesses.layers(network(List.of(subtracting), 1)));
        assertEquals("layer 0 'h' resets by subtraction; Lava's LIF resets v to 0 after a spike", e.getMessage());

        p = new TreeMap<>(h.neuron().values());
        p.put(Loihi2Lif.RECURRENT_WEIGHT_EXP, new long[] {1, 2});
        DeployedLayer perNeuron = new DeployedLayer("h", 1, 2, h.synapses(), new NeuronParams(Loihi2Lif.NAME, p),
                h.quantization(), h.recurrent());
        e = assertThrows(SpikeportException.class, () -> LavaProcesses.layers(network(List.of(perNeuron), 1)));
        assertTrue(e.getMessage().contains("recurrent_weight_exp has one value per neuron"), e.getMessage());
    }
}
