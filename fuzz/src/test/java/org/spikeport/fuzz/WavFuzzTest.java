package org.spikeport.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.spikeport.audio.AudioFiles;

/** WAV recordings ({@link AudioFiles}), as {@code dataset encode} reads them: header probe, then samples. */
class WavFuzzTest {

    @FuzzTest
    void read(byte[] data) {
        Contract.holds("wav", () -> {
            java.nio.file.Path f = Contract.file("fuzz.wav", data);
            AudioFiles.probe(f, 10);
            AudioFiles.read(f, 10);
        });
    }
}
