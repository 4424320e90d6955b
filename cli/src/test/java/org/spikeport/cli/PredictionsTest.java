package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.SpikeRecording;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.simulator.Decision;
import org.spikeport.simulator.Platform;
import org.spikeport.simulator.Replay;
import org.spikeport.simulator.Simulation;

/**
 * {@code evaluate --predictions}, {@code replay --predictions} and {@code replay --membranes}: the trained
 * model and its float export decide every sample alike, and the files hold what the simulator computed.
 */
class PredictionsTest {

    @TempDir
    static Path dir;

    static TrainedFixture fixture;
    static Path floatNet;
    static Path loihiNet;

    @BeforeAll
    static void export() {
        fixture = TrainedFixture.get();
        for (String target : List.of("float", "loihi")) {
            Cli r = Cli.run("export", "--model", fixture.model.toString(), "--target", target, "--out",
                    dir.resolve(target).toString());
            assertEquals(0, r.exit(), r.err());
        }
        floatNet = dir.resolve("float/network.pb");
        loihiNet = dir.resolve("loihi/network.pb");
    }

    private static List<String[]> rows(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",", -1)).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void evaluateAndTheFloatExportsReplayDecideEverySampleAlike() throws IOException {
        Path evaluated = dir.resolve("out/evaluated.csv");
        Path replayed = dir.resolve("out/replayed.csv");
        Cli e = Cli.run("evaluate", "--model", fixture.model.toString(), "--data", fixture.testData.toString(),
                "--predictions", evaluated.toString());
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.out().contains("wrote " + evaluated), e.out());
        Cli r = Cli.run("replay", "--network", floatNet.toString(), "--data", fixture.testData.toString(),
                "--predictions", replayed.toString(), "--threads", "2");
        assertEquals(0, r.exit(), r.err());

        int classes = fixture.trained.network().outputs();
        StringBuilder header = new StringBuilder("sample,label,prediction");
        for (int k = 0; k < classes; k++) {
            header.append(",score_").append(k);
        }
        assertEquals(header.toString(), Files.readAllLines(evaluated).get(0));
        assertEquals(header.toString(), Files.readAllLines(replayed).get(0));

        List<String[]> a = rows(evaluated);
        List<String[]> b = rows(replayed);
        assertEquals(fixture.test.size(), a.size());
        assertEquals(a.size(), b.size());
        int correct = 0;
        for (int i = 0; i < a.size(); i++) {
            String[] x = a.get(i);
            String[] y = b.get(i);
            assertEquals(Integer.toString(i), x[0]);
            assertEquals(Integer.toString(fixture.test.label(i)), x[1], "sample " + i);
            assertEquals(x[1], y[1], "sample " + i + ": label");
            assertEquals(x[2], y[2], "sample " + i + ": evaluate and the float replay decide alike");
            int prediction = Integer.parseInt(x[2]);
            correct += prediction == fixture.test.label(i) ? 1 : 0;
            for (String[] row : List.of(x, y)) {
                assertEquals(3 + classes, row.length);
                int best = 0;
                for (int k = 1; k < classes; k++) {
                    if (Double.parseDouble(row[3 + k]) > Double.parseDouble(row[3 + best])) {
                        best = k;
                    }
                }
                assertEquals(prediction, best, "sample " + i + ": the prediction is the scores' argmax");
            }
            for (int k = 0; k < classes; k++) {
                assertEquals(Double.parseDouble(x[3 + k]), Double.parseDouble(y[3 + k]), 1e-3,
                        "sample " + i + " class " + k + ": float32 and double scores agree to rounding");
            }
        }

        DeployedNetwork net = ModelFiles.readDeployed(floatNet);
        Platform platform = Platform.of(HardwareProfiles.bundled("float"));
        for (int i = 0; i < 5; i++) {
            SpikeRecording s = TrainedFixture.SYNTH.test().get(i);
            double[] expected = Decision.scores(Replay.simulate(net, platform,
                    Binning.SHD.bin(s, Math.max(1, Binning.SHD.steps(s)))).readout(), classes, net.decoding());
            double[] written = new double[classes];
            for (int k = 0; k < classes; k++) {
                written[k] = Double.parseDouble(b.get(i)[3 + k]);
            }
            assertArrayEquals(expected, written, "sample " + i + ": replay's scores are the simulator's, exactly");
        }

        Map<String, Object> ej = ReplayCommandTest.json(Cli.run("evaluate", "--model", fixture.model.toString(), "--data",
                fixture.testData.toString(), "--json"));
        Map<String, Object> rj = ReplayCommandTest.json(Cli.run("replay", "--network", floatNet.toString(), "--data",
                fixture.testData.toString(), "--json"));
        assertEquals(ej.get("predictions"), rj.get("predictions"));
        assertEquals(ej.get("labels"), rj.get("labels"));
        List<Object> predicted = (List<Object>) ej.get("predictions");
        for (int i = 0; i < a.size(); i++) {
            assertEquals(Integer.parseInt(a.get(i)[2]), ((Number) predicted.get(i)).intValue(), "sample " + i);
        }
        assertEquals(correct / (double) a.size(), ((Number) ej.get("accuracy")).doubleValue(), 1e-12);
        assertTrue(correct > a.size() / 5, "a trained model beats chance: " + correct);
        try (var files = Files.list(evaluated.getParent())) {
            assertEquals(2, files.count(), "no temporary file left");
        }
    }

    @Test
    void membranesAreTheSimulatedReadoutInBothUnits() throws IOException {
        int n = 3;
        for (Path network : List.of(floatNet, loihiNet)) {
            Path csv = dir.resolve("membranes-" + network.getParent().getFileName() + ".csv");
            Path predictions = dir.resolve("predictions-" + network.getParent().getFileName() + ".csv");
            Files.writeString(csv, "stale\n");
            Cli r = Cli.run("replay", "--network", network.toString(), "--data", fixture.testData.toString(),
                    "--samples", Integer.toString(n), "--membranes", csv.toString(), "--predictions", predictions.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("wrote " + csv), r.out());

            DeployedNetwork net = ModelFiles.readDeployed(network);
            String profile = net.profileName();
            Platform platform = Platform.of(HardwareProfiles.bundled(profile));
            int classes = net.outputs();
            List<String> lines = Files.readAllLines(csv);
            assertEquals("sample,step,v_0", lines.get(0).substring(0, "sample,step,v_0".length()));
            assertEquals(2 + 2 * classes, lines.get(0).split(",").length);
            List<String[]> rows = rows(csv);
            List<String[]> decided = rows(predictions);
            int row = 0;
            for (int i = 0; i < n; i++) {
                SpikeRecording s = TrainedFixture.SYNTH.test().get(i);
                Simulation.Result expected = Replay.simulate(net, platform, Binning.SHD.bin(s, Math.max(1, Binning.SHD.steps(s))));
                double[][] v = new double[expected.readout().length][classes];
                for (int t = 0; t < expected.readout().length; t++, row++) {
                    String[] x = rows.get(row);
                    assertEquals(Integer.toString(i), x[0]);
                    assertEquals(Integer.toString(t), x[1]);
                    long[] raw = new long[classes];
                    for (int k = 0; k < classes; k++) {
                        v[t][k] = Double.parseDouble(x[2 + k]);
                        raw[k] = Long.parseLong(x[2 + classes + k]);
                        if (profile.equals("float")) {
                            assertEquals(Double.doubleToLongBits(v[t][k]), raw[k], "the float raw state is the double's bits");
                        }
                    }
                    assertArrayEquals(expected.readout()[t], v[t], profile + " sample " + i + " step " + t);
                    assertArrayEquals(expected.rawReadout()[t], raw, profile + " sample " + i + " step " + t);
                }
                assertEquals(Integer.toString(Decision.predict(v, classes, net.decoding())), decided.get(i)[2],
                        profile + " sample " + i + ": the membranes give the prediction");
            }
            assertEquals(row, rows.size(), profile + ": one row per sample and simulated step");
            assertTrue(rows.stream().anyMatch(x -> Double.parseDouble(x[2]) != 0), profile + ": the readout moves");
        }
    }

    @Test
    void anUnwritableFileIsOneLineAndLeavesNothing() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a directory\n");
        Cli e = Cli.run("evaluate", "--model", fixture.model.toString(), "--data", fixture.testData.toString(),
                "--predictions", blocker.resolve("p.csv").toString());
        assertEquals(1, e.exit());
        assertTrue(e.errorLine().contains("cannot write " + blocker.resolve("p.csv")), e.err());
        Cli r = Cli.run("replay", "--network", loihiNet.toString(), "--data", fixture.testData.toString(), "--samples", "2",
                "--membranes", blocker.resolve("m.csv").toString());
        assertEquals(1, r.exit());
        assertTrue(r.errorLine().contains("cannot write " + blocker.resolve("m.csv")), r.err());
        assertFalse(Files.isDirectory(blocker));
    }
}
