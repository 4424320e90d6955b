package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.testing.TestPython;

class ImportCommandTest {

    @TempDir
    Path dir;

    /** Writes the reference-shaped archives with the test venv's numpy (trainer's test script). */
    private Path archives() {
        return archives("make_reference_npz.py").resolve("reference.npz");
    }

    /** Runs trainer's test script {@code scriptName} (numpy): it writes its archives to {@code dir}. */
    private Path archives(String scriptName) {
        String python = TestPython.interpreter("the import command tests", "numpy");
        Path script = TestPython.script("trainer", scriptName);
        TestPython.Result r = TestPython.run(List.of(python, script.toString(), dir.toString()), Map.of(), null,
                Duration.ofMinutes(2));
        assertEquals(0, r.exit(), () -> scriptName + " failed:\n" + r.output());
        return dir;
    }

    @Test
    void importsADelRecArchive() throws Exception {
        Path archives = archives("make_delrec_npz.py");
        Path out = dir.resolve("delrec.pb");
        Cli r = Cli.run("import", "--from", "delrec", archives.resolve("shd.npz").toString(), "--config", "delrec-shd",
                "--epoch", "10", "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("warning: the file has 7 inputs"), r.err());
        TrainedModel m = ModelFiles.readTrained(out);
        assertEquals("delrec", m.config().get("imported_from"));
        assertTrue(m.network().recurrent());
        var rec = m.network().layers().get(1).recurrent();
        assertEquals(10 * Math.pow(Math.pow(0.95, 100.0 / 150), 10), rec.sigma(), 1e-9, "sigma of epoch 10");

        Path ssc = dir.resolve("ssc.pb");
        Cli s = Cli.run("import", "--from", "delrec", archives.resolve("ssc.npz").toString(), "--config", "delrec-ssc",
                "--recurrent-delays", "none", "--out", ssc.toString());
        assertEquals(0, s.exit(), s.err());
        TrainedModel sm = ModelFiles.readTrained(ssc);
        assertEquals(org.spikeport.core.ir.Decoding.SUM, sm.network().decoding());
        assertEquals(0.0, sm.network().layers().get(0).recurrent().sigma(), "vanilla and fixed delays train with sigma 0");

        Cli epoch = Cli.run("import", "--from", "delrec", archives.resolve("shd.npz").toString(), "--config", "delrec-shd",
                "--epoch", "150", "--out", dir.resolve("e.pb").toString());
        assertEquals(1, epoch.exit());
        assertEquals("spikeport: --epoch must be in 0..149 for delrec-shd, got 150", epoch.errorLine());
        Cli ff = Cli.run("import", "--from", "delrec", archives.resolve("shd.npz").toString(), "--config", "shd",
                "--out", dir.resolve("f.pb").toString());
        assertEquals(1, ff.exit());
        assertTrue(ff.errorLine().contains("--config shd has no recurrent layer"), ff.err());
        Cli layout = Cli.run("import", "--from", "delrec", archives.resolve("ssc.npz").toString(), "--config",
                "delrec-shd", "--out", dir.resolve("l.pb").toString());
        assertEquals(1, layout.exit());
        assertEquals(1, layout.err().lines().filter(l -> l.startsWith("spikeport:")).count(), layout.err());
        assertFalse(Files.exists(dir.resolve("e.pb")) || Files.exists(dir.resolve("f.pb"))
                || Files.exists(dir.resolve("l.pb")));
    }

    @Test
    void importsAReferenceArchive() throws Exception {
        Path npz = archives();
        Path out = dir.resolve("imported.pb");
        Cli r = Cli.run("import", "--from", "snn-delays", npz.toString(), "--config", "shd", "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("warning: the file has 7 inputs"), r.err());
        assertTrue(r.out().contains("\"layers\": 3"), r.out());
        TrainedModel m = ModelFiles.readTrained(out);
        assertEquals(3, m.network().outputs());
        assertEquals(24, m.network().maxDelay());
        assertEquals("snn-delays", m.config().get("imported_from"));
    }

    @Test
    void badInputIsOneLine() throws Exception {
        Path npz = archives();
        Cli from = Cli.run("import", "--from", "keras", npz.toString(), "--config", "shd", "--out", dir.resolve("a.pb").toString());
        assertEquals(1, from.exit());
        assertEquals("spikeport: unknown import format 'keras'; known: snn-delays, delrec", from.errorLine());
        Cli missing = Cli.run("import", dir.resolve("missing.npz").toString(), "--config", "shd", "--out", dir.resolve("b.pb").toString());
        assertEquals(1, missing.exit(), missing.err());
        assertEquals(1, missing.err().lines().count(), missing.err());
        Cli truncated = Cli.run("import", dir.resolve("truncated_entry.npz").toString(), "--config", "shd",
                "--out", dir.resolve("c.pb").toString());
        assertEquals(1, truncated.exit());
        assertTrue(truncated.errorLine().contains("model.8.weight"), truncated.err());
        assertFalse(Files.exists(dir.resolve("c.pb")));
    }
}
