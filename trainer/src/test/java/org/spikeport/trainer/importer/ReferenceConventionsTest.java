package org.spikeport.trainer.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.SpikeRecording;
import org.spikeport.core.ir.TimeConvention;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.trainer.DelayNetwork;
import org.spikeport.trainer.Evaluation;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.TrainConfig.DelayMode;
import org.spikeport.trainer.TrainConfig.SigmaMode;
import org.spikeport.trainer.data.BinnedSamples;

/**
 * Imported reference models under both time conventions and both binnings, on networks crafted so that
 * every membrane is known by hand: {@code tau = 1} (the membrane is the step's input current), every delay
 * 0 ({@code P = Td/2 = 12}), {@code Td = 25} so each layer adds {@code R = 12} steps, BatchNorm the
 * identity plus its bias {@code beta} (mean 0, variance {@code 1 - eps}). A hidden neuron with
 * {@code beta = 2} and no input fires on every step it runs.
 */
class ReferenceConventionsTest {

    private static final int R = 12;
    private static final float HALF = 12f;
    private static final float VAR = 1f - 1e-5f;

    /** Td = 25, tau 1, 10 ms steps, one input unit per channel. */
    private static TrainConfig config(int... hidden) {
        return new TrainConfig("crafted", hidden, 24, 1.0, 1, 1, 0.0, 1e-3, 1e-3, 0.0, 0.1, DelayMode.LEARNED,
                SigmaMode.DECREASING, true, 0, 10, 1, 1, 1);
    }

