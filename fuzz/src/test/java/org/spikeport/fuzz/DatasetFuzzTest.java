package org.spikeport.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.spikeport.core.data.SpikeDataset;
import org.spikeport.core.data.SpikeDatasets;

/**
 * HDF5 spike datasets, flat and published layouts ({@link SpikeDatasets#open}): the first samples, their
 * labels and the class names are read.
 */
class DatasetFuzzTest {

    @FuzzTest
    void open(byte[] data) {
        Contract.holds("dataset", () -> {
            try (SpikeDataset d = SpikeDatasets.open(Contract.file("fuzz.h5", data))) {
                d.classNames();
                for (int i = 0; i < Math.min(d.size(), 8); i++) {
                    d.label(i);
                    d.get(i);
                }
            }
        });
    }
}
