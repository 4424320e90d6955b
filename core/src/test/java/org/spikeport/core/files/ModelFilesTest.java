package org.spikeport.core.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Networks;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;

class ModelFilesTest {

    @TempDir
    Path dir;

    @Test
    void trainedModelRoundTrips() {
        TrainedModel model = Networks.trained(1, 24, false, 7, 5, 4, 3);
        Path f = dir.resolve("model.pb");
        ModelFiles.write(f, model);
        TrainedModel back = ModelFiles.readTrained(f);
        assertEquals(model.network(), back.network());
        assertEquals(model.config(), back.config());
        assertEquals(model.provenance(), back.provenance());
        assertEquals(model.metrics().size(), back.metrics().size());
        assertEquals(model.metrics().get(0), back.metrics().get(0));
        assertTrue(back.metrics().get(1).values().get("test_accuracy").isNaN());
        assertEquals(Double.POSITIVE_INFINITY, back.network().layers().get(2).neuron().threshold());
    }

    @Test
    void maskedModelRoundTrips() {
        TrainedModel model = Networks.trained(2, 5, true, 9, 11, 2);
        Path f = dir.resolve("masked.pb");
        ModelFiles.write(f, model);
        TrainedModel back = ModelFiles.readTrained(f);
        assertArrayEquals(model.network().layers().get(0).mask(), back.network().layers().get(0).mask());
        assertEquals(model.network(), back.network());
    }

    @Test
    void deployedNetworkRoundTrips() {
        DeployedNetwork net = Networks.deployed(3, 200, 20, 16, 4);
        Path f = dir.resolve("network.pb");
        ModelFiles.write(f, net);
        DeployedNetwork back = ModelFiles.readDeployed(f);
        assertEquals(net, back);
    }

    @Test
    void recurrentModelRoundTrips() {
        TrainedModel model = Networks.recurrent(21, 6, 7, 5, 4, 3);
        Path f = dir.resolve("recurrent.pb");
        ModelFiles.write(f, model);
        TrainedModel back = ModelFiles.readTrained(f);
        assertEquals(model.network(), back.network());
        TrainedLayer first = back.network().layers().get(0);
        TrainedLayer second = back.network().layers().get(1);
        assertEquals(Recurrence.Kind.AXONAL, first.recurrent().kind());
        assertEquals(5, first.recurrent().delays().length);
        assertEquals(Recurrence.Kind.SYNAPTIC, second.recurrent().kind());
        assertEquals(16, second.recurrent().delays().length);
        assertEquals(4, second.recurrent().spread().length);
        assertEquals(null, first.recurrent().spread());
        assertEquals(0.75, first.recurrent().sigma());
        assertArrayEquals(model.network().layers().get(0).bias(), first.bias());
        assertEquals(ResetMode.SUBTRACT, first.neuron().reset());
        assertEquals(ResetMode.ZERO, second.neuron().reset());
        assertEquals(Decoding.SUM, back.network().decoding());
    }

    @Test
    void recurrentNetworkRoundTrips() {
        DeployedNetwork net = Networks.deployedRecurrent(22, 150, 20, 16, 12, 4);
        Path f = dir.resolve("network.pb");
        ModelFiles.write(f, net);
        DeployedNetwork back = ModelFiles.readDeployed(f);
        assertEquals(net, back);
        assertEquals(net.layers().get(1).recurrent(), back.layers().get(1).recurrent());
        assertEquals(150, back.layers().get(0).recurrent().size());
        assertEquals(0, back.layers().get(2).recurrent().size());
        assertEquals(Decoding.SUM, back.decoding());
    }

    @Test
    void filesAreWrittenAsTheCurrentVersion() {
        byte[] bytes = ModelFiles.bytes(Networks.trained(23, 4, false, 3, 2));
        assertEquals(ModelFrame.FORMAT_VERSION, ByteBuffer.wrap(bytes).getInt(12));
        assertEquals(2, ModelFrame.FORMAT_VERSION);
    }

