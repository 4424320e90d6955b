package org.spikeport.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.spikeport.core.ir.Decoding;

class DecisionTest {

    private static final Decoding SOFTMAX = Decoding.SOFTMAX_SUM;

    @Test
    void summedSoftmaxNotFinalMembrane() {
        // class 0 leads for two steps by a lot, class 1 leads at the end by a little
        double[][] v = {{5, 0}, {5, 0}, {0, 0.1}};
        assertEquals(0, Decision.predict(v, 2, SOFTMAX));
        double e = Math.exp(-5);
        double s1 = Math.exp(0.1) / (1 + Math.exp(0.1));
        assertArrayEquals(new double[] {2 / (1 + e) + 1 - s1, 2 * e / (1 + e) + s1}, Decision.scores(v, 2, SOFTMAX), 1e-15);
    }

    @Test
    void largeMembranesDoNotOverflowAndTiesGoLow() {
        assertEquals(1, Decision.predict(new double[][] {{1e6, 1e6 + 1, 0}}, 3, SOFTMAX));
        assertEquals(0, Decision.predict(new double[][] {{2, 2}}, 2, SOFTMAX));
        assertEquals(0, Decision.predict(new double[0][2], 2, SOFTMAX));
        assertEquals(0, Decision.predict(new double[][] {{2, 2}}, 2, Decoding.SUM));
    }

    /** Summed membranes rank by magnitude, where the summed softmax saturates: the two rules disagree here. */
    @Test
    void summedMembranesDecideOtherwise() {
        // class 0 is far ahead in one step, class 1 slightly ahead in three: sums 10 vs 3
        double[][] v = {{10, 0}, {0, 1}, {0, 1}, {0, 1}};
        assertArrayEquals(new double[] {10, 3}, Decision.scores(v, 2, Decoding.SUM), 0);
        assertEquals(0, Decision.predict(v, 2, Decoding.SUM));
        // softmax: class 1 gets e/(1+e) ~ 0.73 three times (2.19), class 0 about 1 + 3 * 0.27 (1.81)
        assertEquals(1, Decision.predict(v, 2, SOFTMAX));
        // all-zero steps add nothing to a sum and 1/K to every softmax score
        assertArrayEquals(new double[] {0, 0}, Decision.scores(new double[3][2], 2, Decoding.SUM), 0);
        assertArrayEquals(new double[] {1.5, 1.5}, Decision.scores(new double[3][2], 2, SOFTMAX), 0);
    }
}
