package org.spikeport.exporter.nir;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.spikeport.core.testing.TestPython;
import org.spikeport.core.testing.TestPython.Result;

/**
 * Runs {@code exporter/src/test/python/check_nir.py} with the test venv's interpreter (system property
 * {@code spikeport.python}), importing the venv's nir (1.0.8) or nir 1.0.4 from the directory of system
 * property {@code spikeport.nir104} (a {@code pip install --no-deps --target} of nir 1.0.4, put first on
 * {@code PYTHONPATH}). A missing interpreter, nir package or nir 1.0.4 directory fails the calling test,
 * telling the user to run {@code ./test.sh}.
 */
final class NirPython {

    private static final String SCRIPT = "check_nir.py";

    private NirPython() {
    }

    static Result check(Path nirFile, Path expectedJson) {
        List<String> cmd = new ArrayList<>(List.of(python(), script().toString(), nirFile.toString(),
                expectedJson.toString()));
        return TestPython.run(cmd, Map.of());
    }

    /** {@link #check} with nir 1.0.4 as the reader ({@code check_nir.py --reader 1.0.4}). */
    static Result checkWithNir104(Path nirFile, Path expectedJson) {
        List<String> cmd = new ArrayList<>(List.of(python(), script().toString(), "--reader", "1.0.4",
                nirFile.toString(), expectedJson.toString()));
        return TestPython.run(cmd, Map.of("PYTHONPATH", nir104().toString()));
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
        return TestPython.script("exporter", SCRIPT);
    }

    private static String python() {
        return TestPython.interpreter("the NIR conformance test", "nir, numpy, h5py");
    }
}
