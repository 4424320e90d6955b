package org.spikeport.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSummaryTest {

    @TempDir
    Path dir;

    @Test
    void summarisesEverySampleOnce() throws IOException {
        List<SpikeRecording> samples = List.of(
                new SpikeRecording(new double[] {0.1, 0.5}, new int[] {1, 2}, 0),
                new SpikeRecording(new double[0], new int[0], 2),
                new SpikeRecording(new double[] {0.25, 0.5, 1.0, 1.0}, new int[] {1, 2, 3, 4}, 2));
        Path f = dir.resolve("s.h5");
        FlatDatasetWriter.write(f, samples, List.of("a", "b", "c"), 100);
        try (SpikeDataset ds = SpikeDatasets.open(f)) {
            DatasetSummary s = DatasetSummary.of(ds);
            assertEquals(3, s.samples());
            assertEquals(100, s.inputChannels());
            assertEquals(SpikeDataset.Layout.FLAT, s.layout());
            assertEquals(List.of(new DatasetSummary.ClassCount(0, "a", 1), new DatasetSummary.ClassCount(1, "b", 0),
                    new DatasetSummary.ClassCount(2, "c", 2)), s.classes());
            assertEquals(new DatasetSummary.Range(0.0, 0.5, 1.0), s.durationSeconds());
            assertEquals(new DatasetSummary.Range(0, 2.0, 4), s.eventsPerSample());
            assertEquals(6, s.totalEvents());
        }
    }
}
