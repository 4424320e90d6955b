package org.spikeport.simulator;

/**
 * Pending synaptic input of one layer's neurons, indexed by arrival step (a NEST-style ring buffer): the
 * skeleton's part of it, shared by every arithmetic. What one synaptic event adds, and in which number
 * format, is the subclass's (the arithmetic's) rule.
 *
 * <h2>Layout</h2>
 *
 * {@code slots} slots, one per arrival step modulo {@code slots}; a slot holds {@code channels} accumulators
 * per neuron (two for an arithmetic that keeps excitatory and inhibitory input apart), at index
 * {@code slot * stride + neuron * channels + channel}, {@code stride = neurons * channels}. The current
 * slot is the one whose input arrives at the current step; input {@code lead} steps ahead goes
 * {@code lead * stride} further on, wrapping once. A synapse's {@link Csr#offset offset} is its
 * {@code lead * stride + post * channels + channel}, computed once when the network is compiled, so
 * delivering an event is one addition and one compare.
 *
 * <h2>Use in a step</h2>
 *
 * <ol>
 *   <li>{@link #deliver} for every presynaptic event of one source (a layer's spikes of one step, or one
 *       step's input counts), then {@link #endBatch} once;</li>
 *   <li>{@link #pending} tells which neurons have input in the current slot; the arithmetic reads each
 *       listed neuron's input with its subclass's {@code take}, which clears it;</li>
 *   <li>{@link #advance} moves to the next step.</li>
 * </ol>
 *
 * A neuron has input in a step when one of its accumulators is not all zero bits. A neuron at rest
 * whose additions cancel to zero is not listed: its update would be the update from rest without input,
 * which leaves it at rest unless the arithmetic updates it every step anyway (its restless neurons).
 */
abstract class InputRing {

    /** Neurons, accumulators per neuron, slots, {@code neurons * channels}, {@code slots * stride}. */
    final int neurons;
    final int channels;
    final int slots;
    final int stride;
    final int size;
    /** Index of the current slot's first accumulator. */
    int base;

    InputRing(int neurons, int channels, int slots) {
        if (neurons < 1 || channels < 1 || slots < 1) {
            throw new IllegalArgumentException("an input ring needs neurons, channels and slots >= 1, got " + neurons
                    + ", " + channels + ", " + slots);
        }
        this.neurons = neurons;
        this.channels = channels;
        this.slots = slots;
        this.stride = Math.multiplyExact(neurons, channels);
        this.size = Math.multiplyExact(stride, slots);
    }

    /** The largest lead the ring holds: {@code slots - 1}. */
    final int maxLead() {
        return slots - 1;
    }

    /**
     * Adds one presynaptic event of {@code payload} through synapses {@code from .. to-1} of {@code c}, in
     * that order, into the slots of their offsets.
     */
    abstract void deliver(Csr c, int from, int to, long payload);

    /** Ends the events of one source and one emission step (an arithmetic that rounds per group does it here). */
    void endBatch(Csr c) {
    }

    /** Bits of the neurons {@code 64 word .. 64 word + 63} that have input in the current slot ({@link #has}). */
    final long pending(int word) {
        int first = word << 6;
        int last = Math.min(neurons, first + 64);
        long bits = 0;
        for (int i = first; i < last; i++) {
            bits |= (has(i) ? 1L : 0L) << i;
        }
        return bits;
    }

    /** Whether one of {@code neuron}'s accumulators in the current slot is not all zero bits. */
    abstract boolean has(int neuron);

    /** Moves to the next step; the current slot must have been taken (it is reused for lead {@code slots - 1}). */
    final void advance() {
        base += stride;
        if (base == size) {
            base = 0;
        }
    }

    /** The index of accumulator {@code at} of the current slot ({@code at < stride}). */
    final int current(int at) {
        return base + at;
    }

    /** The index of a synapse's accumulator: its {@link Csr#offset offset} from the current slot, wrapped once. */
    final int index(int offset) {
        int i = base + offset;
        return i >= size ? i - size : i;
    }
}
