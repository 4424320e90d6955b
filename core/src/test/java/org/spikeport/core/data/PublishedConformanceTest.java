package org.spikeport.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by h5py in the published SHD layout, read, converted and checked back with h5py. */
class PublishedConformanceTest {

    @TempDir
    Path dir;

    private H5py.Expected generate(String name, String... extra) throws IOException {
        Path h5 = dir.resolve(name + ".h5");
        Path txt = dir.resolve(name + ".txt");
        List<String> args = new ArrayList<>(List.of("published", h5.toString(), txt.toString()));
        args.addAll(List.of(extra));
        H5py.run(args.toArray(String[]::new));
        return H5py.readExpected(txt);
    }

    @Test
    void publishedFileReadsBackExactly() throws IOException {
        H5py.Expected e = generate("shd", "--seed", "11", "--samples", "30", "--events", "40");
        try (SpikeDataset ds = SpikeDatasets.open(dir.resolve("shd.h5"))) {
            assertEquals(SpikeDataset.Layout.PUBLISHED, ds.layout());
            assertEquals(700, ds.inputChannels());
            assertEquals(e.keys(), ds.classNames());
            assertEquals(20, ds.classes());
            assertTrue(ds.hasClassNames());
            FlatRoundTripTest.assertSameData(e.samples(), ds);
            assertEquals(0, ds.get(1).size(), "the generator makes sample 1 empty");
            assertEquals(Math.scalb(1.0, -24), ds.get(2).times()[1], "float16 subnormal");
        }
    }

    @Test
    void variableLengthKeysChannelAttributeAndNoKeys() throws IOException {
        H5py.Expected vlen = generate("vlen", "--seed", "5", "--samples", "12", "--events", "10",
                "--keys", "vlen", "--channels", "64");
        try (SpikeDataset ds = SpikeDatasets.open(dir.resolve("vlen.h5"))) {
            assertEquals(64, ds.inputChannels());
            assertEquals(vlen.keys(), ds.classNames());
            FlatRoundTripTest.assertSameData(vlen.samples(), ds);
        }
        H5py.Expected none = generate("none", "--seed", "6", "--samples", "12", "--events", "10", "--keys", "none");
        try (SpikeDataset ds = SpikeDatasets.open(dir.resolve("none.h5"))) {
            int maxLabel = none.samples().stream().mapToInt(SpikeRecording::label).max().orElseThrow();
            assertEquals(maxLabel + 1, ds.classes());
            assertFalse(ds.hasClassNames());
            FlatRoundTripTest.assertSameData(none.samples(), ds);
        }
    }

    @Test
    void convertIsLosslessAndH5pyReadsTheFlatFile() throws IOException {
        H5py.Expected e = generate("src", "--seed", "21", "--samples", "25", "--events", "30");
        Path flat = dir.resolve("flat.h5");
        SpikeDatasets.convert(dir.resolve("src.h5"), flat);
        try (SpikeDataset ds = SpikeDatasets.open(flat)) {
            assertEquals(SpikeDataset.Layout.FLAT, ds.layout());
            assertEquals(e.keys(), ds.classNames());
            assertEquals(700, ds.inputChannels());
            FlatRoundTripTest.assertSameData(e.samples(), ds);
        }
        assertEquals("ok", H5py.run("check-flat", flat.toString(), dir.resolve("src.txt").toString()).strip());
    }

    @Test
    void javaWrittenFlatFileWithDoublesAndNoKeysPassesH5pyCheck() throws IOException {
        List<SpikeRecording> samples = List.of(
                new SpikeRecording(new double[] {0.1, 0.2}, new int[] {3, 40000}, 1),
                new SpikeRecording(new double[0], new int[0], 0));
        Path flat = dir.resolve("j.h5");
        FlatDatasetWriter.write(flat, samples, List.of(), 50000);
        Path txt = dir.resolve("j.txt");
        H5py.writeExpected(txt, 50000, List.of(), samples);
        assertEquals("ok", H5py.run("check-flat", flat.toString(), txt.toString()).strip());
    }

    @Test
    void h5pyCheckDetectsADifference() throws IOException {
        List<SpikeRecording> samples = List.of(new SpikeRecording(new double[] {0.5}, new int[] {3}, 0));
        Path flat = dir.resolve("k.h5");
        FlatDatasetWriter.write(flat, samples, List.of("a"), 700);
        Path txt = dir.resolve("k.txt");
        H5py.writeExpected(txt, 700, List.of("a"),
                List.of(new SpikeRecording(new double[] {0.5}, new int[] {4}, 0)));
        assertNotEquals(0, H5py.runAllowingFailure("check-flat", flat.toString(), txt.toString()).exit());
    }
}
