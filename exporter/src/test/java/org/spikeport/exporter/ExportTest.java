package org.spikeport.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.core.json.Json;
import org.spikeport.core.profile.HardwareProfile;

class ExportTest {

    @TempDir
    Path dir;

    /** A target that keeps float weights and writes one text file; it can be told to fail while writing. */
    static final class TestTarget implements Target {
        boolean failWrite;
        List<String> notes = List.of();

        @Override
        public String name() {
            return "test";
        }

        @Override
        public String profileName() {
            return "test";
        }

        @Override
        public DeployedNetwork deploy(FoldedNetwork net, HardwareProfile profile, Provenance provenance) {
            return FloatDeployment.deploy(name(), net, profile, provenance);
        }

        @Override
        public List<String> notes(DeployedNetwork net, HardwareProfile profile) {
            return notes;
        }

        @Override
        public List<Path> write(DeployedNetwork net, FoldedNetwork folded, HardwareProfile profile, Path dir) {
            if (failWrite) {
                throw new SpikeportException("disk full");
            }
            try {
                return List.of(Files.writeString(dir.resolve("chip.txt"), "layers " + net.layers().size()));
            } catch (IOException e) {
                throw new SpikeportException(e.getMessage(), e);
            }
        }
    }

    static HardwareProfile profile(Integer maxDelay, int minDelay, Integer neuronsPerCore, Long synapsesPerCore,
                                   Integer fanIn, Integer cores) {
        return new HardwareProfile("test", "a test chip", FloatLif.NAME,
                new HardwareProfile.Delays(minDelay, maxDelay, 1, "test"),
                new HardwareProfile.Weights(null, List.of(), null, null), new TreeMap<>(),
                new HardwareProfile.Resources(neuronsPerCore, synapsesPerCore, fanIn, null, cores),
                new HardwareProfile.Input("graded", 32), new TreeMap<>(), new TreeMap<>(), "ab".repeat(32));
    }

    /** 4 inputs -> 6 hidden -> 2 readout, dense, delays d(post, pre) = post + pre (up to 8). */
    static TrainedModel model() {
        float[] w1 = new float[24];
        float[] d1 = new float[24];
        for (int i = 0; i < 24; i++) {
            w1[i] = 0.1f * (i + 1);
            d1[i] = i / 4 + i % 4;
        }
        float[] w2 = new float[12];
        float[] d2 = new float[12];
        for (int i = 0; i < 12; i++) {
            w2[i] = -0.2f * (i + 1);
            d2[i] = i % 6;
        }
        TrainedNetwork net = new TrainedNetwork(4, 10, 0.23, List.of(
                new TrainedLayer("hidden1", 4, 6, w1, d1, 8, null, null, Lif.spiking(1.5, 1)),
                new TrainedLayer("readout", 6, 2, w2, d2, 8, null, null, Lif.readout(1.5))));
        Provenance p = new Provenance("test", "test", 0, "", Instant.parse("2026-01-01T00:00:00Z"), "");
        return new TrainedModel(net, new TreeMap<>(), List.of(), p);
    }

    static Provenance provenance() {
        return new Provenance("test", "spikeport export", 0, "", Instant.parse("2026-01-01T00:00:00Z"), "cd".repeat(32));
    }

