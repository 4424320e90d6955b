package org.spikeport.core.arith;

import java.util.Arrays;

/**
 * The exhaustive {@code O(k n^2)} dynamic programme of the 1-D k-means that {@link TrueNorthTypes} solves by
 * divide and conquer: the reference its test and benchmark compare with.
 */
final class ExhaustiveTypes {

    private ExhaustiveTypes() {
    }

    /**
     * At most {@code k} centroids of {@code weights}: every start for every end, the smallest on a tie, with the
     * same prefix sums as {@link TrueNorthTypes#centroids}, so that both compute each candidate cost alike.
     */
    static double[] centroids(double[] weights, int k) {
        int n = weights.length;
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
                    double sum = prefix[end] - prefix[start];
                    double sq = prefix2[end] - prefix2[start];
                    double c = cost[g - 1][start] + Math.max(0, sq - sum * sum / (end - start));
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
}
