package org.spikeport.exporter.nir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Arrays;
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
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.json.Json;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.testing.TestPython;
import org.spikeport.exporter.FoldedNetwork;
import org.spikeport.exporter.Violation;

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

    /**
     * 2 inputs -> 3 hidden LIF resetting by subtraction (tau 2, delays 0 and 2, recurrent lags 1 and 2) -> 2
     * hidden LIF resetting to zero (tau 1.5, delays 0 and 1, recurrent lags 1 and 3) -> 2 readout (tau 2,
     * delays 0 and 1), decoded by summed membranes. Weights are exact in float32.
     */
    static FoldedNetwork recurrentNetwork() {
        return recurrentNetwork(ResetMode.SUBTRACT, true);
    }

    /**
     * {@link #recurrentNetwork()} with the first layer's reset {@code reset}, and without recurrent synapses
     * unless {@code recurrent}.
     */
    private static FoldedNetwork recurrentNetwork(ResetMode reset, boolean recurrent) {
        var hidden1 = new FoldedNetwork.Layer("hidden1", 2, 3,
                new int[] {0, 1, 0, 1, 1},
                new int[] {0, 0, 1, 2, 2},
                new double[] {0.875, 0.5, 1.25, 0.75, -0.25},
                new int[] {0, 2, 0, 0, 2},
                new double[] {0.125, 0, 0.25}, 2.0, 1.0, 24, reset,
                !recurrent ? FoldedNetwork.Synapses.NONE : new FoldedNetwork.Synapses(new int[] {1, 0, 2},
                        new int[] {0, 1, 2}, new double[] {0.5, 0.75, -0.25}, new int[] {1, 2, 1}));
        var hidden2 = new FoldedNetwork.Layer("hidden2", 3, 2,
                new int[] {0, 2, 1, 2},
                new int[] {0, 0, 1, 1},
                new double[] {1.125, 0.5, 0.875, -0.375},
                new int[] {0, 1, 1, 0},
                new double[] {0, 0.0625}, 1.5, 1.0, 24, ResetMode.ZERO,
                !recurrent ? FoldedNetwork.Synapses.NONE : new FoldedNetwork.Synapses(new int[] {1, 0, 1},
                        new int[] {0, 1, 1}, new double[] {-1.0, 0.5, 0.25}, new int[] {3, 3, 1}));
        var readout = new FoldedNetwork.Layer("readout", 2, 2,
                new int[] {0, 1, 1},
                new int[] {0, 0, 1},
                new double[] {1.5, -0.75, 1.0},
                new int[] {0, 1, 0},
                new double[] {0, 0}, 2.0, INF, 24);
        return new FoldedNetwork(2, 10, List.of(hidden1, hidden2, readout), Decoding.SUM);
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
        assertReadersAgree(nir, json);
    }

    /** check_nir.py passes on {@code nir} with nir 1.0.8 and with nir 1.0.4 as the reader. */
    private static void assertReadersAgree(Path nir, Path json) {
        TestPython.Result r = NirPython.check(nir, json);
        assertEquals(0, r.exit(), () -> "check_nir.py failed:\n" + r.output());
        assertTrue(r.output().contains("ok"), r.output());
        TestPython.Result old = NirPython.checkWithNir104(nir, json);
        assertEquals(0, old.exit(), () -> "check_nir.py --reader 1.0.4 failed:\n" + old.output());
        assertTrue(old.output().contains("ok"), old.output());
    }

    /**
     * What nir 1.0.4's reader raises on is not in the file: no v_reset dataset (LIF's default 0 is
     * omitted) and no metadata group on Linear, Scale and Threshold nodes; the graph's metadata holds the
     * importer table.
     */
    @Test
    void fieldsThatOlderReadersRejectAreNotWritten() {
        Path nir = export(recurrentNetwork());
        try (HdfFile h = new HdfFile(nir)) {
            var nodes = (io.jhdf.api.Group) h.getByPath("node/nodes");
            int checked = 0;
            for (var e : nodes.getChildren().entrySet()) {
                var node = (io.jhdf.api.Group) e.getValue();
                String type = (String) node.getDatasetByPath("type").getData();
                assertFalse(node.getChildren().containsKey("v_reset"), e.getKey() + " has v_reset");
                if (List.of("Linear", "Scale", "Threshold").contains(type)) {
                    assertFalse(node.getChildren().containsKey("metadata"), e.getKey() + " (" + type + ") has metadata");
                    checked++;
                }
            }
            assertEquals(6, checked, "the recurrent network has 4 Linear, 1 Scale and 1 Threshold node");
            String importers = (String) h.getDatasetByPath("node/metadata/importers").getData();
            assertTrue(importers.endsWith("\n" + NirImporters.table()), importers);
        }
    }

    /**
     * Under a profile with {@code delays.max: 0} (nir-delay-free) the target refuses every layer that needs
     * a Delay node, saying why; a network without delays, recurrence and reset by subtraction passes, and
     * the profile 'nir' refuses nothing.
     */
    @Test
    void aDelayFreeProfileRefusesWhatNeedsADelayNode() {
        NirTarget t = new NirTarget();
        HardwareProfile delayFree = delayFreeProfile();
        List<Violation> delays = t.check(t.deploy(network(), delayFree, provenance()), delayFree);
        assertEquals(List.of("hidden1", "readout"), delays.stream().map(Violation::layer).toList());
        assertTrue(delays.get(0).message().contains("delays up to 3 steps")
                && delays.get(0).message().contains("no NIR graph without Delay nodes computes it exactly"),
                delays.get(0).message());
        List<Violation> recurrent = t.check(t.deploy(recurrentNetwork(), delayFree, provenance()), delayFree);
        assertEquals(6, recurrent.size(), recurrent.toString());
        assertTrue(recurrent.stream().anyMatch(v -> v.message().contains("reset by subtraction")), recurrent.toString());
        assertEquals(2, recurrent.stream().filter(v -> v.message().contains("recurrent synapses")).count(),
                recurrent.toString());

        FoldedNetwork noDelays = withoutDelays(network());
        assertEquals(List.of(), t.check(t.deploy(noDelays, delayFree, provenance()), delayFree));
        assertEquals(List.of(), t.check(t.deploy(recurrentNetwork(), profile(FloatLif.NAME), provenance()),
                profile(FloatLif.NAME)));
    }

    /** {@link #network()}'s layers with every delay 0 (same weights, so repeated (post, pre) pairs sum). */
    static FoldedNetwork withoutDelays(FoldedNetwork f) {
        List<FoldedNetwork.Layer> layers = new ArrayList<>();
        for (FoldedNetwork.Layer l : f.layers()) {
            layers.add(new FoldedNetwork.Layer(l.name(), l.inputs(), l.outputs(), l.pre(), l.post(), l.weight(),
                    new int[l.synapses()], l.bias(), l.tau(), l.threshold(), 0));
        }
        return new FoldedNetwork(f.inputs(), f.dtMs(), layers);
    }

    private static HardwareProfile delayFreeProfile() {
        HardwareProfile p = profile(FloatLif.NAME);
        return new HardwareProfile("nir-delay-free", p.description(), p.arithmetic(),
                new HardwareProfile.Delays(0, 0, 0, "no Delay nodes"), p.weights(), p.neuron(), p.resources(),
                p.input(), p.energy(), p.sources(), p.sha256());
    }

    /**
     * Recurrent synapses become cycles through Delay/Linear pairs, reset by subtraction an LI, a Threshold
     * and a Delay/Scale loop: nir.read loads the graph with NIR's own checks, and simulating it gives the
     * folded network's readout at every step and each hidden layer's spikes.
     */
    @Test
    void recurrentSynapsesAndResetBySubtractionAreCyclesThatComputeTheTrainedModel() throws IOException {
        FoldedNetwork f = recurrentNetwork();
        Path nir = export(f);
        double[][] x = input(2);
        Reference ref = simulate(f, x);
        assertTrue(ref.spikes.get(0).size() >= 5 && ref.spikes.get(1).size() >= 3,
                "the test input must make both hidden layers spike, got " + ref.spikes.get(0).size() + " and "
                        + ref.spikes.get(1).size());
        for (FoldedNetwork without : List.of(recurrentNetwork(ResetMode.SUBTRACT, false),
                recurrentNetwork(ResetMode.ZERO, true))) {
            assertFalse(Arrays.deepEquals(ref.readout, simulate(without, x).readout),
                    "recurrent synapses and reset by subtraction must both change the readout");
        }
        try (HdfFile h = new HdfFile(nir)) {
            for (String key : new String[] {"recurrent", "reset", "delay_semantics", "discretisation"}) {
                assertTrue(h.getDatasetByPath("node/metadata/" + key).getData() instanceof String, key);
            }
        }

        Map<String, Object> expected = expectedRecurrent();
        expected.put("samples", List.of(sample(x, ref.readout,
                Map.of("l0_threshold", ref.spikes.get(0), "l1_lif", ref.spikes.get(1)))));
        Path json = dir.resolve("expected.json");
        Files.writeString(json, Json.write(expected), StandardCharsets.UTF_8);
        assertReadersAgree(nir, json);
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
        TestPython.Result r = NirPython.check(nir, json);
        assertNotEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("l1_affine2.weight"), r.output());

        double[][] shifted = new double[STEPS][];
        for (int t = 0; t < STEPS; t++) {
            shifted[t] = ref.readout[t].clone();
        }
        shifted[STEPS - 1][1] += 1e-6;
        Path json2 = dir.resolve("wrong-readout.json");
        Files.writeString(json2, Json.write(expected(x, shifted)), StandardCharsets.UTF_8);
        TestPython.Result r2 = NirPython.check(nir, json2);
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

        String[][] edges = {
                {"input", "l0_affine0"}, {"input", "l0_delay1"}, {"l0_delay1", "l0_affine1"},
                {"input", "l0_delay3"}, {"l0_delay3", "l0_affine3"},
                {"l0_affine0", "l0_lif"}, {"l0_affine1", "l0_lif"}, {"l0_affine3", "l0_lif"},
                {"l0_lif", "l1_affine0"}, {"l0_lif", "l1_delay2"}, {"l1_delay2", "l1_affine2"},
                {"l0_lif", "l1_delay4"}, {"l1_delay4", "l1_affine4"},
                {"l1_affine0", "l1_li"}, {"l1_affine2", "l1_li"}, {"l1_affine4", "l1_li"},
                {"l1_li", "output"}};

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

        Map<String, Object> m = graph(nodes, edges, metadata, nodeMetadata);
        m.put("samples", List.of(sample(x, readout, Map.of())));
        return m;
    }

    /** The graph part of the expected JSON. */
    private static Map<String, Object> graph(Map<String, Object> nodes, String[][] edges, Map<String, Object> metadata,
                                             Map<String, Object> nodeMetadata) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodes", nodes);
        m.put("edges", Arrays.stream(edges).map(List::of).toList());
        m.put("metadata", metadata);
        m.put("node_metadata", nodeMetadata);
        return m;
    }

    /** One sample of the expected JSON: inputs, readout membranes and the spikes of the named nodes. */
    private static Map<String, Object> sample(double[][] x, double[][] readout, Map<String, List<int[]>> spikes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", List.of(x));
        m.put("readout_v", List.of(readout));
        m.put("spikes", spikes);
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

    /** The graph of {@link #recurrentNetwork()}, written out by hand. */
    private static Map<String, Object> expectedRecurrent() {
        Map<String, Object> nodes = new LinkedHashMap<>();
        nodes.put("input", node("Input", "shape", new long[] {2}));
        nodes.put("l0_affine0", node("Affine", "weight", dense(3, 2, 0, 0, 0.875, 1, 0, 1.25, 2, 1, 0.75),
                "bias", new double[] {0.125, 0, 0.25}));
        nodes.put("l0_delay2", node("Delay", "delay", new double[] {0.02, 0.02}));
        nodes.put("l0_affine2", node("Affine", "weight", dense(3, 2, 0, 1, 0.5, 2, 1, -0.25), "bias", new double[3]));
        nodes.put("l0_recurrent_delay1", node("Delay", "delay", new double[] {0.01, 0.01, 0.01}));
        nodes.put("l0_recurrent_linear1", node("Linear", "weight", dense(3, 3, 0, 1, 0.5, 2, 2, -0.25)));
        nodes.put("l0_recurrent_delay2", node("Delay", "delay", new double[] {0.02, 0.02, 0.02}));
        nodes.put("l0_recurrent_linear2", node("Linear", "weight", dense(3, 3, 1, 0, 0.75)));
        nodes.put("l0_li", node("LI", "tau", new double[] {0.02, 0.02, 0.02}, "r", new double[] {2, 2, 2},
                "v_leak", new double[3]));
        nodes.put("l0_threshold", node("Threshold", "threshold", new double[] {1, 1, 1}));
        nodes.put("l0_reset_delay", node("Delay", "delay", new double[] {0.01, 0.01, 0.01}));
        nodes.put("l0_reset", node("Scale", "scale", new double[] {-0.5, -0.5, -0.5}));
        nodes.put("l1_affine0", node("Affine", "weight", dense(2, 3, 0, 0, 1.125, 1, 2, -0.375),
                "bias", new double[] {0, 0.0625}));
        nodes.put("l1_delay1", node("Delay", "delay", new double[] {0.01, 0.01, 0.01}));
        nodes.put("l1_affine1", node("Affine", "weight", dense(2, 3, 0, 2, 0.5, 1, 1, 0.875), "bias", new double[2]));
        nodes.put("l1_recurrent_delay1", node("Delay", "delay", new double[] {0.01, 0.01}));
        nodes.put("l1_recurrent_linear1", node("Linear", "weight", dense(2, 2, 1, 1, 0.25)));
        nodes.put("l1_recurrent_delay3", node("Delay", "delay", new double[] {0.03, 0.03}));
        nodes.put("l1_recurrent_linear3", node("Linear", "weight", dense(2, 2, 0, 1, -1, 1, 0, 0.5)));
        nodes.put("l1_lif", node("LIF", "tau", new double[] {0.015, 0.015}, "r", new double[] {1.5, 1.5},
                "v_leak", new double[2], "v_threshold", new double[] {1, 1}, "v_reset", new double[2]));
        nodes.put("l2_affine0", node("Affine", "weight", dense(2, 2, 0, 0, 1.5, 1, 1, 1.0), "bias", new double[2]));
        nodes.put("l2_delay1", node("Delay", "delay", new double[] {0.01, 0.01}));
        nodes.put("l2_affine1", node("Affine", "weight", dense(2, 2, 0, 1, -0.75), "bias", new double[2]));
        nodes.put("l2_li", node("LI", "tau", new double[] {0.02, 0.02}, "r", new double[] {2, 2},
                "v_leak", new double[2]));
        nodes.put("output", node("Output", "shape", new long[] {2}));

        String[][] edges = {
                {"input", "l0_affine0"}, {"input", "l0_delay2"}, {"l0_delay2", "l0_affine2"},
                {"l0_affine0", "l0_li"}, {"l0_affine2", "l0_li"},
                {"l0_threshold", "l0_recurrent_delay1"}, {"l0_recurrent_delay1", "l0_recurrent_linear1"},
                {"l0_recurrent_linear1", "l0_li"},
                {"l0_threshold", "l0_recurrent_delay2"}, {"l0_recurrent_delay2", "l0_recurrent_linear2"},
                {"l0_recurrent_linear2", "l0_li"},
                {"l0_li", "l0_threshold"}, {"l0_threshold", "l0_reset_delay"}, {"l0_reset_delay", "l0_reset"},
                {"l0_reset", "l0_li"},
                {"l0_threshold", "l1_affine0"}, {"l0_threshold", "l1_delay1"}, {"l1_delay1", "l1_affine1"},
                {"l1_affine0", "l1_lif"}, {"l1_affine1", "l1_lif"},
                {"l1_lif", "l1_recurrent_delay1"}, {"l1_recurrent_delay1", "l1_recurrent_linear1"},
                {"l1_recurrent_linear1", "l1_lif"},
                {"l1_lif", "l1_recurrent_delay3"}, {"l1_recurrent_delay3", "l1_recurrent_linear3"},
                {"l1_recurrent_linear3", "l1_lif"},
                {"l1_lif", "l2_affine0"}, {"l1_lif", "l2_delay1"}, {"l2_delay1", "l2_affine1"},
                {"l2_affine0", "l2_li"}, {"l2_affine1", "l2_li"},
                {"l2_li", "output"}};

        Map<String, Object> nodeMetadata = new LinkedHashMap<>();
        nodeMetadata.put("l0_li", Map.of("layer", "hidden1", "tau_steps", 2.0, "reset", "subtraction"));
        nodeMetadata.put("l0_reset_delay", Map.of("layer", "hidden1", "delay_steps", 1));
        nodeMetadata.put("l0_recurrent_delay2", Map.of("layer", "hidden1", "delay_steps", 2));
        nodeMetadata.put("l1_recurrent_delay3", Map.of("layer", "hidden2", "delay_steps", 3));
        nodeMetadata.put("l1_lif", Map.of("layer", "hidden2", "tau_steps", 1.5, "reset", "zero"));
        nodeMetadata.put("l2_li", Map.of("layer", "readout", "tau_steps", 2.0, "reset", "none"));

        return graph(nodes, edges, Map.of("dt", 0.01), nodeMetadata);
    }

    // ---- the reference: the folded network simulated directly ----

    /** Per-step input counts of the 3 channels. */
    private static double[][] input() {
        return input(3);
    }

    /** Per-step input counts of {@code channels} channels. */
    private static double[][] input(int channels) {
        double[][] x = new double[STEPS][channels];
        for (int t = 0; t < STEPS; t++) {
            for (int c = 0; c < channels; c++) {
                x[t][c] = (t * 7 + c * 3) % 5 == 0 ? 2 : (t + c) % 3 == 0 ? 1 : 0;
            }
        }
        return x;
    }

    /** The readout membranes, and every spike of each spiking layer as (step, neuron) in step then neuron order. */
    private record Reference(double[][] readout, int hiddenSpikes, List<List<int[]>> spikes) {
    }

    /**
     * Time-stepped simulation of {@code f} under the IR's delay contract: a spike (or input count) of
     * {@code pre} at step {@code t} reaches {@code post} at {@code t + d}, a layer's own spike through a
     * recurrent synapse at {@code t + D}; layers are updated in order within a step;
     * {@code v = v (1 - 1/tau) + I + bias}, spike when {@code v >= threshold}, then {@code v = 0} or, for
     * reset by subtraction, {@code v = v - threshold}.
     */
    private static Reference simulate(FoldedNetwork f, double[][] x) {
        double[][] source = x;
        double[][] readout = null;
        int spikes = 0;
        List<List<int[]>> events = new ArrayList<>();
        for (FoldedNetwork.Layer l : f.layers()) {
            double[][] out = new double[STEPS][l.outputs()];
            double[] v = new double[l.outputs()];
            List<int[]> layerEvents = new ArrayList<>();
            FoldedNetwork.Synapses rec = l.recurrent();
            for (int t = 0; t < STEPS; t++) {
                double[] current = new double[l.outputs()];
                for (int s = 0; s < l.synapses(); s++) {
                    int from = t - l.delay()[s];
                    if (from >= 0) {
                        current[l.post()[s]] += l.weight()[s] * source[from][l.pre()[s]];
                    }
                }
                for (int s = 0; s < rec.size(); s++) {
                    int from = t - rec.delay()[s];
                    if (from >= 0) {
                        current[rec.post()[s]] += rec.weight()[s] * out[from][rec.pre()[s]];
                    }
                }
                for (int i = 0; i < l.outputs(); i++) {
                    v[i] = v[i] * (1 - 1 / l.tau()) + current[i] + l.bias()[i];
                    if (l.isReadout()) {
                        out[t][i] = v[i];
                    } else if (v[i] >= l.threshold()) {
                        out[t][i] = 1;
                        v[i] = l.reset() == ResetMode.SUBTRACT ? v[i] - l.threshold() : 0;
                        spikes++;
                        layerEvents.add(new int[] {t, i});
                    }
                }
            }
            source = out;
            readout = out;
            events.add(layerEvents);
        }
        return new Reference(readout, spikes, events);
    }
}
