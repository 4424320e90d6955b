package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.arith.SenecaBf16Lif;
import org.spikeport.core.ir.BatchNorm;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.core.json.Json;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.ExportReport;
import org.spikeport.exporter.seneca.SenecaTarget;
import org.spikeport.simulator.Simulation;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What spikeport's simulator computes for a SENECA export is what a program written from
 * {@code docs/seneca-format.md} alone computes from {@code seneca.json}: {@code src/test/python/seneca_reference.py}
 * (numpy, independent of the Java code) runs the file on the same inputs and must give the same spikes
 * and the same bf16 readout patterns at every step, for a bf16 and an fp32 queue accumulator.
 */
class SenecaConformanceTest {

    private static final Path SCRIPT = Path.of("src", "test", "python", "seneca_reference.py");

    @TempDir
    Path dir;

    /** 12 inputs -> 24 -> 16 -> 4 readout, dense, random weights, delays 0..8, BatchNorm (so non-zero biases). */
    static TrainedModel model() {
        int[] sizes = {12, 24, 16, 4};
        Random r = new Random(5);
        List<TrainedLayer> layers = new ArrayList<>();
        for (int l = 1; l < sizes.length; l++) {
            int n = sizes[l - 1] * sizes[l];
            float[] w = new float[n];
            float[] d = new float[n];
            for (int k = 0; k < n; k++) {
                w[k] = (float) (r.nextGaussian() * 0.45 + 0.05);
                d[k] = r.nextInt(9);
            }
            Lif lif = l == sizes.length - 1 ? Lif.readout(3.0) : Lif.spiking(2.0, 1.0);
            int m = sizes[l];
            float[] gamma = new float[m];
            float[] beta = new float[m];
            float[] mean = new float[m];
            float[] variance = new float[m];
            for (int i = 0; i < m; i++) {
                gamma[i] = (float) (0.8 + 0.4 * r.nextDouble());
                beta[i] = (float) (r.nextGaussian() * 0.05);
                mean[i] = (float) (r.nextGaussian() * 0.05);
                variance[i] = (float) (0.5 + r.nextDouble());
            }
            layers.add(new TrainedLayer("layer" + l, sizes[l - 1], sizes[l], w, d, 8, null,
                    new BatchNorm(gamma, beta, mean, variance, 1e-5), lif));
        }
        return new TrainedModel(new TrainedNetwork(12, 1, 0, layers), new TreeMap<>(), List.of(),
                new Provenance("test", "test", 0, "", Instant.EPOCH, ""));
    }

    private HardwareProfile profile(int accumulatorBits) throws IOException {
        String text;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("org/spikeport/profiles/seneca.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path d = Files.createDirectories(dir.resolve("acc" + accumulatorBits));
        Path f = d.resolve("seneca.yaml");
        Files.writeString(f, text.replace("accumulator: 16", "accumulator: " + accumulatorBits));
        HardwareProfile p = HardwareProfiles.load(f);
        assertEquals(accumulatorBits, p.neuron().get(SenecaBf16Lif.ACCUMULATOR));
        return p;
    }

    @Test
    void theFormatAloneReproducesTheSimulation() throws Exception {
        for (int bits : new int[] {16, 32}) {
            check(profile(bits));
        }
    }

    @SuppressWarnings("unchecked")
    private void check(HardwareProfile profile) throws Exception {
        TrainedModel model = model();
        Export e = Export.plan(model, new SenecaTarget(), profile, new Provenance("test", "test", 0, "", Instant.EPOCH, ""));
        assertTrue(e.fits(), () -> e.violations().toString());
        Path out = dir.resolve("export" + profile.neuron().get(SenecaBf16Lif.ACCUMULATOR));
        e.write(out, new ExportReport(e, "model.pb"));

        Random r = new Random(8);
        int inputs = 12;
        int layers = e.network().layers().size();
        List<Map<String, Object>> samples = new ArrayList<>();
        List<Simulation.Result> java = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            int len = 30;
            int[] counts = new int[len * inputs];
            for (int k = 0; k < counts.length; k++) {
                counts[k] = r.nextDouble() < 0.3 ? 1 + r.nextInt(s == 7 ? 60000 : 3) : 0;
            }
            int steps = Simulation.deployedSteps(len, layers, model.network().maxDelay());
            java.add(Simulation.run(e.network(), profile, counts, steps));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("steps", steps);
            m.put("counts", counts);
            samples.add(m);
        }
        Path in = dir.resolve("inputs.json");
        Files.writeString(in, Json.write(Map.of("samples", samples)));
        Path result = dir.resolve("reference.json");
        run(out.resolve(SenecaTarget.FILE), in, result);
        Map<String, Object> ref = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(result));
        List<Map<String, Object>> refSamples = (List<Map<String, Object>>) ref.get("samples");
        long hiddenSpikes = 0;
        for (int s = 0; s < samples.size(); s++) {
            Simulation.Result j = java.get(s);
            Map<String, Object> py = refSamples.get(s);
            List<List<List<Integer>>> spikes = (List<List<List<Integer>>>) py.get("spikes");
            for (int l = 0; l < layers; l++) {
                List<List<Integer>> expected = new ArrayList<>();
                for (Simulation.Spike sp : j.spikes().get(l)) {
                    expected.add(List.of(sp.step(), sp.neuron()));
                }
                assertEquals(expected, spikes.get(l), "sample " + s + ", layer " + l);
                hiddenSpikes += l + 1 < layers ? expected.size() : 0;
            }
            List<List<Integer>> readout = (List<List<Integer>>) py.get("readout");
            for (int t = 0; t < j.readout().length; t++) {
                for (int c = 0; c < j.readout()[t].length; c++) {
                    int bits = SenecaBf16Lif.fromFloat((float) j.readout()[t][c]);
                    assertEquals(bits, readout.get(t).get(c), "sample " + s + ", step " + t + ", class " + c);
                }
            }
        }
        assertTrue(hiddenSpikes > 100, "the hidden layers must spike for the comparison to mean anything: " + hiddenSpikes);
    }

    private static void run(Path seneca, Path inputs, Path output) throws IOException, InterruptedException {
        String python = System.getProperty("spikeport.python");
        if (python == null || !Files.isExecutable(Path.of(python))) {
            fail("Python interpreter for the SENECA conformance test not found (system property spikeport.python = "
                    + python + "); run ./test.sh to create the venv with numpy");
        }
        Process p = new ProcessBuilder(python, SCRIPT.toAbsolutePath().toString(), seneca.toString(), inputs.toString(),
                output.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0) {
            fail("seneca_reference.py failed (exit " + exit + "): " + text);
        }
    }
}
