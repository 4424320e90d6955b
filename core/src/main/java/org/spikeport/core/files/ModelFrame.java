package org.spikeport.core.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The binary frame around a model file's protobuf payload. All integers are big-endian.
 *
 * <pre>
 *   offset  size  field
 *        0     8  magic "SPIKEPRT"
 *        8     4  kind, ASCII: "TMOD" (TrainedModel, model.pb), "DNET" (DeployedNetwork, network.pb)
 *                 or "CKPT" (Checkpoint, a training run's resume point)
 *       12     4  format version, unsigned; readers accept 1..{@link #FORMAT_VERSION}
 *       16     8  payload length in bytes
 *       24     4  CRC-32 of the payload
 *       28     n  payload: the protobuf message of spikeport.proto named by the kind
 * </pre>
 *
 * The frame lets a reader tell an empty, truncated, corrupted, foreign or newer file from a valid one
 * before parsing anything.
 *
 * <p>Format versions: 1, feed-forward networks; 2 adds recurrent synapses, a layer bias, reset by
 * subtraction and the readout decoding. Every file is written as the current version; a version-1 file
 * reads as a version-2 file without those fields (its layers feed forward, hard reset, softmax-sum
 * decoding), and an older spikeport refuses a version-2 file rather than ignoring fields it does not know.
 */
public final class ModelFrame {

    /** The format version this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 2;

    static final int HEADER_BYTES = 28;
    private static final byte[] MAGIC = "SPIKEPRT".getBytes(StandardCharsets.US_ASCII);

    /** What a model file holds. */
    public enum Kind {
        TRAINED_MODEL("TMOD", "a trained model (model.pb)"),
        DEPLOYED_NETWORK("DNET", "a deployed network (network.pb)"),
        CHECKPOINT("CKPT", "a training checkpoint (.ckpt)");

        private final String tag;
        private final String description;

        Kind(String tag, String description) {
            this.tag = tag;
            this.description = description;
        }

        /** A human description, e.g. "a trained model (model.pb)". */
        public String description() {
            return description;
        }

        static Kind ofTag(String tag) {
            for (Kind k : values()) {
                if (k.tag.equals(tag)) {
                    return k;
                }
            }
            return null;
        }
    }

    private ModelFrame() {
    }

    /** Frames a payload. */
    static byte[] frame(Kind kind, byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        b.put(MAGIC).put(kind.tag.getBytes(StandardCharsets.US_ASCII)).putInt(FORMAT_VERSION)
                .putLong(payload.length).putInt((int) crc.getValue()).put(payload);
        return b.array();
    }

    /**
     * Reads {@code file}, checks its frame and returns the payload.
     *
     * @throws InvalidFileException if the file is missing, empty, foreign, of another kind, newer,
     *                              truncated or corrupted
     */
    static byte[] read(Path file, Kind expected) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidFileException(file, "no such file");
        } catch (IOException e) {
            throw new InvalidFileException(file, "cannot read (" + AtomicFiles.reason(e) + ")", e);
        }
        return unframe(file, all, expected);
    }

    /** {@link #read} of a file's bytes held in memory; {@code file} names them in messages. */
    static byte[] unframe(Path file, byte[] all, Kind expected) {
        if (all.length == 0) {
            throw new InvalidFileException(file, "is empty; expected " + expected.description());
        }
        int magicSeen = Math.min(all.length, MAGIC.length);
        if (!Arrays.equals(all, 0, magicSeen, MAGIC, 0, magicSeen)) {
            throw new InvalidFileException(file, "is not a spikeport file; expected " + expected.description());
        }
        if (all.length < HEADER_BYTES) {
            throw new InvalidFileException(file, "is truncated: " + all.length + " bytes, shorter than the "
                    + HEADER_BYTES + "-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        b.position(MAGIC.length);
        byte[] tagBytes = new byte[4];
        b.get(tagBytes);
        String tag = new String(tagBytes, StandardCharsets.US_ASCII);
        Kind kind = Kind.ofTag(tag);
        if (kind == null) {
            throw new InvalidFileException(file, "is a spikeport file of unknown kind '" + tag
                    + "'; expected " + expected.description());
        }
        if (kind != expected) {
            throw new InvalidFileException(file, "is " + kind.description() + ", not " + expected.description());
        }
        long version = Integer.toUnsignedLong(b.getInt());
        if (version > FORMAT_VERSION) {
            throw new InvalidFileException(file, "was written by a newer spikeport (format version " + version
                    + "; this build reads up to " + FORMAT_VERSION + "): upgrade spikeport to read it");
        }
        if (version < 1) {
            throw new InvalidFileException(file, "is corrupted: format version 0 in the header");
        }
        long length = b.getLong();
        long crcStored = Integer.toUnsignedLong(b.getInt());
        long actual = all.length - HEADER_BYTES;
        if (length < 0 || actual < length) {
            throw new InvalidFileException(file, "is truncated: the header announces " + length
                    + " bytes of content, the file has " + actual);
        }
        if (actual > length) {
            throw new InvalidFileException(file, "is corrupted: " + (actual - length)
                    + " unexpected bytes after the content");
        }
        CRC32 crc = new CRC32();
        crc.update(all, HEADER_BYTES, (int) length);
        if (crc.getValue() != crcStored) {
            throw new InvalidFileException(file, "is corrupted: checksum mismatch");
        }
        return Arrays.copyOfRange(all, HEADER_BYTES, all.length);
    }
}
