package org.spikeport.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.ir.SparseSynapses;

/** The skeleton's ring mechanics and compiled synapses, against absolute timelines. */
class InputRingTest {

    /** A synapse rule with the given channels (weights < 0 to channel 1 when there are two) and groups. */
    private static Arithmetic.Layer rule(int neurons, int channels, IntegerRing.Groups groups) {
        return new Arithmetic.Layer(neurons) {
            @Override
            int channels() {
                return channels;
            }

            @Override
            int channel(int weight) {
                return channels == 2 && weight < 0 ? 1 : 0;
            }

            @Override
            IntegerRing.Groups groups(boolean recurrent) {
                return groups;
            }

            @Override
            Arithmetic.Neurons<?> neurons(int slots) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static Csr csr(int pres, int neurons, int[] pre, int[] post, int[] weight, int[] delay, int channels,
                           IntegerRing.Groups groups) {
        return Csr.of(new SparseSynapses(pre, post, weight, delay), pres, 0, rule(neurons, channels, groups), false);
    }

    private static long[] takeAll(IntegerRing ring, int neurons, int channel) {
        long[] out = new long[neurons];
        for (int i = 0; i < neurons; i++) {
            out[i] = ring.take(i, channel);
        }
        return out;
    }

    @Test
    void inputArrivesAfterItsLeadAcrossTheWrap() {
        // pre 0 -> neuron 1 (weight 5, delay 2), neuron 0 (weight 7, delay 0); 3 slots
        Csr c = csr(1, 2, new int[] {0, 0}, new int[] {1, 0}, new int[] {5, 7}, new int[] {2, 0}, 1, null);
        IntegerRing ring = new IntegerRing(2, 1, 3);
        for (int t = 0; t < 7; t++) {
            if (t % 2 == 0) {
                ring.deliver(c, 0, 2, 1 + t);
                ring.endBatch(c);
            }
            long[] want = new long[2];
            if (t % 2 == 0) {
                want[0] = 7L * (1 + t);
            }
            if (t >= 2 && t % 2 == 0) {
                want[1] = 5L * (1 + t - 2);
            }
            assertEquals((want[0] != 0 ? 1 : 0) | (want[1] != 0 ? 2 : 0), ring.pending(0), "pending at step " + t);
            assertArrayEquals(want, takeAll(ring, 2, 0), "step " + t);
            ring.advance();
        }
    }

    @Test
    void aRingTooLargeForItsLeadsIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Csr.of(new SparseSynapses(new int[] {0}, new int[] {0}, new int[] {1}, new int[] {1}), 1,
                        Integer.MAX_VALUE - 1, rule(1, 1, null), false));
    }

