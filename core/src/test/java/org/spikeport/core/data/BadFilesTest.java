package org.spikeport.core.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of defect gives a one-line {@link DatasetException} naming file, dataset and sample. */
class BadFilesTest {

    /** Kind of bad file made by the python script, and the text its error message must contain. */
    static final Map<String, String> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("length_mismatch", "spikes/units, sample 3: has "),
            Map.entry("unit_out_of_range", "spikes/units, sample 3: event 0: unit 700 is outside 0..699"),
            Map.entry("negative_time", "spikes/times, sample 4: event 0: time -0.5 s is negative or not finite"),
            Map.entry("nan_time", "spikes/times, sample 4: event 1: time NaN s"),
            Map.entry("inf_time", "spikes/times, sample 4: event "),
            Map.entry("decreasing_time", "spikes/times, sample 4: event 2: time 0.0999755859375 s is before"),
            Map.entry("label_out_of_range", "labels, sample 5: label 20 is outside 0..19"),
            Map.entry("missing_times", "spikes/times: missing"),
            Map.entry("missing_units", "spikes/units: missing"),
            Map.entry("missing_labels", "labels: missing"),
            Map.entry("times_int", "spikes/times: expected variable-length floating-point times per sample"
                    + " (published SHD layout), found variable-length int32"),
            Map.entry("times_string", "spikes/times: expected variable-length floating-point times per sample"
                    + " (published SHD layout), found fixed-length string"),
            Map.entry("units_float", "spikes/units: expected variable-length integer units per sample"
                    + " (published SHD layout), found variable-length float32"),
            Map.entry("negative_label", "labels, sample 6: label -1 is negative"),
            Map.entry("count_mismatch", "sample counts disagree: spikes/times has 8, spikes/units has 8, labels has 7"),
            Map.entry("flat_offsets_decreasing", "spikes/offsets, sample 3: end offset"),
            Map.entry("flat_offsets_end", "spikes/offsets: last offset is "),
            Map.entry("flat_offsets_length", "sample counts disagree: spikes/offsets has 10 entries, expected labels samples + 1 = 9"),
            Map.entry("flat_offsets_start", "spikes/offsets, sample 0: first offset is 1, expected 0"),
            Map.entry("flat_missing_offsets", "spikes/offsets: missing (required by the spikeport-flat layout)"),
            Map.entry("flat_times_int", "spikes/times: expected floating-point times (spikeport-flat layout), found int32"),
            Map.entry("flat_unit_out_of_range", "spikes/units, sample 3: event 0: unit 700 is outside 0..699"),
            Map.entry("flat_decreasing_time", "spikes/times, sample 4: event 2: time 0.0999755859375 s is before"),
            Map.entry("flat_bad_version", "layout_version: spikeport-flat version 2 is not supported")));

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeBadFiles() {
        List<String> args = new ArrayList<>(List.of("bad", dir.toString()));
        args.addAll(EXPECTED.keySet());
        H5py.run(args.toArray(String[]::new));
    }

    static List<String> kinds() {
        return List.copyOf(EXPECTED.keySet());
    }

    /** Opens the file and reads every sample, returning the error. */
    static DatasetException readAllFails(Path file) {
        return assertThrows(DatasetException.class, () -> {
            try (SpikeDataset ds = SpikeDatasets.open(file)) {
                for (int i = 0; i < ds.size(); i++) {
                    ds.get(i);
                }
            }
        }, file.toString());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void badFileIsRejectedWithAClearMessage(String kind) {
        Path file = dir.resolve(kind + ".h5");
        DatasetException e = readAllFails(file);
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": "), m);
        assertTrue(m.contains(EXPECTED.get(kind)), () -> "message for " + kind + ": " + m);
        assertTrue(!m.contains("\n"), m);
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("does-not-exist.h5");
        DatasetException e = readAllFails(f);
        assertTrue(e.getMessage().equals(f + ": no such file"), e.getMessage());
    }

    @Test
    void notHdf5() throws IOException {
        Path f = dir.resolve("text.h5");
        Files.writeString(f, "this is a text file, not HDF5\n".repeat(100));
        DatasetException e = readAllFails(f);
        assertTrue(e.getMessage().equals(f + ": not an HDF5 file (no HDF5 signature found)"), e.getMessage());
    }

    @Test
    void truncatedFilesAtManyLengths() throws IOException {
        Path good = dir.resolve("length_mismatch.h5");
        byte[] all = Files.readAllBytes(good);
        for (int keep : new int[] {0, 8, 100, 600, 2000, all.length / 2, all.length - 100, all.length - 1}) {
            Path cut = dir.resolve("cut-" + keep + ".h5");
            Files.write(cut, java.util.Arrays.copyOf(all, keep));
            DatasetException e = readAllFails(cut);
            String m = e.getMessage();
            assertTrue(m.startsWith(cut + ": "), m);
            assertTrue(m.contains("truncated") || keep < 8 && m.contains("no HDF5 signature"),
                    () -> "cut at " + keep + ": " + m);
            assertTrue(!m.contains("\n"), m);
        }
    }

    @Test
    void unknownLayoutAttribute() throws IOException {
        Path f = dir.resolve("layout.h5");
        try (io.jhdf.WritableHdfFile w = io.jhdf.HdfFile.write(f)) {
            w.putAttribute("layout", "something-else");
        }
        DatasetException e = readAllFails(f);
        assertTrue(e.getMessage().contains("root attribute layout: unknown layout \"something-else\""), e.getMessage());
    }
}
