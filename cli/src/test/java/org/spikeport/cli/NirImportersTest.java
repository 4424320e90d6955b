package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.data.SpikeRecording;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.core.testing.TestPython;
import org.spikeport.exporter.nir.NirImporters;
import org.spikeport.exporter.nir.NirTarget;

/**
 * The NIR importers of Python SNN simulators on fresh exports of the demo-like {@link TrainedFixture#get()}
 * (140-16-5, learned delays up to 8 steps, reset to zero), once as exported (profile {@code nir}, Delay
 * nodes) and once with every delay set to 0 (profile {@code nir-delay-free}, no Delay node): each importer,
 * called through its documented entry ({@code exporter/src/test/python/check_nir_importers.py}), must do
 * exactly what {@link NirImporters#ROWS} records, at the version recorded; the table must be in the file's
 * metadata and in {@code docs/nir.md}. Both files are read by nir 1.0.8 and by nir 1.0.4 and reproduce
 * spikeport's simulator exactly (check_nir.py). A missing importer fails the test.
 */
class NirImportersTest {

    private static final HardwareProfile NIR = HardwareProfiles.bundled("nir");
    private static final HardwareProfile DELAY_FREE = HardwareProfiles.bundled("nir-delay-free");
    private static final Path SCRIPT = Path.of("exporter", "src", "test", "python", "check_nir_importers.py");
    private static final Path DOC = Path.of("docs", "nir.md");

    @TempDir
    Path dir;

    /** What one importer did with one file. */
    private record Measured(String version, String outcome, String detail) {
    }

    @Test
    void importersDoWhatTheTableRecordsAndBothReadersReproduceTheSimulator() throws IOException {
        TrainedModel delayed = TrainedFixture.get().trained;
        assertTrue(delayed.network().layers().stream().anyMatch(l -> max(l.delays()) >= 1),
                "the demo-like model must have delays");
        TrainedModel delayFree = withoutDelays(delayed);
        List<CountFrame> frames = new ArrayList<>();
        for (SpikeRecording s : TrainedFixture.SYNTH.test().subList(0, 8)) {
            frames.add(Binning.SHD.bin(s, Math.max(1, Binning.SHD.steps(s))));
        }
        List<Path> files = new ArrayList<>();
        NirAgreementTest.agreementCase(dir.resolve("delays"), delayed, NIR, frames, files);
        NirAgreementTest.agreementCase(dir.resolve("delay-free"), delayFree, DELAY_FREE, frames, files);
        Path withDelays = files.get(0);
        Path withoutDelays = files.get(2);
        assertTrue(nodeTypes(withDelays).contains("Delay"));
        assertEquals(List.of("Affine", "Input", "LI", "LIF", "Output"), nodeTypes(withoutDelays));

        NirAgreementTest.check(files, false);
        NirAgreementTest.check(files, true);

        Map<Path, Map<String, Measured>> measured = runImporters(files);
        for (NirImporters.Row row : NirImporters.ROWS) {
            for (Path file : List.of(withDelays, withoutDelays)) {
                Measured m = measured.get(file).get(row.importer());
                String want = file == withDelays ? row.withDelays() : row.delayFree();
                assertTrue(m != null, row.importer() + " was not run on " + file + ": " + measured);
                System.out.println("NirImportersTest: " + row.importer() + " " + m.version() + " on "
                        + file.getParent().getFileName() + ": " + m.outcome() + " (" + m.detail() + ")");
                assertEquals(row.version(), m.version(), row.importer() + " version (pin it as in the table)");
                assertEquals(want, m.outcome(), row.importer() + " on " + file + " (" + m.detail() + ")");
            }
        }
        assertEquals(NirImporters.ROWS.stream().map(NirImporters.Row::importer).sorted().toList(),
                measured.get(withDelays).keySet().stream().sorted().toList(), "every importer measured is in the table");
    }