    /** Random events equal an absolute timeline, channel by channel; pending lists exactly the non-zero sums. */
    @Property(tries = 200)
    void equalsAbsoluteTimeline(@ForAll long seed, @ForAll @IntRange(min = 0, max = 9) int maxDelay,
                                @ForAll @IntRange(min = 1, max = 2) int channels) {
        Random r = new Random(seed);
        int neurons = 1 + r.nextInt(70);
        int pres = 1 + r.nextInt(5);
        int n = r.nextInt(30);
        int[] pre = new int[n];
        int[] post = new int[n];
        int[] weight = new int[n];
        int[] delay = new int[n];
        for (int k = 0; k < n; k++) {
            pre[k] = r.nextInt(pres);
            post[k] = r.nextInt(neurons);
            weight[k] = r.nextInt(7) - 3;
            delay[k] = r.nextInt(maxDelay + 1);
        }
        Csr c = csr(pres, neurons, pre, post, weight, delay, channels, null);
        IntegerRing ring = new IntegerRing(neurons, channels, maxDelay + 1);
        int steps = 30;
        long[][][] timeline = new long[steps + maxDelay + 1][channels][neurons];
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < pres; j++) {
                if (r.nextBoolean()) {
                    long payload = 1 + r.nextInt(3);
                    ring.deliver(c, c.start()[j], c.start()[j + 1], payload);
                    for (int k = 0; k < n; k++) {
                        if (pre[k] == j) {
                            int ch = channels == 2 && weight[k] < 0 ? 1 : 0;
                            timeline[t + delay[k]][ch][post[k]] += weight[k] * payload;
                        }
                    }
                }
            }
            ring.endBatch(c);
            for (int w = 0; w < (neurons + 63) / 64; w++) {
                long want = 0;
                for (int i = 64 * w; i < Math.min(neurons, 64 * w + 64); i++) {
                    for (int ch = 0; ch < channels; ch++) {
                        want |= (timeline[t][ch][i] != 0 ? 1L : 0L) << i;
                    }
                }
                assertEquals(want, ring.pending(w), "pending word " + w + " at step " + t);
            }
            for (int ch = 0; ch < channels; ch++) {
                assertArrayEquals(timeline[t][ch], takeAll(ring, neurons, ch), "step " + t + ", channel " + ch);
            }
            ring.advance();
        }
    }

    @Test
    void additionsThatCancelAreNotPending() {
        Csr c = csr(2, 1, new int[] {0, 1}, new int[] {0, 0}, new int[] {3, -3}, new int[] {1, 1}, 1, null);
        IntegerRing ring = new IntegerRing(1, 1, 2);
        ring.deliver(c, 0, 2, 1);
        ring.endBatch(c);
        ring.advance();
        assertEquals(0, ring.pending(0), "3 - 3 is no input");
        assertEquals(0, ring.take(0));
    }

    /**
     * Groups are one batch's sum per (neuron, lead), rounded apart: two batches of sum 1 into the same
     * arrival, floored by a shift of -1, give 0 + 0; one batch of sum 2 gives 1. Another lead is another
     * group.
     */
    @Test
    void groupsRoundEachBatchApart() {
        IntegerRing.Groups half = (sum, neuron) -> sum >> 1;
        Csr c = csr(2, 1, new int[] {0, 1, 1}, new int[] {0, 0, 0}, new int[] {1, 1, 1}, new int[] {1, 1, 0}, 1, half);
        IntegerRing ring = new IntegerRing(1, 1, 3);
        ring.deliver(c, c.start()[0], c.start()[1], 1);
        ring.endBatch(c);
        ring.deliver(c, c.start()[0], c.start()[1], 1);
        ring.endBatch(c);
        ring.advance();
        assertEquals(0, ring.take(0), "1 >> 1 twice");
        ring.advance();
        ring.deliver(c, c.start()[0], c.start()[1], 1);
        ring.deliver(c, c.start()[1], c.start()[2], 1);
        ring.endBatch(c);
        assertEquals(0, ring.take(0), "pre 1's delay-0 term alone: 1 >> 1");
        ring.advance();
        assertEquals(1, ring.take(0), "pre 0 and pre 1 through delay 1 in one batch: 2 >> 1");
    }

    /**
     * The real ring sums in delivery order from +0.0: 1 then two terms of 2^-53 gives 1, the tiny terms
     * first give 1 + 2^-52. Within one presynaptic neuron, synapses with the same (post, delay) keep their
     * IR order; rows are ordered by offset.
     */
    @Test
    void floatRingSumsInDeliveryOrderAndRowsKeepTheIrOrder() {
        int one = FloatLif.encodeWeight(1.0);
        int tiny = FloatLif.encodeWeight(Math.scalb(1.0, -53));
        Csr c = csr(2, 2, new int[] {0, 1, 1, 0}, new int[] {0, 0, 0, 1}, new int[] {one, tiny, tiny, tiny},
                new int[] {0, 0, 0, 0}, 1, null);
        assertArrayEquals(new int[] {0, 2, 4}, c.start());
        assertArrayEquals(new int[] {0, 1, 0, 0}, c.offset());
        for (int[] order : new int[][] {{0, 1}, {1, 0}}) {
            FloatLifArithmetic.Ring ring = new FloatLifArithmetic.Ring(2, 1);
            for (int j : order) {
                ring.deliver(c, c.start()[j], c.start()[j + 1], 1);
            }
            double want = order[0] == 0 ? 1.0 : 1.0 + Math.scalb(1.0, -52);
            assertEquals(want, ring.take(0), 0.0, "order " + order[0] + ", " + order[1]);
        }
        assertTrue(1.0 + Math.scalb(1.0, -53) + Math.scalb(1.0, -53) == 1.0);
    }
}
