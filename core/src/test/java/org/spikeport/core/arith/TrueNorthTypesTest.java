package org.spikeport.core.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TrueNorthTypesTest {

    private static final double EPS = 1e-12;

    @Test
    void kMeansKeepsFourDistinctValuesAndMinimisesTheSquaredError() {
        assertArrayEquals(new double[] {-1, 0.5, 2, 3}, TrueNorthTypes.centroids(new double[] {3, -1, 2, 0.5, 2, -1}, 4),
                EPS);
        // {0, 1, 10, 11, 20} in two clusters: {0, 1} + {10, 11, 20} has SSE 0.5 + 60.67, less than
        // {0, 1, 10, 11} + {20} (101) or {0, 1, 10} + {11, 20} (101.2)
        assertArrayEquals(new double[] {0.5, 41.0 / 3}, TrueNorthTypes.centroids(new double[] {0, 1, 10, 11, 20}, 2), EPS);
    }

    /**
     * The exhaustive O(k n^2) dynamic programme: every start for every end, the smallest on a tie, with the
     * same prefix sums as {@link TrueNorthTypes#centroids}, so that both compute each candidate cost alike.
     */
    private static double[] exhaustive(double[] weights, int k) {
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

    private static double sse(double[] weights, double[] centroids) {
        double total = 0;
        for (double x : weights) {
            double best = Double.POSITIVE_INFINITY;
            for (double c : centroids) {
                best = Math.min(best, (x - c) * (x - c));
            }
            total += best;
        }
        return total;
    }

    @Test
    void theFastProgrammeFindsTheExhaustiveOptimum() {
        Random r = new Random(11);
        int same = 0;
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + r.nextInt(trial < 200 ? 12 : 160);
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                // a third of the trials on a coarse grid, where ties between partitions are common
                w[i] = trial % 3 == 0 ? r.nextInt(7) - 3 : r.nextGaussian() * (1 + r.nextInt(3));
            }
            int k = 1 + r.nextInt(5);
            double[] fast = TrueNorthTypes.centroids(w, k);
            double[] slow = exhaustive(w, k);
            assertEquals(slow.length, fast.length, "trial " + trial);
            assertEquals(sse(w, slow), sse(w, fast), 1e-9 * (1 + sse(w, slow)), "trial " + trial + ": optimal error");
            same += Arrays.equals(slow, fast) ? 1 : 0;
            for (int g = 0; g < slow.length; g++) {
                assertEquals(slow[g], fast[g], 1e-9, "trial " + trial + " centroid " + g);
            }
        }
        assertEquals(400, same, "identical centroids");
    }

    @Test
    void nearestPrefersTheLowerIndexOnATie() {
        assertEquals(0, TrueNorthTypes.nearest(new long[] {1, 3}, 2));
        assertEquals(1, TrueNorthTypes.nearest(new long[] {1, 3}, 2.01));
    }
}
