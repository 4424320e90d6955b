package org.spikeport.simulator;

import java.util.Arrays;
import org.spikeport.core.ir.SparseSynapses;

/**
 * One source's synapses into one layer, compiled for delivery (compressed sparse rows): grouped by
 * presynaptic neuron, each with its ring {@link InputRing offset} and the arithmetic's coefficient.
 * Immutable, so one compiled network serves any number of runs and threads.
 *
 * <p>Within one presynaptic neuron the synapses are ordered by offset (arrival slot, then postsynaptic
 * neuron, then channel), stably: synapses with equal offsets keep their IR order. An accumulator therefore
 * receives one presynaptic event's terms in IR order, which is all an order-dependent sum sees (the
 * summation order in {@link Simulation}), and the deliveries of one event walk the ring forwards.
 *
 * @param start       synapses of presynaptic neuron {@code j} are {@code start[j] .. start[j+1]-1}
 * @param offset      per synapse: {@code lead * stride + post * channels + channel} ({@link InputRing})
 * @param coefficient per synapse: the arithmetic's coefficient ({@link Arithmetic.Layer#coefficient})
 * @param maxLead     the largest lead, {@code maxDelay + extra} (the extra steps of every synapse)
 * @param groups      the arithmetic's rounding of one emission step's sum per (neuron, lead), or
 *                    {@code null} when the terms are added to the ring as they come
 *                    ({@link Arithmetic.Layer#groups})
 * @param recurrent   whether these are the layer's recurrent synapses
 */
record Csr(int[] start, int[] offset, int[] coefficient, int maxLead, IntegerRing.Groups groups, boolean recurrent) {

    /**
     * Compiles {@code s} (from {@code presynaptic} neurons into {@code rule}'s layer); each synapse's lead is
     * its delay plus {@code extra}.
     */
    static Csr of(SparseSynapses s, int presynaptic, int extra, Arithmetic.Layer rule, boolean recurrent) {
        int n = s.size();
        int channels = rule.channels();
        long stride = (long) rule.neurons() * channels;
        int maxLead = Math.addExact(s.maxDelay(), extra);
        if (maxLead < 0) {
            throw new IllegalArgumentException("a lead of " + maxLead + " steps is negative");
        }
        if ((maxLead + 1L) * stride > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an input ring of " + (maxLead + 1) + " slots of " + stride
                    + " accumulators is too large");
        }
        int[] start = new int[presynaptic + 1];
        for (int pre : s.pre()) {
            start[pre + 1]++;
        }
        for (int j = 0; j < presynaptic; j++) {
            start[j + 1] += start[j];
        }
        // per row, key = offset << 32 | IR index: sorting the keys orders by offset, stably
        long[] keys = new long[n];
        int[] fill = start.clone();
        for (int k = 0; k < n; k++) {
            int post = s.post()[k];
            int w = s.weight()[k];
            long off = (s.delay()[k] + extra) * stride + (long) post * channels + rule.channel(w);
            keys[fill[s.pre()[k]]++] = off << 32 | k;
        }
        int[] offset = new int[n];
        int[] coefficient = new int[n];
        for (int j = 0; j < presynaptic; j++) {
            Arrays.sort(keys, start[j], start[j + 1]);
        }
        for (int at = 0; at < n; at++) {
            int k = (int) keys[at];
            offset[at] = (int) (keys[at] >>> 32);
            coefficient[at] = rule.coefficient(s.weight()[k], s.post()[k], recurrent);
        }
        return new Csr(start, offset, coefficient, maxLead, rule.groups(recurrent), recurrent);
    }

    /** Synapses of presynaptic neuron {@code j}. */
    int fanOut(int j) {
        return start[j + 1] - start[j];
    }
}