    private static NpyArray f32(int[] shape, float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return new NpyArray(NpyDtype.FLOAT32, shape, b.array());
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** A Dcls1d at index {@code i} with weights {@code w} (out x in, row-major) and every delay 0. */
    private static void dcls(Map<String, NpyArray> m, int i, int out, int in, float... w) {
        m.put("model." + i + ".weight", f32(new int[] {out, in, 1}, w));
        m.put("model." + i + ".P", f32(new int[] {1, out, in, 1}, filled(out * in, HALF)));
        m.put("model." + i + ".SIG", f32(new int[] {1, out, in, 1}, filled(out * in, 0.5f)));
    }

    /** A BatchNorm1d at index {@code i}: the identity plus {@code beta}. */
    private static void batchNorm(Map<String, NpyArray> m, int i, float... beta) {
        int n = beta.length;
        m.put("model." + i + ".weight", f32(new int[] {n}, filled(n, 1f)));
        m.put("model." + i + ".bias", f32(new int[] {n}, beta));
        m.put("model." + i + ".running_mean", f32(new int[] {n}, filled(n, 0f)));
        m.put("model." + i + ".running_var", f32(new int[] {n}, filled(n, VAR)));
    }

    private static TrainedModel imported(Map<String, NpyArray> arrays, TrainConfig config) {
        return ReferenceImport.convert(arrays, "crafted.npz", "0".repeat(64), config, "test").model();
    }

    /**
     * One hidden layer: {@code h1} (input weight 5, beta 0) fires on every input step, {@code h2} (input
     * weight -5, beta 2: current -3 while the input lasts, 2 after it) fires on every step after the
     * input; the readout copies {@code h1} to class 0 and {@code h2} to class 1 with weight 3.
     */
    private static TrainedModel inputThenTail() {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        dcls(m, 0, 2, 1, 5f, -5f);
        batchNorm(m, 1, 0f, 2f);
        dcls(m, 4, 2, 2, 3f, 0f, 0f, 3f);
        return imported(m, config(2));
    }

    private static int predict(TrainedModel model, BinnedSamples samples, TimeConvention time) {
        DelayNetwork net = DelayNetwork.fromModel(model.network(), DataType.FLOAT);
        Evaluation e = Evaluation.of(net, samples, model.network().sigma(), true, 8, DataType.FLOAT, time, done -> { });
        return e.predictions()[0];
    }

    @Test
    void importedModelRecordsTheReferenceConventions() {
        TrainedModel model = inputThenTail();
        assertEquals(TimeConvention.REFERENCE, model.timeConvention());
        assertEquals("reference", model.binning());
        assertEquals("reference", model.config().get(TrainedModel.TIME_CONVENTION));
        assertEquals("reference", model.config().get(TrainedModel.BINNING));
    }

    @Test
    void referenceTimeConventionChangesThePrediction() {
        // T = 18 input steps. A step where one class's membrane is 3 and the other's 0 gives the first
        // softmax 0.953, a step where both are 0 gives each 0.5, so the class with more 3-steps wins.
        // Reference: the hidden layer is cut at T + R = 30, so h2 adds R = 12 steps to class 1 against
        // T = 18 of class 0: class 0. spikeport: h2 runs to T + 2R = 42, 2R = 24 steps: class 1.
        int t = 18;
        int[] cells = new int[t];
        for (int k = 0; k < t; k++) {
            cells[k] = k;
        }
        BinnedSamples samples = BinnedSamples.of(1, 2, new int[][] {cells}, new int[] {t}, new int[] {0});
        TrainedModel model = inputThenTail();
        assertEquals(0, predict(model, samples, TimeConvention.REFERENCE));
        assertEquals(1, predict(model, samples, TimeConvention.SPIKEPORT));
    }

    @Test
    void batchPaddingScoresAShortSampleOverItsBatchsLength() {
        // Sample 0: 18 input steps (class 0 alone, as above). Sample 1: 40 input steps. Scored over the batch's
        // 40 steps under the reference's cut, h2 fires from step 18 to 40 + R = 52: 34 steps of class 1 against
        // 18 of class 0, so class 1; alone, or in batches of one, class 0.
        int[] shortCells = new int[18];
        int[] longCells = new int[40];
        for (int k = 0; k < longCells.length; k++) {
            longCells[k] = k;
            if (k < shortCells.length) {
                shortCells[k] = k;
            }
        }
        BinnedSamples samples = BinnedSamples.of(1, 2, new int[][] {shortCells, longCells}, new int[] {18, 40},
                new int[] {0, 0});
        TrainedModel model = inputThenTail();
        DelayNetwork net = DelayNetwork.fromModel(model.network(), DataType.FLOAT);
        double sigma = model.network().sigma();
        Evaluation own = Evaluation.of(net, samples, sigma, true, 8, DataType.FLOAT, TimeConvention.REFERENCE,
                Evaluation.Padding.SAMPLE, done -> { });
        Evaluation batch = Evaluation.of(net, samples, sigma, true, 8, DataType.FLOAT, TimeConvention.REFERENCE,
                Evaluation.Padding.BATCH, done -> { });
        Evaluation single = Evaluation.of(net, samples, sigma, true, 1, DataType.FLOAT, TimeConvention.REFERENCE,
                Evaluation.Padding.BATCH, done -> { });
        assertEquals(0, own.predictions()[0]);
        assertEquals(1, batch.predictions()[0]);
        assertEquals(0, single.predictions()[0]);
        // SAMPLE zeroes a short sample's readout past its own steps: each zero step adds 1/K to every class
        double shift = own.scores()[0][0] - single.scores()[0][0];
        assertEquals((40 - 18) * 0.5, shift, 1e-4);
        assertEquals(shift, own.scores()[0][1] - single.scores()[0][1], 1e-4);
        assertArrayEquals(own.scores()[1], batch.scores()[1], "the longest sample of its batch is not padded");
        BinnedSamples extended = BinnedSamples.of(1, 2, new int[][] {shortCells}, new int[] {40}, new int[] {0});
        Evaluation alone = Evaluation.of(net, extended, sigma, true, 8, DataType.FLOAT, TimeConvention.REFERENCE,
                Evaluation.Padding.SAMPLE, done -> { });
        assertArrayEquals(alone.scores()[0], batch.scores()[0], 1e-9,
                "batch padding = the sample extended by zero steps to the batch's length");
    }

    @Test
    void referenceBinningAndTimeTogetherGiveTheReferencePrediction() {
        // 18 events 20 ms apart from 1 s on. Reference binning: one window per event, 18 consecutive steps,
        // which with the reference's cut is the case above (class 0). Floor binning: input on steps
        // 100, 102, ..., 134 of 135, so h2 fires on the 100 leading empty steps alone: class 1 either way.
        double[] times = new double[18];
        for (int k = 0; k < times.length; k++) {
            times[k] = 1.0 + 0.02 * k;
        }
        List<SpikeRecording> rec = List.of(new SpikeRecording(times, new int[times.length], 0));
        TrainedModel model = inputThenTail();
        Binning floor = new Binning(0.01, 1, 1);
        BinnedSamples reference = BinnedSamples.of(rec, 2, floor.withMode(Binning.Mode.REFERENCE));
        BinnedSamples floored = BinnedSamples.of(rec, 2, floor);
        assertEquals(18, reference.steps(0));
        assertEquals(135, floored.steps(0));
        assertEquals(0, predict(model, reference, TimeConvention.REFERENCE));
        assertEquals(1, predict(model, reference, TimeConvention.SPIKEPORT));
        assertEquals(1, predict(model, floored, TimeConvention.REFERENCE));
        assertEquals(1, predict(model, floored, TimeConvention.SPIKEPORT));
    }

    @Test
    void eachHiddenLayerIsCutAtItsOwnLength() {
        // Hidden 1: a (beta 2) fires always. Hidden 2: b copies a (weight 5), c (beta 2) fires always.
        // Readout: class 0 = 3 b, class 1 = 3 c. T = 2 steps of silent input, L = 3 layers, 38 readout steps.
        // Reference: a is cut at T + R = 14, so class 0 is 3 on steps 0..13; c is cut at T + 2R = 26, so
        // class 1 is 3 on steps 0..25; both 0 after. spikeport: both 3 on all 38 steps.
        Map<String, NpyArray> m = new LinkedHashMap<>();
        dcls(m, 0, 1, 1, 0f);
        batchNorm(m, 1, 2f);
        dcls(m, 4, 2, 1, 5f, 0f);
        batchNorm(m, 5, 0f, 2f);
        dcls(m, 8, 2, 2, 3f, 0f, 0f, 3f);
        TrainedModel model = imported(m, config(1, 2));
        DelayNetwork net = DelayNetwork.fromModel(model.network(), DataType.FLOAT);
        net.setTraining(false);
        int t = 2;
        int total = t + 3 * R;
        INDArray x = Nd4j.zeros(DataType.FLOAT, t, 1, 1);
        INDArray ref = net.forwardDeployed(x, new int[] {t}, 0.5, true, TimeConvention.REFERENCE);
        INDArray own = net.forwardDeployed(x, new int[] {t}, 0.5, true, TimeConvention.SPIKEPORT);
        assertArrayEquals(new long[] {total, 1, 2}, ref.shape());
        float[] class0 = new float[total];
        float[] class1 = new float[total];
        float[] always = filled(total, 3f);
        for (int s = 0; s < total; s++) {
            class0[s] = s < t + R ? 3f : 0f;
            class1[s] = s < t + 2 * R ? 3f : 0f;
        }
        assertArrayEquals(class0, column(ref, 0), "class 0: hidden layer 1 cut at T + R");
        assertArrayEquals(class1, column(ref, 1), "class 1: hidden layer 2 cut at T + 2R");
        assertArrayEquals(always, column(own, 0));
        assertArrayEquals(always, column(own, 1));
    }

    private static float[] column(INDArray v, int c) {
        float[] out = new float[(int) v.size(0)];
        for (int s = 0; s < out.length; s++) {
            out[s] = v.getFloat(s, 0, c);
        }
        return out;
    }

    @Test
    void positionOneUlpAboveAHalfIntegerRoundsAsTheReference() {
        // P = 2.5 + ulp rounds to 3 in the reference, so d = 12 - 3 = 9. The exact d = 9.4999998 is a float
        // only to 9.5, which rounds P = 12 - 9.5 = 2.5 half to even, to 2: d 10, one step off.
        float p = Math.nextUp(2.5f);
        float naive = (float) (HALF - (double) p);
        assertEquals(9.5f, naive);
        assertEquals(10, org.spikeport.core.ir.DelayRounding.round(naive, 25));
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("model.0.weight", f32(new int[] {2, 1, 1}, 1f, 1f));
        m.put("model.0.P", f32(new int[] {1, 2, 1, 1}, p, Math.nextDown(3.5f)));
        m.put("model.0.SIG", f32(new int[] {1, 2, 1, 1}, 0.5f, 0.5f));
        dcls(m, 4, 2, 2, 1f, 0f, 0f, 1f);
        float[] delays = imported(m, config(2)).network().layers().get(0).delays();
        assertEquals(9, org.spikeport.core.ir.DelayRounding.round(delays[0], 25), "12 - rint(2.5 + ulp)");
        assertEquals(8.5f, (float) (HALF - (double) Math.nextDown(3.5f)), "the float of d = 8.5000002 rounds to 8");
        assertEquals(9, org.spikeport.core.ir.DelayRounding.round(delays[1], 25), "12 - rint(3.5 - ulp)");
        assertEquals(naive, delays[0], Math.ulp(naive), "moved by at most one ulp");
        assertEquals(Math.nextDown(9.5f), delays[0]);
    }
}
