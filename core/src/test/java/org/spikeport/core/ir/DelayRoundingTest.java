package org.spikeport.core.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class DelayRoundingTest {

    @Test
    void halfwayCasesFollowTheCentredPosition() {
        // Td = 25: Td/2 = 12 is even, P = 12 - d; round-half-even of P.
        assertEquals(2, DelayRounding.round(2.5, 25));   // P = 9.5 -> 10
        assertEquals(4, DelayRounding.round(3.5, 25));   // P = 8.5 -> 8
        // Td = 31: Td/2 = 15 is odd, so the halfway cases flip relative to rint(d).
        assertEquals(3, DelayRounding.round(2.5, 31));   // P = 12.5 -> 12
        assertEquals(3, DelayRounding.round(3.5, 31));   // P = 11.5 -> 12
        assertEquals(2, DelayRounding.round(2.4, 31));
        assertEquals(0, DelayRounding.round(0.0, 31));
        assertEquals(30, DelayRounding.round(30.0, 31));
    }

    @Property
    void staysInRangeAndWithinHalfAStep(@ForAll @DoubleRange(min = 0, max = 24) double d) {
        int r = DelayRounding.round(d, 25);
        assertEquals(d, r, 0.5);
    }
}
