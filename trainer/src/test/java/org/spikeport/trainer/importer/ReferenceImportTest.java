package org.spikeport.trainer.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.files.FileHashes;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.BatchNorm;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.TrainConfig.DelayMode;
import org.spikeport.trainer.TrainConfig.SigmaMode;

class ReferenceImportTest {

    private static final String[] NAMES = {"hidden1", "hidden2", "readout"};

    @TempDir
    static Path dir;

    private static NpzScripts.Expected expected;

    @BeforeAll
    static void generate() throws IOException {
        NpzScripts.generate("make_reference_npz.py", dir);
        expected = NpzScripts.expected(dir);
    }

    /** The configuration of the script's network: 7 inputs, hidden 6 and 5, Td = 25, tau 1.005. */
    static TrainConfig config() {
        return new TrainConfig("small", new int[] {6, 5}, 24, 1.005, 12, 64, 0.1, 1e-3, 5e-3, 1e-5, 0.1,
                DelayMode.LEARNED, SigmaMode.DECREASING, true, 0, 10, 1, 7, 42);
    }

    private static ImportResult importFile(String name) {
        return ReferenceImport.fromNpz(dir.resolve(name), config(), "spikeport import " + name);
    }

    @Test
    void convertsEveryValue() {
        ImportResult result = importFile("reference.npz");
        assertEquals(0, result.clampedDelays());
        assertEquals(List.of(), result.warnings());
        TrainedNetwork net = result.model().network();
        assertEquals(expected.integer("inputs"), net.inputs());
        assertEquals(10.0, net.dtMs());
        assertEquals(expected.floats("sigma")[0], (float) net.sigma());
        double[] sizes = expected.get("sizes");
        assertEquals(sizes.length, net.layers().size());
        int taps = expected.integer("taps");
        int inputs = net.inputs();
        for (int l = 0; l < NAMES.length; l++) {
            TrainedLayer layer = net.layers().get(l);
            String name = NAMES[l];
            assertEquals(name, layer.name());
            assertEquals(inputs, layer.inputs());
            assertEquals((int) sizes[l], layer.outputs());
            assertEquals(taps - 1, layer.maxDelay());
            assertNull(layer.mask());
            assertArrayEquals(expected.floats(name + ".weights"), layer.weights(), name + " weights");
            assertArrayEquals(expected.floats(name + ".delays"), layer.delays(), name + " delays (d = 12 - P)");
            assertEquals(1.005, layer.neuron().tau());
            if (l < NAMES.length - 1) {
                BatchNorm bn = layer.batchNorm();
                assertArrayEquals(expected.floats(name + ".gamma"), bn.gamma(), name + " gamma");
                assertArrayEquals(expected.floats(name + ".beta"), bn.beta(), name + " beta");
                assertArrayEquals(expected.floats(name + ".mean"), bn.mean(), name + " mean");
                assertArrayEquals(expected.floats(name + ".var"), bn.variance(), name + " variance");
                assertEquals(1e-5, bn.eps());
                assertEquals(1.0, layer.neuron().threshold());
                assertFalse(layer.neuron().isReadout());
            } else {
                assertNull(layer.batchNorm());
                assertTrue(layer.neuron().isReadout());
            }
            inputs = layer.outputs();
        }
    }

    @Test
    void recordsConfigAndProvenance() {
        TrainedModel model = importFile("reference.npz").model();
        assertEquals("snn-delays", model.config().get("imported_from"));
        config().toMap().forEach((k, v) -> assertEquals(v, model.config().get(k), k));
        assertEquals("reference", model.config().get("time_convention"));
        assertEquals("reference", model.config().get("binning"));
        assertEquals(config().toMap().size() + 3, model.config().size());
        assertEquals(List.of(), model.metrics());
        assertEquals("spikeport import reference.npz", model.provenance().commandLine());
        assertEquals(42, model.provenance().seed());
        assertEquals("", model.provenance().datasetFingerprint());
        assertEquals(FileHashes.sha256(dir.resolve("reference.npz")), model.provenance().sourceSha256());
    }

    @Test
    void compressedArchiveGivesTheSameNetwork() {
        assertEquals(importFile("reference.npz").model().network(), importFile("compressed.npz").model().network());
    }

    @Test
    void keysWithoutPrefixFlatPositionsAndFloat64AreAccepted() {
        ImportResult variant = importFile("variant.npz");
        assertEquals(importFile("reference.npz").model().network(), variant.model().network());
        assertEquals(1, variant.warnings().size());
        assertTrue(variant.warnings().get(0).contains("[epoch]"), variant.warnings().get(0));
    }

