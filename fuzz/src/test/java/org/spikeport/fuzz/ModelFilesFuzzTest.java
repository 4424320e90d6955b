package org.spikeport.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.profile.HardwareProfiles;

/**
 * {@code model.pb}, {@code network.pb} and checkpoints ({@link ModelFiles}). The first byte chooses what the
 * rest is: its low two bits the kind (0 model, 1 network, 2 checkpoint, 3 a whole file, frame included) and
 * bit 2 the format version (1 or 2); the rest is the protobuf payload, framed with a correct length and
 * CRC so that the fuzzer reaches the decoder. A model that reads is planned for the float and Loihi
 * targets, a network that reads is replayed: a file is rejected when read or works.
 */
class ModelFilesFuzzTest {

    private static final String[] TAGS = {"TMOD", "DNET", "CKPT"};

    @FuzzTest
    void read(byte[] data) {
        int kind = data.length == 0 ? 3 : data[0] & 3;
        int version = data.length > 0 && (data[0] & 4) != 0 ? 1 : 2;
        byte[] rest = data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
        if (kind == 3) {
            Path file = Contract.file("any.pb", rest);
            Contract.holds("model.pb", () -> ModelFiles.readTrained(file));
            Contract.holds("network.pb", () -> ModelFiles.readDeployed(file));
            Contract.holds("checkpoint", () -> ModelFiles.readCheckpoint(file));
            return;
        }
        Path file = Contract.file("framed.pb", frame(TAGS[kind], version, rest));
        switch (kind) {
            case 0 -> Contract.holds("model.pb", () -> {
                TrainedModel m = ModelFiles.readTrained(file);
                Fixtures.exportAndReplay(m, HardwareProfiles.bundled("float"));
                Fixtures.exportAndReplay(m, HardwareProfiles.bundled("loihi"));
            });
            case 1 -> Contract.holds("network.pb", () -> {
                DeployedNetwork n = ModelFiles.readDeployed(file);
                Fixtures.replay(n);
            });
            default -> Contract.holds("checkpoint", () -> ModelFiles.readCheckpoint(file));
        }
    }

    /** The file frame of {@code ModelFrame}: magic, kind, version, length, CRC-32, payload. */
    static byte[] frame(String tag, int version, byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        return ByteBuffer.allocate(28 + payload.length).put("SPIKEPRT".getBytes(StandardCharsets.US_ASCII))
                .put(tag.getBytes(StandardCharsets.US_ASCII)).putInt(version).putLong(payload.length)
                .putInt((int) crc.getValue()).put(payload).array();
    }
}
