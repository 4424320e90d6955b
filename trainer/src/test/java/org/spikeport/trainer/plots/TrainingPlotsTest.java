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
import org.spikeport.core.ir.Recurrence;
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

    /**
     * {@code 20 -> hidden sizes -> 4}, every layer with {@code maxDelay}, the 1-based hidden layers in
     * {@code recurrent} with recurrent synapses of {@code kind}: weights {@code N(0, 0.3)} with about a tenth
     * set to 0, delays uniform in {@code [0, maxRecurrentDelay]}, learned widths for synaptic delays.
     */
    static TrainedModel recurrentModel(long seed, int maxDelay, Recurrence.Kind kind, float maxRecurrentDelay,
                                       int[] sizes, int... recurrent) {
        Random r = new Random(seed);
        List<TrainedLayer> layers = new ArrayList<>();
        int in = 20;
        for (int l = 0; l <= sizes.length; l++) {
            boolean readout = l == sizes.length;
            int out = readout ? 4 : sizes[l];
            TrainedLayer ff = layer(r, readout ? "readout" : "hidden" + (l + 1), in, out, maxDelay, false, readout);
            Recurrence rec = null;
            if (!readout && contains(recurrent, l + 1)) {
                rec = recurrence(r, kind, out, maxRecurrentDelay);
            }
            layers.add(new TrainedLayer(ff.name(), in, out, ff.weights(), ff.delays(), maxDelay, null, ff.batchNorm(),
                    ff.neuron(), null, rec));
            in = out;
        }
        return new TrainedModel(new TrainedNetwork(20, 10, 0.23, layers), new TreeMap<>(Map.of("config", "test")),
                List.of(), new Provenance("dev", "test", seed, "", Instant.EPOCH, ""));
    }

    private static boolean contains(int[] values, int value) {
        return java.util.Arrays.stream(values).anyMatch(v -> v == value);
    }

    private static Recurrence recurrence(Random r, Recurrence.Kind kind, int n, float maxDelay) {
        boolean synaptic = kind == Recurrence.Kind.SYNAPTIC;
        float[] w = new float[n * n];
        for (int k = 0; k < w.length; k++) {
            w[k] = r.nextInt(10) == 0 ? 0f : (float) (0.3 * r.nextGaussian());
        }
        float[] d = new float[synaptic ? n * n : n];
        for (int k = 0; k < d.length; k++) {
            d[k] = r.nextFloat() * maxDelay;
        }
        float[] spread = null;
        if (synaptic) {
            spread = new float[n];
            for (int k = 0; k < n; k++) {
                spread[k] = (float) r.nextGaussian();
            }
        }
        return new Recurrence(kind, n, w, d, spread, synaptic ? 2.0 : 0.14);
    }

    private static int panels(Path png) throws IOException {
        BufferedImage image = png(png);
        assertEquals(TrainingPlots.WIDTH, image.getWidth());
        assertEquals(0, image.getHeight() % TrainingPlots.PANEL_HEIGHT);
        return image.getHeight() / TrainingPlots.PANEL_HEIGHT;
    }

    @Test
    void delRecModelShowsRecurrentLagsAndKernelsOnly() throws IOException {
        TrainedModel bare = recurrentModel(6, 0, Recurrence.Kind.AXONAL, 30, new int[] {42, 42}, 2);
        TrainedModel model = new TrainedModel(bare.network(), bare.config(), metrics(5), bare.provenance());
        List<Path> files = TrainingPlots.write(model, dir.resolve("delrec.pb"));
        assertEquals(2, panels(files.get(0)), "loss and accuracy; no sigma without feed-forward delays");
        assertEquals(1, panels(files.get(1)), "no feed-forward delay panels, one recurrent lag panel");
        assertEquals(2, panels(files.get(2)), "triangular and one-hot recurrent kernels, no DCLS kernels");
    }

    @Test
    void everyRecurrentLayerGetsItsPanels() throws IOException {
        TrainedModel model = recurrentModel(7, 0, Recurrence.Kind.SYNAPTIC, 40, new int[] {16, 16, 16}, 1, 2, 3);
        List<Path> files = TrainingPlots.write(model, dir.resolve("ssc.pb"));
        assertEquals(3, panels(files.get(0)));
        assertEquals(6, panels(files.get(1)));
    }

    @Test
    void feedForwardDelaysAndRecurrenceTogether() throws IOException {
        TrainedModel model = recurrentModel(8, 24, Recurrence.Kind.AXONAL, 20, new int[] {16, 16}, 2);
        List<Path> files = TrainingPlots.write(model, dir.resolve("both.pb"));
        assertEquals(4, panels(files.get(0)), "three feed-forward panels and one recurrent");
        assertEquals(4, panels(files.get(1)), "DCLS kernels of the first layer, then the recurrent layer's");
    }

    @Test
    void aNetworkWithoutDelaysStillShowsItsLayers() throws IOException {
        TrainedModel model = recurrentModel(9, 0, Recurrence.Kind.AXONAL, 0, new int[] {16, 16});
        List<Path> files = TrainingPlots.write(model, dir.resolve("plain.pb"));
        assertEquals(3, panels(files.get(0)), "one panel per layer, all at delay 0");
        assertEquals(2, panels(files.get(1)));
    }

    @Test
    void recurrentLagsAreTheDeployedOnesOfSynapsesThatExist() {
        float[] w = {
            0.5f, 0f, 0f,
            -1f, 0f, 0f,
            0f, 0f, 2f};
        Recurrence axonal = new Recurrence(Recurrence.Kind.AXONAL, 3, w, new float[] {1.5f, 7f, 2.5f}, null, 0.3);
        long[] expected = new long[4];
        expected[3] = 2;
        assertArrayEquals(expected, TrainingPlots.recurrentLagHistogram(axonal),
                "neurons 0 and 2 (rint half to even: 1.5 -> 2, 2.5 -> 2, D 3); neuron 1 sends nothing");
        float[] d = {
            0f, 9f, 9f,
            0.4f, 9f, 9f,
            9f, 9f, 4.6f};
        Recurrence synaptic = new Recurrence(Recurrence.Kind.SYNAPTIC, 3, w, d, null, 0.3);
        expected = new long[7];
        expected[1] = 2;
        expected[6] = 1;
        assertArrayEquals(expected, TrainingPlots.recurrentLagHistogram(synaptic), "the 3 synapses of non-zero weight");
        Recurrence silent = new Recurrence(Recurrence.Kind.AXONAL, 3, new float[9], new float[] {5, 5, 5}, null, 0);
        assertArrayEquals(new long[2], TrainingPlots.recurrentLagHistogram(silent));
    }

    @Test
    void longLagRangesAreGroupedIntoAtMostMaxBins() {
        long[] counts = new long[5001];
        counts[1] = 3;
        counts[50] = 1;
        counts[51] = 2;
        counts[5000] = 4;
        Map<Object, Long> bins = TrainingPlots.lagBins(counts);
        assertEquals(TrainingPlots.MAX_BINS, bins.size());
        assertEquals(4L, bins.get("1-50"));
        assertEquals(2L, bins.get("51-100"));
        assertEquals(4L, bins.get("4951-5000"));
        assertEquals(10L, bins.values().stream().mapToLong(Long::longValue).sum());
        long[] few = {0, 0, 5, 1};
        assertEquals(Map.of(1, 0L, 2, 5L, 3, 1L), TrainingPlots.lagBins(few));
    }

    @Test
    void recurrentKernelsSpreadOverTheDelaysOfSynapsesThatExist() {
        Random r = new Random(10);
        Recurrence axonal = recurrence(r, Recurrence.Kind.AXONAL, 30, 30);
        TrainingPlots.RecurrentKernels k = TrainingPlots.recurrentKernels(axonal, TrainingPlots.KERNEL_SYNAPSES);
        assertEquals(-1, k.post());
        assertEquals(TrainingPlots.KERNEL_SYNAPSES, k.pres().size());
        double min = Double.MAX_VALUE;
        double max = -1;
        for (int o = 0; o < 30; o++) {
            boolean sends = false;
            for (int i = 0; i < 30; i++) {
                sends |= axonal.weight(i, o) != 0;
            }
            if (sends) {
                min = Math.min(min, axonal.delays()[o]);
                max = Math.max(max, axonal.delays()[o]);
            }
        }
        assertEquals(min, axonal.delays()[k.pres().get(0)]);
        assertEquals(max, axonal.delays()[k.pres().get(k.pres().size() - 1)]);
        float[] w = new float[16];
        w[2 * 4 + 0] = 1;
        w[2 * 4 + 3] = -1;
        w[1 * 4 + 2] = 1;
        Recurrence synaptic = new Recurrence(Recurrence.Kind.SYNAPTIC, 4, w, new float[16], null, 0);
        k = TrainingPlots.recurrentKernels(synaptic, TrainingPlots.KERNEL_SYNAPSES);
        assertEquals(2, k.post(), "the neuron with the most recurrent inputs");
        assertEquals(List.of(0, 3), k.pres());
    }
}
