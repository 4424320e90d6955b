package org.spikeport.core.arith;

import java.util.Arrays;

/**
 * The four weights of one TrueNorth-like neuron: an optimal one-dimensional k-means (least squares)
 * of the neuron's incoming float weights into at most {@code k} values, by dynamic programming over
 * the sorted weights (an optimal 1-D clustering is contiguous in sorted order).
 *
 * <p>With {@code C[g][e]} the least cost of the first {@code e} sorted weights in {@code g} groups,
 * {@code C[g][e] = min over s < e of C[g-1][s] + SSE(s, e)}, the smallest minimising {@code s}. Because the
 * within-group squared error of sorted values satisfies the quadrangle inequality, that {@code s} does not
 * decrease with {@code e}, so each row is filled by divide and conquer: the middle {@code e} is solved over its
 * admissible range of {@code s}, which then bounds the ranges of both halves ({@code O(k n log n)} instead of
 * {@code O(k n^2)}; ties resolve to the smallest {@code s} as an exhaustive scan in increasing {@code s} does).
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
            fill(cost[g - 1], cost[g], cut[g], prefix, prefix2, g, n, g - 1, n - 1);
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

    /**
     * {@code row[e]} and {@code cuts[e]} for {@code e} in {@code [lo, hi]}, the minimising start of each known to
     * lie in {@code [sLo, sHi]}.
     */
    private static void fill(double[] previous, double[] row, int[] cuts, double[] prefix, double[] prefix2, int lo,
                             int hi, int sLo, int sHi) {
        if (lo > hi) {
            return;
        }
        int mid = (lo + hi) >>> 1;
        double best = Double.POSITIVE_INFINITY;
        int bestStart = sLo;
        for (int start = sLo, last = Math.min(mid - 1, sHi); start <= last; start++) {
            if (previous[start] == Double.POSITIVE_INFINITY) {
                continue;
            }
            double c = previous[start] + sse(prefix, prefix2, start, mid);
            if (c < best) {
                best = c;
                bestStart = start;
            }
        }
        row[mid] = best;
        cuts[mid] = bestStart;
        fill(previous, row, cuts, prefix, prefix2, lo, mid - 1, sLo, bestStart);
        fill(previous, row, cuts, prefix, prefix2, mid + 1, hi, bestStart, sHi);
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