    /** Files written by the last version-1 build (see resources/.../files/v1/README.md). */
    @Test
    void version1FilesStillRead() throws Exception {
        Path model = Path.of(getClass().getResource("v1/model.pb").toURI());
        Path network = Path.of(getClass().getResource("v1/network.pb").toURI());
        assertEquals(1, ByteBuffer.wrap(Files.readAllBytes(model)).getInt(12));
        assertEquals(1, ByteBuffer.wrap(Files.readAllBytes(network)).getInt(12));
        TrainedModel m = ModelFiles.readTrained(model);
        assertEquals(140, m.network().inputs());
        assertEquals(List.of(3, 5), m.network().layers().stream().map(TrainedLayer::outputs).toList());
        assertEquals(Decoding.SOFTMAX_SUM, m.network().decoding());
        assertFalse(m.network().recurrent());
        assertTrue(m.network().layers().stream().allMatch(l -> l.bias() == null));
        assertEquals(ResetMode.ZERO, m.network().layers().get(0).neuron().reset());
        assertEquals("small", m.config().get("config"));
        DeployedNetwork n = ModelFiles.readDeployed(network);
        assertEquals("loihi", n.target());
        assertEquals(Decoding.SOFTMAX_SUM, n.decoding());
        assertFalse(n.recurrent());
        assertEquals(m.network().layers().size(), n.layers().size());
        assertTrue(n.layers().get(0).synapses().size() > 0);
        Path copy = dir.resolve("rewritten.pb");
        ModelFiles.write(copy, m);
        assertEquals(m.network(), ModelFiles.readTrained(copy).network());
    }

    @Test
    void checkpointRoundTrips() {
        TrainedModel model = Networks.trained(5, 6, false, 4, 3, 2);
        var t = new org.spikeport.core.ir.TrainingState.Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
        var group = new org.spikeport.core.ir.TrainingState.OptimizerGroup("weights", 17, List.of(t), List.of(t));
        var state = new org.spikeport.core.ir.TrainingState(model, 3, List.of(group), model, 2, 0.75);
        Path f = dir.resolve("model.ckpt");
        ModelFiles.write(f, state);
        var back = ModelFiles.readCheckpoint(f);
        assertEquals(3, back.epochsDone());
        assertEquals(model.network(), back.current().network());
        assertEquals(17, back.optimizer().get(0).steps());
        assertArrayEquals(t.values(), back.optimizer().get(0).secondMoments().get(0).values());
        assertArrayEquals(t.shape(), back.optimizer().get(0).firstMoments().get(0).shape());
        assertEquals(0.75, back.selectedScore());
        var e = assertThrows(InvalidFileException.class, () -> ModelFiles.readTrained(f));
        assertTrue(e.getMessage().endsWith("is a training checkpoint (.ckpt), not a trained model (model.pb)"), e.getMessage());
    }

    @Test
    void writingIsDeterministic() {
        TrainedModel model = Networks.trained(4, 8, true, 5, 4, 2);
        assertArrayEquals(ModelFiles.bytes(model), ModelFiles.bytes(model));
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        Path f = Files.createFile(dir.resolve("empty.pb"));
        var e = assertThrows(InvalidFileException.class, () -> ModelFiles.readTrained(f));
        assertEquals(f + ": is empty; expected a trained model (model.pb)", e.getMessage());
    }

    @Test
    void missingFileIsRejected() {
        var e = assertThrows(InvalidFileException.class, () -> ModelFiles.readTrained(dir.resolve("nope.pb")));
        assertTrue(e.getMessage().endsWith("no such file"), e.getMessage());
    }

    @Test
    void foreignFileIsRejected() throws IOException {
        Path f = Files.writeString(dir.resolve("foreign.pb"), "\u0089HDF\r\n\u001a\n not ours");
        var e = assertThrows(InvalidFileException.class, () -> ModelFiles.readDeployed(f));
        assertEquals(f + ": is not a spikeport file; expected a deployed network (network.pb)", e.getMessage());
    }

