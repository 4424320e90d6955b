package org.spikeport.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioFilesTest {

    @TempDir
    Path dir;

    /** Writes a WAV of {@code frames} frames, each channel c holding {@code value(i, c)} in [-1, 1). */
    static Path wav(Path file, float rate, int bits, int channels, int frames, boolean floating,
            java.util.function.BiFunction<Integer, Integer, Double> value) throws IOException {
        int bytes = bits / 8;
        byte[] data = new byte[frames * channels * bytes];
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                double v = value.apply(i, c);
                long raw;
                if (floating) {
                    raw = bits == 32 ? Float.floatToIntBits((float) v) & 0xffffffffL : Double.doubleToLongBits(v);
                } else if (bits == 8) {
                    raw = Math.round(v * 128) + 128;
                } else {
                    raw = Math.round(v * (1L << (bits - 1)));
                }
                int o = (i * channels + c) * bytes;
                for (int k = 0; k < bytes; k++) {
                    data[o + k] = (byte) (raw >> (8 * k));
                }
            }
        }
        AudioFormat.Encoding enc = floating ? AudioFormat.Encoding.PCM_FLOAT
                : bits == 8 ? AudioFormat.Encoding.PCM_UNSIGNED : AudioFormat.Encoding.PCM_SIGNED;
        AudioFormat f = new AudioFormat(enc, rate, bits, channels, bytes * channels, rate, false);
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(data), f, frames), AudioFileFormat.Type.WAVE,
                file.toFile());
        return file;
    }

    @Test
    void readsPcmOfEveryWidthAndMixesChannels() throws IOException {
        for (int bits : new int[] {8, 16, 24, 32}) {
            Path f = wav(dir.resolve("s" + bits + ".wav"), 22_050, bits, 2, 100, false, (i, c) -> c == 0 ? 0.5 : -0.25);
            AudioFiles.Audio a = AudioFiles.read(f, 10);
            assertEquals(22_050, a.sampleRate());
            assertEquals(100, a.samples().length);
            assertEquals(0.125, a.samples()[7], bits == 8 ? 1e-2 : 1e-4, bits + " bits");
        }
        Path f = wav(dir.resolve("float.wav"), 48_000, 32, 1, 10, true, (i, c) -> i / 10.0);
        assertEquals(0.3, AudioFiles.read(f, 10).samples()[3], 1e-7);
    }

    @Test
    void refusesWithOneLineNamingTheFile() throws IOException {
        Path flac = Files.write(dir.resolve("a.flac"), new byte[] {1, 2, 3});
        AudioException e = assertThrows(AudioException.class, () -> AudioFiles.read(flac, 10));
        assertTrue(e.getMessage().startsWith(flac + ": FLAC is not supported"), e.getMessage());

        Path text = Files.writeString(dir.resolve("text.wav"), "not audio at all");
        e = assertThrows(AudioException.class, () -> AudioFiles.read(text, 10));
        assertTrue(e.getMessage().startsWith(text + ": not a WAV file"), e.getMessage());

        Path longer = wav(dir.resolve("long.wav"), 8000, 16, 1, 8000 * 3, false, (i, c) -> 0.1);
        e = assertThrows(AudioException.class, () -> AudioFiles.read(longer, 2));
        assertTrue(e.getMessage().contains("3.00 s long, longer than the limit of 2.00 s"), e.getMessage());

        Path whole = wav(dir.resolve("whole.wav"), 8000, 16, 1, 1000, false, (i, c) -> 0.1);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.wav"), java.util.Arrays.copyOf(bytes, bytes.length - 500));
        e = assertThrows(AudioException.class, () -> AudioFiles.read(cut, 10));
        assertTrue(e.getMessage().startsWith(cut + ": truncated"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }
}
