package org.spikeport.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class InputRingTest {

    @Test
    void inputArrivesAfterItsDelay() {
        InputRing ring = new InputRing(2, 3);
        long[] out = new long[2];
        ring.add(0, 0, 5);
        ring.add(1, 3, 7);
        ring.take(out);
        assertArrayEquals(new long[] {5, 0}, out);
        ring.take(out);
        ring.take(out);
        assertArrayEquals(new long[] {0, 0}, out);
        ring.take(out);
        assertArrayEquals(new long[] {0, 7}, out);
        ring.take(out);
        assertArrayEquals(new long[] {0, 0}, out, "slots are cleared after use");
        assertEquals(5, ring.step());
    }

    @Test
    void delayBeyondTheRingIsRejected() {
        InputRing ring = new InputRing(1, 2);
        assertThrows(IllegalArgumentException.class, () -> ring.add(0, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> ring.add(0, -1, 1));
    }

    /** Against a plain array indexed by absolute arrival step. */
    @Property(tries = 200)
    void equalsAbsoluteTimeline(@ForAll long seed, @ForAll @IntRange(min = 0, max = 9) int maxDelay) {
        Random r = new Random(seed);
        int neurons = 3;
        int steps = 40;
        long[][] expected = new long[steps + maxDelay + 1][neurons];
        InputRing ring = new InputRing(neurons, maxDelay);
        long[] out = new long[neurons];
        for (int t = 0; t < steps; t++) {
            for (int k = r.nextInt(4); k > 0; k--) {
                int n = r.nextInt(neurons);
                int d = r.nextInt(maxDelay + 1);
                long v = r.nextInt(200) - 100;
                ring.add(n, d, v);
                expected[t + d][n] += v;
            }
            ring.take(out);
            assertArrayEquals(expected[t], out, "step " + t);
        }
    }

    @Test
    void eventsListOnlyTouchedNeuronsInFirstAdditionOrder() {
        InputRing ring = new InputRing(4, 2);
        int[] n = new int[4];
        long[] v = new long[4];
        ring.add(3, 1, 5);
        ring.add(1, 1, 2);
        ring.add(3, 1, -5);
        ring.add(2, 0, 9);
        assertEquals(1, ring.takeEvents(n, v));
        assertEquals(2, n[0]);
        assertEquals(9, v[0]);
        assertEquals(2, ring.takeEvents(n, v));
        assertArrayEquals(new int[] {3, 1}, java.util.Arrays.copyOf(n, 2), "touched even when the sum is 0");
        assertArrayEquals(new long[] {0, 2}, java.util.Arrays.copyOf(v, 2));
        assertEquals(0, ring.takeEvents(n, v));
        assertEquals(0, ring.takeEvents(n, v), "slots are cleared after use");
    }

    /** The real ring sums in addition order from +0.0 and agrees with an absolute timeline. */
    @Property(tries = 200)
    void realRingEqualsAbsoluteTimeline(@ForAll long seed, @ForAll @IntRange(min = 0, max = 9) int maxDelay) {
        Random r = new Random(seed);
        int neurons = 3;
        int steps = 40;
        double[][] expected = new double[steps + maxDelay + 1][neurons];
        InputRing ring = InputRing.real(neurons, maxDelay);
        int[] n = new int[neurons];
        double[] v = new double[neurons];
        for (int t = 0; t < steps; t++) {
            for (int k = r.nextInt(4); k > 0; k--) {
                int neuron = r.nextInt(neurons);
                int d = r.nextInt(maxDelay + 1);
                double x = r.nextGaussian();
                ring.addReal(neuron, d, x);
                expected[t + d][neuron] += x;
            }
            double[] got = new double[neurons];
            int count = ring.takeRealEvents(n, v);
            for (int k = 0; k < count; k++) {
                got[n[k]] = v[k];
            }
            assertArrayEquals(expected[t], got, 0.0, "step " + t);
        }
    }
}
