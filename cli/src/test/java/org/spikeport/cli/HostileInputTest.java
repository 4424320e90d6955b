package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.core.proto.SpikeportProto;
import picocli.CommandLine;

/**
 * Hostile and broken input through the real command line: every case ends with one line naming the file,
 * the field and the allowed range, and the documented exit code, never a stack trace, a blow-up or a
 * silent wrong answer.
 */
class HostileInputTest {

    @TempDir
    static Path dir;

    static Path model;
    static Path network;

    /** A 4 -> 3 -> 2 model (dt 10 ms, delays up to 2) and its float export. */
    @BeforeAll
    static void files() {
        model = dir.resolve("model.pb");
        ModelFiles.write(model, model(1.0, "5"));
        Cli r = Cli.run("export", "--model", model.toString(), "--target", "float", "--out", dir.resolve("float").toString());
        assertEquals(0, r.exit(), r.err());
        network = dir.resolve("float/network.pb");
    }

    private static TrainedModel model(double threshold, String groupSize) {
        TrainedLayer hidden = new TrainedLayer("hidden", 4, 3, new float[] {1, 0.5f, -0.5f, 0.25f, 0.75f, 1, 0, -1, 1, 1, 1, 1},
                new float[] {0, 1, 2, 0, 1, 1, 2, 0, 0, 0, 1, 2}, 2, null, null, Lif.spiking(2, threshold));
        TrainedLayer readout = new TrainedLayer("readout", 3, 2, new float[] {1, -1, 0.5f, -0.5f, 1, 0.25f},
                new float[] {0, 1, 2, 1, 0, 0}, 2, null, null, Lif.readout(2));
        TreeMap<String, String> config = new TreeMap<>();
        config.put("group_size", groupSize);
        config.put("input_units", "20");
        return new TrainedModel(new TrainedNetwork(4, 10, 0.23, List.of(hidden, readout)), config, List.of(),
                new Provenance("test", "test", 1, "", Instant.parse("2026-01-01T00:00:00Z"), ""));
    }

    /** A copy of {@code file}'s deployed network with {@code edit} applied to its protobuf message. */
    private static Path editedNetwork(String name, UnaryOperator<SpikeportProto.DeployedNetwork.Builder> edit)
            throws IOException {
        byte[] all = Files.readAllBytes(network);
        var message = SpikeportProto.DeployedNetwork.parseFrom(Arrays.copyOfRange(all, 28, all.length)).toBuilder();
        return Files.write(dir.resolve(name), frame("DNET", edit.apply(message).build().toByteArray()));
    }

    private static byte[] frame(String tag, byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        return ByteBuffer.allocate(28 + payload.length).put("SPIKEPRT".getBytes(StandardCharsets.US_ASCII))
                .put(tag.getBytes(StandardCharsets.US_ASCII)).putInt(2).putLong(payload.length)
                .putInt((int) crc.getValue()).put(payload).array();
    }

    private static Cli replay(Path net, Path data) {
        return Cli.run("replay", "--network", net.toString(), "--data", data.toString(), "--input-units", "20");
    }