    @Test
    void delaysOutsideTheRangeAreClampedAndCounted() {
        ImportResult result = importFile("clamped.npz");
        assertEquals(3, result.clampedDelays());
        float[] d = result.model().network().layers().get(0).delays();
        assertEquals(0f, d[0]);
        assertEquals(24f, d[1 * 7 + 2]);
        assertEquals(0f, d[5 * 7 + 6]);
        float[] reference = expected.floats("hidden1.delays");
        for (int i = 0; i < d.length; i++) {
            if (i != 0 && i != 9 && i != 41) {
                assertEquals(reference[i], d[i]);
            }
        }
        assertEquals(2, result.warnings().size(), result.warnings().toString());
        assertTrue(result.warnings().get(0).contains("3 of 42 delays"), result.warnings().get(0));
        assertTrue(result.warnings().get(1).contains("SIG differs"), result.warnings().get(1));
        assertEquals(expected.floats("sigma")[0], (float) result.model().network().sigma());
    }

    @Test
    void importedModelRoundTripsThroughModelFiles() {
        TrainedModel model = importFile("reference.npz").model();
        Path file = dir.resolve("imported.pb");
        ModelFiles.write(file, model);
        TrainedModel back = ModelFiles.readTrained(file);
        assertEquals(model.network(), back.network());
        assertEquals(model.config(), back.config());
        assertEquals(model.provenance(), back.provenance());
        assertEquals(model.metrics(), back.metrics());
    }

    private static String failure(String file, TrainConfig config) {
        SpikeportException e = assertThrows(SpikeportException.class,
                () -> ReferenceImport.fromNpz(dir.resolve(file), config, "test"));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.startsWith(dir.resolve(file).toString() + ": "), "names the file: " + m);
        return m;
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' in: " + message);
        }
    }

    @Test
    void missingKeyIsNamed() {
        assertMentions(failure("missing.npz", config()), "key 'model.1.running_var' is missing");
    }

    @Test
    void wrongShapeIsNamed() {
        assertMentions(failure("wrong_shape.npz", config()), "key 'model.4.P'", "has shape (31,)",
                "expected (1, 5, 6, 1) (30 elements)");
    }

    @Test
    void fortranOrderIsRejected() {
        assertMentions(failure("fortran.npz", config()), "key 'model.0.weight'", "Fortran");
    }

    @Test
    void unsupportedDtypeIsNamed() {
        assertMentions(failure("float16.npz", config()), "key 'model.5.running_mean'", "unsupported dtype '<f2'");
    }

    @Test
    void truncatedEntryIsReported() {
        assertMentions(failure("truncated_entry.npz", config()), "key 'model.8.weight'", "truncated",
                "needs 60 bytes of data, the file has 50");
    }

    @Test
    void truncatedArchiveIsReported() throws IOException {
        byte[] whole = Files.readAllBytes(dir.resolve("reference.npz"));
        Files.write(dir.resolve("cut.npz"), Arrays.copyOf(whole, whole.length / 2));
        assertMentions(failure("cut.npz", config()), "not a NumPy .npz archive", "truncated");
    }

    @Test
    void foreignFileIsReported() throws IOException {
        Files.writeString(dir.resolve("text.npz"), "weights,delays\n1,2\n");
        assertMentions(failure("text.npz", config()), "not a NumPy .npz archive");
    }

    @Test
    void sizesComeFromTheFile() {
        ImportResult shd = ReferenceImport.fromNpz(dir.resolve("reference.npz"), TrainConfig.preset("shd"), "import");
        ImportResult exact = importFile("reference.npz");
        assertEquals(exact.model().network().layers().size(), shd.model().network().layers().size());
        for (int l = 0; l < exact.model().network().layers().size(); l++) {
            var a = exact.model().network().layers().get(l);
            var b = shd.model().network().layers().get(l);
            assertEquals(a.outputs(), b.outputs());
            assertArrayEquals(a.weights(), b.weights());
            assertArrayEquals(a.delays(), b.delays());
        }
        assertEquals("[6, 5]", shd.model().config().get("hidden"));
        assertEquals("35", shd.model().config().get("input_units"));
        assertTrue(shd.warnings().stream().anyMatch(w -> w.contains("has 7 inputs and hidden layers [6, 5]")
                && w.contains("'shd' 140 and [256, 256]")), shd.warnings().toString());
        assertTrue(exact.warnings().stream().noneMatch(w -> w.contains("sizes are used")), exact.warnings().toString());
    }
}
