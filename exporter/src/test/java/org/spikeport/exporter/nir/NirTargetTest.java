package org.spikeport.exporter.nir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.json.Json;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.exporter.FoldedNetwork;

class NirTargetTest {

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final int STEPS = 16;

    @TempDir
    Path dir;

    /**
     * 3 inputs -> 4 hidden LIF (tau 1.5, delays 0, 1, 3, folded bias) -> 2 readout (tau 2, delays 0, 2, 4).
     * Weights are exact in float32, so the deployed (float32) weights equal the folded ones.
     */
    static FoldedNetwork network() {
        var hidden = new FoldedNetwork.Layer("hidden1", 3, 4,
                new int[] {0, 2, 1, 0, 1, 0, 2},
                new int[] {0, 0, 1, 2, 2, 3, 3},
                new double[] {0.75, 0.5, 1.25, -0.375, 0.625, 0.25, 0.875},
                new int[] {0, 3, 1, 1, 0, 0, 3},
                new double[] {0.1, -0.05, 0.2, 0.0}, 1.5, 1.0, 24);
        var readout = new FoldedNetwork.Layer("readout", 4, 2,
                new int[] {0, 1, 3, 2, 3},
                new int[] {0, 0, 0, 1, 1},
                new double[] {1.5, -0.5, 0.25, 1.0, -0.75},
                new int[] {0, 2, 2, 0, 4},
                new double[] {0, 0}, 2.0, INF, 24);
        return new FoldedNetwork(3, 10, List.of(hidden, readout));
    }

    static HardwareProfile profile(String arithmetic) {
        return new HardwareProfile("nir", "test profile", arithmetic,
                new HardwareProfile.Delays(0, null, 0, "as the IR"),
                new HardwareProfile.Weights(null, List.of(), null, null), new TreeMap<>(),
                new HardwareProfile.Resources(null, null, null, null, null), new HardwareProfile.Input("graded", 32),
                new TreeMap<>(), new TreeMap<>(), "ab".repeat(32));
    }

    static Provenance provenance() {
        return new Provenance("0.1.0-test", "spikeport export --target nir", 7, "", Instant.EPOCH, "cd".repeat(32));
    }

    private Path export(FoldedNetwork f) {
        NirTarget t = new NirTarget();
        DeployedNetwork net = t.deploy(f, profile(FloatLif.NAME), provenance());
        List<Path> files = t.write(net, f, profile(FloatLif.NAME), dir);
        assertEquals(List.of(dir.resolve("network.nir")), files);
        return files.get(0);
    }

    @Test
    void names() {
        assertEquals("nir", new NirTarget().name());
        assertEquals("nir", new NirTarget().profileName());
    }

    @Test
    void deployKeepsTheFoldedValuesInLifFloat() {
        FoldedNetwork f = network();
        DeployedNetwork net = new NirTarget().deploy(f, profile(FloatLif.NAME), provenance());
        assertEquals("nir", net.target());
        assertEquals("nir", net.profileName());
        assertEquals("ab".repeat(32), net.profileSha256());
        assertEquals(new InputEncoding(InputEncoding.Kind.GRADED, 32), net.input());
        assertEquals(10, net.dtMs());
        for (int l = 0; l < 2; l++) {
            FoldedNetwork.Layer fl = f.layers().get(l);
            DeployedLayer dl = net.layers().get(l);
            assertEquals(fl.name(), dl.name());
            assertArrayEquals(fl.pre(), dl.synapses().pre());
            assertArrayEquals(fl.post(), dl.synapses().post());
            assertArrayEquals(fl.delay(), dl.synapses().delay());
            for (int s = 0; s < fl.synapses(); s++) {
                assertEquals(Float.floatToRawIntBits((float) fl.weight()[s]), dl.synapses().weight()[s]);
            }
            assertEquals(FloatLif.NAME, dl.neuron().model());
            assertEquals(fl.tau(), FloatLif.tau(dl.neuron()));
            assertEquals(fl.threshold(), FloatLif.threshold(dl.neuron()));
            for (int o = 0; o < fl.outputs(); o++) {
                assertEquals(fl.bias()[o], FloatLif.bias(dl.neuron(), o));
            }
            assertEquals(Map.of("max_abs_weight_error", 0.0), dl.quantization());
        }
    }