    private static Path csv(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void assertFails(int exit, String line, Cli r) {
        assertEquals(exit, r.exit(), r.err());
        assertEquals("spikeport: " + line, r.err().strip(), r.err());
    }

    // ---- every Throwable ends as one line and the documented exit code ----

    @Test
    void anOutOfMemoryErrorIsOneLineNamingTheInputsWithExitOne() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.parseArgs("replay", "--network", "big.pb", "--data", "big.h5");
        int exit = ErrorHandler.report(new OutOfMemoryError("Java heap space"), cl, cl.getParseResult());
        assertEquals(1, exit);
        String line = err.toString().strip();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("spikeport: out of memory in 'replay' (inputs: big.pb, big.h5): the input needs more "
                + "than the Java heap of "), line);
        assertTrue(line.contains("; give the JVM more with SPIKEPORT_JAVA_OPTS=-Xmx"), line);
    }

    @Test
    void aStackOverflowIsOneLineWithExitOneAndABugIsOneLineWithExitSeventy() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(1, ErrorHandler.report(new StackOverflowError(), cl, null));
        assertEquals("spikeport: stack overflow: the input is nested too deeply to process; if it is an ordinary file, "
                + "this is a bug: run with SPIKEPORT_DEBUG=1 and report the stack trace", err.toString().strip());

        StringWriter bug = new StringWriter();
        cl.setErr(new PrintWriter(bug));
        assertEquals(70, ErrorHandler.report(new IllegalStateException("two\nlines"), cl, null));
        String line = bug.toString().strip();
        assertTrue(line.matches("spikeport: internal error: IllegalStateException: two lines \\(at org\\.spikeport\\..*\\); "
                + "this is a bug: please report it with the command line \\(SPIKEPORT_DEBUG=1 prints the stack trace\\)"),
                line);
    }

    @Test
    void anNpyHeaderNestedFiveThousandDeepIsRejectedInOneLine() throws IOException {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + "(".repeat(5000) + ")".repeat(5000) + ", }";
        Path npz = dir.resolve("deep.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(npz))) {
            z.putNextEntry(new ZipEntry("model.0.weight.npy"));
            z.write(npy(header));
            z.closeEntry();
        }
        Cli r = Cli.run("import", npz.toString(), "--config", "shd", "--out", dir.resolve("deep.pb").toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.errorLine().startsWith("spikeport: " + npz + ": key 'model.0.weight': has an unreadable .npy header: "
                + "{'descr': '<f4', 'fortran_order': False, 'shape': (((("), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    private static byte[] npy(String header) {
        byte[] h = (header + " ".repeat(64 - (10 + header.length() + 1) % 64) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(12 + h.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 2).put((byte) 0).putInt(h.length).put(h);
        return b.array();
    }

    /** 300 MB of zeros deflate to 300 kB; the entry's declared size is refused before anything is inflated. */
    @Test
    void anNpzThatInflatesToHundredsOfMegabytesIsRefusedBeforeInflating() throws IOException {
        Path npz = dir.resolve("bomb.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(npz))) {
            z.putNextEntry(new ZipEntry("model.0.weight.npy"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 300; i++) {
                z.write(zeros);
            }
            z.closeEntry();
        }
        long start = System.nanoTime();
        Cli r = Cli.run("import", npz.toString(), "--config", "shd", "--out", dir.resolve("bomb.pb").toString());
        assertFails(1, npz + ": key 'model.0.weight': declares 314572800 bytes of uncompressed size; the arrays of an "
                + "archive may hold at most 268435456 bytes together", r);
        assertTrue((System.nanoTime() - start) / 1e9 < 5, "refused without inflating");
    }

    // ---- values that pass a reader and crashed later: validated where the file is read ----

    @Test
    void aNetworkMissingANeuronParameterIsRejectedWhenRead() throws IOException {
        Path bad = editedNetwork("no-tau.pb", n -> {
            n.getLayersBuilder(0).getNeuronBuilder().removeValues("tau");
            return n;
        });
        assertFails(1, bad + ": is not a valid deployed network: layer 'hidden': neuron parameter 'tau' of model "
                + "'lif-float' is missing", replay(bad, csv("one.csv", "0.01,3\n")));
    }

    @Test
    void aNetworkWithDtZeroHugeDelayOrHugeTrailingStepsIsRejectedWhenRead() throws IOException {
        Path data = csv("one-event.csv", "0.01,3\n");
        Path dt = editedNetwork("dt0.pb", n -> n.setDtMs(0));
        assertFails(1, dt + ": is not a valid deployed network: network: dt must be in [0.001, 1000.0] ms, got 0.0",
                replay(dt, data));
        Path delay = editedNetwork("delay.pb", n -> {
            n.getLayersBuilder(0).getSynapsesBuilder().setDelay(0, 1 << 30);
            return n;
        });
        assertFails(1, delay + ": is not a valid deployed network: layer 'hidden': synapse 0 (post 0, pre 0) has delay "
                + "1073741824, outside 0..1025 steps", replay(delay, data));
        Path trailing = editedNetwork("trailing.pb", n -> n.setTrailingSteps(Integer.MAX_VALUE));
        assertFails(1, trailing + ": is not a valid deployed network: network: trailing steps must be in 0..1024 (512 per "
                + "layer, half the longest delay), got 2147483647", replay(trailing, data));
    }

    @Test
    void aModelWhoseConfigGroupSizeIsNotANumberIsRejectedWhenRead() {
        Path bad = dir.resolve("abc.pb");
        SpikeportProto.TrainedModel.Builder m;
        try {
            byte[] all = Files.readAllBytes(model);
            m = SpikeportProto.TrainedModel.parseFrom(Arrays.copyOfRange(all, 28, all.length)).toBuilder();
            m.putConfig("group_size", "abc");
            Files.write(bad, frame("TMOD", m.build().toByteArray()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertFails(1, bad + ": is not a valid trained model: config 'group_size': expected an integer in 1..65536, "
                + "got \"abc\"", Cli.run("evaluate", "--model", bad.toString(), "--data", dir.resolve("none.h5").toString()));
    }

    /** A copy of the model file with {@code edit} applied to its protobuf message. */
    private static Path editedModel(String name, UnaryOperator<SpikeportProto.TrainedModel.Builder> edit)
            throws IOException {
        byte[] all = Files.readAllBytes(model);
        var message = SpikeportProto.TrainedModel.parseFrom(Arrays.copyOfRange(all, 28, all.length)).toBuilder();
        return Files.write(dir.resolve(name), frame("TMOD", edit.apply(message).build().toByteArray()));
    }

    @Test
    void aThresholdBeyondTheLimitIsRejectedWhenRead() throws IOException {
        Path huge = editedModel("huge-threshold.pb", m -> {
            m.getLayersBuilder(0).getNeuronBuilder().setThreshold(Double.MAX_VALUE);
            return m;
        });
        assertFails(1, huge + ": is not a valid trained model: layer 'hidden': a spiking LIF needs a threshold in "
                + "(0, 1.0E30], got 1.7976931348623157E308", Cli.run("export", "--model", huge.toString(),
                "--target", "loihi", "--out", dir.resolve("huge").toString()));
        assertFalse(Files.exists(dir.resolve("huge")), "nothing is written for a model that is not read");
    }

    /** At the largest threshold every target's scales stay finite: each exports, none fails with a bug. */
    @Test
    void theLargestThresholdExportsToEveryTarget() {
        Path edge = dir.resolve("edge-threshold.pb");
        ModelFiles.write(edge, model(org.spikeport.core.ir.Limits.MAX_THRESHOLD, "5"));
        for (String target : new String[] {"float", "nir", "loihi", "spinnaker", "seneca", "truenorth-like"}) {
            Path out = dir.resolve("edge-" + target);
            Cli r = Cli.run("export", "--model", edge.toString(), "--target", target, "--out", out.toString());
            assertEquals(0, r.exit(), target + ": " + r.out() + r.err());
            assertTrue(Files.exists(out.resolve("network.pb")), target);
        }
    }

    /** A model trained without BatchNorm (the test's model has none) evaluates, exports and replays alike. */
    @Test
    void aModelWithoutBatchNormEvaluatesAndReplaysAlike() throws IOException {
        Path data = dir.resolve("no-bn.h5");
        java.util.Random r = new java.util.Random(3);
        List<org.spikeport.core.data.SpikeRecording> samples = new java.util.ArrayList<>();
        for (int s = 0; s < 12; s++) {
            int n = 40 + r.nextInt(40);
            double[] t = new double[n];
            int[] u = new int[n];
            for (int k = 0; k < n; k++) {
                t[k] = r.nextDouble() * 0.2;
                u[k] = r.nextInt(20);
            }
            Arrays.sort(t);
            samples.add(new org.spikeport.core.data.SpikeRecording(t, u, s % 2));
        }
        org.spikeport.core.data.FlatDatasetWriter.write(data, samples, List.of("a", "b"), 20);
        Cli e = Cli.run("evaluate", "--model", model.toString(), "--data", data.toString());
        assertEquals(0, e.exit(), e.out() + e.err());
        Cli x = Cli.run("export", "--model", model.toString(), "--target", "float", "--out",
                dir.resolve("no-bn").toString(), "--check", data.toString());
        assertEquals(0, x.exit(), x.out() + x.err());
        String accuracy = e.out().lines().filter(l -> l.contains("accuracy")).findFirst().orElseThrow();
        assertTrue(x.out().contains(accuracy.replaceAll(".*?([0-9.]+ %).*", "$1")), accuracy + " vs " + x.out());
    }

    // ---- profiles: every field checked where the file is read ----

    private static Path profile(String name, String from, String... replacements) throws IOException {
        String yaml = new String(org.spikeport.core.profile.HardwareProfiles.class.getClassLoader()
                .getResourceAsStream("org/spikeport/profiles/" + from + ".yaml").readAllBytes(), StandardCharsets.UTF_8)
                .replaceFirst("(?m)^name: .*$", "name: " + name);
        for (int i = 0; i < replacements.length; i += 2) {
            String changed = yaml.replaceFirst(replacements[i], replacements[i + 1]);
            assertFalse(changed.equals(yaml), replacements[i]);
            yaml = changed;
        }
        return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }

    @Test
    void aProfileWithOneBitWeightsOrWideGradedInputIsRejectedWhenLoaded() throws IOException {
        Path oneBit = profile("one-bit", "loihi", "(?m)^  bits: 8$", "  bits: 1");
        assertFails(1, oneBit + ": weights.bits: expected an integer in 2..8 (the loihi2-lif arithmetic computes with it), "
                + "got 1", Cli.run("validate", "--model", model.toString(), "--target", "loihi", "--profile", oneBit.toString()));
        Path graded = profile("graded", "loihi", "(?m)^  graded_bits: 24$", "  graded_bits: 40");
        assertFails(1, graded + ": input.graded_bits: expected an integer in 1..32, got 40",
                Cli.run("validate", "--model", model.toString(), "--target", "loihi", "--profile", graded.toString()));
        Path pipeline = profile("pipeline", "loihi", "(?m)^  pipeline_steps_per_layer: 1$",
                "  pipeline_steps_per_layer: 2147483647");
        assertFails(1, pipeline + ": delays.pipeline_steps_per_layer: expected an integer in 0..1024, got 2147483647",
                Cli.run("validate", "--model", model.toString(), "--target", "loihi", "--profile", pipeline.toString()));
    }

    @Test
    void aSixMegabyteProfileIsRejectedAtOnce() throws IOException {
        Path big = dir.resolve("big.yaml");
        try (OutputStream out = Files.newOutputStream(big)) {
            byte[] line = "# padding padding padding padding padding padding padding padding padding padding\n"
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 6 * 1024 * 1024 / line.length; i++) {
                out.write(line);
            }
        }
        long start = System.nanoTime();
        Cli r = Cli.run("validate", "--model", model.toString(), "--target", "loihi", "--profile", big.toString());
        assertFails(1, big + ": is " + Files.size(big) + " bytes; a profile is at most 1048576 bytes of YAML", r);
        assertTrue((System.nanoTime() - start) / 1e9 < 5);
    }

    @Test
    void exportRefusesAProfileWhoseArithmeticIsNotTheTargetsLikeReplay() {
        assertFails(1, "profile 'spinnaker' computes in 'spinnaker-lif-s1615', but target 'loihi' deploys in 'loihi2-lif'; "
                + "give a profile whose arithmetic is loihi2-lif (e.g. 'loihi')", Cli.run("export", "--model",
                model.toString(), "--target", "loihi", "--profile", "spinnaker", "--out", dir.resolve("x").toString()));
        assertFalse(Files.exists(dir.resolve("x")));
    }

    // ---- blow-ups from tiny inputs and wrong answers from odd text ----

    @Test
    void aTwoLineCsvWithASpikeAtTwoHundredThousandSecondsIsRefusedBeforeBinning() throws IOException {
        Path far = csv("far.csv", "time,channel\n200000,3\n");
        long start = System.nanoTime();
        assertFails(1, far + ": the recording lasts 200000.0 s (its last event), 20000001 steps of 10.0 ms; spikeport "
                + "replays samples of at most 100000 steps (1000.0 s at this network's dt)", replay(network, far));
        assertTrue((System.nanoTime() - start) / 1e9 < 5);
    }

    @Test
    void anEmptyOrHeaderOnlyCsvIsAnErrorNotAPrediction() throws IOException {
        for (String content : new String[] {"", "time,channel\n", "\uFEFFtime,channel\r\n\r\n# nothing\n"}) {
            Path f = csv("empty.csv", content);
            assertFails(1, f + ": no events; expected 'time,channel' rows (seconds, input unit), e.g. 0.0125,42",
                    replay(network, f));
        }
    }

    @Test
    void aBomOrQuotedValuesReadEveryEvent() throws IOException {
        Path plain = csv("plain.csv", "0.01,3\n0.02,7\n");
        Path odd = csv("odd.csv", "\uFEFF\"0.01\",\"3\"\r\n\"0.02\" , 7\r\n");
        Path events = dir.resolve("events-plain.csv");
        Path oddEvents = dir.resolve("events-odd.csv");
        Cli a = Cli.run("replay", "--network", network.toString(), "--data", plain.toString(), "--input-units", "20",
                "--events", events.toString(), "--json");
        Cli b = Cli.run("replay", "--network", network.toString(), "--data", odd.toString(), "--input-units", "20",
                "--events", oddEvents.toString(), "--json");
        assertEquals(0, a.exit(), a.err());
        assertEquals(0, b.exit(), b.err());
        assertEquals(ReplayCommandTest.parse(a.out()).get("predictions"), ReplayCommandTest.parse(b.out()).get("predictions"));
        assertEquals(Files.readString(events), Files.readString(oddEvents));
    }

    @Test
    void aMalformedFirstRowIsNotTakenForAHeader() throws IOException {
        Path f = csv("typo.csv", "0.01x,3\n0.02,4\n");
        assertFails(1, f + ", line 1: expected a time in seconds and an integer channel, got '0.01x,3'", replay(network, f));
    }

    // ---- leftovers of killed runs are removed by the next run, only ours ----

    @Test
    void aKilledExportsStagingDirectoriesAreRemovedByTheNextExport() throws IOException {
        Path out = dir.resolve("again");
        Path deadPid = Files.createDirectories(dir.resolve(".again.partial-99999999-123"));
        Files.writeString(deadPid.resolve("network.pb"), "half");
        Path legacy = Files.createDirectories(dir.resolve(".again.partial-4567"));
        Files.setLastModifiedTime(legacy, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Path alive = Files.createDirectories(dir.resolve(".again.partial-1-89"));
        Path foreign = Files.createDirectories(dir.resolve(".again.mine"));
        Cli r = Cli.run("export", "--model", model.toString(), "--target", "float", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertFalse(Files.exists(deadPid), "its process is gone");
        assertFalse(Files.exists(legacy), "older than this process");
        assertTrue(Files.exists(alive), "process 1 is running and older than the directory");
        assertTrue(Files.exists(foreign), "not a name spikeport writes");
    }
}
