package org.spikeport.core.arith;

import java.util.ArrayList;
import java.util.List;

/**
 * The quantization of one layer's folded float parameters to the registers of {@link TrueNorthLif}: the rule
 * the TrueNorth-like exporter target deploys with and the one training for a {@code truenorth-lif} profile
 * runs its forward through ({@link #quantizer}).
 *
 * <p>Let {@code s} be the float value of one membrane unit; weights, leak and thresholds are integers in that
 * unit. A zero weight is no synapse: it takes no part and realises 0.
 * <ul>
 *   <li><b>Weight types</b>: each neuron's incoming non-zero float weights, feed-forward and recurrent
 *       together, are clustered into at most 4 values ({@link TrueNorthTypes#centroids}); each value rounded
 *       (half away from zero) to an integer in units of {@code s} is one of the neuron's 4 type weights
 *       (unused types hold 0), and each synapse takes the type whose integer weight is nearest its own
 *       weight.</li>
 *   <li><b>Scale</b>: {@code s_min} is the smallest scale that keeps every type weight within the signed
 *       weight bits and, for hidden layers, every leak register {@code b/s - theta/(s tau)} within the leak
 *       bits (one unit of margin for rounding) and the threshold within the threshold bits. Hidden layers use
 *       {@code s = theta / floor(theta / s_min)}, so the threshold is an exact integer {@code T}; the readout
 *       uses {@code s = s_min} (its bias within the leak bits).</li>
 *   <li><b>Bias</b>: {@code round(b / s)} (half away from zero); a hidden layer's leak register holds it less
 *       the linear leak {@code D = TrueNorthLif.linearLeak(T, tau)}.</li>
 * </ul>
 * As a {@link LayerQuantizer} ({@link #quantizer}) a hidden layer realises the linear leak {@code D s}: what
 * {@link TrueNorthLif} carries in place of the trained decay.
 *
 * @param scale          {@code s}
 * @param thresholdUnits {@code T} for a hidden layer, 0 for the readout
 * @param types          each neuron's type weights ({@code types[i]}, at most 4, increasing; empty without
 *                       synapses)
 * @param weights        each feed-forward weight's integer (0 for a zero weight)
 * @param recurrent      each recurrent weight's integer (0 for a zero weight)
 * @param bias           each neuron's rounded bias {@code round(b / s)}
 */
public record TrueNorthQuantization(double scale, long thresholdUnits, long[][] types, long[] weights, long[] recurrent,
                                    long[] bias) {

    /** Quantizes {@code layer} for the given signed widths of weights, leak and threshold (see the class comment). */
    public static TrueNorthQuantization of(LayerQuantizer.Layer layer, int weightBits, int leakBits, int thresholdBits) {
        int n = layer.bias().length;
        List<List<Double>> byPost = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byPost.add(new ArrayList<>());
        }
        collect(layer.weights(), layer.post(), byPost);
        collect(layer.recurrent(), layer.recurrentPost(), byPost);
        double[][] centroids = new double[n][];
        double wMax = 0;
        double wMin = 0;
        for (int i = 0; i < n; i++) {
            centroids[i] = TrueNorthTypes.centroids(byPost.get(i).stream().mapToDouble(Double::doubleValue).toArray(),
                    TrueNorthLif.TYPE_WEIGHTS.length);
            for (double c : centroids[i]) {
                wMax = Math.max(wMax, c);
                wMin = Math.min(wMin, c);
            }
        }
        double sMin = Math.max(wMax / TrueNorthLif.max(weightBits), wMin / TrueNorthLif.min(weightBits));
        double s;
        long thresholdUnits = 0;
        if (layer.isReadout()) {
            for (double b : layer.bias()) {
                sMin = Math.max(sMin, Math.abs(b) / (TrueNorthLif.max(leakBits) - 1));
            }
            s = sMin > 0 ? sMin : 1.0;
        } else {
            double theta = layer.threshold();
            for (double b : layer.bias()) {
                sMin = Math.max(sMin, Math.abs(b - theta / layer.tau()) / (TrueNorthLif.max(leakBits) - 1));
            }
            sMin = Math.max(sMin, theta / TrueNorthLif.max(thresholdBits));
            thresholdUnits = sMin > 0 ? Math.max(1, (long) Math.floor(theta / sMin)) : TrueNorthLif.max(thresholdBits);
            s = theta / thresholdUnits;
        }
        long[][] types = new long[n][];
        for (int i = 0; i < n; i++) {
            types[i] = new long[centroids[i].length];
            for (int t = 0; t < types[i].length; t++) {
                types[i][t] = Loihi2Lif.roundHalfAway(centroids[i][t] / s);
            }
        }
        long[] bias = new long[n];
        for (int i = 0; i < n; i++) {
            bias[i] = Loihi2Lif.roundHalfAway(layer.bias()[i] / s);
        }
        return new TrueNorthQuantization(s, thresholdUnits, types, typed(layer.weights(), layer.post(), types, s),
                typed(layer.recurrent(), layer.recurrentPost(), types, s), bias);
    }

    /** The rule for the given widths as a {@link LayerQuantizer}: every integer times {@code s}. */
    public static LayerQuantizer quantizer(int weightBits, int leakBits, int thresholdBits) {
        return layer -> {
            TrueNorthQuantization q = of(layer, weightBits, leakBits, thresholdBits);
            double leak = layer.isReadout() ? Double.NaN
                    : TrueNorthLif.linearLeak(q.thresholdUnits(), layer.tau()) * q.scale();
            return new LayerQuantizer.Realised(q.values(q.weights()), q.values(q.recurrent()), q.values(q.bias()), leak);
        };
    }

    /** Each integer times the scale. */
    public double[] values(long[] integers) {
        double[] v = new double[integers.length];
        for (int k = 0; k < v.length; k++) {
            v[k] = integers[k] * scale;
        }
        return v;
    }

    private static void collect(double[] weights, int[] post, List<List<Double>> byPost) {
        for (int k = 0; k < weights.length; k++) {
            if (weights[k] != 0) {
                byPost.get(post[k]).add(weights[k]);
            }
        }
    }

    /** Each non-zero weight's nearest type weight of its neuron; 0 for a zero weight. */
    private static long[] typed(double[] weights, int[] post, long[][] types, double s) {
        long[] out = new long[weights.length];
        for (int k = 0; k < out.length; k++) {
            if (weights[k] != 0) {
                long[] values = types[post[k]];
                out[k] = values[TrueNorthTypes.nearest(values, weights[k] / s)];
            }
        }
        return out;
    }
}
