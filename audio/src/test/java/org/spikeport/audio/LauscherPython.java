package org.spikeport.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code audio/src/test/python/lauscher_reference.py} with the test venv's interpreter (system property
 * {@code spikeport.python}), which must have lauscher 1.0.1 (python/requirements.txt). A missing interpreter or
 * package fails the calling test, telling the user to run {@code ./test.sh}.
 */
final class LauscherPython {

    private static final Path SCRIPT = Path.of("src", "test", "python", "lauscher_reference.py");

    private LauscherPython() {
    }

    /** Runs the script with {@code args}; fails the test unless it exits 0. Returns its output. */
    static String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of(python(), script().toString()));
        cmd.addAll(List.of(args));
        Result r = exec(cmd);
        assertEquals(0, r.exit, "lauscher_reference.py failed: " + r.output);
        return r.output;
    }

    static void writeDoubles(Path file, double[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        Files.write(file, b.array());
    }

    static double[] readDoubles(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        double[] d = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(d);
        return d;
    }

    private static Path script() {
        String root = System.getProperty("spikeport.root");
        Path p = root != null ? Path.of(root, "audio").resolve(SCRIPT) : SCRIPT;
        if (!Files.isRegularFile(p)) {
            p = SCRIPT;
        }
        return p.toAbsolutePath();
    }

    private static String python() {
        String p = System.getProperty("spikeport.python");
        if (p == null || !Files.isExecutable(Path.of(p))) {
            fail("Python interpreter for the cochlea conformance test not found (system property spikeport.python = "
                    + p + "); run ./test.sh to create the venv with lauscher");
        }
        Result r = exec(List.of(p, "-c", "import lauscher.transformations, numpy"));
        if (r.exit != 0) {
            fail("the lauscher package is not importable with " + p + "; run ./test.sh to install "
                    + "python/requirements.txt. Output: " + r.output);
        }
        return p;
    }

    private record Result(int exit, String output) {
    }

    private static Result exec(List<String> cmd) {
        try {
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
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
