package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.data.SpikeRecording;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.json.Json;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.core.testing.TestPython;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.ExportReport;
import org.spikeport.exporter.nir.NirTarget;
import org.spikeport.simulator.Platform;
import org.spikeport.simulator.Replay;
import org.spikeport.simulator.Simulation;

/**
 * The NIR export of a model with recurrent synapses (and reset by subtraction), loaded by {@code nir.read}
 * and simulated in numpy from the graph it returns ({@code exporter/src/test/python/check_nir.py}, the
 * importer recipe of {@link NirTarget}), computes what spikeport's float simulator computes for the same
 * export ({@link Replay#simulate}): every readout value of every step within 1e-9 and every spike of every
 * hidden layer equal, on random models and on trained ones.
 */
class NirAgreementTest {

    private static final HardwareProfile NIR = HardwareProfiles.bundled("nir");
    private static final Provenance PROVENANCE = new Provenance("test", "test", 0, "", Instant.EPOCH, "");
    private static final Path SCRIPT = Path.of("exporter", "src", "test", "python", "check_nir.py");

    @TempDir
    Path dir;

    /** {@link RecurrentFloatTest#model}s: two recurrent hidden layers, each resetting to zero or by subtraction. */
    @Test
    void randomRecurrentModels() throws IOException {
        List<Path> files = new ArrayList<>();
        int subtracting = 0;
        int spikes = 0;
        for (long seed = 1; seed <= 16; seed++) {
            TrainedModel model = RecurrentFloatTest.model(seed);
            subtracting += model.network().layers().get(0).neuron().reset() == ResetMode.SUBTRACT ? 1 : 0;
            spikes += agreementCase(dir.resolve("random" + seed), model,
                    List.of(RecurrentFloatTest.input(seed, model.network().inputs())), files);
        }
        assertTrue(subtracting >= 3 && subtracting <= 13, "both resets must be covered: " + subtracting + " of 16");
        assertTrue(spikes > 500, "the hidden layers must spike for the comparison to mean anything: " + spikes);
        check(files);
    }

    /**
     * DelRec's small network ({@link TrainedFixture#recurrent()}) and the one with recurrent synaptic delays,
     * reset by subtraction and a summed linear readout ({@link TrainedFixture#recurrentWithDelays()}), on 20
     * test samples each.
     */
    @Test
    void trainedRecurrentModels() throws IOException {
        List<CountFrame> frames = new ArrayList<>();
        for (SpikeRecording s : TrainedFixture.SYNTH.test().subList(0, 20)) {
            frames.add(Binning.SHD.bin(s, Math.max(1, Binning.SHD.steps(s))));
        }
        List<Path> files = new ArrayList<>();
        int spikes = agreementCase(dir.resolve("delrec-small"), TrainedFixture.recurrent().trained, frames, files);
        TrainedModel ssc = TrainedFixture.recurrentWithDelays().trained;
        assertTrue(ssc.network().layers().stream().anyMatch(l -> l.neuron().reset() == ResetMode.SUBTRACT));
        spikes += agreementCase(dir.resolve("delrec-ssc"), ssc, frames, files);
        assertTrue(spikes > 1000, "the hidden layers must spike for the comparison to mean anything: " + spikes);
        check(files);
    }

    /** {@link #agreementCase(Path, TrainedModel, HardwareProfile, List, List)} with the profile 'nir'. */
    private static int agreementCase(Path out, TrainedModel model, List<CountFrame> frames, List<Path> files) {
        return agreementCase(out, model, NIR, frames, files);
    }

    /**
     * Exports {@code model} to NIR under {@code profile} into {@code out}, simulates each frame with
     * spikeport's float simulator and writes what check_nir.py must find into {@code out/expected.json}; adds
     * the file and the JSON to {@code files} and returns the hidden spikes.
     */
    static int agreementCase(Path out, TrainedModel model, HardwareProfile profile, List<CountFrame> frames,
                             List<Path> files) {
        Export e = Export.plan(model, new NirTarget(), profile, PROVENANCE);
        assertTrue(e.fits(), () -> e.violations().toString());
        e.write(out, new ExportReport(e, "model.pb"));
        DeployedNetwork net = e.network();
        Platform platform = Platform.of(NIR);
        List<Map<String, Object>> samples = new ArrayList<>();
        int spikes = 0;
        for (CountFrame frame : frames) {
            Simulation.Result r = Replay.simulate(net, platform, frame);
            int steps = r.readout().length;
            double[][] x = new double[steps][net.inputs()];
            for (int t = 0; t < Math.min(steps, frame.steps()); t++) {
                for (int c = 0; c < net.inputs(); c++) {
                    x[t][c] = frame.count(t, c);
                }
            }
            Map<String, List<int[]>> hidden = new LinkedHashMap<>();
            for (int l = 0; l < net.layers().size() - 1; l++) {
                DeployedLayer layer = net.layers().get(l);
                hidden.put("l" + l + (FloatLif.subtracts(layer.neuron()) ? "_threshold" : "_lif"),
                        r.spikes().get(l).stream().map(s -> new int[] {s.step(), s.neuron()}).toList());
                spikes += r.spikes().get(l).size();
            }
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("input", List.of(x));
            sample.put("readout_v", List.of(r.readout()));
            sample.put("spikes", hidden);
            samples.add(sample);
        }
        Path json = out.resolve("expected.json");
        try {
            Files.writeString(json, Json.write(Map.of("samples", samples)), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        files.add(out.resolve(NirTarget.FILE));
        files.add(json);
        return spikes;
    }

    /** Runs check_nir.py on every (network.nir, expected.json) pair; fails with its output unless all agree. */
    private static void check(List<Path> files) throws IOException {
        check(files, false);
    }

    /**
     * {@link #check(List)}, with nir 1.0.4 as the reader ({@code check_nir.py --reader 1.0.4}, nir 1.0.4
     * imported from the directory of system property {@code spikeport.nir104}) when {@code nir104}.
     */
    static void check(List<Path> files, boolean nir104) throws IOException {
        String python = python();
        List<String> cmd = new ArrayList<>(List.of(python,
                Path.of(System.getProperty("spikeport.root")).resolve(SCRIPT).toString()));
        if (nir104) {
            cmd.addAll(List.of("--reader", "1.0.4"));
        }
        files.forEach(f -> cmd.add(f.toString()));
        TestPython.Result r = TestPython.run(cmd, nir104 ? Map.of("PYTHONPATH", nir104().toString()) : Map.of());
        String output = r.output();
        int exit = r.exit();
        assertEquals(0, exit, "check_nir.py failed:\n" + output);
        Matcher m = Pattern.compile("max \\|v_nir - v_java\\| = (\\S+) over").matcher(output);
        int checked = 0;
        while (m.find()) {
            assertTrue(Double.parseDouble(m.group(1)) <= 1e-9, output);
            checked++;
        }
        assertEquals(files.size() / 2, checked, output);
    }

    /** The test venv's interpreter (system property {@code spikeport.python}); fails the test when missing. */
    static String python() {
        return TestPython.interpreter("the NIR agreement test", "nir, numpy");
    }

    /** The directory holding nir 1.0.4 (system property {@code spikeport.nir104}); fails the test when missing. */
    static Path nir104() {
        String d = System.getProperty("spikeport.nir104");
        if (d == null || !Files.isRegularFile(Path.of(d, "nir", "__init__.py"))) {
            fail("nir 1.0.4 for the NIR conformance test not found (system property spikeport.nir104 = " + d
                    + "); run ./test.sh, which installs it with pip install --no-deps --target .venv/nir-1.0.4 nir==1.0.4");
        }
        return Path.of(d);
    }
}
