package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.core.testing.TestPython;
import org.spikeport.exporter.loihi.LoihiTarget;
import org.spikeport.exporter.loihi.lava.LavaEnvironment;
import org.spikeport.exporter.loihi.lava.LavaSimulation;
import org.spikeport.simulator.Decision;
import org.spikeport.simulator.Simulation;

/**
 * lava-dl NetX (0.6.0) on the {@code network.net} of the demo-like trained model ({@link TrainedFixture#get()})
 * exported to Loihi 2: built as the exported {@code run_netx.py} builds it, it agrees with spikeport's simulator
 * on every spike of every layer and the readout's v at every step of 20 test samples; loaded with NetX's default
 * arguments it is refused with the file's own message; {@code run_netx.py} prints the simulator's answer.
 *
 * <p>Needs lava-dl and torch in the interpreter {@code spikeport.python} names (the test venv of {@code ./test.sh}
 * pins them in {@code python/requirements.txt}); without them it fails.
 */
class NetxAgreementTest {

    private static final int SAMPLES = 20;

    @TempDir
    static Path dir;

    static Path export;
    static DeployedNetwork net;
    static HardwareProfile profile;
    static LavaEnvironment env;

    @BeforeAll
    static void export() {
        TrainedFixture f = TrainedFixture.get();
        export = dir.resolve("loihi");
        Cli e = Cli.run("export", "--model", f.model.toString(), "--target", "loihi", "--out", export.toString());
        assertEquals(0, e.exit(), e.err());
        net = ModelFiles.readDeployed(export.resolve("network.pb"));
        profile = HardwareProfiles.bundled("loihi");
        env = LavaEnvironment.locate(null);
    }

    @Test
    void netxAsRunNetxLoadsItAgreesWithTheSimulatorOnEverySpike() {
        VerifyCommand.Samples s = VerifyCommand.samples(net, profile, TrainedFixture.get().testData, SAMPLES);
        List<LavaSimulation.Run> runs = LavaSimulation.runNetx(env, List.of(new LavaSimulation.Job(
                export.resolve(LoihiTarget.NETX_SCRIPT), net.inputs(), s.counts(), s.steps())), dir);
        VerifyCommand.Comparison cmp = VerifyCommand.compare(net, profile, s, runs.get(0));
        System.out.printf("NetxAgreementTest: %d samples, %d steps, %d neuron-steps, %d readout values, %d spikes, "
                + "%d mismatches%n", SAMPLES, cmp.steps(), cmp.neuronSteps(), cmp.values(), cmp.spikes(), cmp.mismatches());
        assertEquals(0, cmp.mismatches(), "first divergence " + cmp.first());
        assertEquals(cmp.spikes(), cmp.refSpikes());
        assertTrue(cmp.spikes() > 100, "the hidden layer must spike for the comparison to mean something: "
                + cmp.spikes());
    }

    @Test
    void netxWithDefaultArgumentsRefusesTheFileWithItsMessage() {
        TestPython.Result r = python(List.of("-c", "from lava.lib.dl import netx; netx.hdf5.Network(net_config='"
                + export.resolve(LoihiTarget.NETX_FILE) + "')"));
        assertNotEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("ValueError: invalid literal for int() with base 10: b'spikeport: graded "
                + net.input().bits() + "-bit input"), r.output());
        assertTrue(r.output().contains("input_message_bits=" + net.input().bits() + ", num_layers="
                + (net.layers().size() + 1) + ") as run_netx.py does'"), r.output());
    }

    @Test
    void runNetxPrintsTheSimulatorsAnswer() throws IOException {
        VerifyCommand.Samples s = VerifyCommand.samples(net, profile, TrainedFixture.get().testData, 3);
        for (int i = 0; i < s.steps().length; i++) {
            int[] counts = s.counts().get(i);
            int columns = s.steps()[i] - net.trailingSteps() - net.layers().size();
            Path npy = dir.resolve("sample" + i + ".npy");
            Files.write(npy, npy(counts, net.inputs(), columns));
            Simulation.Result sim = Simulation.run(net, profile, counts, s.steps()[i]);
            int expected = Decision.predict(sim.readout(), net.outputs(), net.decoding());
            TestPython.Result r = python(List.of(export.resolve(LoihiTarget.NETX_SCRIPT).toString(), npy.toString()));
            assertEquals(0, r.exit(), r.output());
            List<String> lines = r.output().strip().lines().toList();
            assertEquals(Integer.toString(expected), lines.get(lines.size() - 1), "sample " + i + ": " + r.output());
        }
    }

    /** An int32 {@code .npy} (format 1.0) of {@code counts} (rows of {@code inputs}) as {@code (inputs, columns)}. */
    static byte[] npy(int[] counts, int inputs, int columns) {
        StringBuilder header = new StringBuilder("{'descr': '<i4', 'fortran_order': False, 'shape': (" + inputs + ", "
                + columns + "), }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + 4 * inputs * columns).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) h.length).put(h);
        for (int c = 0; c < inputs; c++) {
            for (int t = 0; t < columns; t++) {
                int k = t * inputs + c;
                b.putInt(k < counts.length ? counts[k] : 0);
            }
        }
        return b.array();
    }

    /** Runs the NetX interpreter ({@code env}'s) with {@code args} in {@code dir}, for at most 600 s. */
    private static TestPython.Result python(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(env.python().toString());
        cmd.addAll(args);
        return TestPython.run(cmd, Map.of(), dir, Duration.ofSeconds(600));
    }
}
