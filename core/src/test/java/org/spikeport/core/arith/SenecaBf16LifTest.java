package org.spikeport.core.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spikeport.core.ir.NeuronParams;

/**
 * bf16 conversion against bit patterns derived by hand from the fp32 encoding (sign, 8-bit exponent
 * with bias 127, 7 kept fraction bits, the 16 dropped bits decide the rounding), and closed-form neuron
 * steps.
 */
class SenecaBf16LifTest {

    private static int bf16(float f) {
        return SenecaBf16Lif.fromFloat(f);
    }

    @Test
    void exactValuesKeepTheirUpperSixteenBits() {
        assertEquals(0x3F80, bf16(1.0f));
        assertEquals(0xC000, bf16(-2.0f));
        assertEquals(0x3F00, bf16(0.5f));
        assertEquals(0x4380, bf16(256f));
        assertEquals(0x0000, bf16(0.0f));
        assertEquals(0x8000, bf16(-0.0f));
        assertEquals(0x7F80, bf16(Float.POSITIVE_INFINITY));
        assertEquals(0xFF80, bf16(Float.NEGATIVE_INFINITY));
        assertEquals(1.0f, SenecaBf16Lif.toFloat(0x3F80));
        assertEquals(-2.0f, SenecaBf16Lif.toFloat(0xC000));
        assertEquals(0x1.fep127f, SenecaBf16Lif.toFloat(0x7F7F), "largest finite bf16");
    }

    @Test
    void roundsToNearest() {
        // pi = fp32 0x40490FDB: dropped 0x0FDB < 0x8000, down to 0x4049 = 3.140625
        assertEquals(0x4049, bf16((float) Math.PI));
        assertEquals(3.140625f, SenecaBf16Lif.toFloat(0x4049));
        // 1/3 = fp32 0x3EAAAAAB: dropped 0xAAAB > 0x8000, up to 0x3EAB
        assertEquals(0x3EAB, bf16(1f / 3));
        // 0.1 = fp32 0x3DCCCCCD: up to 0x3DCD = 0.10009765625
        assertEquals(0x3DCD, bf16(0.1f));
        assertEquals(0.10009765625f, SenecaBf16Lif.toFloat(0x3DCD));
        assertEquals(0xBDCD, bf16(-0.1f));
    }

    @Test
    void tiesGoToEven() {
        // 1 + 2^-8 = fp32 0x3F808000, halfway between 0x3F80 (even) and 0x3F81
        assertEquals(0x3F80, bf16(1f + 0x1p-8f));
        // 1 + 3 * 2^-8 = 0x3F818000, halfway between 0x3F81 and 0x3F82 (even)
        assertEquals(0x3F82, bf16(1f + 3 * 0x1p-8f));
        // 257 -> 256 and 259 -> 260 (the ulp at 256 is 2)
        assertEquals(0x4380, bf16(257f));
        assertEquals(0x4382, bf16(259f));
        assertEquals(0xBF80, bf16(-(1f + 0x1p-8f)));
        // just above the tie rounds up
        assertEquals(0x3F81, bf16(Float.intBitsToFloat(0x3F808001)));
    }

    @Test
    void overflowsToInfinity() {
        // FLT_MAX = 0x7F7FFFFF lies above the midpoint 0x7F7F8000 between 0x7F7F and 2^128
        assertEquals(0x7F80, bf16(Float.MAX_VALUE));
        assertEquals(0xFF80, bf16(-Float.MAX_VALUE));
        assertEquals(0x7F80, bf16(Float.intBitsToFloat(0x7F7F8000)), "tie to even is 0x7F80 = infinity");
        assertEquals(0x7F7F, bf16(Float.intBitsToFloat(0x7F7F7FFF)));
        assertEquals(0x7F80, SenecaBf16Lif.fromDouble(1e39));
        assertEquals(0xFF80, SenecaBf16Lif.fromDouble(-1e300));
    }

    @Test
    void subnormalResultsFlushToSignedZero() {
        assertEquals(0x0000, bf16(0x1p-130f), "2^-130 would be bf16 subnormal 0x0008");
        assertEquals(0x8000, bf16(-0x1p-130f));
        assertEquals(0x0000, bf16(Float.MIN_VALUE));
        assertEquals(0x0080, bf16(0x1p-126f), "smallest normal is kept");
        assertEquals(0x0080, bf16(Float.intBitsToFloat(0x007FFFFF)), "rounds up to the smallest normal");
        assertEquals(0x0000, SenecaBf16Lif.fromDouble(1e-40));
        assertEquals(0x8000, SenecaBf16Lif.fromDouble(-1e-300));
        assertEquals(0x0080, SenecaBf16Lif.fromDouble(0x1p-126 - 0x1p-140));
    }

