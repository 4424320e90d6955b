package org.spikeport.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.SpikeportException;

class FlatRoundTripTest {

    @TempDir
    Path dir;

    private static SpikeRecording rec(int label, double[] times, int[] units) {
        return new SpikeRecording(times, units, label);
    }

    static void assertSameData(List<SpikeRecording> expected, SpikeDataset ds) {
        assertEquals(expected.size(), ds.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), ds.get(i), "sample " + i);
            assertEquals(expected.get(i).label(), ds.label(i), "label " + i);
        }
    }

    @Test
    void roundTripWithClassNamesAndEmptySamples() throws IOException {
        List<SpikeRecording> samples = List.of(
                rec(1, new double[] {0.0, 0.5, 0.5, 1.25}, new int[] {0, 699, 3, 4}),
                rec(0, new double[0], new int[0]),
                rec(2, new double[] {0.001}, new int[] {17}),
                rec(2, new double[0], new int[0]));
        Path f = dir.resolve("a.h5");
        FlatDatasetWriter.write(f, samples, List.of("yes", "no", "größer"), 700);
        try (SpikeDataset ds = SpikeDatasets.open(f)) {
            assertEquals(SpikeDataset.Layout.FLAT, ds.layout());
            assertEquals(700, ds.inputChannels());
            assertEquals(3, ds.classes());
            assertEquals(List.of("yes", "no", "größer"), ds.classNames());
            assertTrue(ds.hasClassNames());
            assertSameData(samples, ds);
        }
    }

    @Test
    void roundTripWithoutClassNames() throws IOException {
        List<SpikeRecording> samples = List.of(
                rec(4, new double[] {0.25, 0.75}, new int[] {1, 2}),
                rec(0, new double[] {0.1}, new int[] {9}));
        Path f = dir.resolve("b.h5");
        FlatDatasetWriter.write(f, samples, List.of(), 10);
        try (SpikeDataset ds = SpikeDatasets.open(f); HdfFile raw = new HdfFile(f)) {
            assertEquals(10, ds.inputChannels());
            assertEquals(5, ds.classes());
            assertEquals(List.of("0", "1", "2", "3", "4"), ds.classNames());
            assertFalse(ds.hasClassNames());
            assertFalse(raw.getChildren().containsKey("extra"));
            assertSameData(samples, ds);
        }
    }

    @Test
    void timesThatFloatCannotHoldAreWrittenAsDoublesAndLargeUnitsAsInt32() throws IOException {
        List<SpikeRecording> samples = List.of(
                rec(0, new double[] {0.1, 0.3, 0.5}, new int[] {0, 40000, 32768}),
                rec(0, new double[] {1e-300}, new int[] {32767}));
        Path f = dir.resolve("c.h5");
        FlatDatasetWriter.write(f, samples, List.of("only"), 50000);
        try (SpikeDataset ds = SpikeDatasets.open(f); HdfFile raw = new HdfFile(f)) {
            assertEquals(double.class, raw.getDatasetByPath("spikes/times").getJavaType());
            assertEquals(int.class, raw.getDatasetByPath("spikes/units").getJavaType());
            assertSameData(samples, ds);
        }
    }

    @Test
    void exactFloatTimesAndSmallUnitsUseFloat32AndInt16() throws IOException {
        Path f = dir.resolve("d.h5");
        FlatDatasetWriter.write(f, List.of(rec(0, new double[] {0.5, 0.75}, new int[] {1, 2})), List.of(), 700);
        try (HdfFile raw = new HdfFile(f)) {
            assertEquals(float.class, raw.getDatasetByPath("spikes/times").getJavaType());
            assertEquals(short.class, raw.getDatasetByPath("spikes/units").getJavaType());
            assertEquals(long.class, raw.getDatasetByPath("spikes/offsets").getJavaType());
            assertEquals(int.class, raw.getDatasetByPath("labels").getJavaType());
        }
    }

    @Test
    void writerRejectsWhatTheLayoutCannotHold() {
        Path f = dir.resolve("e.h5");
        SpikeRecording ok = rec(0, new double[] {0.5}, new int[] {1});
        IllegalArgumentException unit = assertThrows(IllegalArgumentException.class, () -> FlatDatasetWriter.write(
                f, List.of(ok, rec(0, new double[] {0.5}, new int[] {700})), List.of(), 700));
        assertTrue(unit.getMessage().contains("sample 1, event 0: unit 700 is outside 0..699"), unit.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class, () -> FlatDatasetWriter.write(
                f, List.of(ok, rec(2, new double[] {0.5}, new int[] {1})), List.of("a", "b"), 700));
        assertTrue(label.getMessage().contains("sample 1: label 2 is outside 0..1"), label.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> FlatDatasetWriter.write(f, List.of(), List.of(), 700));
        assertTrue(none.getMessage().contains("no samples"), none.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> FlatDatasetWriter.write(
                f, List.of(rec(0, new double[0], new int[0])), List.of(), 700));
        assertTrue(empty.getMessage().contains("no events"), empty.getMessage());
        assertFalse(Files.exists(f));
    }

    @Test
    void failedWriteLeavesNoFileBehind() throws IOException {
        Path target = dir.resolve("taken");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep"), "x");
        List<SpikeRecording> samples = List.of(rec(0, new double[] {0.5}, new int[] {1}));
        SpikeportException e = assertThrows(SpikeportException.class,
                () -> FlatDatasetWriter.write(target, samples, List.of(), 700));
        assertTrue(e.getMessage().endsWith("is a directory; give a file name"), e.getMessage());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(target), left.toList());
        }
    }

    @Test
    void writeReplacesAnExistingFile() throws IOException {
        Path f = dir.resolve("f.h5");
        Files.writeString(f, "old content that is not HDF5");
        List<SpikeRecording> samples = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            samples.add(rec(i % 3, new double[] {i * 0.25, i * 0.25 + 0.5}, new int[] {i, i + 1}));
        }
        FlatDatasetWriter.write(f, samples, List.of(), 700);
        try (SpikeDataset ds = SpikeDatasets.open(f)) {
            assertSameData(samples, ds);
        }
    }
}
