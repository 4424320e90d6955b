package org.spikeport.trainer.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.ir.BatchNorm;
import org.spikeport.core.ir.EpochMetrics;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;

class TrainingPlotsTest {

    @TempDir
    Path dir;

    private static TrainedLayer layer(Random r, String name, int in, int out, int maxDelay, boolean masked,
                                      boolean readout) {
        int n = in * out;
        float[] w = new float[n];
        float[] d = new float[n];
        boolean[] mask = masked ? new boolean[n] : null;
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.5 * r.nextGaussian());
            d[i] = r.nextFloat() * maxDelay;
            if (masked) {
                mask[i] = r.nextInt(3) > 0;
            }
        }
        BatchNorm bn = readout ? null : new BatchNorm(ones(out), new float[out], new float[out], ones(out), 1e-5);
        return new TrainedLayer(name, in, out, w, d, maxDelay, mask, bn,
                readout ? Lif.readout(1.005) : Lif.spiking(1.005, 1.0));
    }

    private static float[] ones(int n) {
        float[] f = new float[n];
        java.util.Arrays.fill(f, 1f);
        return f;
    }

    /** 20 inputs -> 16 (masked) -> 4, Td = 25, with the given metrics. */
    static TrainedModel model(long seed, List<EpochMetrics> metrics) {
        Random r = new Random(seed);
        List<TrainedLayer> layers = List.of(layer(r, "hidden1", 20, 16, 24, true, false),
                layer(r, "readout", 16, 4, 24, false, true));
        return new TrainedModel(new TrainedNetwork(20, 10, 1.7, layers), new TreeMap<>(Map.of("config", "test")),
                metrics, new Provenance("dev", "test", seed, "", Instant.EPOCH, ""));
    }

    static List<EpochMetrics> metrics(int epochs) {
        List<EpochMetrics> m = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            double acc = 0.3 + 0.6 * (1 - Math.exp(-e / 8.0));
            m.add(EpochMetrics.of(e, Map.of(
                    "train_loss", 2.0 * Math.exp(-e / 10.0) + 0.2,
                    "train_accuracy", acc + 0.03,
                    "test_accuracy", e % 7 == 3 ? Double.NaN : acc,
                    "test_accuracy_float", acc + 0.01,
                    "sigma", Math.max(0.23, 12 * Math.pow(0.23 / 12, e / 10.0)))));
        }
        return m;
    }

    private static BufferedImage png(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(bytes, 4), file + " is a PNG");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " is readable");
        return image;
    }

    @Test
    void writesThreeReadablePngsNextToTheModel() throws IOException {
        Path modelFile = dir.resolve("run").resolve("model.pb");
        List<Path> files = TrainingPlots.write(model(1, metrics(40)), modelFile);
        assertEquals(List.of(dir.resolve("run/model.curves.png"), dir.resolve("run/model.delays.png"),
                dir.resolve("run/model.kernels.png")), files);
        BufferedImage curves = png(files.get(0));
        assertEquals(TrainingPlots.WIDTH, curves.getWidth());
        assertEquals(3 * TrainingPlots.PANEL_HEIGHT, curves.getHeight(), "loss, accuracy and sigma panels");
        BufferedImage delays = png(files.get(1));
        assertEquals(TrainingPlots.WIDTH, delays.getWidth());
        assertEquals(2 * TrainingPlots.PANEL_HEIGHT, delays.getHeight(), "one panel per layer");
        BufferedImage kernels = png(files.get(2));
        assertEquals(TrainingPlots.WIDTH, kernels.getWidth());
        assertEquals(2 * TrainingPlots.PANEL_HEIGHT, kernels.getHeight(), "Gaussian and rounded kernels");
        try (var listing = Files.list(dir.resolve("run"))) {
            assertEquals(3, listing.count(), "no temporary files are left");
        }
    }

    @Test
    void modelWithoutMetricsGetsNoCurves() throws IOException {
        List<Path> files = TrainingPlots.write(model(2, List.of()), dir.resolve("bare.pb"));
        assertEquals(List.of(dir.resolve("bare.delays.png"), dir.resolve("bare.kernels.png")), files);
        assertFalse(Files.exists(dir.resolve("bare.curves.png")));
        png(files.get(0));
        png(files.get(1));
    }

    @Test
    void metricsThatAreAllMissingGetNoCurves() {
        List<EpochMetrics> nan = List.of(EpochMetrics.of(0, Map.of("test_accuracy", Double.NaN)));
        List<Path> files = TrainingPlots.write(model(3, nan), dir.resolve("nan.pb"));
        assertEquals(2, files.size());
        assertFalse(Files.exists(dir.resolve("nan.curves.png")));
    }

    @Test
    void onlyMetricsThatExistArePlotted() throws IOException {
        List<EpochMetrics> lossOnly = List.of(EpochMetrics.of(0, Map.of("train_loss", 2.0)),
                EpochMetrics.of(1, Map.of("train_loss", 1.5)));
        Path curves = TrainingPlots.write(model(4, lossOnly), dir.resolve("m")).get(0);
        assertEquals(dir.resolve("m.curves.png"), curves);
        assertEquals(TrainingPlots.PANEL_HEIGHT, png(curves).getHeight());
    }

    @Test
    void histogramOfKnownDelays() {
        float[] d = {0f, 0.4f, 0.6f, 1.5f, 2.5f, 23.6f, 24f, 12.5f};
        boolean[] mask = {true, true, true, true, true, true, true, false};
        TrainedLayer layer = new TrainedLayer("h", 4, 2, new float[8], d, 24, mask, null, Lif.readout(2));
        long[] expected = new long[25];
        expected[0] = 2;
        expected[1] = 1;
        expected[2] = 2;
        expected[24] = 2;
        assertArrayEquals(expected, TrainingPlots.delayHistogram(layer));
    }

    @Property(tries = 50)
    void histogramEqualsADirectCount(@ForAll long seed) {
        Random r = new Random(seed);
        TrainedLayer layer = layer(r, "h", 1 + r.nextInt(30), 1 + r.nextInt(30), r.nextInt(31), r.nextBoolean(), true);
        int taps = layer.maxDelay() + 1;
        long[] histogram = TrainingPlots.delayHistogram(layer);
        assertEquals(taps, histogram.length);
        long total = 0;
        for (int k = 0; k < taps; k++) {
            long count = 0;
            for (int post = 0; post < layer.outputs(); post++) {
                for (int pre = 0; pre < layer.inputs(); pre++) {
                    double v = layer.delay(post, pre);
                    int half = taps / 2;
                    long rounded = Math.max(0, Math.min(taps - 1, half - Math.round(Math.rint(half - v))));
                    if (layer.connected(post, pre) && rounded == k) {
                        count++;
                    }
                }
            }
            assertEquals(count, histogram[k], "bin " + k);
            total += count;
        }
        long existing = 0;
        for (int i = 0; i < layer.inputs() * layer.outputs(); i++) {
            existing += layer.mask() == null || layer.mask()[i] ? 1 : 0;
        }
        assertEquals(existing, total);
    }

    @Test
    void kernelSynapsesSpreadOverTheDelays() {
        TrainedModel model = model(5, List.of());
        TrainedLayer layer = model.network().layers().get(0);
        int post = TrainingPlots.fullestNeuron(layer);
        List<Integer> picked = TrainingPlots.kernelSynapses(layer, post, TrainingPlots.KERNEL_SYNAPSES);
        assertEquals(TrainingPlots.KERNEL_SYNAPSES, picked.size());
        double min = Double.MAX_VALUE;
        double max = -1;
        for (int pre = 0; pre < layer.inputs(); pre++) {
            if (layer.connected(post, pre)) {
                min = Math.min(min, layer.delay(post, pre));
                max = Math.max(max, layer.delay(post, pre));
            }
        }
        for (int i = 0; i < picked.size(); i++) {
            assertTrue(layer.connected(post, picked.get(i)));
            if (i > 0) {
                assertTrue(layer.delay(post, picked.get(i - 1)) <= layer.delay(post, picked.get(i)));
            }
        }
        assertEquals(min, layer.delay(post, picked.get(0)));
        assertEquals(max, layer.delay(post, picked.get(picked.size() - 1)));
    }
}
