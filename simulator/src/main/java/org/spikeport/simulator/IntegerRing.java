package org.spikeport.simulator;

/**
 * An {@link InputRing} of exact integer sums (64 bits), for the fixed-point arithmetics: a synaptic event
 * adds {@code coefficient * payload} to its accumulator. Each arithmetic applies its own widths when it
 * reads the sum.
 *
 * <p>For a source whose {@link Csr#groups} is set, the terms of one batch (one source, one emission step)
 * are first summed per (neuron, lead, channel) apart from the ring; {@link #endBatch} then adds each such
 * group's sum, rounded by the arithmetic's {@link Groups#apply}, to the ring. So a group never mixes
 * sources or emission steps, whatever else arrives in the same step.
 */
final class IntegerRing extends InputRing {

    /** An arithmetic's rounding of a group's exact sum before it joins the neuron's input. */
    interface Groups {

        /** The input a group of exact sum {@code sum} adds to {@code neuron}. */
        long apply(long sum, int neuron);
    }

    private final long[] values;
    private long[] staged;
    private long[] stagedMarks;

    IntegerRing(int neurons, int channels, int slots) {
        super(neurons, channels, slots);
        values = new long[size];
    }

    @Override
    void deliver(Csr c, int from, int to, long payload) {
        if (c.groups() != null) {
            stage(c, from, to, payload);
            return;
        }
        final long[] v = values;
        final int[] offset = c.offset();
        final int[] coefficient = c.coefficient();
        final int base = this.base;
        final int size = this.size;
        if (payload == 1) {
            for (int k = from; k < to; k++) {
                int i = base + offset[k];
                if (i >= size) {
                    i -= size;
                }
                v[i] += coefficient[k];
            }
        } else {
            for (int k = from; k < to; k++) {
                int i = base + offset[k];
                if (i >= size) {
                    i -= size;
                }
                v[i] += coefficient[k] * payload;
            }
        }
    }

    private void stage(Csr c, int from, int to, long payload) {
        if (staged == null) {
            staged = new long[size];
            stagedMarks = new long[(size + 63) >>> 6];
        }
        final long[] g = staged;
        final long[] marks = stagedMarks;
        final int[] offset = c.offset();
        final int[] coefficient = c.coefficient();
        for (int k = from; k < to; k++) {
            int off = offset[k];
            g[off] += coefficient[k] * payload;
            marks[off >>> 6] |= 1L << off;
        }
    }

    @Override
    void endBatch(Csr c) {
        Groups rule = c.groups();
        if (rule == null || staged == null) {
            return;
        }
        final long[] marks = stagedMarks;
        for (int w = 0; w < marks.length; w++) {
            long bits = marks[w];
            if (bits == 0) {
                continue;
            }
            marks[w] = 0;
            do {
                int off = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                values[index(off)] += rule.apply(staged[off], off % stride / channels);
                staged[off] = 0;
            } while (bits != 0);
        }
    }

    @Override
    boolean has(int neuron) {
        int at = base + neuron * channels;
        long any = values[at];
        for (int ch = 1; ch < channels; ch++) {
            any |= values[at + ch];
        }
        return any != 0;
    }

    /** Channel 0 of {@code neuron}'s input in the current slot, which it clears. */
    long take(int neuron) {
        return take(neuron, 0);
    }

    /** Channel {@code channel} of {@code neuron}'s input in the current slot, which it clears. */
    long take(int neuron, int channel) {
        int i = current(neuron * channels + channel);
        long x = values[i];
        values[i] = 0;
        return x;
    }
}
