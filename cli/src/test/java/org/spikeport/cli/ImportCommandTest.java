package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.TrainedModel;

class ImportCommandTest {

    @TempDir
    Path dir;

    /** Writes the reference-shaped archives with the test venv's numpy (trainer's test script). */
    private Path archives() throws IOException, InterruptedException {
        String python = System.getProperty("spikeport.python");
        Path script = Path.of(System.getProperty("spikeport.root"), "trainer/src/test/python/make_reference_npz.py");
        assertTrue(python != null && Files.isExecutable(Path.of(python)),
                "no Python at " + python + ": run ./test.sh, which creates the venv");
        Process p = new ProcessBuilder(python, script.toString(), dir.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        return dir.resolve("reference.npz");
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
        assertEquals("spikeport: unknown import format 'keras'; known: snn-delays", from.errorLine());
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
