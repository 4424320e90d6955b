package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.TrainedModel;

class TrainCommandTest {

    @TempDir
    static Path dir;

    private static Path data;

    @BeforeAll
    static void synth() {
        data = dir.resolve("data");
        Cli r = Cli.run("dataset", "synth", "--out", data.toString(), "--train", "48", "--test", "24", "--seed", "3");
        assertEquals(0, r.exit(), r.err());
    }

    private static String[] train(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--config", "small",
                "--hidden", "10", "--max-delay", "8", "--batch-size", "16", "--seed", "2", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void trainThenEvaluate() throws IOException {
        Path model = dir.resolve("m.pb");
        Cli t = Cli.run(train(model, "--epochs", "2", "--json"));
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.out().contains("\"selected_epoch\": 1"), t.out());
        List<String> metrics = Files.readAllLines(dir.resolve("m.pb.metrics.jsonl"));
        assertEquals(2, metrics.size());
        assertTrue(metrics.get(1).startsWith("{ \"epoch\": 1,"), metrics.get(1));
        for (String plot : new String[] {"m.curves.png", "m.delays.png", "m.kernels.png"}) {
            assertTrue(javax.imageio.ImageIO.read(dir.resolve(plot).toFile()).getWidth() > 0, plot);
        }

        TrainedModel m = ModelFiles.readTrained(model);
        double trained = m.metrics().get(1).values().get("test_accuracy");
        Cli e = Cli.run("evaluate", "--model", model.toString(), "--data", data.resolve("test.h5").toString(), "--json");
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.out().contains("\"accuracy\": " + TrainCommandTest.json(trained)), e.out() + " vs " + trained);
        assertTrue(e.out().contains("\"per_class_accuracy\""), e.out());
    }

    @Test
    void badOptionsAreOneLineErrors() {
        Cli r = Cli.run(train(dir.resolve("bad.pb"), "--dropout", "1.5"));
        assertEquals(1, r.exit());
        assertEquals("spikeport: invalid training option: dropout must be in [0, 1), got 1.5", r.errorLine());
        Cli d = Cli.run(train(dir.resolve("bad.pb"), "--delays", "sometimes"));
        assertEquals(1, d.exit());
        assertEquals("spikeport: invalid training option: delays must be one of learned, fixed-random, none, got "
                + "'sometimes'", d.errorLine());
        Cli c = Cli.run("train", "--data", data.toString(), "--config", "huge");
        assertEquals(1, c.exit());
        assertTrue(c.errorLine().contains("unknown config 'huge'"), c.err());
        Cli m = Cli.run("evaluate", "--model", data.resolve("train.h5").toString(), "--data", data.resolve("test.h5").toString());
        assertEquals(1, m.exit());
        assertTrue(m.errorLine().endsWith("is not a spikeport file; expected a trained model (model.pb)"), m.err());
    }

    private static String[] delRec(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--config", "delrec-small",
                "--hidden", "8,6", "--batch-size", "16", "--seed", "2", "--out", out.toString()));
        if (!List.of(extra).contains("--epochs")) {
            a.addAll(List.of("--epochs", "2"));
        }
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void delRecPresetAndRecurrentOptions() {
        Path model = dir.resolve("rec.pb");
        Cli t = Cli.run(delRec(model));
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.err().contains("recurrent sigma"), t.err());
        TrainedModel m = ModelFiles.readTrained(model);
        assertEquals(null, m.network().layers().get(0).recurrent());
        assertEquals(org.spikeport.core.ir.Recurrence.Kind.AXONAL, m.network().layers().get(1).recurrent().kind());
        assertEquals(0, m.network().maxDelay());
        assertEquals("delrec-small", m.config().get("config"));
        Cli e = Cli.run("evaluate", "--model", model.toString(), "--data", data.resolve("test.h5").toString());
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.out().contains("recurrent triangles 1 + "), e.out());
        assertTrue(e.out().contains("the figure DelRec reports"), e.out());

        Path ssc = dir.resolve("ssc.pb");
        Cli o = Cli.run(delRec(ssc, "--recurrent", "1,2", "--recurrent-kind", "synaptic", "--recurrent-width", "learned",
                "--recurrent-init", "half-normal:5", "--reset", "subtract", "--surrogate", "triangle", "--readout", "linear",
                "--max-delay", "4", "--bias", "true", "--optimizer", "adam"));
        assertEquals(0, o.exit(), o.err());
        TrainedModel s = ModelFiles.readTrained(ssc);
        for (int l = 0; l < 2; l++) {
            var r = s.network().layers().get(l).recurrent();
            assertEquals(org.spikeport.core.ir.Recurrence.Kind.SYNAPTIC, r.kind());
            assertTrue(r.spread() != null);
            assertEquals(org.spikeport.core.ir.ResetMode.SUBTRACT, s.network().layers().get(l).neuron().reset());
            assertTrue(s.network().layers().get(l).bias() != null);
        }
        assertEquals(4, s.network().maxDelay(), "--max-delay on a preset without delays learns them");
        assertEquals(org.spikeport.core.ir.Decoding.SUM, s.network().decoding());
        assertEquals("half-normal:5.0", s.config().get("recurrent_init"));
        assertEquals("triangle", s.config().get("surrogate"));

        Path vanilla = dir.resolve("vanilla.pb");
        assertEquals(0, Cli.run(delRec(vanilla, "--recurrent-delays", "none", "--epochs", "1")).exit());
        TrainedModel v = ModelFiles.readTrained(vanilla);
        assertEquals("1.0", v.config().get("grad_clip"), "DelRec clips the vanilla network's gradients");
        for (float d : v.network().layers().get(1).recurrent().delays()) {
            assertEquals(0f, d);
        }
        Path none = dir.resolve("none.pb");
        assertEquals(0, Cli.run(delRec(none, "--recurrent", "none", "--epochs", "1")).exit());
        assertEquals(false, ModelFiles.readTrained(none).network().recurrent());
    }

    @Test
    void badRecurrentOptionsAreOneLineErrors() {
        Path out = dir.resolve("badrec.pb");
        Cli beyond = Cli.run(delRec(out, "--recurrent", "3"));
        assertEquals(1, beyond.exit());
        assertEquals("spikeport: invalid training option: recurrent layers [3] name hidden layers beyond the 2 there are",
                beyond.errorLine());
        Cli init = Cli.run(delRec(out, "--recurrent-init", "gaussian:3"));
        assertEquals(1, init.exit());
        assertEquals("spikeport: invalid training option: recurrent-init must be one of uniform, half-normal, got "
                + "'gaussian'", init.errorLine());
        Cli parts = Cli.run(delRec(out, "--recurrent-init", "uniform:3"));
        assertEquals(1, parts.exit());
        assertEquals("spikeport: invalid training option: recurrent-init must be uniform:LO:HI or half-normal:SCALE, "
                + "got 'uniform:3'", parts.errorLine());
        Cli reset = Cli.run(delRec(out, "--reset", "none"));
        assertEquals(1, reset.exit());
        assertEquals("spikeport: invalid training option: reset must be zero or subtract, got NONE", reset.errorLine());
        Cli layers = Cli.run(delRec(out, "--recurrent", "two"));
        assertEquals(1, layers.exit());
        assertEquals("spikeport: invalid training option: recurrent must be layer numbers or none, got 'two'",
                layers.errorLine());
        Cli dropout = Cli.run(delRec(out, "--recurrent-dropout", "1"));
        assertEquals(1, dropout.exit());
        assertEquals("spikeport: invalid training option: recurrent-dropout must be in [0, 1), got 1.0",
                dropout.errorLine());
        assertTrue(!Files.exists(out), "nothing written");
    }

    /** A training process killed with SIGKILL in the middle of an epoch resumes to the uninterrupted result. */
    @Test
    void killedRunResumesExactly() throws Exception {
        Path whole = dir.resolve("whole.pb");
        assertEquals(0, Cli.run(train(whole, "--epochs", "4")).exit());

        Path cut = dir.resolve("cut.pb");
        killAfterTheFirstCheckpoint(cut, "--epochs", "4");

        Cli resumed = Cli.run(train(cut, "--epochs", "4", "--resume"));
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.err().contains("resuming after epoch"), resumed.err());
        assertEquals(ModelFiles.readTrained(whole).network(), ModelFiles.readTrained(cut).network());
        assertEquals(ModelFiles.readTrained(whole).metrics(), ModelFiles.readTrained(cut).metrics());
    }

    /** A run for a profile resumes only for that profile. */
    @Test
    void aRunForAProfileResumesOnlyForIt() throws Exception {
        Path cut = dir.resolve("for.pb");
        killAfterTheFirstCheckpoint(cut, "--epochs", "3", "--for", "loihi");
        Cli without = Cli.run(train(cut, "--epochs", "3", "--resume"));
        assertEquals(1, without.exit(), without.err());
        assertEquals("spikeport: " + cut + ".ckpt: was written by a run for profile loihi, this run has no --for; "
                + "resume with the same --for", without.errorLine());
        Cli other = Cli.run(train(cut, "--epochs", "3", "--resume", "--for", "spinnaker"));
        assertEquals(1, other.exit(), other.err());
        assertTrue(other.errorLine().endsWith("this run has --for spinnaker; resume with the same --for"),
                other.errorLine());
        Cli same = Cli.run(train(cut, "--epochs", "3", "--resume", "--for", "loihi"));
        assertEquals(0, same.exit(), same.err());
        assertTrue(same.err().contains("resuming after epoch"), same.err());
        assertEquals("loihi", ModelFiles.readTrained(cut).trainedFor());

        Path plain = dir.resolve("plain.pb");
        killAfterTheFirstCheckpoint(plain, "--epochs", "3");
        Cli added = Cli.run(train(plain, "--epochs", "3", "--resume", "--for", "loihi"));
        assertEquals(1, added.exit(), added.err());
        assertEquals("spikeport: " + plain + ".ckpt: was written by a run without --for, this run has --for loihi; "
                + "resume with the same --for", added.errorLine());
    }

    /** Starts {@code train} in a separate process and kills it (SIGKILL) once it has written its first checkpoint. */
    private static void killAfterTheFirstCheckpoint(Path out, String... extra) throws Exception {
        Path ckpt = Path.of(out + ".ckpt");
        Path log = Path.of(out + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(train(out, extra)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(ckpt) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(ckpt), "the run wrote no checkpoint: " + Files.readString(log));
        p.destroyForcibly().waitFor();
        assertTrue(Files.exists(ckpt), "killed before finishing, the checkpoint must remain");
    }

    private static String json(double v) {
        return org.spikeport.core.json.Json.write(v);
    }
}
