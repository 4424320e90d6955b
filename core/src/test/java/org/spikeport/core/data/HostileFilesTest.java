package org.spikeport.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged and hostile HDF5 files made by {@code make_hostile_hdf5.py}: link cycles, sizes patched to
 * claim gigabytes in a file of a few kilobytes, damaged chunks and heap IDs, implausible labels and
 * times, filters and storage the reader does not support. Each ends in the exact one-line
 * {@link DatasetException} naming file and dataset (never a {@code StackOverflowError} or
 * {@code OutOfMemoryError}), and {@code dataset convert} writes nothing for it.
 */
class HostileFilesTest {

    private static final String FILTERS = "spikeport reads chunks filtered with deflate (gzip), shuffle, fletcher32 and lzf";

    private static final List<String> KINDS = List.of("soft_link_self", "soft_link_cycle", "soft_link_chain",
            "soft_link_dangling", "external_link", "labels_dims", "times_dims", "gzip_times_dims", "vlen_length",
            "heap_size", "partly_written", "never_written", "fletcher_damaged", "gzip_damaged", "label_max_int",
            "time_too_late", "channels_dims", "channels_array", "szip", "scaleoffset", "external_storage");

    @TempDir
    static Path dir;

    /** Per kind, the numbers make_hostile_hdf5.py reports (declared sizes, addresses, file size). */
    private static final Map<String, Map<String, Long>> FACTS = new HashMap<>();

    @BeforeAll
    static void makeFiles() {
        List<String> args = new ArrayList<>(List.of(dir.toString()));
        args.addAll(KINDS);
        args.add("soft_link_valid");
        String out = H5py.runScript("make_hostile_hdf5.py", args.toArray(String[]::new));
        for (String line : out.split("\n")) {
            String[] parts = line.strip().split(" ");
            Map<String, Long> facts = new HashMap<>();
            for (int k = 1; k < parts.length; k++) {
                String[] kv = parts[k].split("=");
                if (kv.length == 2) {
                    facts.put(kv[0], Long.parseLong(kv[1]));
                }
            }
            FACTS.put(parts[0], facts);
        }
        assertTrue(FACTS.keySet().containsAll(KINDS), out);
    }

