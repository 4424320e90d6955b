package org.spikeport.exporter.nir;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code exporter/src/test/python/check_nir.py} with the test venv's interpreter (system property
 * {@code spikeport.python}), importing the venv's nir (1.0.8) or nir 1.0.4 from the directory of system
 * property {@code spikeport.nir104} (a {@code pip install --no-deps --target} of nir 1.0.4, put first on
 * {@code PYTHONPATH}). A missing interpreter, nir package or nir 1.0.4 directory fails the calling test,
 * telling the user to run {@code ./test.sh}.
 */
final class NirPython {

    private static final Path SCRIPT = Path.of("src", "test", "python", "check_nir.py");

    private NirPython() {
    }

    /** The script's exit code and combined output. */
    record Result(int exit, String output) {
    }

    static Result check(Path nirFile, Path expectedJson) {
        List<String> cmd = new ArrayList<>(List.of(python(), script().toString(), nirFile.toString(),
                expectedJson.toString()));
        return exec(cmd, Map.of());
    }

    /** {@link #check} with nir 1.0.4 as the reader ({@code check_nir.py --reader 1.0.4}). */
    static Result checkWithNir104(Path nirFile, Path expectedJson) {
        List<String> cmd = new ArrayList<>(List.of(python(), script().toString(), "--reader", "1.0.4",
                nirFile.toString(), expectedJson.toString()));
        return exec(cmd, Map.of("PYTHONPATH", nir104().toString()));
    }

    /** The directory holding nir 1.0.4 (system property {@code spikeport.nir104}). */
    static Path nir104() {
        String d = System.getProperty("spikeport.nir104");
        if (d == null || !Files.isRegularFile(Path.of(d, "nir", "__init__.py"))) {
            fail("nir 1.0.4 for the NIR conformance test not found (system property spikeport.nir104 = " + d
                    + "); run ./test.sh, which installs it with pip install --no-deps --target .venv/nir-1.0.4 nir==1.0.4");
        }
        return Path.of(d);
    }

    private static Path script() {
        String root = System.getProperty("spikeport.root");
        Path p = root != null ? Path.of(root, "exporter").resolve(SCRIPT) : SCRIPT;
        if (!Files.isRegularFile(p)) {
            p = SCRIPT;
        }
        return p.toAbsolutePath();
    }

    private static String python() {
        String p = System.getProperty("spikeport.python");
        if (p == null || !Files.isExecutable(Path.of(p))) {
            fail("Python interpreter for the NIR conformance test not found (system property spikeport.python = " + p
                    + "); run ./test.sh to create the venv with nir, numpy and h5py");
        }
        Result r = exec(List.of(p, "-c", "import nir, numpy, h5py"), Map.of());
        if (r.exit != 0) {
            fail("the nir package is not importable with " + p + "; run ./test.sh to install python/requirements.txt."
                    + " Output: " + r.output);
        }
        return p;
    }

    private static Result exec(List<String> cmd, Map<String, String> env) {
        try {
            ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
            b.environment().putAll(env);
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
