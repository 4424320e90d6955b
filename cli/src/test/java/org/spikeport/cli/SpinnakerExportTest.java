package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.FloatTarget;
import org.spikeport.exporter.FoldedNetwork;
import org.spikeport.exporter.ProfileChecks;
import org.spikeport.simulator.Simulation;
import org.spikeport.trainer.DelayNetwork;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.importer.NpyArray;
import org.spikeport.trainer.importer.Npz;

/**
 * {@code export --target spinnaker} on the demo-size model (140-64-64-5, delays up to 24) writes the
 * PyNN files and a report with the mapping; the written network replays in the simulator and its
 * script runs on NEST with its default sample. {@code validate} on SHD-size models (140-256-256-20)
 * reports delay slots, delay-extension needs and names every offender. A trained recurrent model exports
 * with its recurrent projection.
 */
class SpinnakerExportTest {

    @TempDir
    Path dir;

    /** An untrained 140 -> hidden... -> classes model with delays up to {@code maxDelay}. */
    Path model(String name, int[] hidden, int classes, int maxDelay) {
        TrainConfig c = new TrainConfig("t", hidden, maxDelay, 1.005, 1, 4, 0, 1e-3, 5e-3, 0, 0.1,
                TrainConfig.DelayMode.LEARNED, TrainConfig.SigmaMode.DECREASING, true, 0, 10, 5, 700, 1);
        var net = DelayNetwork.create(c, classes, DataType.FLOAT).toIR(10, 0.23);
        Path file = dir.resolve(name + ".pb");
        ModelFiles.write(file, new TrainedModel(net, c.toMap(), List.of(),
                new Provenance("test", "test", 1, "", Instant.parse("2026-01-01T00:00:00Z"), "")));
        return file;
    }

    @Test
    void exportsTheDemoModelAndItsScriptRunsOnNest() throws IOException, InterruptedException {
        Path m = model("demo", new int[] {64, 64}, 5, 24);
        Path out = dir.resolve("spinnaker");
        Cli r = Cli.run("export", "--model", m.toString(), "--target", "spinnaker", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("spinnaker on profile spinnaker: fits"), r.out());
        for (String f : List.of("network.pb", "network.py", "network.json", "conn_0_hidden1_exc.txt",
                "conn_0_hidden1_inh.txt", "conn_1_hidden2_exc.txt", "conn_1_hidden2_inh.txt", "conn_2_readout_exc.txt",
                "conn_2_readout_inh.txt", "sample_input.csv", "report.md", "report.json")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("## Mapping"), report);
        assertTrue(report.contains("delay_extension_cores | 0"), report);
        assertTrue(report.contains("The chip adds 3 steps"), report);
        assertTrue(report.contains("| input_spikes_per_core_per_step_limit | 100 |"), report);
        assertTrue(report.contains("| sample_input_time_scale_factor | 1 |"), report);
        assertTrue(Files.readString(out.resolve("report.json")).contains("\"sample_input_max_spikes_per_core_per_step\""));
        for (String f : List.of("conn_0_hidden1_exc.txt", "conn_1_hidden2_exc.txt", "conn_2_readout_exc.txt")) {
            assertTrue(weights(out.resolve(f)).allMatch(w -> w > 0), f);
        }
        for (String f : List.of("conn_0_hidden1_inh.txt", "conn_1_hidden2_inh.txt", "conn_2_readout_inh.txt")) {
            assertTrue(weights(out.resolve(f)).allMatch(w -> w < 0), f);
        }

        DeployedNetwork net = ModelFiles.readDeployed(out.resolve("network.pb"));
        List<String> sample = Files.readAllLines(out.resolve("sample_input.csv"));
        int sampleSteps = 50;
        int[] counts = new int[sampleSteps * 140];
        for (String line : sample.subList(1, sample.size())) {
            String[] f = line.split(",");
            counts[Integer.parseInt(f[0]) * 140 + Integer.parseInt(f[1])] += Integer.parseInt(f[2]);
        }
        int steps = sampleSteps + net.trailingSteps() + net.layers().size();
        Simulation.Result sim = Simulation.run(net, HardwareProfiles.bundled("spinnaker"), counts, steps);
        assertEquals(steps, sim.readout().length);

        String log = SpinnakerPynnTest.runScript(out.resolve("network.py"), "--backend", "nest");
        Map<String, NpyArray> result = Npz.read(out.resolve("output.npz"));
        assertEquals(steps * 5, result.get("readout").size(), log);
        double[] readout = result.get("readout").doubles();
        double maxDiff = 0;
        for (int t = 0; t < steps; t++) {
            for (int c = 0; c < 5; c++) {
                maxDiff = Math.max(maxDiff, Math.abs(readout[t * 5 + c] - sim.readout()[t][c]));
            }
        }
        double maxAbs = 0;
        for (double[] row : sim.readout()) {
            for (double x : row) {
                maxAbs = Math.max(maxAbs, Math.abs(x));
            }
        }
        System.out.printf("demo export, default sample: %d + %d hidden spikes; readout NEST vs simulator max "
                        + "|difference| %.3g of max |readout| %.3g%n", sim.spikes().get(0).size(), sim.spikes().get(1).size(),
                maxDiff, maxAbs);
        assertTrue(maxDiff < 1e-3, "readout of the default sample differs by " + maxDiff);
    }