    /** The message after {@code FILE: } for each kind. */
    private static String expected(String kind) {
        Map<String, Long> f = FACTS.get(kind);
        long size = f.get("file_size");
        return switch (kind) {
            case "soft_link_self" -> "spikes/times: soft links form a cycle (/spikes/times -> /spikes/times)";
            case "soft_link_cycle" -> "spikes/times: soft links form a cycle (/spikes/times -> /a -> /spikes/times)";
            case "soft_link_chain" -> "spikes/times: more than 16 soft links to follow (/spikes/times -> ...)";
            case "soft_link_dangling" -> "spikes/times: soft link /spikes/times points to /nowhere, which does not exist";
            case "external_link" -> "spikes/times: is an external link (to other.h5:/spikes/times); links to other"
                    + " files are not followed";
            case "labels_dims" -> "labels: declares " + f.get("declared") + " elements of 2 bytes ("
                    + 2 * f.get("declared") + " bytes), more than the " + size + "-byte file holds";
            case "times_dims" -> "spikes/times: declares " + f.get("declared") + " elements of 16 bytes ("
                    + 16 * f.get("declared") + " bytes), more than the " + size + "-byte file holds";
            case "gzip_times_dims" -> "spikes/times: declares " + f.get("declared") + " elements of 16 bytes ("
                    + 16 * f.get("declared") + " bytes), more than the " + size + "-byte file can hold even compressed";
            case "vlen_length" -> "spikes/times, sample 3: variable-length sequence declares " + f.get("sequence")
                    + " elements (" + 2 * f.get("sequence") + " bytes) but its global heap object holds "
                    + f.get("bytes") + " bytes";
            case "heap_size" -> "spikes/times, sample 0: a global heap collection (" + f.get("size")
                    + " bytes at address " + f.get("address") + ") would lie beyond the end of the " + size + "-byte file";
            case "partly_written" -> "spikes/times: chunk 2 (elements 4..5) is not stored; the dataset was only"
                    + " partly written (spikeport reads datasets whose every element was written)";
            case "never_written" -> "labels: has 8 elements but no data is stored (the dataset was created but never"
                    + " written)";
            case "fletcher_damaged" -> "spikes/times, chunk 0: fletcher32 checksum does not match the chunk's data"
                    + " (the chunk is damaged)";
            case "gzip_damaged" -> "spikes/times, chunk 0: deflate data is damaged (DataFormatException: incorrect"
                    + " header check)";
            case "label_max_int" -> "labels, sample 2: label 2147483647 is outside 0..999 (without extra/keys a file"
                    + " has at most 1000 classes)";
            case "time_too_late" -> "spikes/times, sample 3: event 2: time 3000000.0 s is outside 0..3600 s (the"
                    + " longest sample spikeport reads)";
            case "channels_dims" -> "root attributes: cannot read, the file may be truncated or damaged (HdfException:"
                    + " Failed to load attributes for '//' at address '96')";
            case "channels_array" -> "root attribute channels: expected one value, found 3";
            case "szip" -> "spikes/times: HDF5 filter szip (id 4) is not supported; " + FILTERS;
            case "scaleoffset" -> "spikes/units: HDF5 filter scaleoffset (id 6) is not supported; " + FILTERS;
            case "external_storage" -> "spikes/times: uses an HDF5 feature that jhdf cannot read"
                    + " (UnsupportedHdfException: Encountered External Data Files Message, this is not supported by jHDF)";
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static Stream<String> kinds() {
        return KINDS.stream();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void readingEndsInOneLineNamingFileAndDataset(String kind) {
        Path file = dir.resolve(kind + ".h5");
        String m = BadFilesTest.readAllFails(file).getMessage();
        assertEquals(file + ": " + expected(kind), m);
        assertFalse(m.contains("\n"), m);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void convertFailsTheSameWayAndWritesNothing(String kind) throws IOException {
        Path file = dir.resolve(kind + ".h5");
        Path outDir = Files.createDirectories(dir.resolve("convert-" + kind));
        DatasetException e = assertThrows(DatasetException.class,
                () -> SpikeDatasets.convert(file, outDir.resolve("flat.h5")));
        assertEquals(file + ": " + expected(kind), e.getMessage());
        try (Stream<Path> left = Files.list(outDir)) {
            assertEquals(List.of(), left.toList(), "files left in " + outDir);
        }
    }

    @Test
    void softLinksWithinTheFileAreFollowed() throws IOException {
        Path txt = dir.resolve("plain.txt");
        H5py.run("published", dir.resolve("plain.h5").toString(), txt.toString(), "--seed", "7", "--samples", "8",
                "--events", "20");
        try (SpikeDataset ds = SpikeDatasets.open(dir.resolve("soft_link_valid.h5"))) {
            FlatRoundTripTest.assertSameData(H5py.readExpected(txt).samples(), ds);
        }
    }

    @Test
    void stackOverflowAndOutOfMemoryInJhdfEndAsOneLine() {
        Path file = dir.resolve("soft_link_valid.h5");
        try (Hdf hdf = Hdf.open(file)) {
            DatasetException deep = assertThrows(DatasetException.class,
                    () -> hdf.read("spikes/times", () -> {
                        throw new StackOverflowError();
                    }));
            assertEquals(file + ": spikes/times: cannot read, a structure in the file refers to itself or nests too"
                    + " deeply (StackOverflowError); the file is damaged", deep.getMessage());
            DatasetException big = assertThrows(DatasetException.class,
                    () -> hdf.read("labels", () -> {
                        throw new OutOfMemoryError("Java heap space");
                    }));
            assertEquals(file + ": labels: cannot read, it needs more memory than is available (OutOfMemoryError:"
                    + " Java heap space); the file may be damaged", big.getMessage());
        }
    }
}
