package org.spikeport.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DecisionTest {

    @Test
    void summedSoftmaxNotFinalMembrane() {
        // class 0 leads for two steps by a lot, class 1 leads at the end by a little
        double[][] v = {{5, 0}, {5, 0}, {0, 0.1}};
        assertEquals(0, Decision.predict(v, 2));
        double e = Math.exp(-5);
        double s1 = Math.exp(0.1) / (1 + Math.exp(0.1));
        assertArrayEquals(new double[] {2 / (1 + e) + 1 - s1, 2 * e / (1 + e) + s1}, Decision.scores(v, 2), 1e-15);
    }

    @Test
    void largeMembranesDoNotOverflowAndTiesGoLow() {
        assertEquals(1, Decision.predict(new double[][] {{1e6, 1e6 + 1, 0}}, 3));
        assertEquals(0, Decision.predict(new double[][] {{2, 2}}, 2));
        assertEquals(0, Decision.predict(new double[0][2], 2));
    }
}