    @Test
    void validateReportsDelaySlotsAndExtensionsOnShdSizeModels() throws IOException {
        Path fits = model("shd25", new int[] {256, 256}, 20, 25);
        Cli r = Cli.run("validate", "--model", fits.toString(), "--target", "spinnaker", "--json");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("\"delay_slots\": 32"), r.out());
        assertTrue(r.out().contains("\"max_pynn_delay\": 26"), r.out());
        assertTrue(r.out().contains("\"delay_extension_cores\": 0"), r.out());
        assertTrue(r.out().contains("\"neurons_per_core\": 256"), r.out());

        Path longer = model("shd40", new int[] {256, 256}, 20, 40);
        Cli e = Cli.run("validate", "--model", longer.toString(), "--target", "spinnaker", "--json");
        assertEquals(0, e.exit(), "delay extensions make 41 steps reachable: " + e.out());
        assertTrue(e.out().contains("\"delay_extension\": true"), e.out());
        assertTrue(e.out().contains("\"delay_stages\": 2"), e.out());
        // one extension core per core of each 256-neuron layer's source: 140 inputs, 256, 256 neurons;
        // the 20-neuron readout has 2^(14 - 5 - 1) = 256 slots and needs none
        assertTrue(e.out().contains("\"delay_extension_cores\": 2"), e.out());

