package org.spikeport.core.arith;

import java.util.Arrays;

/**
 * The four weights of one TrueNorth-like neuron: an optimal one-dimensional k-means (least squares)
 * of the neuron's incoming float weights into at most {@code k} values, by dynamic programming over
 * the sorted weights (an optimal 1-D clustering is contiguous in sorted order).
 */
public final class TrueNorthTypes {

    private TrueNorthTypes() {
    }

    /**
     * At most {@code k} centroids minimising {@code sum (w - nearest centroid)^2}, in increasing order;
     * empty for no weights.
     */
    public static double[] centroids(double[] weights, int k) {
        int n = weights.length;
        if (n == 0) {
            return new double[0];
        }
        double[] w = weights.clone();
        Arrays.sort(w);
        double[] prefix = new double[n + 1];
        double[] prefix2 = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + w[i];
            prefix2[i + 1] = prefix2[i] + w[i] * w[i];
        }
        int groups = Math.min(k, n);
        double[][] cost = new double[groups + 1][n + 1];
        int[][] cut = new int[groups + 1][n + 1];
        for (double[] row : cost) {
            Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        cost[0][0] = 0;
        for (int g = 1; g <= groups; g++) {
            for (int end = g; end <= n; end++) {
                for (int start = g - 1; start < end; start++) {
                    if (cost[g - 1][start] == Double.POSITIVE_INFINITY) {
                        continue;
                    }
                    double c = cost[g - 1][start] + sse(prefix, prefix2, start, end);
                    if (c < cost[g][end]) {
                        cost[g][end] = c;
                        cut[g][end] = start;
                    }
                }
            }
        }
        double[] out = new double[groups];
        int end = n;
        for (int g = groups; g >= 1; g--) {
            int start = cut[g][end];
            out[g - 1] = (prefix[end] - prefix[start]) / (end - start);
            end = start;
        }
        return out;
    }

    private static double sse(double[] prefix, double[] prefix2, int start, int end) {
        double s = prefix[end] - prefix[start];
        double s2 = prefix2[end] - prefix2[start];
        return Math.max(0, s2 - s * s / (end - start));
    }

    /** Index of the value of {@code values} nearest to {@code x} (the lowest index on a tie). */
    public static int nearest(long[] values, double x) {
        int best = 0;
        for (int t = 1; t < values.length; t++) {
            if (Math.abs(values[t] - x) < Math.abs(values[best] - x)) {
                best = t;
            }
        }
        return best;
    }
}
