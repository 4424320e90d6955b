package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.data.SpikeDataset;
import org.spikeport.core.data.SpikeDatasets;
import org.spikeport.core.data.SpikeRecording;

class DatasetEncodeCommandTest {

    @TempDir
    Path dir;

    /** A 16-bit WAV tone of {@code seconds} at {@code rate} with {@code channels} channels. */
    static Path tone(Path file, int rate, int channels, double hz, double seconds) throws IOException {
        Files.createDirectories(file.getParent());
        int frames = (int) (rate * seconds);
        byte[] data = new byte[frames * channels * 2];
        for (int i = 0; i < frames; i++) {
            short v = (short) Math.round(12000 * Math.sin(2 * Math.PI * hz * i / rate));
            for (int c = 0; c < channels; c++) {
                int o = (i * channels + c) * 2;
                data[o] = (byte) v;
                data[o + 1] = (byte) (v >> 8);
            }
        }
        AudioFormat f = new AudioFormat(rate, 16, channels, true, false);
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(data), f, frames), AudioFileFormat.Type.WAVE,
                file.toFile());
        return file;
    }

    private Path corpus() throws IOException {
        Path a = dir.resolve("audio");
        tone(a.resolve("high/h1.wav"), 16_000, 1, 6000, 0.03);
        tone(a.resolve("high/h2.wav"), 22_050, 2, 5000, 0.03);
        tone(a.resolve("low/l1.wav"), 16_000, 1, 300, 0.03);
        tone(a.resolve("low/l2.wav"), 44_100, 1, 400, 0.025);
        return a;
    }

    @Test
    void encodesADirectoryWithClassesFromDirectoryNames() throws IOException {
        Path a = corpus();
        Path out = dir.resolve("enc.h5");
        Cli r = Cli.run("dataset", "encode", "--audio", a.toString(), "--label-from-dir", "--out", out.toString(),
                "--threads", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("wrote " + out + ": 4 samples of 2 classes, 700 input channels"), r.out());
        try (SpikeDataset d = SpikeDatasets.open(out)) {
            assertEquals(4, d.size());
            assertEquals(700, d.inputChannels());
            assertEquals(List.of("high", "low"), d.classNames());
            assertEquals(0, d.get(0).label());
            assertEquals(0, d.get(1).label());
            assertEquals(1, d.get(2).label());
            assertEquals(1, d.get(3).label());
            // High tones drive the base of the membrane (low channel numbers), low tones the apex.
            assertTrue(meanUnit(d.get(0)) < meanUnit(d.get(2)));
        }
    }

    private static double meanUnit(SpikeRecording r) {
        double s = 0;
        for (int u : r.units()) {
            s += u;
        }
        return s / r.size();
    }

    @Test
    void sameSeedSameSpikesWhateverTheThreads() throws IOException {
        Path a = corpus();
        Path one = dir.resolve("one.h5");
        Path two = dir.resolve("two.h5");
        assertEquals(0, Cli.run("dataset", "encode", "--audio", a.toString(), "--label-from-dir", "--out",
                one.toString(), "--threads", "1", "--seed", "4").exit());
        assertEquals(0, Cli.run("dataset", "encode", "--audio", a.toString(), "--label-from-dir", "--out",
                two.toString(), "--threads", "2", "--seed", "4").exit());
        try (SpikeDataset x = SpikeDatasets.open(one); SpikeDataset y = SpikeDatasets.open(two)) {
            for (int i = 0; i < x.size(); i++) {
                assertArrayEquals(x.get(i).times(), y.get(i).times());
                assertArrayEquals(x.get(i).units(), y.get(i).units());
            }
        }
    }

    @Test
    void unreadableFilesAreSkippedWithOneLineEach() throws IOException {
        Path a = corpus();
        Path broken = Files.writeString(a.resolve("low/broken.wav"), "RIFF but not really");
        Path flac = Files.write(a.resolve("high/x.flac"), new byte[] {'f', 'L', 'a', 'C'});
        Path silent = tone(a.resolve("low/silent.wav"), 16_000, 1, 0, 0.03);
        Path out = dir.resolve("enc.h5");
        Cli r = Cli.run("dataset", "encode", "--audio", a.toString(), "--label-from-dir", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("spikeport:")).toList();
        assertEquals(3, lines.size(), r.err());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("spikeport: " + broken + ": not a WAV file")), r.err());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("spikeport: " + flac + ": FLAC is not supported")), r.err());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("spikeport: " + silent + ": audio is silent")), r.err());
        assertTrue(lines.stream().allMatch(l -> l.endsWith("(skipped)")), r.err());
        assertTrue(r.out().contains("4 samples") && r.out().contains("3 files skipped"), r.out());
        try (SpikeDataset d = SpikeDatasets.open(out)) {
            assertEquals(4, d.size());
        }
    }

    @Test
    void strictStopsAtTheFirstBadFileAndWritesNothing() throws IOException {
        Path a = corpus();
        Path broken = Files.writeString(a.resolve("low/broken.wav"), "nope");
        Path out = dir.resolve("enc.h5");
        Cli r = Cli.run("dataset", "encode", "--audio", a.toString(), "--label-from-dir", "--out", out.toString(),
                "--strict");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.errorLine().startsWith("spikeport: " + broken + ": not a WAV file"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void lengthLimitIsCheckedBeforeReading() throws IOException {
        Path a = corpus();
        Path longer = tone(a.resolve("low/long.wav"), 8000, 1, 300, 1.5);
        Cli r = Cli.run("dataset", "encode", "--audio", a.toString(), "--label-from-dir", "--out",
                dir.resolve("e.h5").toString(), "--max-seconds", "1", "--strict");
        assertEquals(1, r.exit());
        assertEquals("spikeport: " + longer + ": 1.50 s long, longer than the limit of 1.00 s (--max-seconds)",
                r.errorLine());
    }

    @Test
    void labelsFromACsvWithClassNumbers() throws IOException {
        Path a = corpus();
        Path csv = Files.writeString(dir.resolve("labels.csv"),
                "file,label\naudio/high/h1.wav,2\naudio/low/l1.wav,0\n");
        Path out = dir.resolve("csv.h5");
        Cli r = Cli.run("dataset", "encode", "--audio", a.resolve("high/h1.wav").toString(),
                a.resolve("low/l1.wav").toString(), a.resolve("low/l2.wav").toString(), "--labels", csv.toString(),
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("spikeport: " + a.resolve("low/l2.wav") + ": no label for it in " + csv
                + " (skipped)"), r.err());
        try (SpikeDataset d = SpikeDatasets.open(out)) {
            assertEquals(2, d.size());
            assertEquals(List.of("0", "1", "2"), d.classNames());
            assertEquals(2, d.get(0).label());
            assertEquals(0, d.get(1).label());
        }
    }

    @Test
    void usageErrors() throws IOException {
        Path a = corpus();
        assertEquals(2, Cli.run("dataset", "encode", "--audio", a.toString(), "--out", "x.h5").exit());
        assertEquals(2, Cli.run("dataset", "encode", "--audio", a.toString(), "--out", "x.h5", "--label-from-dir",
                "--labels", "l.csv").exit());
        Path out = Files.writeString(dir.resolve("exists.h5"), "x");
        Cli r = Cli.run("dataset", "encode", "--audio", a.toString(), "--label-from-dir", "--out", out.toString());
        assertEquals(1, r.exit());
        assertTrue(r.errorLine().endsWith("already exists; use --force to overwrite it"));
    }
}
