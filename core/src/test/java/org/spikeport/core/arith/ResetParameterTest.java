package org.spikeport.core.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.ResetMode;

/** The shared reset parameter: absent or 0 is the arithmetic's own reset, 1 subtraction, anything else refused. */
class ResetParameterTest {

    private static NeuronParams with(long... reset) {
        SortedMap<String, long[]> v = new TreeMap<>();
        v.put("vth", new long[] {10});
        if (reset.length > 0) {
            v.put(ResetParameter.NAME, reset);
        }
        return new NeuronParams(Loihi2Lif.NAME, v);
    }

    @Test
    void absentOrZeroIsTheOwnResetAndOneSubtracts() {
        assertFalse(ResetParameter.subtracts(with()), "absent, as in every file written before it");
        assertFalse(ResetParameter.subtracts(with(ResetParameter.ZERO)));
        assertTrue(ResetParameter.subtracts(with(ResetParameter.SUBTRACT)));
    }

    @Test
    void otherValuesAndPerNeuronValuesAreRefusedNamingTheArithmetic() {
        var e = assertThrows(IllegalArgumentException.class, () -> ResetParameter.subtracts(with(2)));
        assertEquals("loihi2-lif parameter 'reset' must be one value, 0 (the arithmetic's own reset) or 1 (by "
                + "subtraction), got [2]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResetParameter.subtracts(with(1, 1)));
    }

    @Test
    void onlySubtractionIsWritten() {
        for (ResetMode m : ResetMode.values()) {
            SortedMap<String, long[]> v = new TreeMap<>();
            ResetParameter.put(v, m);
            if (m == ResetMode.SUBTRACT) {
                assertArrayEquals(new long[] {ResetParameter.SUBTRACT}, v.get(ResetParameter.NAME));
            } else {
                assertTrue(v.isEmpty(), m.toString());
            }
        }
    }
}
