package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.trainer.DelayNetwork;
import org.spikeport.trainer.TrainConfig;

class ExportCommandTest {

    @TempDir
    static Path dir;

    static Path model;

    /** An untrained 20 -> 8 -> 3 network with delays up to 24 (the export path does not need training). */
    @BeforeAll
    static void model() {
        TrainConfig c = new TrainConfig("t", new int[] {8}, 24, 1.005, 1, 4, 0, 1e-3, 5e-3, 0, 0.1,
                TrainConfig.DelayMode.LEARNED, TrainConfig.SigmaMode.DECREASING, true, 0, 10, 5, 100, 1);
        var net = DelayNetwork.create(c, 3, DataType.FLOAT).toIR(10, 0.23);
        model = dir.resolve("model.pb");
        ModelFiles.write(model, new TrainedModel(net, c.toMap(), List.of(),
                new Provenance("test", "test", 1, "", Instant.parse("2026-01-01T00:00:00Z"), "")));
    }

    @Test
    void exportsToEachTarget() {
        for (String target : new String[] {"float", "nir", "loihi"}) {
            Path out = dir.resolve("out-" + target);
            Cli r = Cli.run("export", "--model", model.toString(), "--target", target, "--out", out.toString());
            assertEquals(0, r.exit(), target + ": " + r.err());
            assertTrue(r.out().contains(target + " on profile " + target + ": fits"), r.out());
            DeployedNetwork net = ModelFiles.readDeployed(out.resolve("network.pb"));
            assertEquals(target, net.target());
            assertEquals("spikeport export --model " + model + " --target " + target + " --out " + out,
                    net.provenance().commandLine());
            assertTrue(Files.exists(out.resolve("report.md")) && Files.exists(out.resolve("report.json")));
        }
        assertTrue(Files.exists(dir.resolve("out-nir/network.nir")));
        assertTrue(Files.exists(dir.resolve("out-loihi/network.net")));
        assertTrue(Files.exists(dir.resolve("out-loihi/network.lava.pkl")), "the test venv has Lava");
    }

    /** Without a Lava environment the NetX file is still written and one line says how to install Lava. */
    @Test
    void loihiExportWithoutLavaSaysHowToInstallIt() {
        String saved = System.getProperty("spikeport.python");
        System.setProperty("spikeport.python", dir.resolve("no-python").toString());
        try {
            Path out = dir.resolve("no-lava");
            Cli r = Cli.run("export", "--model", model.toString(), "--target", "loihi", "--out", out.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(Files.exists(out.resolve("network.net")));
            assertFalse(Files.exists(out.resolve("network.lava.pkl")));
            List<String> notes = r.out().lines().filter(l -> l.startsWith("note: ")).toList();
            assertEquals(1, notes.size(), r.out());
            assertTrue(notes.get(0).startsWith("note: network.lava.pkl not written: "), notes.get(0));
            assertTrue(notes.get(0).contains("install it with: python3.10 -m venv .venv"), notes.get(0));
        } finally {
            System.setProperty("spikeport.python", saved);
        }
    }

    @Test
    void validateNamesEveryOffenderAndExitsThree() throws IOException {
        Path custom = Files.writeString(dir.resolve("tiny.yaml"), Files.readString(
                Path.of(System.getProperty("spikeport.root"), "hw-profiles/src/main/resources/org/spikeport/profiles/float.yaml"))
                .replace("name: float", "name: tiny").replaceFirst("max: null", "max: 3"));
        Cli r = Cli.run("validate", "--model", model.toString(), "--target", "float", "--profile", custom.toString());
        assertEquals(3, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("DOES NOT FIT"), r.out());
        assertTrue(r.out().contains("delay-range: layer 'hidden1', synapse "), r.out());
        assertTrue(r.out().contains("exceeds the maximum of 3 steps; retrain with --max-delay 3 or less"), r.out());
        assertTrue(r.out().contains("trained without --for: the profile's limits were first applied by this export; "
                + "`spikeport fine-tune --model MODEL --for tiny --data DIR` trains the model on inside them"), r.out());

        Path out = dir.resolve("nofit");
        Cli e = Cli.run("export", "--model", model.toString(), "--target", "float", "--profile", custom.toString(),
                "--out", out.toString());
        assertEquals(3, e.exit());
        assertTrue(Files.exists(out.resolve("report.md")));
        assertFalse(Files.exists(out.resolve("network.pb")), "nothing deployable is written when it does not fit");
    }

    @Test
    void badInputsAreOneLineAndLeaveNothing() throws IOException {
        Cli target = Cli.run("export", "--model", model.toString(), "--target", "tpu", "--out", dir.resolve("x").toString());
        assertEquals(1, target.exit());
        assertEquals("spikeport: unknown target 'tpu'; known targets: float, nir, loihi, spinnaker, seneca, truenorth-like",
                target.errorLine());

        Path bad = Files.writeString(dir.resolve("bad.yaml"), Files.readString(
                Path.of(System.getProperty("spikeport.root"), "hw-profiles/src/main/resources/org/spikeport/profiles/float.yaml"))
                .replace("name: float", "name: bad").replaceFirst("max: null", "max: sixty"));
        Cli profile = Cli.run("validate", "--model", model.toString(), "--target", "float", "--profile", bad.toString());
        assertEquals(1, profile.exit());
        assertTrue(profile.errorLine().contains("delays.max: expected an integer >= 0, got \"sixty\""), profile.err());

        Cli missing = Cli.run("export", "--model", dir.resolve("none.pb").toString(), "--target", "float", "--out",
                dir.resolve("y").toString());
        assertEquals(1, missing.exit());
        assertFalse(Files.exists(dir.resolve("y")));

        Path blocker = Files.writeString(dir.resolve("blocker"), "a file");
        Cli blocked = Cli.run("export", "--model", model.toString(), "--target", "loihi", "--out",
                blocker.resolve("out").toString());
        assertEquals(1, blocked.exit(), blocked.err());
        assertEquals(1, blocked.err().lines().count(), blocked.err());

        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep");
        Cli foreign = Cli.run("export", "--model", model.toString(), "--target", "loihi", "--out", mine.toString());
        assertEquals(1, foreign.exit());
        assertEquals("keep", Files.readString(mine.resolve("notes.txt")));
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".partial-")));
        }
    }

    @Test
    void nanWeightsAreRejectedWhenTheModelIsRead() throws IOException {
        TrainedModel m = ModelFiles.readTrained(model);
        var proto = org.spikeport.core.proto.SpikeportProto.TrainedModel.newBuilder()
                .mergeFrom(java.util.Arrays.copyOfRange(ModelFiles.bytes(m), 28, ModelFiles.bytes(m).length));
        proto.getLayersBuilder(0).setWeight(3, Float.NaN);
        byte[] payload = proto.build().toByteArray();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(28 + payload.length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(payload);
        b.put("SPIKEPRTTMOD".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(1).putLong(payload.length)
                .putInt((int) crc.getValue()).put(payload);
        Path nan = Files.write(dir.resolve("nan-weights.pb"), b.array());
        Cli r = Cli.run("export", "--model", nan.toString(), "--target", "loihi", "--out", dir.resolve("z").toString());
        assertEquals(1, r.exit());
        assertTrue(r.errorLine().endsWith("is not a valid trained model: layer 'hidden1': weight (post 0, pre 3) is NaN"),
                r.err());
        assertFalse(Files.exists(dir.resolve("z")));
    }
}
