package org.spikeport.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.spikeport.core.testing.TestPython;
import org.spikeport.core.testing.TestPython.Result;

/**
 * Runs {@code audio/src/test/python/lauscher_reference.py} with the test venv's interpreter (system property
 * {@code spikeport.python}), which must have lauscher 1.0.1 (python/requirements.txt). A missing interpreter or
 * package fails the calling test, telling the user to run {@code ./test.sh}.
 */
final class LauscherPython {

    private static final String SCRIPT = "lauscher_reference.py";

    private LauscherPython() {
    }

    /** Runs the script with {@code args}; fails the test unless it exits 0. Returns its output. */
    static String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of(python(), script().toString()));
        cmd.addAll(List.of(args));
        Result r = TestPython.run(cmd, Map.of());
        assertEquals(0, r.exit(), () -> "lauscher_reference.py failed: " + r.output());
        return r.output();
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
        return TestPython.script("audio", SCRIPT);
    }

    private static String python() {
        return TestPython.interpreter("the cochlea conformance test", "lauscher.transformations, numpy");
    }
}