        Path noExtensions = Files.writeString(dir.resolve("spinnaker-noext.yaml"), Files.readString(
                Path.of(System.getProperty("spikeport.root"), "hw-profiles/src/main/resources/org/spikeport/profiles/spinnaker.yaml"))
                .replace("name: spinnaker", "name: spinnaker-noext").replace("  delay_extension_bits: 3\n", ""));
        Cli v = Cli.run("validate", "--model", longer.toString(), "--target", "spinnaker", "--profile",
                noExtensions.toString());
        assertEquals(3, v.exit(), v.err() + v.out());
        assertTrue(v.out().contains("DOES NOT FIT"), v.out());
        assertTrue(v.out().contains("delay-slots: layer 'hidden1', synapse "), v.out());
        assertTrue(v.out().contains("more target-specific violations (all of them: --json)"), v.out());
        assertTrue(v.out().contains("exceeds 32 slots per core at 256 neurons per core x 1 delay-extension stages = 32; "
                + "retrain with --max-delay 31 or less"), v.out());
        assertTrue(!v.out().contains("layer 'readout', synapse"), "the readout's 256 slots hold 41 steps: " + v.out());
    }

    /**
     * A trained recurrent model exports with its recurrent projection (file, {@code network.json} entry,
     * report lines); on every test sample the exported s16.15 network's hidden spikes are the float
     * deployment's (the trained model's), each layer {@code l} later by {@code l + 1} chip steps of delay
     * offset, but for the few neurons whose membrane lands within the weight quantization of the threshold.
     */
    @Test
    @SuppressWarnings("unchecked")
    void exportsATrainedRecurrentModelWithItsRecurrentProjection() throws IOException {
        TrainedFixture f = TrainedFixture.recurrentSpiking();
        Path out = dir.resolve("recurrent");
        Cli r = Cli.run("export", "--model", f.model.toString(), "--target", "spinnaker", "--out", out.toString(),
                "--check", f.testData.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(Files.exists(out.resolve("conn_1_hidden2_recurrent_exc.txt")));
        assertTrue(weights(out.resolve("conn_1_hidden2_recurrent_exc.txt")).allMatch(w -> w > 0));
        assertFalse(Files.exists(out.resolve("conn_0_hidden1_recurrent_exc.txt")), "hidden1 is feed-forward");
        assertFalse(Files.exists(out.resolve("conn_0_hidden1_recurrent_inh.txt")), "hidden1 is feed-forward");
        assertTrue(Files.readString(out.resolve("network.json")).replaceAll("\\s+", " ").contains(
                "\"recurrent_connections\": { \"excitatory\": \"conn_1_hidden2_recurrent_exc.txt\""));
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| recurrent_projections | [{projection=hidden2 -> hidden2, receptor=excitatory, synapses="),
                md);
        assertTrue(md.contains("- hidden2, recurrent: ["), md);

        HardwareProfile spinnaker = HardwareProfiles.bundled("spinnaker");
        HardwareProfile floatProfile = HardwareProfiles.bundled("float");
        DeployedNetwork chip = ModelFiles.readDeployed(out.resolve("network.pb"));
        FoldedNetwork folded = FoldedNetwork.of(f.trained.network());
        assertEquals(folded.layers().get(1).recurrent().size(), chip.layers().get(1).recurrent().size()
                + (int) Math.round(chip.layers().get(1).quantization().get("dropped_recurrent_weights")),
                "every recurrent synapse is kept or counted as dropped");
        DeployedNetwork exact = new FloatTarget().deploy(folded, floatProfile,
                new Provenance("test", "test", 0, "", Instant.EPOCH, ""));
        int perLayer = ProfileChecks.delayOffset(spinnaker) + spinnaker.delays().pipelineStepsPerLayer()
                - ProfileChecks.delayOffset(floatProfile) - floatProfile.delays().pipelineStepsPerLayer();
        int hidden = chip.layers().size() - 1;
        long[] agree = new long[hidden];
        long[] union = new long[hidden];
        for (int i = 0; i < f.test.size(); i++) {
            float[] x = f.test.batch(new int[] {i}).data();
            int[] counts = new int[x.length];
            for (int k = 0; k < x.length; k++) {
                counts[k] = (int) x[k];
            }
            int inputSteps = counts.length / chip.inputs();
            int steps = inputSteps + chip.trailingSteps() + hidden * perLayer;
            Simulation.Result a = Simulation.run(chip, spinnaker, counts, steps);
            Simulation.Result b = Simulation.run(exact, floatProfile, counts, steps);
            for (int l = 0; l < hidden; l++) {
                int lag = (l + 1) * perLayer;
                Set<List<Integer>> onChip = new HashSet<>();
                for (Simulation.Spike s : a.spikes().get(l)) {
                    onChip.add(List.of(s.step() - lag, s.neuron()));
                }
                Set<List<Integer>> inFloat = new HashSet<>();
                for (Simulation.Spike s : b.spikes().get(l)) {
                    if (s.step() + lag < steps) {
                        inFloat.add(List.of(s.step(), s.neuron()));
                    }
                }
                Set<List<Integer>> both = new HashSet<>(onChip);
                both.retainAll(inFloat);
                onChip.addAll(inFloat);
                agree[l] += both.size();
                union[l] += onChip.size();
            }
        }
        var report = (Map<String, Object>) ReplayCommandTest.parse(Files.readString(out.resolve("report.json")));
        var check = (Map<String, Object>) report.get("deployed_accuracy");
        System.out.printf("trained recurrent model on spinnaker, %d test samples: hidden spikes as in float %s of %s; "
                        + "float accuracy %s, deployed %s, decision agreement %s%n", f.test.size(), Arrays.toString(agree),
                Arrays.toString(union), check.get("float_accuracy"), check.get("deployed_accuracy"), check.get("agreement"));
        for (int l = 0; l < hidden; l++) {
            assertTrue(union[l] > 2L * f.test.size(), "layer " + l + " must spike for the comparison to mean anything: "
                    + union[l]);
            assertTrue(agree[l] >= 0.99 * union[l], "layer " + l + ": " + agree[l] + " of " + union[l] + " spikes agree");
        }
        assertTrue(((Number) check.get("agreement")).doubleValue() >= 0.95, "decision agreement " + check.get("agreement"));
    }

    /** The weight column of a connection file (PyNN's FromFileConnector layout, header lines skipped). */
    private static java.util.stream.DoubleStream weights(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
        assertFalse(lines.isEmpty(), file + " has no synapses");
        return lines.stream().mapToDouble(l -> Double.parseDouble(l.split(" ")[2]));
    }
}
