package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.loihi.lava.LavaProcesses;
import org.spikeport.simulator.Simulation;
import picocli.CommandLine;

/**
 * {@code verify --against lava} on a model trained like the demo ({@code small} preset, smaller
 * hidden layers and two epochs on a small synthetic dataset) and exported to Loihi 2: zero mismatches
 * on 20 test samples, run from the {@code network.lava.pkl} that {@code export} wrote (loaded back with
 * {@code lava.utils.serialization.load}); the same for a recurrent model trained from the
 * {@code delrec-small} preset on the long-order task; a network that differs from its Lava file is caught
 * at its first divergence.
 */
class VerifyCommandTest {

    @TempDir
    static Path dir;

    static Path data;
    static Path export;

    @BeforeAll
    static void trainAndExport() {
        data = dir.resolve("data");
        Cli s = Cli.run("dataset", "synth", "--out", data.toString(), "--train", "48", "--test", "24", "--seed", "3");
        assertEquals(0, s.exit(), s.err());
        Path model = dir.resolve("model.pb");
        Cli t = Cli.run("train", "--data", data.toString(), "--config", "small", "--hidden", "16,16", "--epochs", "2",
                "--batch-size", "16", "--seed", "2", "--out", model.toString());
        assertEquals(0, t.exit(), t.err());
        export = dir.resolve("loihi");
        Cli e = Cli.run("export", "--model", model.toString(), "--target", "loihi", "--out", export.toString());
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.out().contains(export.resolve(LavaProcesses.FILE).toString()), e.out());
        assertFalse(e.out().contains("note:"), e.out());
    }

    /** Runs {@code verify} in-process (the command as the root command registers it). */
    static Cli verify(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new VerifyCommand());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Cli(exit, out.toString(), err.toString());
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void aTrainedModelAgreesWithLavaOnTwentySamples() {
        Cli r = verify("--network", export.resolve("network.pb").toString(), "--against", "lava", "--data",
                data.resolve("test.h5").toString(), "--samples", "20", "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        String j = r.out();
        assertEquals(20, number(j, "samples"));
        assertEquals(0, number(j, "mismatches"));
        assertTrue(j.contains("\"lava_processes\": \"" + export.resolve(LavaProcesses.FILE) + " (beside the network)\""), j);
        long spikes = number(j, "spikes_spikeport");
        assertEquals(spikes, number(j, "spikes_reference"));
        assertTrue(spikes > 100, "the hidden layers must spike for the comparison to mean something: " + j);
        DeployedNetwork net = ModelFiles.readDeployed(export.resolve("network.pb"));
        long neurons = net.layers().stream().mapToLong(DeployedLayer::outputs).sum();
        assertEquals(number(j, "steps") * neurons, number(j, "neuron_steps_compared"));
        assertEquals(number(j, "steps") * net.outputs(), number(j, "readout_values_compared"));
    }

    /**
     * A model trained from the {@code delrec-small} preset, shrunk (hidden 16-16, two epochs on 48 samples of
     * the long-order task) and with both hidden layers recurrent (axonal lags) and hard reset, exported to
     * Loihi 2: the Lava file with the recurrent DelayDenses and no NetX file, a note naming what NetX would get
     * wrong for each recurrent layer in the output and the report, and zero mismatches against Lava on 20
     * samples, on which the recurrent synapses carry spikes and change what the network computes.
     */
    @Test
    void aTrainedRecurrentModelAgreesWithLavaOnTwentySamples() throws IOException {
        Path longOrder = dir.resolve("long-order");
        Cli s = Cli.run("dataset", "synth", "--task", "long-order", "--out", longOrder.toString(), "--train", "48",
                "--test", "24", "--seed", "3");
        assertEquals(0, s.exit(), s.err());
        Path model = dir.resolve("delrec.pb");
        Cli t = Cli.run("train", "--data", longOrder.toString(), "--config", "delrec-small", "--hidden", "16,16",
                "--recurrent", "1,2", "--reset", "zero", "--epochs", "2", "--batch-size", "16", "--seed", "2",
                "--out", model.toString());
        assertEquals(0, t.exit(), t.err());
        Path out = dir.resolve("loihi-recurrent");
        Cli e = Cli.run("export", "--model", model.toString(), "--target", "loihi", "--out", out.toString());
        assertEquals(0, e.exit(), e.out() + e.err());
        assertTrue(Files.isRegularFile(out.resolve(LavaProcesses.FILE)));
        assertFalse(Files.exists(out.resolve("network.net")), "NetX cannot hold the recurrent layers");
        String note = "network.net not written: lava-dl NetX cannot hold recurrent synapses as this network has them "
                + "(layer 'hidden1': ";
        assertTrue(e.out().contains("note: " + note), e.out());
        assertTrue(Files.readString(out.resolve("report.md")).contains("## Notes\n\n- " + note));
        Map<String, Object> report = ReplayCommandTest.parse(Files.readString(out.resolve("report.json")));
        @SuppressWarnings("unchecked")
        List<String> notes = (List<String>) report.get("notes");
        assertTrue(notes.size() == 1 && notes.get(0).startsWith(note) && notes.get(0).contains("; layer 'hidden2': ")
                && notes.get(0).endsWith("); " + LavaProcesses.FILE + " holds the exact network"), notes.toString());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> dense = (List<Map<String, Object>>) ((Map<String, Object>) report.get("mapping"))
                .get("recurrent_dense");
        assertEquals(List.of("hidden1", "hidden2"), dense.stream().map(d -> d.get("layer")).toList());

        Path testData = longOrder.resolve("test.h5");
        Cli r = verify("--network", out.resolve("network.pb").toString(), "--against", "lava", "--data",
                testData.toString(), "--samples", "20", "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        String j = r.out();
        assertEquals(20, number(j, "samples"));
        assertEquals(0, number(j, "mismatches"));
        assertEquals(number(j, "spikes_spikeport"), number(j, "spikes_reference"));

        DeployedNetwork net = ModelFiles.readDeployed(out.resolve("network.pb"));
        assertTrue(net.layers().get(0).isRecurrent() && net.layers().get(1).isRecurrent());
        assertEquals(ResetMode.ZERO, ModelFiles.readTrained(model).network().layers().get(0).neuron().reset());
        HardwareProfile hw = HardwareProfiles.bundled("loihi");
        VerifyCommand.Samples samples = VerifyCommand.samples(net, hw, testData, 20);
        DeployedNetwork withoutRecurrence = LavaAgreementTest.feedForward(net);
        long delivered = 0;
        int changed = 0;
        for (int i = 0; i < 20; i++) {
            int n = samples.steps()[i];
            Simulation.Result with = Simulation.run(net, hw, samples.counts().get(i), n);
            Simulation.Result without = Simulation.run(withoutRecurrence, hw, samples.counts().get(i), n);
            changed += with.spikes().equals(without.spikes()) ? 0 : 1;
            for (int l = 0; l < 2; l++) {
                delivered += LongStream.of(LavaAgreementTest.delivered(net.layers().get(l).recurrent(),
                        with.spikes().get(l), n)).sum();
            }
        }
        System.out.printf("VerifyCommandTest: trained recurrent model, 20 samples, %d steps, %d spikes, %d recurrent "
                + "synaptic events, recurrence changes the spikes of %d samples, %d mismatches%n", number(j, "steps"),
                number(j, "spikes_spikeport"), delivered, changed, number(j, "mismatches"));
        assertTrue(delivered > 1000, "the recurrent synapses must carry spikes: " + delivered);
        assertTrue(changed >= 10, "recurrence changes the spikes of " + changed + " of 20 samples");
    }

    /** The network's readout gets bias_mant 1 (v + 64 per step) while the Lava file keeps 0. */
    @Test
    void aNetworkThatDiffersFromItsLavaFileIsCaughtAtItsFirstDivergence() throws IOException {
        DeployedNetwork net = ModelFiles.readDeployed(export.resolve("network.pb"));
        List<DeployedLayer> layers = new ArrayList<>(net.layers());
        DeployedLayer out = layers.get(layers.size() - 1);
        SortedMap<String, long[]> p = new TreeMap<>(out.neuron().values());
        long[] mant = new long[out.outputs()];
        for (int i = 0; i < mant.length; i++) {
            mant[i] = out.neuron().value(Loihi2Lif.BIAS_MANT, i);
        }
        mant[0] += 1;
        p.put(Loihi2Lif.BIAS_MANT, mant);
        layers.set(layers.size() - 1, new DeployedLayer(out.name(), out.inputs(), out.outputs(), out.synapses(),
                new NeuronParams(out.neuron().model(), p), out.quantization()));
        Path tampered = Files.createDirectories(dir.resolve("tampered"));
        ModelFiles.write(tampered.resolve("network.pb"), new DeployedNetwork(net.inputs(), net.dtMs(), net.target(),
                net.profileName(), net.profileSha256(), net.input(), layers, net.trailingSteps(), net.provenance()));
        Files.copy(export.resolve(LavaProcesses.FILE), tampered.resolve(LavaProcesses.FILE));

        Cli r = verify("--network", tampered.resolve("network.pb").toString(), "--against", "lava", "--data",
                data.resolve("test.h5").toString(), "--samples", "2");
        assertEquals(VerifyCommand.EXIT_MISMATCH, r.exit(), r.out() + r.err());
        long bias = Loihi2Lif.bias(mant[0], (int) out.neuron().value(Loihi2Lif.BIAS_EXP, 0));
        long was = Loihi2Lif.bias(mant[0] - 1, (int) out.neuron().value(Loihi2Lif.BIAS_EXP, 0));
        assertTrue(r.out().contains("first divergence  sample 0, layer '" + out.name() + "', neuron 0, step 0: v spikeport "
                + bias + ", Lava " + was), r.out());
        assertFalse(r.out().contains("mismatches        0\n"), r.out());
    }

    @Test
    void withoutAProcessFileOneIsBuiltFromTheNetwork() throws IOException {
        Path bare = Files.createDirectories(dir.resolve("bare"));
        Files.copy(export.resolve("network.pb"), bare.resolve("network.pb"));
        Cli r = verify("--network", bare.resolve("network.pb").toString(), "--against", "lava", "--data",
                data.resolve("test.h5").toString(), "--samples", "2");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("lava processes    built from " + bare.resolve("network.pb") + " for this run"), r.out());
        assertTrue(r.out().contains("mismatches        0"), r.out());
        assertTrue(r.out().contains("time per sample   spikeport "), r.out());
        assertFalse(Files.exists(bare.resolve(LavaProcesses.FILE)), "verify writes nothing beside the network");
    }

    @Test
    void anUnknownReferenceIsABadInput() {
        Cli r = verify("--network", export.resolve("network.pb").toString(), "--against", "brian", "--data",
                data.resolve("test.h5").toString());
        assertEquals(1, r.exit());
        assertEquals("spikeport: unknown reference 'brian' for --against; known: lava", r.errorLine());
    }
}
