package org.spikeport.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random valid datasets written by h5py ({@code make_storage_layouts.py}, fixed seed) in every storage
 * layout h5py can write (contiguous, compact, chunked with chunks from 1 element to larger than the
 * dataset, gzip, shuffle, fletcher32, lzf and their combinations, resizable, early allocation; both HDF5
 * file formats) in the published and the flat layout: spikeport reads every sample's times, units and
 * label, the class names and the channel count exactly as h5py reads them, and {@code dataset convert}
 * writes a flat file that reads back the same and that h5py reads as the same values.
 */
class StorageLayoutPropertyTest {

    private static final int SEED = 14;
    private static final int CASES = 200;

    @TempDir
    static Path dir;

    private record Case(String name, String layout, String description) {
    }

    private static final List<Case> CASE_LIST = new ArrayList<>();
    private static final List<String> STORAGES = new ArrayList<>();

    @BeforeAll
    static void generate() {
        String out = H5py.runScript("make_storage_layouts.py", dir.toString(), "--seed", Integer.toString(SEED),
                "--cases", Integer.toString(CASES));
        for (String line : out.split("\n")) {
            String[] parts = line.strip().split(" ", 3);
            if (parts[0].equals("storages")) {
                STORAGES.addAll(Arrays.asList(line.strip().substring("storages ".length()).split(" ")));
            } else if (parts[0].startsWith("case-") && parts.length == 3) {
                CASE_LIST.add(new Case(parts[0], parts[1], parts[2]));
            }
        }
        assertEquals(CASES, CASE_LIST.size(), out);
    }

    @TestFactory
    Stream<DynamicTest> everyCaseReadsAndConvertsAsH5pyReadsIt() {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("every storage is used for the event arrays of both layouts",
                StorageLayoutPropertyTest::everyStorageIsCovered));
        for (Case c : CASE_LIST) {
            tests.add(DynamicTest.dynamicTest(c.name + " " + c.layout + " " + c.description, () -> check(c)));
        }
        tests.add(DynamicTest.dynamicTest("h5py reads every converted file as the expected values",
                StorageLayoutPropertyTest::h5pyReadsTheConvertedFiles));
        return tests.stream();
    }

    private static void everyStorageIsCovered() {
        assertFalse(STORAGES.isEmpty());
        for (String layout : List.of("published", "flat")) {
            Set<String> used = new TreeSet<>();
            for (Case c : CASE_LIST) {
                if (c.layout.equals(layout)) {
                    for (String field : c.description.split(" ")) {
                        if (field.startsWith("times=") || field.startsWith("units=")) {
                            used.add(field.substring(field.indexOf(':') + 1).replaceAll("\\(.*\\)$", ""));
                        }
                    }
                }
            }
            assertTrue(used.containsAll(STORAGES), layout + ": uses " + used + ", not every one of " + STORAGES);
        }
    }

    private static void check(Case c) throws IOException {
        H5py.Expected e = H5py.readExpected(dir.resolve(c.name + ".txt"));
        Path h5 = dir.resolve(c.name + ".h5");
        Path flat = dir.resolve(c.name + ".flat.h5");
        try (SpikeDataset ds = SpikeDatasets.open(h5)) {
            assertEquals(c.layout.equals("flat") ? SpikeDataset.Layout.FLAT : SpikeDataset.Layout.PUBLISHED, ds.layout());
            assertSameContent(e, ds);
        }
        assertEquals(e.samples().size(), SpikeDatasets.convert(h5, flat));
        try (SpikeDataset ds = SpikeDatasets.open(flat)) {
            assertEquals(SpikeDataset.Layout.FLAT, ds.layout());
            assertSameContent(e, ds);
        }
    }

    private static void assertSameContent(H5py.Expected e, SpikeDataset ds) {
        assertEquals(e.channels(), ds.inputChannels());
        if (e.keys().isEmpty()) {
            assertFalse(ds.hasClassNames());
            int max = e.samples().stream().mapToInt(SpikeRecording::label).max().orElseThrow();
            assertEquals(max + 1, ds.classes());
        } else {
            assertTrue(ds.hasClassNames());
            assertEquals(e.keys(), ds.classNames());
        }
        FlatRoundTripTest.assertSameData(e.samples(), ds);
    }

    private static void h5pyReadsTheConvertedFiles() {
        List<String> args = new ArrayList<>(List.of("check-flat"));
        for (Case c : CASE_LIST) {
            args.add(dir.resolve(c.name + ".flat.h5").toString());
            args.add(dir.resolve(c.name + ".txt").toString());
        }
        assertEquals("ok", H5py.run(args.toArray(String[]::new)).strip());
    }
}