    @Test
    void nanBecomesTheQuietNan() {
        assertEquals(0x7FC0, bf16(Float.NaN));
        assertEquals(0x7FC0, bf16(Float.intBitsToFloat(0xFF800001)));
        assertEquals(0x7FC0, SenecaBf16Lif.fromDouble(Double.NaN));
        assertTrue(Float.isNaN(SenecaBf16Lif.toFloat(0x7FC0)));
        assertFalse(SenecaBf16Lif.isFinite(0x7FC0));
        assertFalse(SenecaBf16Lif.isFinite(0x7F80));
        assertTrue(SenecaBf16Lif.isFinite(0x7F7F));
    }

    @Test
    void fromDoubleRoundsOnce() {
        // 0.1 (double) lies 0.0000977 below 0x3DCD and 0.00039 above 0x3DCC
        assertEquals(0x3DCD, SenecaBf16Lif.fromDouble(0.1));
        // 1 + 2^-8 + 2^-40: to fp32 first would give the tie 1 + 2^-8 and then 0x3F80; one rounding gives 0x3F81
        double d = 1 + 0x1p-8 + 0x1p-40;
        assertEquals(0x3F80, bf16((float) d));
        assertEquals(0x3F81, SenecaBf16Lif.fromDouble(d));
        assertEquals(0x3F80, SenecaBf16Lif.fromDouble(1 + 0x1p-8));
        assertEquals(0x3F80, SenecaBf16Lif.fromDouble(1 + 0x1p-8 - 0x1p-40));
        assertEquals(0x4000, SenecaBf16Lif.fromDouble(2 - 0x1p-9), "rounds up into the next binade");
    }

    @Test
    void fromDoubleEqualsFromFloatOnFloats() {
        Random r = new Random(7);
        for (int k = 0; k < 200_000; k++) {
            float f = Float.intBitsToFloat(r.nextInt());
            assertEquals(bf16(f), SenecaBf16Lif.fromDouble(f), "bits " + Integer.toHexString(Float.floatToRawIntBits(f)));
        }
    }

    @Test
    void accumulatesInTheQueueFormat() {
        int w = SenecaBf16Lif.fromFloat(0x1p-9f);
        float bf = 1f;
        float fp = 1f;
        for (int k = 0; k < 2; k++) {
            bf = SenecaBf16Lif.accumulate(bf, w, 1, true);
            fp = SenecaBf16Lif.accumulate(fp, w, 1, false);
        }
        assertEquals(1f, bf, "1 + 2^-9 is a tie, rounded to the even 1.0 each time");
        assertEquals(1f + 0x1p-8f, fp);
        // a graded payload multiplies exactly: 0.10009765625 * 65535 needs 8 + 16 bits
        float p = SenecaBf16Lif.accumulate(0f, 0x3DCD, 65535, false);
        assertEquals(0.10009765625 * 65535, p, 0.0);
        assertEquals(SenecaBf16Lif.toFloat(SenecaBf16Lif.fromFloat(p)), SenecaBf16Lif.accumulate(0f, 0x3DCD, 65535, true));
        assertTrue(SenecaBf16Lif.accumulatorIsBf16(16));
        assertFalse(SenecaBf16Lif.accumulatorIsBf16(32));
        assertThrows(IllegalArgumentException.class, () -> SenecaBf16Lif.accumulatorIsBf16(24));
    }

