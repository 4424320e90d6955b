package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.core.testing.TestPython;
import org.spikeport.exporter.FoldedNetwork;
import org.spikeport.exporter.spinnaker.SpinnakerTarget;

/**
 * The exported {@code network.py} runs unchanged with {@code --backend spinnaker} on sPyNNaker's virtual
 * board (sPyNNaker 7.4.1 from PyPI, in the venv {@code spikeport.spynnaker.python} names, created by
 * {@code ./test.sh} from {@code python/requirements-spynnaker.txt}). A virtual board maps the network, builds
 * every core's data and simulates nothing, so what is checked is everything up to data generation: sPyNNaker
 * accepts the populations, the per-sign projections (its synapse types refuse mixed signs), the delays and the
 * {@code time_scale_factor} of paced input, and the ring-buffer shifts it derives from the script's
 * {@code max_expected_summed_weight} are the ones the weights were quantized for (the script prints both).
 * The board is configured as its users configure it, by {@code ~/.spynnaker.cfg} (HOME is the test's folder).
 */
class SpinnakerVirtualBoardTest {

    private static final HardwareProfile PROFILE = HardwareProfiles.bundled("spinnaker");

    @TempDir
    Path dir;

    /** The demo-like trained model, exported by the CLI, on its sample input. */
    @Test
    void trainedModelBuildsOnTheVirtualBoardWithTheExportedShifts() throws IOException {
        Path export = dir.resolve("export");
        Cli e = Cli.run("export", "--model", TrainedFixture.get().model.toString(), "--target", "spinnaker",
                "--out", export.toString());
        assertEquals(0, e.exit(), e.err());
        DeployedNetwork net = ModelFiles.readDeployed(export.resolve("network.pb"));
        String log = runOnVirtualBoard(export);
        requireExportedShifts(net, log);
        assertTrue(log.contains("timescale factor of 1"), log);
    }

    /**
     * A recurrent network (projections from a population to itself) fed an input whose busiest step exceeds
     * what one source core sends per ms: sPyNNaker runs with the script's {@code time_scale_factor}.
     */
    @Test
    void recurrentNetworkWithPacedInputBuildsOnTheVirtualBoard() throws IOException {
        FoldedNetwork folded = SpinnakerPynnTest.recurrentNetwork(5);
        DeployedNetwork net = new SpinnakerTarget().deploy(folded, PROFILE,
                new Provenance("test", "test", 0, "", Instant.EPOCH, ""));
        Path export = dir.resolve("export");
        Files.createDirectories(export);
        new SpinnakerTarget().write(net, folded, PROFILE, export);
        int limit = PROFILE.resources().spikesPerCorePerStep();
        int inputs = net.inputs();
        int[] dense = new int[3 * inputs];
        java.util.Arrays.fill(dense, inputs, 2 * inputs, limit / inputs + 2);
        int factor = SpinnakerTarget.timeScaleFactor(
                SpinnakerTarget.maxSpikesPerCorePerStep(dense, inputs, PROFILE.resources().neuronsPerCore()), limit);
        assertTrue(factor > 1, "the input must need pacing");
        Path input = export.resolve("dense.csv");
        SpinnakerTarget.writeInput(input, dense, inputs);
        String log = runOnVirtualBoard(export, "--input", input.toString());
        requireExportedShifts(net, log);
        assertTrue(log.contains("time_scale_factor " + factor), log);
        assertTrue(log.contains("timescale factor of " + factor), "sPyNNaker must run with the factor:\n" + log);
    }

    /** Every layer's line of the script's shift check says sPyNNaker's shifts equal network.json's. */
    private static void requireExportedShifts(DeployedNetwork net, String log) {
        for (DeployedLayer layer : net.layers()) {
            assertTrue(log.lines().anyMatch(l -> l.startsWith("ring-buffer shifts of " + layer.name() + ": sPyNNaker ")
                    && l.endsWith("(equal)")), "layer " + layer.name() + ":\n" + log);
        }
        assertFalse(log.contains("DIFFERENT"), log);
    }

    /** Runs {@code network.py --backend spinnaker ARGS} in {@code export} with a virtual board; returns its output. */
    private String runOnVirtualBoard(Path export, String... args) throws IOException {
        String python = TestPython.spynnakerInterpreter("the sPyNNaker virtual board test", "numpy, pyNN, spynnaker");
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        Files.writeString(home.resolve(".spynnaker.cfg"), "[Machine]\nvirtual_board = True\nversion = 5\n");
        List<String> cmd = new ArrayList<>(List.of(python, export.resolve("network.py").toString(),
                "--backend", "spinnaker", "--out", export.resolve("virtual.npz").toString()));
        cmd.addAll(List.of(args));
        TestPython.Result r = TestPython.run(cmd, Map.of("HOME", home.toString()), export, Duration.ofSeconds(300));
        String log = r.output();
        assertEquals(0, r.exit(), () -> "network.py --backend spinnaker failed:\n" + log);
        assertTrue(log.contains("spinnaker: "), log);
        return log;
    }
}