    @Test
    void everyTruncationIsRejected() throws IOException {
        byte[] bytes = ModelFiles.bytes(Networks.trained(5, 4, false, 3, 3, 2));
        Path f = dir.resolve("cut.pb");
        for (int n = 1; n < bytes.length; n++) {
            Files.write(f, Arrays.copyOf(bytes, n));
            var e = assertThrows(InvalidFileException.class, () -> ModelFiles.readTrained(f), "prefix " + n);
            assertTrue(e.getMessage().contains("truncated"), n + ": " + e.getMessage());
        }
    }

    @Test
    void flippedByteIsDetected() throws IOException {
        byte[] bytes = ModelFiles.bytes(Networks.trained(6, 4, false, 3, 3, 2));
        bytes[bytes.length - 5] ^= 0x10;
        Path f = Files.write(dir.resolve("flip.pb"), bytes);
        var e = assertThrows(InvalidFileException.class, () -> ModelFiles.readTrained(f));
        assertEquals(f + ": is corrupted: checksum mismatch", e.getMessage());
    }

    @Test
    void trailingBytesAreDetected() throws IOException {
        byte[] bytes = ModelFiles.bytes(Networks.trained(6, 4, false, 3, 3, 2));
        Path f = Files.write(dir.resolve("long.pb"), Arrays.copyOf(bytes, bytes.length + 3));
        var e = assertThrows(InvalidFileException.class, () -> ModelFiles.readTrained(f));
        assertTrue(e.getMessage().contains("3 unexpected bytes"), e.getMessage());
    }

    @Test
    void wrongKindIsNamed() {
        Path f = dir.resolve("network.pb");
        ModelFiles.write(f, Networks.deployed(7, 10, 4, 3));
        var e = assertThrows(InvalidFileException.class, () -> ModelFiles.readTrained(f));
        assertEquals(f + ": is a deployed network (network.pb), not a trained model (model.pb)", e.getMessage());
    }

    @Test
    void newerFormatVersionIsRejected() throws IOException {
        byte[] bytes = ModelFiles.bytes(Networks.trained(8, 4, false, 3, 2));
        ByteBuffer.wrap(bytes).putInt(12, ModelFrame.FORMAT_VERSION + 1);
        Path f = Files.write(dir.resolve("future.pb"), bytes);
        var e = assertThrows(InvalidFileException.class, () -> ModelFiles.readTrained(f));
        assertTrue(e.getMessage().contains("written by a newer spikeport (format version 3; this build reads up to 2)"),
                e.getMessage());
    }

    @Test
    void invalidContentIsReportedWithTheRecordMessage() {
        var proto = ModelCodec.encode(Networks.trained(9, 4, false, 3, 2)).toBuilder();
        proto.getLayersBuilder(0).setWeight(1, Float.NaN);
        Path f = dir.resolve("nan.pb");
        AtomicFiles.write(f, ModelFrame.frame(ModelFrame.Kind.TRAINED_MODEL, proto.build().toByteArray()));
        var e = assertThrows(InvalidFileException.class, () -> ModelFiles.readTrained(f));
        assertEquals(f + ": is not a valid trained model: layer 'readout': weight (post 0, pre 1) is NaN",
                e.getMessage());
    }

    @Test
    void failedWriteLeavesTargetAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("keep.txt");
        Files.writeString(f, "old");
        assertThrows(SpikeportException.class, () -> AtomicFiles.write(f, out -> {
            out.write("partial".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void outputUnderAFileIsAClearError() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a directory");
        Path f = blocker.resolve("out/model.pb");
        var e = assertThrows(SpikeportException.class, () -> ModelFiles.write(f, Networks.trained(1, 2, false, 2, 2)));
        assertTrue(e.getMessage().contains("cannot create the output directory"), e.getMessage());
        assertFalse(Files.exists(f));
        assertEquals("a file, not a directory", Files.readString(blocker));
    }

    @Test
    void directoryAsTargetIsAClearError() {
        var e = assertThrows(SpikeportException.class, () -> ModelFiles.write(dir, Networks.trained(1, 2, false, 2, 2)));
        assertTrue(e.getMessage().endsWith("is a directory; give a file name"), e.getMessage());
    }
}
