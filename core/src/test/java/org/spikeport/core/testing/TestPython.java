package org.spikeport.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The test venv's Python for conformance tests of every module (core's test jar): the interpreter named by
 * system property {@code spikeport.python} (set by the build from {@code ./test.sh}'s venv), the test scripts
 * of a module, and running them. A missing interpreter or package fails the calling test with what to run.
 */
public final class TestPython {

    private static final Set<String> CHECKED = new HashSet<>();

    private TestPython() {
    }

    /** A process's exit code and its standard output and error, interleaved. */
    public record Result(int exit, String output) {
    }

    /**
     * The interpreter, after checking once per {@code imports} that {@code import IMPORTS} works with it;
     * {@code purpose} names the tests in the failure message.
     */
    public static synchronized String interpreter(String purpose, String imports) {
        String p = System.getProperty("spikeport.python");
        if (p == null || !Files.isExecutable(Path.of(p))) {
            fail("Python interpreter for " + purpose + " not found (system property spikeport.python = " + p
                    + "); run ./test.sh to create the venv");
        }
        if (CHECKED.add(p + "\n" + imports)) {
            Result r = run(List.of(p, "-c", "import " + imports), Map.of());
            if (r.exit() != 0) {
                CHECKED.remove(p + "\n" + imports);
                fail("import " + imports + " fails with " + p + " (for " + purpose
                        + "); run ./test.sh to install python/requirements.txt. Output: " + r.output());
            }
        }
        return p;
    }

    /**
     * The test script {@code module/src/test/python/NAME}, absolute: under system property {@code spikeport.root}
     * when the build sets it, else relative to the working directory (the module's, under Maven).
     */
    public static Path script(String module, String name) {
        Path rel = Path.of("src", "test", "python", name);
        String root = System.getProperty("spikeport.root");
        if (root != null && Files.isRegularFile(Path.of(root, module).resolve(rel))) {
            return Path.of(root, module).resolve(rel).toAbsolutePath();
        }
        return rel.toAbsolutePath();
    }

    /** Runs {@code command} with {@code environment} added to this process's; waits for it to end. */
    public static Result run(List<String> command, Map<String, String> environment) {
        try {
            ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
            b.environment().putAll(environment);
            Process proc = b.start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(proc.waitFor(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }
}