    @Test
    void quantizationRecordsTheFloat32RoundingError() {
        var l = new FoldedNetwork.Layer("readout", 1, 1, new int[] {0}, new int[] {0}, new double[] {0.1},
                new int[] {0}, new double[] {0}, 2.0, INF, 0);
        DeployedNetwork net = new NirTarget().deploy(new FoldedNetwork(1, 10, List.of(l)), profile(FloatLif.NAME),
                provenance());
        assertEquals(Math.abs(0.1 - (double) 0.1f), net.layers().get(0).quantization().get("max_abs_weight_error"));
    }

    /** The recipe in the graph's metadata names the model's decoding. */
    @Test
    void outputRecipeFollowsTheDecoding() {
        for (Decoding decoding : Decoding.values()) {
            Path file = export(new FoldedNetwork(3, 10, network().layers(), decoding));
            try (HdfFile h = new HdfFile(file)) {
                String output = (String) h.getDatasetByPath("node/metadata/output").getData();
                assertTrue(output.endsWith(decoding == Decoding.SUM ? "argmax over classes of sum over t of v[t]"
                        : "argmax over classes of sum over t of softmax(v[t])"), output);
            }
        }
    }

    @Test
    void deployRejectsAnotherArithmetic() {
        var e = assertThrows(SpikeportException.class,
                () -> new NirTarget().deploy(network(), profile("loihi2-fixed"), provenance()));
        assertTrue(e.getMessage().contains("loihi2-fixed"), e.getMessage());
    }

    /** nir.read gives the expected graph, and simulating it reproduces the folded network's readout. */
    @Test
    void nirReadsTheGraphAndItComputesTheTrainedModel() throws IOException {
        FoldedNetwork f = network();
        Path nir = export(f);
        double[][] x = input();
        Reference ref = simulate(f, x);
        assertTrue(ref.hiddenSpikes >= 5, "the test input must make the hidden layer spike, got " + ref.hiddenSpikes);

        Path json = dir.resolve("expected.json");
        Files.writeString(json, Json.write(expected(x, ref.readout)), StandardCharsets.UTF_8);
        NirPython.Result r = NirPython.check(nir, json);
        assertEquals(0, r.exit(), () -> "check_nir.py failed:\n" + r.output());
        assertTrue(r.output().contains("ok"), r.output());
    }

    /** The checker is not vacuous: one wrong weight, or a wrong readout, makes it fail. */
    @Test
    void checkerReportsMismatches() throws IOException {
        FoldedNetwork f = network();
        Path nir = export(f);
        double[][] x = input();
        Reference ref = simulate(f, x);

        Map<String, Object> wrongWeight = expected(x, ref.readout);
        @SuppressWarnings("unchecked")
        var nodes = (Map<String, Map<String, Object>>) wrongWeight.get("nodes");
        nodes.get("l1_affine2").put("weight", dense(2, 4, 0, 1, -0.5, 0, 3, 0.375));
        Path json = dir.resolve("wrong-weight.json");
        Files.writeString(json, Json.write(wrongWeight), StandardCharsets.UTF_8);
        NirPython.Result r = NirPython.check(nir, json);
        assertNotEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("l1_affine2.weight"), r.output());

