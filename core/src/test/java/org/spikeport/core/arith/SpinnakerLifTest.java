package org.spikeport.core.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Closed-form values of sPyNNaker's s16.15 rules: rounding, saturation, wrap, shifts, delay slots. */
class SpinnakerLifTest {

    @Test
    void multiplyRoundsHalfUpAndSaturates() {
        // 1 LSB * 0.5 = half an LSB: rounds up to 1; -1 LSB * 0.5 = -0.5 LSB rounds up to 0
        assertEquals(1, SpinnakerLif.mul(1, 16384));
        assertEquals(0, SpinnakerLif.mul(-1, 16384));
        // 3 * 0.5 = 1.5 -> 2; -3 * 0.5 = -1.5 -> -1
        assertEquals(2, SpinnakerLif.mul(3, 16384));
        assertEquals(-1, SpinnakerLif.mul(-3, 16384));
        // just below half rounds down: 16383 / 32768 of an LSB
        assertEquals(0, SpinnakerLif.mul(1, 16383));
        // 1.0 * x is exact
        assertEquals(-123456789, SpinnakerLif.mul(-123456789, SpinnakerLif.ONE));
        // 65535.99997 * 2 saturates
        assertEquals(Integer.MAX_VALUE, SpinnakerLif.mul(Integer.MAX_VALUE, 2 * SpinnakerLif.ONE));
        assertEquals(Integer.MIN_VALUE, SpinnakerLif.mul(Integer.MIN_VALUE, 2 * SpinnakerLif.ONE));
        assertEquals(Integer.MAX_VALUE, SpinnakerLif.mul(Integer.MIN_VALUE, Integer.MIN_VALUE));
    }

    @Test
    void ringBufferSaturatesAndShiftWrapsIn32Bits() {
        assertEquals(65535, SpinnakerLif.ring(90000));
        assertEquals(65535, SpinnakerLif.ring(65535));
        assertEquals(100, SpinnakerLif.ring(100));
        assertEquals(100L << 13, SpinnakerLif.toInput(100, 13));
        assertEquals(-65536, SpinnakerLif.toInput(65535, 16), "0xFFFF0000 as int32");
        assertEquals(Integer.MIN_VALUE, SpinnakerLif.input(Integer.MAX_VALUE, 0, 1), "addition wraps");
    }

    /** exp_tc = 0.5, R = 1: the input is halved at once, then the membrane halves (floor) every step. */
    @Test
    void closedFormUpdate() {
        long e = 16384;
        assertEquals(500, SpinnakerLif.update(0, 1000, e, SpinnakerLif.ONE, 0));
        assertEquals(750, SpinnakerLif.update(500, 1000, e, SpinnakerLif.ONE, 0));
        // 1000 - round_half_up(0.5 * 125) = 1000 - 63
        assertEquals(937, SpinnakerLif.update(875, 1000, e, SpinnakerLif.ONE, 0));
        for (long v : new long[] {7, 8, -7, -8, 1, -1, 123457}) {
            assertEquals(Math.floorDiv(v, 2), SpinnakerLif.update(v, 0, e, SpinnakerLif.ONE, 0), "v " + v);
        }
        // exp_tc = 0 keeps only this step's input; exp_tc = 1.0 keeps V and ignores the input
        assertEquals(1234, SpinnakerLif.update(99, 1234, 0, SpinnakerLif.ONE, 0));
        assertEquals(99, SpinnakerLif.update(99, 1234, SpinnakerLif.ONE, SpinnakerLif.ONE, 0));
        // v_rest shifts alpha: V -> v_rest with no input and exp_tc = 0
        assertEquals(-65 * SpinnakerLif.ONE, SpinnakerLif.update(0, 0, 0, SpinnakerLif.ONE, -65 * SpinnakerLif.ONE));
    }

    @Test
    void thresholdIsInclusive() {
        assertTrue(SpinnakerLif.spikes(100, 100));
        assertFalse(SpinnakerLif.spikes(99, 100));
    }

    /** sPyNNaker: p = ceil(log2 W), one more when 2^p <= W, never below 0. */
    @Test
    void ringBufferShiftAsSpynnakerChoosesIt() {
        assertEquals(1, SpinnakerLif.ringBufferShift(1.0));
        assertEquals(2, SpinnakerLif.ringBufferShift(3.0));
        assertEquals(13, SpinnakerLif.ringBufferShift(4096.0));
        assertEquals(13, SpinnakerLif.ringBufferShift(4097.0));
        assertEquals(13, SpinnakerLif.ringBufferShift(8191.9));
        assertEquals(0, SpinnakerLif.ringBufferShift(0.3));
        assertEquals(0, SpinnakerLif.ringBufferShift(0.0));
        assertEquals(Math.scalb(1.0, -2), SpinnakerLif.weightUnit(13));
    }

    @Test
    void delaySlotsPerCore() {
        assertEquals(32, SpinnakerLif.delaySlots(14, 256, 1));
        assertEquals(128, SpinnakerLif.delaySlots(14, 64, 1));
        assertEquals(256, SpinnakerLif.delaySlots(14, 20, 1));
        assertEquals(16, SpinnakerLif.delaySlots(14, 257, 1));
        assertEquals(8192, SpinnakerLif.delaySlots(14, 1, 1));
        assertEquals(8, SpinnakerLif.indexBits(256));
        assertEquals(0, SpinnakerLif.indexBits(1));
    }

    @Test
    void encodesHalfAwayFromZero() {
        assertEquals(SpinnakerLif.ONE, SpinnakerLif.fromDouble(1.0));
        assertEquals(1, SpinnakerLif.fromDouble(0.5 / SpinnakerLif.ONE));
        assertEquals(-1, SpinnakerLif.fromDouble(-0.5 / SpinnakerLif.ONE));
        assertEquals(-0.5, SpinnakerLif.toDouble(-16384), 0.0);
    }
}
