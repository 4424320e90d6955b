package org.spikeport.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The test venvs' Python for conformance tests of every module (core's test jar): the interpreters named by
 * system properties {@code spikeport.python} and {@code spikeport.spynnaker.python} (set by the build from
 * {@code ./test.sh}'s venvs), the test scripts of a module, and running them or any other child process. A
 * missing interpreter or package fails the calling test with what to run.
 */
public final class TestPython {

    /** How long {@link #run(List, Map)} lets a command run. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

    /** The part of a timed-out command's output its failure message shows: the last this many characters. */
    private static final int TAIL = 4000;

    private static final Set<String> CHECKED = new HashSet<>();

    private TestPython() {
    }

    /** A process's exit code and its standard output and error, interleaved. */
    public record Result(int exit, String output) {
    }

    /**
     * The interpreter of the test venv ({@code spikeport.python}), after checking once per {@code imports} that
     * {@code import IMPORTS} works with it; {@code purpose} names the tests in the failure message.
     */
    public static String interpreter(String purpose, String imports) {
        return interpreter("spikeport.python", "the venv", "python/requirements.txt", purpose, imports);
    }

    /**
     * The interpreter of the sPyNNaker venv ({@code spikeport.spynnaker.python}), checked as
     * {@link #interpreter(String, String)} checks the test venv's.
     */
    public static String spynnakerInterpreter(String purpose, String imports) {
        return interpreter("spikeport.spynnaker.python", ".venv-spynnaker from python/requirements-spynnaker.txt",
                "python/requirements-spynnaker.txt", purpose, imports);
    }

    private static synchronized String interpreter(String property, String venv, String requirements, String purpose,
            String imports) {
        String p = System.getProperty(property);
        if (p == null || !Files.isExecutable(Path.of(p))) {
            fail("Python interpreter for " + purpose + " not found (system property " + property + " = " + p
                    + "); run ./test.sh to create " + venv);
        }
        if (CHECKED.add(p + "\n" + imports)) {
            Result r = run(List.of(p, "-c", "import " + imports), Map.of());
            if (r.exit() != 0) {
                CHECKED.remove(p + "\n" + imports);
                fail("import " + imports + " fails with " + p + " (for " + purpose
                        + "); run ./test.sh to install " + requirements + ". Output: " + r.output());
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

    /**
     * {@link #run(List, Map, Path, Duration)} in this process's working directory with {@link #DEFAULT_TIMEOUT}.
     */
    public static Result run(List<String> command, Map<String, String> environment) {
        return run(command, environment, null, DEFAULT_TIMEOUT);
    }

    /**
     * Runs {@code command} in {@code directory} (this process's working directory if null) with {@code environment}
     * added to this process's and its standard input closed, and waits for it to end. Its standard output and error
     * go, interleaved, to a temporary file, read (as UTF-8) and deleted when it has ended, so a command that writes
     * much never blocks. A command that cannot be started gives exit -1 and the exception as output. A command still
     * running after {@code timeout}, or when the waiting thread is interrupted, is killed with every process it
     * started, and the calling test fails with the command, the timeout (or the interruption) and the end of its
     * output.
     */
    public static Result run(List<String> command, Map<String, String> environment, Path directory,
            Duration timeout) {
        Path log;
        Process proc;
        try {
            log = Files.createTempFile("spikeport-test-process", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            try {
                ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                if (directory != null) {
                    b.directory(directory.toFile());
                }
                b.environment().putAll(environment);
                proc = b.start();
                proc.getOutputStream().close();
            } catch (IOException e) {
                return new Result(-1, e.toString());
            }
            boolean ended;
            try {
                ended = proc.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killWithDescendants(proc);
                return fail(String.join(" ", command) + " was interrupted; its output:\n" + tail(read(log)));
            }
            if (!ended) {
                killWithDescendants(proc);
                return fail(String.join(" ", command) + " did not finish within " + seconds(timeout)
                        + "; the end of its output:\n" + tail(read(log)));
            }
            return new Result(proc.exitValue(), read(log));
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // the file stays in the temporary directory
            }
        }
    }

    /** Kills {@code proc} and every process it started (those still running), then waits up to 10 s for it. */
    private static void killWithDescendants(Process proc) {
        List<ProcessHandle> descendants = proc.descendants().toList();
        proc.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        boolean interrupted = Thread.interrupted();
        try {
            proc.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String read(Path log) {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String output) {
        return output.length() <= TAIL ? output : "..." + output.substring(output.length() - TAIL);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
