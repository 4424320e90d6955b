package org.spikeport.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.spikeport.core.data.RecordingCsv;

/** Event CSV recordings ({@link RecordingCsv}), as {@code replay --data rec.csv} reads them. */
class EventCsvFuzzTest {

    @FuzzTest
    void read(byte[] data) {
        Contract.holds("event csv", () -> RecordingCsv.read(Contract.file("fuzz.csv", data)));
    }
}