        double[][] shifted = new double[STEPS][];
        for (int t = 0; t < STEPS; t++) {
            shifted[t] = ref.readout[t].clone();
        }
        shifted[STEPS - 1][1] += 1e-6;
        Path json2 = dir.resolve("wrong-readout.json");
        Files.writeString(json2, Json.write(expected(x, shifted)), StandardCharsets.UTF_8);
        NirPython.Result r2 = NirPython.check(nir, json2);
        assertNotEquals(0, r2.exit(), r2.output());
        assertTrue(r2.output().contains("simulated readout differs"), r2.output());
    }

    @Test
    void aFileInPlaceOfTheDirectoryIsAClearError() throws IOException {
        Path file = dir.resolve("out");
        Files.writeString(file, "not a directory");
        NirTarget t = new NirTarget();
        DeployedNetwork net = t.deploy(network(), profile(FloatLif.NAME), provenance());
        var e = assertThrows(SpikeportException.class, () -> t.write(net, network(), profile(FloatLif.NAME), file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals("not a directory", Files.readString(file));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList());
        }
    }

    @Test
    void aDirectoryNamedLikeTheFileIsAClearErrorAndLeavesNoPartialFile() throws IOException {
        Files.createDirectory(dir.resolve("network.nir"));
        NirTarget t = new NirTarget();
        DeployedNetwork net = t.deploy(network(), profile(FloatLif.NAME), provenance());
        var e = assertThrows(SpikeportException.class, () -> t.write(net, network(), profile(FloatLif.NAME), dir));
        assertTrue(e.getMessage().contains("network.nir") && e.getMessage().contains("directory"), e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("network.nir")), s.toList());
        }
    }

    @Test
    void aReadOnlyDirectoryIsAClearErrorAndLeavesNoPartialFile() throws IOException {
        Path out = Files.createDirectory(dir.resolve("ro"));
        NirTarget t = new NirTarget();
        DeployedNetwork net = t.deploy(network(), profile(FloatLif.NAME), provenance());
        assertTrue(out.toFile().setWritable(false, false));
        try {
            if (Files.isWritable(out)) {
                // Permission bits do not bind this user (root): the write succeeds, completely.
                t.write(net, network(), profile(FloatLif.NAME), out);
                try (Stream<Path> s = Files.list(out)) {
                    assertEquals(List.of(out.resolve("network.nir")), s.toList());
                }
                return;
            }
            var e = assertThrows(SpikeportException.class, () -> t.write(net, network(), profile(FloatLif.NAME), out));
            assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
            try (Stream<Path> s = Files.list(out)) {
                assertEquals(List.of(), s.toList());
            }
        } finally {
            out.toFile().setWritable(true, false);
        }
    }

    // ---- the expected graph, written out by hand from network() ----

    private static Map<String, Object> expected(double[][] x, double[][] readout) {
        Map<String, Object> nodes = new LinkedHashMap<>();
        nodes.put("input", node("Input", "shape", new long[] {3}));
        nodes.put("l0_affine0", node("Affine", "weight", dense(4, 3, 0, 0, 0.75, 2, 1, 0.625, 3, 0, 0.25),
                "bias", new double[] {0.1, -0.05, 0.2, 0.0}));
        nodes.put("l0_delay1", node("Delay", "delay", new double[] {0.01, 0.01, 0.01}));
        nodes.put("l0_affine1", node("Affine", "weight", dense(4, 3, 1, 1, 1.25, 2, 0, -0.375),
                "bias", new double[4]));
        nodes.put("l0_delay3", node("Delay", "delay", new double[] {0.03, 0.03, 0.03}));
        nodes.put("l0_affine3", node("Affine", "weight", dense(4, 3, 0, 2, 0.5, 3, 2, 0.875),
                "bias", new double[4]));
        nodes.put("l0_lif", node("LIF", "tau", new double[] {0.015, 0.015, 0.015, 0.015},
                "r", new double[] {1.5, 1.5, 1.5, 1.5}, "v_leak", new double[4],
                "v_threshold", new double[] {1, 1, 1, 1}, "v_reset", new double[4]));
        nodes.put("l1_affine0", node("Affine", "weight", dense(2, 4, 0, 0, 1.5, 1, 2, 1.0), "bias", new double[2]));
        nodes.put("l1_delay2", node("Delay", "delay", new double[] {0.02, 0.02, 0.02, 0.02}));
        nodes.put("l1_affine2", node("Affine", "weight", dense(2, 4, 0, 1, -0.5, 0, 3, 0.25), "bias", new double[2]));
        nodes.put("l1_delay4", node("Delay", "delay", new double[] {0.04, 0.04, 0.04, 0.04}));
        nodes.put("l1_affine4", node("Affine", "weight", dense(2, 4, 1, 3, -0.75), "bias", new double[2]));
        nodes.put("l1_li", node("LI", "tau", new double[] {0.02, 0.02}, "r", new double[] {2, 2},
                "v_leak", new double[2]));
        nodes.put("output", node("Output", "shape", new long[] {2}));

        List<List<String>> edges = new ArrayList<>();
        for (String[] e : new String[][] {
                {"input", "l0_affine0"}, {"input", "l0_delay1"}, {"l0_delay1", "l0_affine1"},
                {"input", "l0_delay3"}, {"l0_delay3", "l0_affine3"},
                {"l0_affine0", "l0_lif"}, {"l0_affine1", "l0_lif"}, {"l0_affine3", "l0_lif"},
                {"l0_lif", "l1_affine0"}, {"l0_lif", "l1_delay2"}, {"l1_delay2", "l1_affine2"},
                {"l0_lif", "l1_delay4"}, {"l1_delay4", "l1_affine4"},
                {"l1_affine0", "l1_li"}, {"l1_affine2", "l1_li"}, {"l1_affine4", "l1_li"},
                {"l1_li", "output"}}) {
            edges.add(List.of(e));
        }

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("dt", 0.01);
        metadata.put("profile", "nir");
        metadata.put("profile_sha256", "ab".repeat(32));
        metadata.put("source_sha256", "cd".repeat(32));
        metadata.put("producer", "spikeport 0.1.0-test");

        Map<String, Object> nodeMetadata = new LinkedHashMap<>();
        nodeMetadata.put("l0_delay3", Map.of("delay_steps", 3, "layer", "hidden1"));
        nodeMetadata.put("l0_affine3", Map.of("delay_steps", 3, "layer", "hidden1"));
        nodeMetadata.put("l1_affine4", Map.of("delay_steps", 4, "layer", "readout"));
        nodeMetadata.put("l0_lif", Map.of("layer", "hidden1", "tau_steps", 1.5));
        nodeMetadata.put("l1_li", Map.of("layer", "readout", "tau_steps", 2.0));

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodes", nodes);
        m.put("edges", edges);
        m.put("metadata", metadata);
        m.put("node_metadata", nodeMetadata);
        m.put("input", List.of(x));
        m.put("readout_v", List.of(readout));
        return m;
    }

    private static Map<String, Object> node(String type, Object... fields) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("type", type);
        for (int i = 0; i < fields.length; i += 2) {
            n.put((String) fields[i], fields[i + 1]);
        }
        return n;
    }

    /** A dense {@code (rows, cols)} matrix from (row, col, value) triples. */
    private static List<double[]> dense(int rows, int cols, double... triples) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < triples.length; i += 3) {
            m[(int) triples[i]][(int) triples[i + 1]] = triples[i + 2];
        }
        return List.of(m);
    }

    // ---- the reference: the folded network simulated directly ----

    /** Per-step input counts of the 3 channels. */
    private static double[][] input() {
        double[][] x = new double[STEPS][3];
        for (int t = 0; t < STEPS; t++) {
            for (int c = 0; c < 3; c++) {
                x[t][c] = (t * 7 + c * 3) % 5 == 0 ? 2 : (t + c) % 3 == 0 ? 1 : 0;
            }
        }
        return x;
    }

    private record Reference(double[][] readout, int hiddenSpikes) {
    }

    /**
     * Time-stepped simulation of {@code f} under the IR's delay contract: a spike (or input count) of
     * {@code pre} at step {@code t} reaches {@code post} at {@code t + d}; layers are updated in order
     * within a step; {@code v = v (1 - 1/tau) + I + bias}, spike and reset to 0 when {@code v >= threshold}.
     */
    private static Reference simulate(FoldedNetwork f, double[][] x) {
        double[][] source = x;
        double[][] readout = null;
        int spikes = 0;
        for (FoldedNetwork.Layer l : f.layers()) {
            double[][] out = new double[STEPS][l.outputs()];
            double[] v = new double[l.outputs()];
            for (int t = 0; t < STEPS; t++) {
                double[] current = new double[l.outputs()];
                for (int s = 0; s < l.synapses(); s++) {
                    int from = t - l.delay()[s];
                    if (from >= 0) {
                        current[l.post()[s]] += l.weight()[s] * source[from][l.pre()[s]];
                    }
                }
                for (int i = 0; i < l.outputs(); i++) {
                    v[i] = v[i] * (1 - 1 / l.tau()) + current[i] + l.bias()[i];
                    if (l.isReadout()) {
                        out[t][i] = v[i];
                    } else if (v[i] >= l.threshold()) {
                        out[t][i] = 1;
                        v[i] = 0;
                        spikes++;
                    }
                }
            }
            source = out;
            readout = out;
        }
        return new Reference(readout, spikes);
    }
}
