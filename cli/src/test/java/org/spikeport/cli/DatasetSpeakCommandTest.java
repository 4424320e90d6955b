package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.data.SpikeDataset;
import org.spikeport.core.data.SpikeDatasets;

/**
 * {@code dataset speak} with a stand-in for espeak-ng: a script that logs its arguments and copies a tone WAV
 * made for the word it is asked to say (so the suite does not need espeak-ng; demo.sh runs the real one when it
 * is installed).
 */
class DatasetSpeakCommandTest {

    @TempDir
    Path dir;

    private Path fakeEspeak(int exit) throws IOException {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        List<String> words = DatasetSpeakCommand.classNames();
        for (int i = 0; i < words.size(); i++) {
            // 22.05 kHz like espeak-ng, with silence around the tone for the trimming.
            DatasetEncodeCommandTest.tone(templates.resolve(words.get(i) + ".wav"), 22_050, 1, 200 + 300 * i, 0.2);
        }
        Path log = dir.resolve("espeak.log");
        Path script = dir.resolve("espeak-ng");
        Files.writeString(script, "#!/usr/bin/env bash\n"
                + "echo \"$@\" >> '" + log + "'\n"
                + (exit != 0 ? "echo 'cannot speak' >&2; exit " + exit + "\n" : "")
                + "out=''; prev=''; for a in \"$@\"; do if [[ \"$prev\" == -w ]]; then out=\"$a\"; fi; prev=\"$a\"; done\n"
                + "word=\"${@: -1}\"\n"
                + "cp '" + templates + "'/\"$word\".wav \"$out\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void rendersEncodesAndHoldsTestVoicesOut() throws IOException {
        Path espeak = fakeEspeak(0);
        Path out = dir.resolve("digits");
        Cli r = Cli.run("dataset", "speak", "--out", out.toString(), "--espeak", espeak.toString(), "--train-per-class",
                "1", "--test-per-class", "1", "--threads", "2", "--seed", "3");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("(20 samples)") && r.out().contains("test voices m7 m8 f4 held out"), r.out());
        try (SpikeDataset train = SpikeDatasets.open(out.resolve("train.h5"));
             SpikeDataset test = SpikeDatasets.open(out.resolve("test.h5"))) {
            assertEquals(20, train.size());
            assertEquals(20, test.size());
            assertEquals(DatasetSpeakCommand.classNames(), train.classNames());
            assertEquals(700, train.inputChannels());
            for (int i = 0; i < 20; i++) {
                assertEquals(i, train.get(i).label());
                assertTrue(train.get(i).size() > 0);
                assertTrue(train.get(i).duration() < 0.6831);
            }
        }
        List<String> manifest = Files.readAllLines(out.resolve("manifest.csv"));
        assertEquals("split,class,word,voice,speed,pitch,file", manifest.get(0));
        assertEquals(41, manifest.size());
        Set<String> trainVoices = new HashSet<>();
        Set<String> testVoices = new HashSet<>();
        for (String line : manifest.subList(1, manifest.size())) {
            String[] f = line.split(",");
            (f[0].equals("train") ? trainVoices : testVoices).add(f[3].substring(f[3].indexOf('+') + 1));
            int speed = Integer.parseInt(f[4]);
            int pitch = Integer.parseInt(f[5]);
            assertTrue(speed >= 140 && speed <= 200 && pitch >= 30 && pitch <= 70, line);
            assertTrue(Files.isRegularFile(out.resolve(f[6])), line);
        }
        trainVoices.retainAll(testVoices);
        assertTrue(trainVoices.isEmpty(), "voices in both splits: " + trainVoices);
        List<String> calls = Files.readAllLines(dir.resolve("espeak.log"));
        assertEquals(40, calls.size());
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("-v de+") && c.endsWith(" fünf")), calls.toString());
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("-v en-us+") && c.endsWith(" zero")), calls.toString());
    }

    @Test
    void aMissingOrFailingEspeakIsOneLine() throws IOException {
        Cli missing = Cli.run("dataset", "speak", "--out", dir.resolve("d").toString(), "--espeak",
                dir.resolve("nope").toString());
        assertEquals(1, missing.exit());
        assertEquals("spikeport: " + dir.resolve("nope") + ": espeak-ng not found or not executable (--espeak); "
                + "install it with: sudo apt-get install espeak-ng", missing.errorLine());

        Path failing = fakeEspeak(3);
        Cli r = Cli.run("dataset", "speak", "--out", dir.resolve("d").toString(), "--espeak", failing.toString(),
                "--train-per-class", "1", "--test-per-class", "1");
        assertEquals(1, r.exit());
        assertTrue(r.errorLine().startsWith("spikeport: " + failing + " failed (exit 3) for '"), r.err());
        assertTrue(r.errorLine().endsWith(": cannot speak"), r.err());
        assertFalse(Files.exists(dir.resolve("d/train.h5")));
    }
}
