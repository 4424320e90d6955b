package org.spikeport.core.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void nearestPrefersTheLowerIndexOnATie() {
        assertEquals(0, TrueNorthTypes.nearest(new long[] {1, 3}, 2));
        assertEquals(1, TrueNorthTypes.nearest(new long[] {1, 3}, 2.01));
    }
}
