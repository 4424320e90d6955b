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
    void eventsListOnlyTouchedNeuronsInIncreasingOrder() {
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
        assertArrayEquals(new int[] {1, 3}, java.util.Arrays.copyOf(n, 2), "touched even when the sum is 0");
        assertArrayEquals(new long[] {2, 0}, java.util.Arrays.copyOf(v, 2));
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

    /** A batch of additions equals the same additions one by one, across several 64-neuron words. */
    @Property(tries = 200)
    void batchEqualsSingleAdditions(@ForAll long seed, @ForAll @IntRange(min = 0, max = 9) int maxDelay) {
        Random r = new Random(seed);
        int neurons = 1 + r.nextInt(200);
        InputRing single = new InputRing(neurons, maxDelay);
        InputRing batch = new InputRing(neurons, maxDelay);
        InputRing singleReal = InputRing.real(neurons, maxDelay);
        InputRing batchReal = InputRing.real(neurons, maxDelay);
        int[] n1 = new int[neurons];
        int[] n2 = new int[neurons];
        long[] v1 = new long[neurons];
        long[] v2 = new long[neurons];
        double[] r1 = new double[neurons];
        double[] r2 = new double[neurons];
        for (int t = 0; t < 30; t++) {
            int k = r.nextInt(50);
            int[] post = new int[k];
            int[] w = new int[k];
            int[] d = new int[k];
            for (int i = 0; i < k; i++) {
                post[i] = r.nextInt(neurons);
                w[i] = r.nextInt(2) == 0 ? r.nextInt(511) - 256 : org.spikeport.core.arith.FloatLif.encodeWeight(r.nextGaussian());
                d[i] = r.nextInt(maxDelay + 1);
            }
            long payload = 1 + r.nextInt(3);
            int from = k == 0 ? 0 : r.nextInt(k);
            for (int i = from; i < k; i++) {
                single.add(post[i], d[i], w[i] * payload);
                singleReal.addReal(post[i], d[i], org.spikeport.core.arith.FloatLif.decodeWeight(w[i]) * payload);
            }
            batch.addAll(post, w, d, from, k, payload);
            batchReal.addAllFloatLif(post, w, d, from, k, payload);
            int c1 = single.takeEvents(n1, v1);
            assertEquals(c1, batch.takeEvents(n2, v2));
            assertArrayEquals(java.util.Arrays.copyOf(n1, c1), java.util.Arrays.copyOf(n2, c1), "step " + t);
            assertArrayEquals(java.util.Arrays.copyOf(v1, c1), java.util.Arrays.copyOf(v2, c1), "step " + t);
            int c2 = singleReal.takeRealEvents(n1, r1);
            assertEquals(c2, batchReal.takeRealEvents(n2, r2));
            assertArrayEquals(java.util.Arrays.copyOf(r1, c2), java.util.Arrays.copyOf(r2, c2), 0.0, "step " + t);
        }
    }
}
