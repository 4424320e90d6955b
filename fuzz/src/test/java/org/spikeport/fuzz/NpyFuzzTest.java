package org.spikeport.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.spikeport.trainer.importer.Npy;

/** One NumPy {@code .npy} array ({@link Npy#parse}): the header parser and the shape and size checks. */
class NpyFuzzTest {

    @FuzzTest
    void parse(byte[] data) {
        Contract.holds("npy", () -> {
            var a = Npy.parse(data, "fuzz.npy");
            a.doubles();
        });
    }
}
