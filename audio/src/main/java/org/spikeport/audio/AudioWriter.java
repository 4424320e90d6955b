package org.spikeport.audio;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.spikeport.core.files.AtomicFiles;

/**
 * Writes mono 16-bit PCM WAV files atomically ({@link AtomicFiles}): samples clipped to [-1, 1] and rounded to
 * the nearest step of 1/32768.
 */
public final class AudioWriter {

    private AudioWriter() {
    }

    public static void writeWav(Path file, double[] samples, int sampleRate) {
        byte[] data = new byte[2 * samples.length];
        for (int i = 0; i < samples.length; i++) {
            long v = Math.round(Math.max(-1, Math.min(1, samples[i])) * 32768);
            short s = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
            data[2 * i] = (byte) s;
            data[2 * i + 1] = (byte) (s >> 8);
        }
        AudioFormat f = new AudioFormat(sampleRate, 16, 1, true, false);
        AtomicFiles.write(file, (OutputStream out) -> AudioSystem.write(
                new AudioInputStream(new ByteArrayInputStream(data), f, samples.length), AudioFileFormat.Type.WAVE, out));
    }
}
