package org.spikeport.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CountFrameTest {

    @Test
    void clippingLimitsEveryCountAndKeepsTheShapeAndLabel() {
        CountFrame f = new CountFrame(2, 3, new int[] {0, 1, 5, 2, 3, 1}, 4);
        CountFrame c = f.clipped(2);
        assertArrayEquals(new int[] {0, 1, 2, 2, 2, 1}, c.counts());
        assertEquals(2, c.steps());
        assertEquals(3, c.channels());
        assertEquals(4, c.label());
        assertArrayEquals(new int[] {0, 1, 5, 2, 3, 1}, f.counts());
        assertThrows(IllegalArgumentException.class, () -> f.clipped(0));
    }
}