    /** The graph's metadata and docs/nir.md hold the importer table, row for row. */
    @Test
    void theTableIsInTheFileAndInTheDocs() throws IOException {
        List<Path> files = new ArrayList<>();
        NirAgreementTest.agreementCase(dir.resolve("delays"), TrainedFixture.get().trained, NIR, List.of(), files);
        try (HdfFile h = new HdfFile(files.get(0))) {
            String importers = (String) h.getDatasetByPath("node/metadata/importers").getData();
            assertTrue(importers.endsWith("\n" + NirImporters.table()), importers);
        }
        String doc = Files.readString(Path.of(System.getProperty("spikeport.root")).resolve(DOC), StandardCharsets.UTF_8);
        List<String> lines = doc.lines().toList();
        assertTrue(lines.contains(NirImporters.HEADER), DOC + " lacks the table header " + NirImporters.HEADER);
        for (NirImporters.Row row : NirImporters.ROWS) {
            assertTrue(lines.contains(row.line()), DOC + " lacks the row\n" + row.line());
        }
    }

    /** The CLI refuses the model with delays under nir-delay-free (exit 3) and says plainly why. */
    @Test
    void theDelayFreeProfileRefusesDelaysAndSaysWhy() {
        Cli r = Cli.run("export", "--model", TrainedFixture.get().model.toString(), "--target", NirTarget.NAME,
                "--profile", "nir-delay-free", "--out", dir.resolve("out").toString());
        assertEquals(ExportCommand.EXIT_DOES_NOT_FIT, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("DOES NOT FIT"), r.out());
        assertTrue(r.out().contains("no NIR graph without Delay nodes computes it exactly"), r.out());
        assertTrue(!Files.exists(dir.resolve("out").resolve(NirTarget.FILE)), "no network.nir may be written");
    }

    /** {@code m} with every feed-forward delay set to 0. */
    private static TrainedModel withoutDelays(TrainedModel m) {
        TrainedNetwork n = m.network();
        List<TrainedLayer> layers = n.layers().stream().map(l -> new TrainedLayer(l.name(), l.inputs(), l.outputs(),
                l.weights(), new float[l.delays().length], l.maxDelay(), l.mask(), l.batchNorm(), l.neuron(), l.bias(),
                l.recurrent())).toList();
        return new TrainedModel(new TrainedNetwork(n.inputs(), n.dtMs(), n.sigma(), layers, n.decoding()), m.config(),
                m.metrics(), m.provenance());
    }

    private static float max(float[] a) {
        float m = 0;
        for (float v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** The distinct NIR types of the file's nodes, sorted. */
    private static List<String> nodeTypes(Path file) {
        try (HdfFile h = new HdfFile(file)) {
            Group nodes = (Group) h.getByPath("node/nodes");
            return nodes.getChildren().values().stream()
                    .map(n -> (String) ((Group) n).getDatasetByPath("type").getData()).distinct().sorted().toList();
        }
    }

    /** Runs check_nir_importers.py on the (network.nir, expected.json) pairs: file -> importer -> what it did. */
    private static Map<Path, Map<String, Measured>> runImporters(List<Path> files) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(NirAgreementTest.python(),
                Path.of(System.getProperty("spikeport.root")).resolve(SCRIPT).toString(),
                String.format(Locale.ROOT, "%g", NirImporters.AGREEMENT_TOLERANCE)));
        files.forEach(f -> cmd.add(f.toString()));
        TestPython.Result r = TestPython.run(cmd, Map.of());
        String output = r.output();
        int exit = r.exit();
        assertEquals(0, exit, "check_nir_importers.py failed (are python/requirements-nir-importers.txt installed?"
                + " run ./test.sh):\n" + output);
        Map<Path, Map<String, Measured>> m = new LinkedHashMap<>();
        for (String line : output.lines().filter(l -> l.startsWith("RESULT\t")).toList()) {
            String[] f = line.split("\t", -1);
            assertEquals(6, f.length, line);
            m.computeIfAbsent(Path.of(f[1]), k -> new LinkedHashMap<>()).put(f[2], new Measured(f[3], f[4], f[5]));
        }
        assertEquals(files.size() / 2, m.size(), output);
        return m;
    }
}
