package org.spikeport.core.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Closed-form golden values for {@link TrueNorthLif}: leak, thresholds, both reset modes, wrap, input copies, decoding. */
class TrueNorthLifTest {

    private static final int BITS = 20;

    @Test
    void wrapIsTwosComplementAtTheWidth() {
        assertEquals(-(1L << 19), TrueNorthLif.wrap(1L << 19, BITS));
        assertEquals((1L << 19) - 1, TrueNorthLif.wrap(-(1L << 19) - 1, BITS));
        assertEquals(-1, TrueNorthLif.wrap((1L << 20) - 1, BITS));
        assertEquals(123, TrueNorthLif.wrap(123, BITS));
        assertEquals(-256, TrueNorthLif.min(9));
        assertEquals(255, TrueNorthLif.max(9));
        assertTrue(TrueNorthLif.fits(-256, 9));
        assertFalse(TrueNorthLif.fits(256, 9));
    }

    /** A constant leak moves the membrane linearly: after k ticks from 0, v = k * leak until a threshold acts. */
    @Test
    void linearLeakIsAddedEveryTick() {
        long v = 0;
        for (int k = 1; k <= 10; k++) {
            long v2 = TrueNorthLif.integrate(v, 0, -7, BITS);
            v = TrueNorthLif.reset(v2, 1000, -1000, 0, TrueNorthLif.ABSOLUTE, BITS);
            assertEquals(-7L * k, v);
        }
    }

    /** Leak 5 and threshold 23: 5k >= 23 first at k = 5 (v2 = 25); absolute reset to R, linear reset to 25 - 23. */
    @Test
    void thresholdIsCrossedAtTheClosedFormTickAndBothResetModesAct() {
        for (int mode : new int[] {TrueNorthLif.ABSOLUTE, TrueNorthLif.LINEAR}) {
            long v = 0;
            int first = -1;
            long after = 0;
            for (int k = 1; k <= 6 && first < 0; k++) {
                long v2 = TrueNorthLif.integrate(v, 0, 5, BITS);
                if (TrueNorthLif.spikes(v2, 23)) {
                    first = k;
                }
                v = TrueNorthLif.reset(v2, 23, -100, 4, mode, BITS);
                after = v;
            }
            assertEquals(5, first);
            assertEquals(mode == TrueNorthLif.ABSOLUTE ? 4 : 2, after);
        }
        assertTrue(TrueNorthLif.spikes(23, 23), "the spike test is >=");
        assertFalse(TrueNorthLif.spikes(22, 23));
    }

    /** Below beta (strict): absolute sets -R, linear subtracts beta; at beta nothing happens. */
    @Test
    void negativeThresholdIsStrictWithBothResetModes() {
        assertEquals(-6, TrueNorthLif.reset(-31, 50, -30, 6, TrueNorthLif.ABSOLUTE, BITS));
        assertEquals(-1, TrueNorthLif.reset(-31, 50, -30, 6, TrueNorthLif.LINEAR, BITS));
        assertEquals(-30, TrueNorthLif.reset(-30, 50, -30, 6, TrueNorthLif.ABSOLUTE, BITS));
        assertEquals(0, TrueNorthLif.reset(-1, 50, 0, 0, TrueNorthLif.ABSOLUTE, BITS), "beta = 0, R = 0 floors at 0");
    }

    /** A weight type's value is added once per spike; a count above the copies delivers only the copies. */
    @Test
    void inputCountsAreLimitedByCopyAxons() {
        assertEquals(3, TrueNorthLif.inputSpikes(3, 4));
        assertEquals(4, TrueNorthLif.inputSpikes(9, 4));
        assertEquals(1, TrueNorthLif.inputSpikes(1, 1));
        long w = -37;
        assertEquals(4 * w + 2, TrueNorthLif.integrate(0, w * TrueNorthLif.inputSpikes(9, 4), 2, BITS));
    }

    /**
     * The hidden-layer leak: with D = round(theta / tau), leak = bias - D, alpha = theta - D, beta = 0,
     * R = 0, a neuron spikes on x = v + I + bias >= theta and carries max(0, x - D).
     */
    @Test
    void linearLeakReplacesTheDecayAsDocumented() {
        long theta = 100;
        assertEquals(67, TrueNorthLif.linearLeak(theta, 1.5));
        assertEquals(100, TrueNorthLif.linearLeak(theta, 1.005));
        long d = TrueNorthLif.linearLeak(theta, 1.5);
        long bias = 3;
        long v = 0;
        long[] inputs = {50, 40, 0, 90, 10};
        long[] carried = new long[inputs.length];
        boolean[] spiked = new boolean[inputs.length];
        for (int t = 0; t < inputs.length; t++) {
            long v2 = TrueNorthLif.integrate(v, inputs[t], bias - d, BITS);
            spiked[t] = TrueNorthLif.spikes(v2, theta - d);
            v = TrueNorthLif.reset(v2, theta - d, 0, 0, TrueNorthLif.ABSOLUTE, BITS);
            carried[t] = v;
        }
        // x = 53 -> carry 0 (53 <= 67); x = 43 -> 0; x = 3 -> 0; x = 93 -> 26; x = 26 + 13 = 39 -> 0
        assertEquals(0, carried[0]);
        assertEquals(0, carried[1]);
        assertEquals(26, carried[3]);
        assertEquals(0, carried[4]);
        assertFalse(spiked[3]);
        long v2 = TrueNorthLif.integrate(26, 71, bias - d, BITS);
        assertTrue(TrueNorthLif.spikes(v2, theta - d), "x = 26 + 71 + 3 = 100 reaches theta");
    }

    /** Increments survive wrapping: y follows y = decay * y + scale * (U[t] - U[t-1]) across the wrap. */
    @Test
    void readoutDecodesIncrementsAcrossTheWrap() {
        long u = (1L << 19) - 10;
        long next = TrueNorthLif.integrate(u, 25, 0, BITS);
        assertTrue(next < 0, "the membrane wrapped");
        assertEquals(25, TrueNorthLif.decodeIncrement(next, u, BITS));
        assertEquals(0.5 * 2.0 + 0.25 * 25, TrueNorthLif.decode(2.0, 0.5, 0.25, 25));
    }
}
