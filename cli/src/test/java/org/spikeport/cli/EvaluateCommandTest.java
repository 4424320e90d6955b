package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.spikeport.core.data.FlatDatasetWriter;
import org.spikeport.core.data.SpikeRecording;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.testing.TestPython;

/**
 * {@code evaluate} of an imported reference model under its recorded conventions and the options that
 * override them. The model ({@code make_conventions_npz.py}) copies input-driven spikes to class 0 and
 * spikes after the input to class 1; the one sample, label 0, is 18 events 20 ms apart from 1 s. Only
 * the reference's binning (18 consecutive steps, no leading silence) with its per-layer cut (class 1
 * gets 12 tail steps against 18 of class 0) predicts class 0; floor binning puts 100 empty steps first
 * and spikeport's time convention gives class 1 24 tail steps (derived step by step in
 * ReferenceConventionsTest, which builds the same network).
 */
class EvaluateCommandTest {

    @TempDir
    static Path dir;

    private static Path model;
    private static Path data;

    @BeforeAll
    static void importModel() throws Exception {
        String python = TestPython.interpreter("the evaluate command tests", "numpy");
        Path script = TestPython.script("trainer", "make_conventions_npz.py");
        TestPython.Result p = TestPython.run(List.of(python, script.toString(), dir.toString()), Map.of(), null,
                Duration.ofMinutes(2));
        assertEquals(0, p.exit(), () -> "make_conventions_npz.py failed:\n" + p.output());

        model = dir.resolve("conventions.pb");
        Cli imported = Cli.run("import", "--from", "snn-delays", dir.resolve("conventions.npz").toString(),
                "--config", "shd", "--out", model.toString());
        assertEquals(0, imported.exit(), imported.err());
        assertTrue(imported.out().contains("trained with time convention reference and binning reference; evaluate "
                + "uses them by default"), imported.out());

        double[] times = new double[18];
        for (int k = 0; k < times.length; k++) {
            times[k] = 1.0 + 0.02 * k;
        }
        data = dir.resolve("crafted.h5");
        FlatDatasetWriter.write(data, List.of(new SpikeRecording(times, new int[times.length], 0)), List.of("a", "b"), 5);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> evaluate(Path m, String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("evaluate", "--model", m.toString(), "--data",
                data.toString(), "--json"));
        args.addAll(List.of(options));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readValue(r.out(), Map.class);
    }

    private static double accuracy(Map<String, Object> result) {
        return ((Number) result.get("accuracy")).doubleValue();
    }

    @Test
    void importJsonNamesTheConventions() throws Exception {
        Cli r = Cli.run("import", "--from", "snn-delays", dir.resolve("conventions.npz").toString(), "--config", "shd",
                "--out", dir.resolve("again.pb").toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        Map<?, ?> m = new ObjectMapper().readValue(r.out(), Map.class);
        assertEquals("reference", m.get("time_convention"));
        assertEquals("reference", m.get("binning"));
    }

    @Test
    void defaultsToTheModelsRecordedConventions() throws Exception {
        Map<String, Object> r = evaluate(model);
        assertEquals("reference", r.get("time_convention"));
        assertEquals("reference", r.get("binning"));
        assertEquals(1.0, accuracy(r));

        Cli text = Cli.run("evaluate", "--model", model.toString(), "--data", data.toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("time convention reference, binning reference (the model's, by default)"),
                text.out());
    }

    @Test
    void optionsOverrideEachConventionAndBothAreNeeded() throws Exception {
        assertEquals(0.0, accuracy(evaluate(model, "--time-convention", "spikeport", "--binning", "floor")));
        assertEquals(0.0, accuracy(evaluate(model, "--time-convention", "spikeport")));
        assertEquals(0.0, accuracy(evaluate(model, "--binning", "floor")));
        assertEquals(1.0, accuracy(evaluate(model, "--time-convention", "reference", "--binning", "reference")));

        Cli text = Cli.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--binning", "floor");
        assertTrue(text.out().contains("time convention reference, binning floor (options; the model was trained with "
                + "time convention reference, binning reference)"), text.out());
    }

    @Test
    void aModelWithoutRecordedConventionsDefaultsToSpikeports() throws Exception {
        TrainedModel imported = ModelFiles.readTrained(model);
        TreeMap<String, String> config = new TreeMap<>(imported.config());
        config.remove(TrainedModel.TIME_CONVENTION);
        config.remove(TrainedModel.BINNING);
        Path plain = dir.resolve("plain.pb");
        ModelFiles.write(plain, new TrainedModel(imported.network(), config, imported.metrics(), imported.provenance()));
        Map<String, Object> r = evaluate(plain);
        assertEquals("spikeport", r.get("time_convention"));
        assertEquals("floor", r.get("binning"));
        assertEquals(0.0, accuracy(r));
        assertEquals(1.0, accuracy(evaluate(plain, "--time-convention", "reference", "--binning", "reference")));
    }

    @Test
    void unknownConventionIsOneLine() {
        Cli r = Cli.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--binning", "ceil");
        assertEquals(1, r.exit());
        assertEquals("spikeport: invalid option: unknown binning 'ceil' (expected floor or reference)", r.errorLine());
        Cli t = Cli.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--time-convention", "chip");
        assertEquals(1, t.exit());
        assertEquals("spikeport: invalid option: unknown time convention 'chip' (expected spikeport or reference)",
                t.errorLine());
        assertFalse(t.out().contains("accuracy"), t.out());
        Cli p = Cli.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--padding", "longest");
        assertEquals(1, p.exit());
        assertEquals("spikeport: invalid option: unknown padding 'longest' (expected sample or batch)", p.errorLine());
    }

    @Test
    void paddingIsSampleUnlessAskedAndSaid() throws Exception {
        assertEquals("sample", evaluate(model).get("padding"));
        assertEquals("batch", evaluate(model, "--padding", "batch").get("padding"));
        Cli text = Cli.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--padding", "batch",
                "--batch-size", "4");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("padding batch: each sample scored on its batch's longest length (batches of 4 "
                + "in file order)"), text.out());
    }
}
