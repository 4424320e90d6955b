package org.spikeport.core.files;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainingState;
import org.spikeport.core.proto.SpikeportProto;

/**
 * Reads and writes {@code model.pb} and {@code network.pb}. Writes are atomic (see
 * {@link AtomicFiles}); reads either return a fully validated record or throw an
 * {@link InvalidFileException} naming the file and the problem.
 */
public final class ModelFiles {

    private ModelFiles() {
    }

    /** The bytes of a {@code model.pb} file for {@code model}. */
    public static byte[] bytes(TrainedModel model) {
        return ModelFrame.frame(ModelFrame.Kind.TRAINED_MODEL, ModelCodec.encode(model).toByteArray());
    }

    /** The bytes of a {@code network.pb} file for {@code network}. */
    public static byte[] bytes(DeployedNetwork network) {
        return ModelFrame.frame(ModelFrame.Kind.DEPLOYED_NETWORK, ModelCodec.encode(network).toByteArray());
    }

    public static void write(Path file, TrainedModel model) {
        AtomicFiles.write(file, bytes(model));
    }

    public static void write(Path file, DeployedNetwork network) {
        AtomicFiles.write(file, bytes(network));
    }

    /** Writes a training checkpoint atomically. */
    public static void write(Path file, TrainingState state) {
        AtomicFiles.write(file, ModelFrame.frame(ModelFrame.Kind.CHECKPOINT, ModelCodec.encode(state).toByteArray()));
    }

    public static TrainingState readCheckpoint(Path file) {
        byte[] payload = ModelFrame.read(file, ModelFrame.Kind.CHECKPOINT);
        try {
            return ModelCodec.decode(SpikeportProto.Checkpoint.parseFrom(payload));
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidFileException(file, "is corrupted: its content is not a Checkpoint message", e);
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, "is not a valid checkpoint: " + e.getMessage(), e);
        }
    }

    public static TrainedModel readTrained(Path file) {
        byte[] payload = ModelFrame.read(file, ModelFrame.Kind.TRAINED_MODEL);
        try {
            return ModelCodec.decode(SpikeportProto.TrainedModel.parseFrom(payload));
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidFileException(file, "is corrupted: its content is not a TrainedModel message", e);
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, "is not a valid trained model: " + e.getMessage(), e);
        }
    }

    public static DeployedNetwork readDeployed(Path file) {
        return deployed(file, ModelFrame.read(file, ModelFrame.Kind.DEPLOYED_NETWORK));
    }

    /**
     * The network of a {@code network.pb} file's bytes held in memory (as {@link #bytes(DeployedNetwork)} gives
     * them), checked as {@link #readDeployed(Path)} checks a file; {@code source} names them in messages.
     */
    public static DeployedNetwork readDeployed(Path source, byte[] bytes) {
        return deployed(source, ModelFrame.unframe(source, bytes, ModelFrame.Kind.DEPLOYED_NETWORK));
    }

    private static DeployedNetwork deployed(Path file, byte[] payload) {
        try {
            return ModelCodec.decode(SpikeportProto.DeployedNetwork.parseFrom(payload));
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidFileException(file, "is corrupted: its content is not a DeployedNetwork message", e);
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, "is not a valid deployed network: " + e.getMessage(), e);
        }
    }
}