    @Test
    void integrateLeaksThenAddsInputThenBias() {
        int half = 0x3F00;
        // 0.5 * 1.0 + 0.25 + 0 = 0.75 (0x3F40)
        assertEquals(0x3F40, SenecaBf16Lif.integrate(0x3F80, 0.25f, half, 0x0000));
        // decay bf16(2/3) = 0x3F2B = 0.66796875; leaked 0.66796875; + 2^-9 is the tie between 0x3F2B and
        // 0x3F2C (ulp 2^-8): even 0x3F2C = 0.671875
        int decay = SenecaBf16Lif.fromDouble(1 - 1 / 3.0);
        assertEquals(0x3F2B, decay);
        assertEquals(0x3F2C, SenecaBf16Lif.integrate(0x3F80, 0x1p-9f, decay, 0x0000));
        // the bias is added after the input, in a separate rounding: 0.671875 + 0.0078125 = 0.6796875 (0x3F2E)
        assertEquals(0x3F2E, SenecaBf16Lif.integrate(0x3F80, 0x1p-9f, decay, SenecaBf16Lif.fromFloat(0x1p-7f)));
        // rest: +0 stays +0 without input or bias; -0 becomes +0
        assertEquals(0x0000, SenecaBf16Lif.integrate(0x0000, 0f, decay, 0x0000));
        assertEquals(0x0000, SenecaBf16Lif.integrate(0x8000, 0f, decay, 0x0000));
    }

    @Test
    void thresholdIsInclusiveAndTheReadoutNeverSpikesOnFiniteValues() {
        assertTrue(SenecaBf16Lif.spikes(0x3F80, 0x3F80));
        assertFalse(SenecaBf16Lif.spikes(0x3F7F, 0x3F80));
        assertFalse(SenecaBf16Lif.spikes(0x7F7F, SenecaBf16Lif.POSITIVE_INFINITY));
        assertTrue(SenecaBf16Lif.spikes(0x7F80, SenecaBf16Lif.POSITIVE_INFINITY));
        assertFalse(SenecaBf16Lif.spikes(0x7FC0, 0x0000));
        assertTrue(SenecaBf16Lif.spikes(0x0000, 0x8000), "+0 >= -0");
    }

    /**
     * Reset by subtraction is one fp32 subtraction rounded to bf16: 1.5 - 1 = 0.5 exactly; 3.0 - 0.00390625
     * (2^-8) = 2.99609375 needs 9 significant bits and rounds to 3.0 (tie to even: 3.0 is 0x4040, 2.984375
     * is 0x403F); a threshold of +Infinity leaves NaN. Reset to zero gives +0 whatever the membrane.
     */
    @Test
    void resetBySubtractionRoundsOnceToBf16() {
        assertEquals(0x3F00, SenecaBf16Lif.reset(bf16(1.5f), bf16(1.0f), true));
        assertEquals(0x4040, SenecaBf16Lif.reset(bf16(3.0f), bf16(0x1p-8f), true));
        assertEquals(0x403F, SenecaBf16Lif.reset(bf16(3.0f), bf16(0x1p-6f), true), "3 - 1/64 = 2.984375 exactly");
        assertEquals(0x0000, SenecaBf16Lif.reset(bf16(1.0f), bf16(1.0f), true), "x - x is +0");
        assertEquals(SenecaBf16Lif.QUIET_NAN,
                SenecaBf16Lif.reset(SenecaBf16Lif.POSITIVE_INFINITY, SenecaBf16Lif.POSITIVE_INFINITY, true));
        assertEquals(SenecaBf16Lif.POSITIVE_ZERO, SenecaBf16Lif.reset(bf16(1.5f), bf16(1.0f), false));
    }

    @Test
    void resetBySubtractionIsTheSharedParameter() {
        NeuronParams zero = SenecaBf16Lif.params(0x3F00, 0x3F80, new int[] {0});
        assertFalse(zero.has(ResetParameter.NAME), "reset to zero writes no parameter");
        assertFalse(SenecaBf16Lif.subtracts(zero));
        NeuronParams sub = SenecaBf16Lif.params(0x3F00, 0x3F80, new int[] {0}, org.spikeport.core.ir.ResetMode.SUBTRACT);
        assertTrue(SenecaBf16Lif.subtracts(sub));
        assertEquals(zero.values().get(SenecaBf16Lif.BIAS)[0], sub.values().get(SenecaBf16Lif.BIAS)[0]);
    }

    @Test
    void paramsHoldPatterns() {
        NeuronParams p = SenecaBf16Lif.params(0x3F00, 0x3F80, new int[] {0x3DCD, 0xBDCD});
        assertEquals(SenecaBf16Lif.NAME, p.model());
        assertEquals(0x3F00, SenecaBf16Lif.decay(p, 1));
        assertEquals(0x3F80, SenecaBf16Lif.threshold(p, 0));
        assertEquals(0xBDCD, SenecaBf16Lif.bias(p, 1));
        assertEquals("0x3F80", SenecaBf16Lif.hex(0x3F80));
    }
}
