package org.spikeport.trainer.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spikeport.core.testing.TestPython;

/**
 * Runs a script of {@code trainer/src/test/python} that writes test archives (e.g.
 * {@code make_reference_npz.py}, {@code make_delrec_npz.py}) with the test venv's interpreter (system
 * property {@code spikeport.python}, set by the build) and reads the expected values it writes. A
 * missing interpreter or numpy fails the calling test.
 */
final class NpzScripts {

    private NpzScripts() {
    }

    /** Runs {@code script} with {@code dir} as its argument: it writes its archives and {@code expected.txt} there. */
    static void generate(String script, Path dir) {
        String python = TestPython.interpreter("the reference-import tests", "numpy");
        Path path = TestPython.script("trainer", script);
        TestPython.Result r = TestPython.run(List.of(python, path.toString(), dir.toString()), Map.of());
        assertEquals(0, r.exit(), () -> path + " failed with " + python + ":\n" + r.output());
    }

    /** The lists of {@code expected.txt}: {@code NAME COUNT V1 V2 ...}, floats in Java/C99 hex notation. */
    record Expected(Map<String, double[]> values) {

        double[] get(String name) {
            double[] v = values.get(name);
            assertNotNull(v, "expected.txt has no list " + name);
            return v;
        }

        float[] floats(String name) {
            double[] v = get(name);
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            return f;
        }

        int integer(String name) {
            return (int) get(name)[0];
        }
    }

    static Expected expected(Path dir) throws IOException {
        Map<String, double[]> values = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("expected.txt"), StandardCharsets.US_ASCII)) {
            String[] parts = line.split(" ");
            int n = Integer.parseInt(parts[1]);
            assertEquals(n + 2, parts.length, "expected.txt line " + parts[0]);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = Double.parseDouble(parts[i + 2]);
            }
            values.put(parts[0], v);
        }
        return new Expected(values);
    }
}
