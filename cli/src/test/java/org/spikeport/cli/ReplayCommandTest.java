package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.SpikeRecording;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.simulator.Platform;
import org.spikeport.simulator.Replay;

class ReplayCommandTest {

    @TempDir
    static Path dir;

    static TrainedFixture fixture;
    static Path loihi;

    @BeforeAll
    static void export() {
        fixture = TrainedFixture.get();
        Path out = dir.resolve("loihi");
        Cli r = Cli.run("export", "--model", fixture.model.toString(), "--target", "loihi", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        loihi = out.resolve("network.pb");
    }

    static Map<String, Object> json(Cli r) {
        assertEquals(0, r.exit(), r.err());
        return parse(r.out());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        try {
            return new ObjectMapper().readValue(json, Map.class);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @Test
    void reportsWhatTheSimulatorDecidesWhateverTheThreads() {
        Map<String, Object> one = json(Cli.run("replay", "--network", loihi.toString(), "--data", fixture.testData.toString(),
                "--samples", "40", "--threads", "1", "--json"));
        Map<String, Object> two = json(Cli.run("replay", "--network", loihi.toString(), "--data", fixture.testData.toString(),
                "--samples", "40", "--threads", "2", "--json"));
        assertEquals(one.get("predictions"), two.get("predictions"));
        assertEquals(one.get("synaptic_events"), two.get("synaptic_events"));

        DeployedNetwork net = ModelFiles.readDeployed(loihi);
        Platform p = Platform.of(HardwareProfiles.bundled("loihi"));
        List<?> predictions = (List<?>) one.get("predictions");
        assertEquals(40, predictions.size());
        int correct = 0;
        long events = 0;
        for (int i = 0; i < 40; i++) {
            SpikeRecording s = TrainedFixture.SYNTH.test().get(i);
            Replay.Outcome o = Replay.run(i, net, p, Binning.SHD.bin(s, Math.max(1, Binning.SHD.steps(s))));
            assertEquals(o.prediction(), ((Number) predictions.get(i)).intValue(), "sample " + i);
            correct += o.correct() ? 1 : 0;
            events += o.synapticEvents();
        }
        assertEquals(correct / 40.0, ((Number) one.get("accuracy")).doubleValue(), 1e-12);
        assertEquals(events, ((Number) one.get("synaptic_events")).longValue());
        assertTrue(correct > 8, "a trained model beats chance (8 of 40): " + correct);

        Map<String, Object> perClass = (Map<String, Object>) one.get("per_class");
        int total = 0;
        for (Object v : perClass.values()) {
            total += ((Number) ((Map<String, Object>) v).get("samples")).intValue();
        }
        assertEquals(40, total);
        Map<String, Object> energy = (Map<String, Object>) one.get("energy_estimate");
        assertEquals(Boolean.TRUE, energy.get("estimate"));
        assertTrue(((Number) energy.get("joules_per_sample")).doubleValue() > 0);
        assertEquals(2, ((Number) ((Map<String, Object>) one.get("latency")).get("chip_steps")).intValue(),
                "Loihi adds one step per layer");
    }

    @Test
    void referenceBinningReplaysTheReferenceLoadersFrames() {
        Map<String, Object> r = json(Cli.run("replay", "--network", loihi.toString(), "--data",
                fixture.testData.toString(), "--samples", "20", "--binning", "reference", "--json"));
        DeployedNetwork net = ModelFiles.readDeployed(loihi);
        Platform p = Platform.of(HardwareProfiles.bundled("loihi"));
        Binning reference = Binning.SHD.withMode(Binning.Mode.REFERENCE);
        List<?> predictions = (List<?>) r.get("predictions");
        long events = 0;
        int shorter = 0;
        for (int i = 0; i < 20; i++) {
            SpikeRecording s = TrainedFixture.SYNTH.test().get(i);
            Replay.Outcome o = Replay.run(i, net, p, reference.bin(s, Math.max(1, reference.steps(s))));
            assertEquals(o.prediction(), ((Number) predictions.get(i)).intValue(), "sample " + i);
            events += o.synapticEvents();
            shorter += reference.steps(s) < Binning.SHD.steps(s) ? 1 : 0;
        }
        assertEquals(events, ((Number) r.get("synaptic_events")).longValue());
        assertTrue(shorter > 0, "the reference binning must change some sample for the test to mean anything");

        Cli bad = Cli.run("replay", "--network", loihi.toString(), "--data", fixture.testData.toString(), "--binning",
                "ceil");
        assertEquals(1, bad.exit());
        assertEquals("spikeport: invalid option: unknown binning 'ceil' (expected floor or reference)", bad.errorLine());
    }

    @Test
    void writesRasterAndEveryEventInSampleOrder() throws IOException {
        Path png = dir.resolve("raster.png");
        Path csv = dir.resolve("sub/events.csv");
        Cli text = Cli.run("replay", "--network", loihi.toString(), "--data", fixture.testData.toString(), "--samples", "5",
                "--raster", png.toString(), "--raster-sample", "2", "--events", csv.toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("accuracy"), text.out());
        assertTrue(text.out().contains("energy (ESTIMATE)"), text.out());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1000, img.getWidth());

        Map<String, Object> r = json(Cli.run("replay", "--network", loihi.toString(), "--data", fixture.testData.toString(),
                "--samples", "5", "--json"));
        @SuppressWarnings("unchecked")
        long spikes = ((Map<String, Object>) r.get("spikes_per_layer")).values().stream()
                .mapToLong(v -> ((Number) v).longValue()).sum();
        List<String> lines = Files.readAllLines(csv);
        assertEquals("sample,layer,step,neuron", lines.get(0));
        assertEquals(spikes, lines.size() - 1);
        assertTrue(spikes > 0, "the fixture's hidden layer spikes");
        int previous = 0;
        for (String l : lines.subList(1, lines.size())) {
            int sample = Integer.parseInt(l.split(",")[0]);
            assertTrue(sample >= previous, "samples in order: " + l);
            previous = sample;
        }
        try (var files = Files.list(csv.getParent())) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void aCsvRecordingIsDecidedLikeTheSameSampleInTheDataset() throws IOException {
        SpikeRecording s = TrainedFixture.SYNTH.test().get(3);
        StringBuilder b = new StringBuilder("time,channel\n");
        for (int i = 0; i < s.size(); i++) {
            b.append(s.times()[i]).append(',').append(s.units()[i]).append('\n');
        }
        Path csv = Files.writeString(dir.resolve("rec.csv"), b);
        Path decided = dir.resolve("rec-predictions.csv");
        Map<String, Object> one = json(Cli.run("replay", "--network", loihi.toString(), "--data", csv.toString(), "--json",
                "--predictions", decided.toString()));
        Map<String, Object> all = json(Cli.run("replay", "--network", loihi.toString(), "--data", fixture.testData.toString(),
                "--samples", "4", "--json"));
        assertEquals(((List<?>) all.get("predictions")).get(3), ((List<?>) one.get("predictions")).get(0));
        assertFalse(one.containsKey("accuracy"), "a CSV recording has no label");
        assertFalse(one.containsKey("labels"), "a CSV recording has no label");
        List<String> rows = Files.readAllLines(decided);
        assertEquals(2, rows.size());
        assertTrue(rows.get(1).startsWith("0,," + ((List<?>) one.get("predictions")).get(0) + ","), rows.get(1));
    }

    @Test
    void badInputIsOneLineNamingTheProblem() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "time,channel\n0.01,3\n0.02;4\n");
        Cli r = Cli.run("replay", "--network", loihi.toString(), "--data", bad.toString());
        assertEquals(1, r.exit());
        assertTrue(r.errorLine().contains("bad.csv, line 3: expected 'time,channel'"), r.err());

        Cli units = Cli.run("replay", "--network", loihi.toString(), "--data", fixture.testData.toString(), "--input-units", "701");
        assertEquals(1, units.exit());
        assertTrue(units.errorLine().contains("701 input units do not group evenly into the network's 140 input channels"),
                units.err());

        Cli missing = Cli.run("replay", "--network", dir.resolve("nope.pb").toString(), "--data", fixture.testData.toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.errorLine().contains("nope.pb"), missing.err());

        Cli raster = Cli.run("replay", "--network", loihi.toString(), "--data", fixture.testData.toString(), "--samples", "3",
                "--raster", dir.resolve("r.png").toString(), "--raster-sample", "3");
        assertEquals(1, raster.exit());
        assertFalse(Files.exists(dir.resolve("r.png")));
    }

    @Test
    void exportCheckReportsTrainedAndDeployedAccuracy() throws IOException {
        Path out = dir.resolve("checked");
        Cli r = Cli.run("export", "--model", fixture.model.toString(), "--target", "loihi", "--out", out.toString(),
                "--check", fixture.testData.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("trained model (float, rounded delays)"), r.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> check = (Map<String, Object>) parse(Files.readString(out.resolve("report.json"))).get("deployed_accuracy");
        assertEquals(120, ((Number) check.get("samples")).intValue());
        assertTrue(Files.readString(out.resolve("report.md")).contains("## Deployed accuracy"));

        Map<String, Object> evaluated = json(Cli.run("evaluate", "--model", fixture.model.toString(), "--data",
                fixture.testData.toString(), "--json"));
        assertEquals(((Number) evaluated.get("accuracy")).doubleValue(), ((Number) check.get("float_accuracy")).doubleValue(),
                1e-12, "the check's trained accuracy is evaluate's (rounded delays)");
        Map<String, Object> replayed = json(Cli.run("replay", "--network", out.resolve("network.pb").toString(), "--data",
                fixture.testData.toString(), "--json"));
        assertEquals(((Number) replayed.get("accuracy")).doubleValue(),
                ((Number) check.get("deployed_accuracy")).doubleValue(), 1e-12, "the check's deployed accuracy is replay's");
        double agreement = ((Number) check.get("agreement")).doubleValue();
        assertTrue(agreement >= 0.9, "Loihi's 8-bit weights keep most decisions: " + agreement);
    }

    @Test
    @SuppressWarnings("unchecked")
    void compareTabulatesEveryTargetAgainstTheTrainedModel() throws IOException {
        Path out = dir.resolve("compare");
        Map<String, Object> r = json(Cli.run("compare", "--model", fixture.model.toString(), "--check",
                fixture.testData.toString(), "--check-samples", "30", "--targets", "nir,loihi", "--out", out.toString(), "--json"));
        assertEquals(30, ((Number) r.get("samples")).intValue());
        List<Map<String, Object>> rows = (List<Map<String, Object>>) r.get("targets");
        assertEquals(List.of("nir", "loihi"), rows.stream().map(x -> x.get("target")).toList());
        for (Map<String, Object> row : rows) {
            assertEquals(Boolean.TRUE, row.get("fits"));
            String target = (String) row.get("target");
            Map<String, Object> check = (Map<String, Object>) parse(Files.readString(out.resolve(target + "/report.json")))
                    .get("deployed_accuracy");
            assertEquals(check.get("deployed_accuracy"), row.get("deployed_accuracy"), target);
            assertEquals(r.get("trained_accuracy"), check.get("float_accuracy"), target);
        }
        assertEquals(null, rows.get(0).get("energy_joules_per_sample"), "the NIR profile has no energy figures");
        assertTrue(((Number) rows.get(1).get("energy_joules_per_sample")).doubleValue() > 0);
    }
}
