package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.data.SpikeDataset;
import org.spikeport.core.data.SpikeDatasets;

class DatasetCommandsTest {

    @TempDir
    Path dir;

    private Path synth(String... extra) {
        String[] base = {"dataset", "synth", "--out", dir.resolve("d").toString(), "--train", "12", "--test", "6",
            "--classes", "3", "--seed", "7"};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        Cli r = Cli.run(args);
        assertEquals(0, r.exit(), r.err());
        return dir.resolve("d");
    }

    @Test
    void synthWritesTrainAndTest() {
        Path d = synth();
        try (SpikeDataset train = SpikeDatasets.open(d.resolve("train.h5"));
             SpikeDataset test = SpikeDatasets.open(d.resolve("test.h5"))) {
            assertEquals(12, train.size());
            assertEquals(6, test.size());
            assertEquals(3, train.classes());
            assertEquals(SpikeDataset.Layout.FLAT, train.layout());
        }
    }

    @Test
    void synthRefusesToOverwriteWithoutForce() throws IOException {
        Path d = synth();
        byte[] before = Files.readAllBytes(d.resolve("train.h5"));
        Cli again = Cli.run("dataset", "synth", "--out", d.toString(), "--train", "5", "--test", "5");
        assertEquals(1, again.exit());
        assertTrue(again.errorLine().endsWith("already exists; use --force to overwrite it"), again.err());
        assertTrue(Arrays.equals(before, Files.readAllBytes(d.resolve("train.h5"))));
        synth("--force");
    }

    @Test
    void synthRejectsImpossibleOptions() {
        Cli r = Cli.run("dataset", "synth", "--out", dir.toString(), "--classes", "1");
        assertEquals(1, r.exit());
        assertTrue(r.errorLine().contains("classes"), r.err());
        assertFalse(Files.exists(dir.resolve("train.h5")));
    }

    @Test
    void synthWritesTheLongOrderTaskAndInfoNamesItsClasses() {
        Path d = dir.resolve("long");
        Cli r = Cli.run("dataset", "synth", "--task", "long-order", "--out", d.toString(), "--train", "16",
                "--test", "8", "--seed", "3", "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"task\": \"long-order\""), r.out());
        assertTrue(r.out().contains("\"cue_words\""), r.out());
        assertTrue(r.out().contains("\"duration_s\": 1.5"), r.out());
        try (SpikeDataset train = SpikeDatasets.open(d.resolve("train.h5"))) {
            assertEquals(16, train.size());
            assertEquals(4, train.classes());
            assertEquals("cue2=cue1+1 mod 4", train.classNames().get(1));
        }
        Cli info = Cli.run("dataset", "info", d.resolve("test.h5").toString());
        assertEquals(0, info.exit(), info.err());
        assertTrue(info.out().contains("cue2=cue1+3 mod 4"), info.out());
        assertTrue(info.out().contains("up to 150 steps"), info.out());

        Cli text = Cli.run("dataset", "synth", "--task", "long-order", "--out", dir.resolve("long2").toString(),
                "--train", "4", "--test", "4", "--classes", "2", "--retention-min", "0.5", "--retention-max", "0.6");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("task long-order: class = (second cue word - first cue word) mod 2"), text.out());
        assertTrue(text.out().contains("retention 0.50-0.60 s"), text.out());
    }

    @Test
    void synthRejectsAnUnknownTaskAndRetentionOutsideLongOrder() {
        Cli unknown = Cli.run("dataset", "synth", "--out", dir.toString(), "--task", "long");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.errorLine().contains("--task"), unknown.err());
        Cli order = Cli.run("dataset", "synth", "--out", dir.toString(), "--retention-min", "0.5");
        assertEquals(1, order.exit());
        assertTrue(order.errorLine().contains("long-order only"), order.err());
        Cli tooLong = Cli.run("dataset", "synth", "--out", dir.toString(), "--task", "long-order",
                "--retention-max", "1.2");
        assertEquals(1, tooLong.exit());
        assertTrue(tooLong.errorLine().contains("durationSeconds"), tooLong.err());
        assertFalse(Files.exists(dir.resolve("train.h5")));
    }

    @Test
    void infoReportsTheDatasetAsJson() {
        Path d = synth();
        Cli r = Cli.run("dataset", "info", d.resolve("train.h5").toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"samples\": 12"), r.out());
        assertTrue(r.out().contains("\"input_channels\": 700"), r.out());
        Cli text = Cli.run("dataset", "info", d.resolve("test.h5").toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("6"), text.out());
    }

    @Test
    void infoOnBadFilesIsOneLine() throws IOException {
        Cli missing = Cli.run("dataset", "info", dir.resolve("missing.h5").toString());
        assertEquals(1, missing.exit());
        assertEquals(1, missing.err().lines().count(), missing.err());

        Path text = Files.writeString(dir.resolve("notes.h5"), "not an HDF5 file");
        Cli bad = Cli.run("dataset", "info", text.toString());
        assertEquals(1, bad.exit());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.errorLine().contains(text.toString()), bad.err());
    }

    @Test
    void truncatedDatasetIsOneLine() throws IOException {
        Path d = synth();
        byte[] whole = Files.readAllBytes(d.resolve("train.h5"));
        for (int cut : new int[] {100, whole.length / 2, whole.length - 10}) {
            Path f = Files.write(dir.resolve("cut" + cut + ".h5"), Arrays.copyOf(whole, cut));
            Cli r = Cli.run("dataset", "info", f.toString());
            assertEquals(1, r.exit(), "cut at " + cut + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.errorLine().startsWith("spikeport: " + f), r.err());
        }
    }

    @Test
    void convertCopiesFlatFilesAndRefusesItsInput() {
        Path d = synth();
        Path in = d.resolve("test.h5");
        Cli same = Cli.run("dataset", "convert", in.toString(), in.toString(), "--force");
        assertEquals(1, same.exit());
        Path out = dir.resolve("copy.h5");
        Cli ok = Cli.run("dataset", "convert", in.toString(), out.toString());
        assertEquals(0, ok.exit(), ok.err());
        try (SpikeDataset a = SpikeDatasets.open(in); SpikeDataset b = SpikeDatasets.open(out)) {
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i), b.get(i));
            }
        }
        Cli exists = Cli.run("dataset", "convert", in.toString(), out.toString());
        assertEquals(1, exists.exit());
    }
}
