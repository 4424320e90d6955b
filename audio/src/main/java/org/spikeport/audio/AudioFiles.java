package org.spikeport.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Reads recordings into mono samples. WAV files (RIFF, as {@code javax.sound.sampled} reads them) with integer
 * PCM of 8 (unsigned), 16, 24 or 32 bits or float PCM of 32 or 64 bits, any sample rate and any number of
 * channels; channels are mixed to mono by their mean and integer samples scaled to [-1, 1). FLAC is refused:
 * no FLAC decoder is among spikeport's dependencies.
 */
public final class AudioFiles {

    /** Mono samples at a sample rate. */
    public record Audio(double[] samples, int sampleRate) {

        public double seconds() {
            return (double) samples.length / sampleRate;
        }
    }

    private AudioFiles() {
    }

    /** Whether {@code file}'s name ends in an audio extension this class knows ({@code .wav}, {@code .flac}). */
    public static boolean isAudioName(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".wav") || n.endsWith(".wave") || n.endsWith(".flac");
    }

    /** What a file's header says: frames and sample rate. */
    public record Header(long frames, int sampleRate) {

        public double seconds() {
            return (double) frames / sampleRate;
        }
    }

    /**
     * Checks {@code file}'s header as {@link #read} does, without reading the samples.
     *
     * @throws AudioException as {@link #read}, except for truncation and non-finite samples
     */
    public static Header probe(Path file, double maxSeconds) {
        return open(file, maxSeconds, false).header;
    }

    /**
     * Reads {@code file}, refusing recordings longer than {@code maxSeconds} before reading their samples.
     *
     * @throws AudioException naming the file: unreadable, not a supported format, longer than the limit,
     *                        empty or truncated
     */
    public static Audio read(Path file, double maxSeconds) {
        return open(file, maxSeconds, true).audio;
    }

    private record Opened(Header header, Audio audio) {
    }

    private static Opened open(Path file, double maxSeconds, boolean samples) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".flac")) {
            throw new AudioException(file + ": FLAC is not supported (spikeport has no FLAC decoder); convert it to "
                    + "WAV first, e.g. flac -d " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new AudioException(file + ": not a readable file");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            AudioInputStream stream;
            try {
                stream = AudioSystem.getAudioInputStream(in);
            } catch (UnsupportedAudioFileException | RuntimeException e) {
                throw new AudioException(file + ": not a WAV file spikeport can read (" + message(e) + ")");
            }
            try (AudioInputStream s = stream) {
                return decode(file, s, maxSeconds, samples, Files.size(file));
            }
        } catch (IOException e) {
            throw new AudioException(file + ": cannot be read: " + message(e), e);
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Opened decode(Path file, AudioInputStream s, double maxSeconds, boolean samples, long fileBytes)
            throws IOException {
        AudioFormat f = s.getFormat();
        AudioFormat.Encoding enc = f.getEncoding();
        int bits = f.getSampleSizeInBits();
        int channels = f.getChannels();
        float rate = f.getSampleRate();
        if (channels < 1 || channels > 64) {
            throw new AudioException(file + ": " + channels + " channels (1 to 64 are supported)");
        }
        if (!(rate >= 1 && rate <= 1_000_000) || rate != Math.rint(rate)) {
            throw new AudioException(file + ": sample rate " + rate + " Hz is not a whole number of 1 to 1,000,000 Hz");
        }
        boolean integer = enc.equals(AudioFormat.Encoding.PCM_SIGNED) && (bits == 16 || bits == 24 || bits == 32)
                || enc.equals(AudioFormat.Encoding.PCM_UNSIGNED) && bits == 8
                || enc.equals(AudioFormat.Encoding.PCM_SIGNED) && bits == 8;
        boolean floating = enc.equals(AudioFormat.Encoding.PCM_FLOAT) && (bits == 32 || bits == 64);
        if (!integer && !floating) {
            throw new AudioException(file + ": unsupported sample encoding " + enc + " with " + bits
                    + " bits (integer PCM of 8, 16, 24 or 32 bits or float PCM of 32 or 64 bits are supported)");
        }
        int bytesPerSample = bits / 8;
        int frameSize = bytesPerSample * channels;
        if (f.getFrameSize() != frameSize) {
            throw new AudioException(file + ": frame size " + f.getFrameSize() + " bytes does not match " + channels
                    + " channels of " + bits + " bits");
        }
        long frames = s.getFrameLength();
        long maxFrames = (long) Math.floor(maxSeconds * rate);
        if (frames == AudioSystem.NOT_SPECIFIED || frames < 0) {
            throw new AudioException(file + ": the WAV header gives no length");
        }
        if (frames > maxFrames) {
            throw new AudioException(String.format(Locale.ROOT, "%s: %.2f s long, longer than the limit of %.2f s "
                    + "(--max-seconds)", file, frames / (double) rate, maxSeconds));
        }
        if (frames == 0) {
            throw new AudioException(file + ": has no samples");
        }
        long dataBytes = frames * frameSize;
        if (dataBytes > fileBytes) {
            throw new AudioException(file + ": truncated: the header promises " + frames + " frames (" + dataBytes
                    + " bytes), the file has " + fileBytes + " bytes");
        }
        if (dataBytes > Integer.MAX_VALUE - 8) {
            throw new AudioException(file + ": " + dataBytes + " bytes of samples, more than spikeport reads (2 GiB)");
        }
        Header header = new Header(frames, (int) rate);
        if (!samples) {
            return new Opened(header, null);
        }
        byte[] data = new byte[(int) dataBytes];
        int read = s.readNBytes(data, 0, data.length);
        if (read < data.length) {
            throw new AudioException(file + ": truncated: the header promises " + frames + " frames, the file holds "
                    + read / frameSize);
        }
        boolean big = f.isBigEndian();
        double[] mono = new double[(int) frames];
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                int o = i * frameSize + c * bytesPerSample;
                sum += floating ? floatSample(data, o, bits, big) : intSample(data, o, bits, big, enc);
            }
            double v = sum / channels;
            if (!Double.isFinite(v)) {
                throw new AudioException(file + ": sample " + i + " is not a finite number");
            }
            mono[i] = v;
        }
        return new Opened(header, new Audio(mono, (int) rate));
    }

    private static long bytes(byte[] d, int o, int n, boolean big) {
        long v = 0;
        for (int k = 0; k < n; k++) {
            int b = d[o + (big ? k : n - 1 - k)] & 0xff;
            v = (v << 8) | b;
        }
        return v;
    }

    private static double intSample(byte[] d, int o, int bits, boolean big, AudioFormat.Encoding enc) {
        long raw = bytes(d, o, bits / 8, big);
        if (enc.equals(AudioFormat.Encoding.PCM_UNSIGNED)) {
            return (raw - 128) / 128.0;
        }
        long signed = (raw << (64 - bits)) >> (64 - bits);
        return signed / (double) (1L << (bits - 1));
    }

    private static double floatSample(byte[] d, int o, int bits, boolean big) {
        long raw = bytes(d, o, bits / 8, big);
        return bits == 32 ? Float.intBitsToFloat((int) raw) : Double.longBitsToDouble(raw);
    }
}