    private static ProfileChecks.Result check(Export e, String name) {
        return e.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyOffenderIsListedWithItsFix() {
        // delay max 7 with offset 1: chip delays d + 1 > 7 fail for d >= 7 (hidden: post + pre = 7 or 8 -> 3 synapses).
        Export e = Export.plan(model(), new TestTarget(), profile(7, 1, null, null, 3, null), provenance());
        assertFalse(e.fits());
        ProfileChecks.Result delays = check(e, "delay-range");
        assertEquals(3, delays.violations().size());
        Violation v = delays.violations().get(0);
        assertEquals("hidden1", v.layer());
        assertEquals("retrain with --max-delay 6 or less", v.fix());
        assertTrue(v.message().contains("delay 7 (chip delay 8) exceeds the maximum of 7 steps"), v.message());
        ProfileChecks.Result fanIn = check(e, "fan-in");
        assertEquals(6 + 2, fanIn.violations().size(), "every neuron has 4 or 6 inputs, more than 3");
        assertTrue(check(e, "core-capacity").passed());
    }

    @Test
    void coresArePackedByNeuronsAndSynapses() {
        // 4 neurons per core: hidden 6 -> 2 cores, readout 2 -> 1; 10 synapses per core: 4 inputs each -> 2 per core.
        Export byNeurons = Export.plan(model(), new TestTarget(), profile(null, 0, 4, null, null, null), provenance());
        assertEquals(List.of(2, 1), byNeurons.partition().perLayer());
        Export bySynapses = Export.plan(model(), new TestTarget(), profile(null, 0, null, 10L, null, null), provenance());
        assertEquals(List.of(3, 2), bySynapses.partition().perLayer(), "hidden: 2 neurons of 4 synapses per core; readout: 6 + 6 > 10");
        Export tooFew = Export.plan(model(), new TestTarget(), profile(null, 0, 4, null, null, 2), provenance());
        assertEquals(1, check(tooFew, "cores-per-chip").violations().size());
        Export oneNeuronTooBig = Export.plan(model(), new TestTarget(), profile(null, 0, null, 5L, null, null), provenance());
        assertEquals(2, check(oneNeuronTooBig, "core-capacity").violations().size(), "each readout neuron has 6 synapses");
    }

    @Test
    void writesEverythingWhenItFitsAndOnlyTheReportWhenNot() throws IOException {
        Path out = dir.resolve("out");
        Export ok = Export.plan(model(), new TestTarget(), profile(null, 0, null, null, null, null), provenance());
        assertTrue(ok.fits());
        List<Path> files = ok.write(out, new ExportReport(ok, "model.pb"));
        assertEquals(List.of("network.pb", "chip.txt", "report.json", "report.md"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(ok.network(), ModelFiles.readDeployed(out.resolve("network.pb")));
        String json = Files.readString(out.resolve("report.json"));
        assertTrue(json.contains("\"fits\": true") && json.contains("\"added_steps\": 2"), json);
        assertTrue(json.contains("\"hidden1\": [1, 2, 3, 4, 4, 4, 3, 2, 1]"), json);

        Export bad = Export.plan(model(), new TestTarget(), profile(5, 0, null, null, null, null), provenance());
        List<Path> reportOnly = bad.write(out, new ExportReport(bad, "model.pb"));
        assertEquals(2, reportOnly.size());
        assertFalse(Files.exists(out.resolve("network.pb")), "the earlier export is replaced as a whole");
        assertTrue(Files.readString(out.resolve("report.md")).contains("**Does not fit**"));
        assertNoLeftovers();
    }

    @Test
    void theTargetsNotesAreInTheReportWhenItFits() throws IOException {
        TestTarget t = new TestTarget();
        t.notes = List.of("chip.bin not written: no assembler");
        Export ok = Export.plan(model(), t, profile(null, 0, null, null, null, null), provenance());
        Path out = dir.resolve("noted");
        ok.write(out, new ExportReport(ok, "model.pb"));
        assertTrue(Files.readString(out.resolve("report.json"))
                .contains("\"notes\": [\"chip.bin not written: no assembler\"]"));
        assertTrue(Files.readString(out.resolve("report.md")).endsWith("\n## Notes\n\n- chip.bin not written: no assembler\n"));

        Export bad = Export.plan(model(), t, profile(5, 0, null, null, null, null), provenance());
        assertEquals(List.of(), new ExportReport(bad, "model.pb").notes(), "nothing is written, so nothing is left out");
        assertFalse(Json.write(new ExportReport(bad, "model.pb").toMap(List.of())).contains("notes"));
    }

    @Test
    void failedWriteKeepsTheEarlierExportAndLeavesNothing() throws IOException {
        Path out = dir.resolve("out");
        Export ok = Export.plan(model(), new TestTarget(), profile(null, 0, null, null, null, null), provenance());
        ok.write(out, new ExportReport(ok, "model.pb"));
        TestTarget failing = new TestTarget();
        failing.failWrite = true;
        Export e = Export.plan(model(), failing, profile(null, 0, null, null, null, null), provenance());
        assertThrows(SpikeportException.class, () -> e.write(out, new ExportReport(e, "model.pb")));
        assertTrue(Files.exists(out.resolve("chip.txt")));
        assertNoLeftovers();
    }

    @Test
    void refusesADirectoryThatIsNotAnExport() throws IOException {
        Path out = Files.createDirectory(dir.resolve("mine"));
        Files.writeString(out.resolve("thesis.tex"), "keep me");
        Export ok = Export.plan(model(), new TestTarget(), profile(null, 0, null, null, null, null), provenance());
        var ex = assertThrows(SpikeportException.class, () -> ok.write(out, new ExportReport(ok, "model.pb")));
        assertTrue(ex.getMessage().contains("holds no earlier export"), ex.getMessage());
        assertEquals("keep me", Files.readString(out.resolve("thesis.tex")));
    }

    @Test
    void aTargetWithoutTheModelsFeaturesWritesOnlyTheReport() throws IOException {
        Export e = Export.plan(RecurrentModels.model(), new TestTarget(), profile(null, 0, null, null, null, null),
                provenance());
        assertFalse(e.fits());
        ProfileChecks.Result features = check(e, Feature.CHECK);
        assertEquals(3, features.violations().size());
        assertEquals(List.of(Feature.CHECK, "target-specific"),
                e.checks().stream().map(ProfileChecks.Result::name).toList().subList(5, 7));
        Path out = dir.resolve("refused");
        List<Path> files = e.write(out, new ExportReport(e, "model.pb"));
        assertEquals(List.of("report.json", "report.md"), files.stream().map(p -> p.getFileName().toString()).toList());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("- model-features: layer 'hidden2': target 'test' does not deploy recurrent synapses yet "
                + "(2 recurrent synapses); export to 'float' or 'nir' or 'loihi' or 'spinnaker' or 'seneca' or "
                + "'truenorth-like', or retrain without recurrent synapses (--recurrent none)"), md);
        String json = Files.readString(out.resolve("report.json"));
        assertTrue(json.contains("\"name\": \"model-features\"") && json.contains("\"fits\": false"), json);
    }

    @Test
    void reportShowsRecurrentSynapsesAndTheirDelaysPerLayer() {
        Export e = Export.plan(RecurrentModels.model(), new FloatTarget(), profile(null, 0, null, null, null, null),
                provenance());
        assertTrue(e.fits(), e.violations().toString());
        ExportReport report = new ExportReport(e, "model.pb");
        Map<String, Object> m = report.toMap(List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> resources = (Map<String, Object>) m.get("resources");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> layers = (List<Map<String, Object>>) resources.get("layers");
        assertEquals(List.of(3, 2, 0), layers.stream().map(l -> l.get("recurrent_synapses")).toList());
        assertEquals(5L, resources.get("recurrent_synapses"));
        // 7 feed-forward + 5 recurrent synapses of 32 weight bits + 3 delay bits (largest delay 5, recurrent)
        assertEquals((12L * 35 + 7) / 8, resources.get("synapse_memory_bytes_estimate"));
        String json = Json.write(m);
        assertTrue(json.contains("  \"recurrent_delay_histogram\": {\n    \"hidden1\": [0, 1, 0, 1, 0, 1],\n"
                + "    \"hidden2\": [0, 1, 0, 1],\n    \"readout\": []\n  },"), json);
        assertTrue(json.contains("  \"delay_histogram\": {\n    \"hidden1\": [3, 0, 0, 0, 0, 0, 0],\n"), json);
        String md = report.toMarkdown(List.of());
        assertTrue(md.contains("| layer | neurons | synapses | recurrent synapses | max fan-in | cores |"), md);
        assertTrue(md.contains("| hidden1 | 3 | 3 | 3 | 2 | 1 |"), md);
        assertTrue(md.contains("| readout | 1 | 2 | 0 | 2 |"), md);
        assertTrue(md.contains("- hidden1, recurrent: [0, 1, 0, 1, 0, 1] (count per delay 0..5)\n"
                + "- hidden2, recurrent: [0, 1, 0, 1] (count per delay 0..3)\n"), md);
    }

    @Test
    void aFeedForwardReportHasNoRecurrentColumnsInMarkdown() {
        Export e = Export.plan(model(), new TestTarget(), profile(null, 0, null, null, null, null), provenance());
        String md = new ExportReport(e, "model.pb").toMarkdown(List.of());
        assertFalse(md.contains("recurrent"), md);
        assertTrue(md.contains("| layer | neurons | synapses | max fan-in | cores |"), md);
        String json = Json.write(new ExportReport(e, "model.pb").toMap(List.of()));
        assertTrue(json.contains("  \"recurrent_delay_histogram\": {\n    \"hidden1\": [],\n    \"readout\": []\n  },"), json);
        assertTrue(json.contains("\"recurrent_synapses\": 0,"), json);
    }

    private void assertNoLeftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().noneMatch(n -> n.contains(".partial-") || n.contains(".old-")), names.toString());
        }
    }
}
