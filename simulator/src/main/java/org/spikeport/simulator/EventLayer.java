package org.spikeport.simulator;

/**
 * The layer skeleton of the event-driven engine, the same for every arithmetic: one run's pending input
 * ({@link InputRing}), the set of neurons to update, and delivery of feed-forward and recurrent events
 * through the compiled synapses ({@link Csr}); the neurons' state and update are the arithmetic's
 * ({@link Arithmetic.Neurons}).
 *
 * <p>The neurons updated in a step are those with input in the current slot ({@link InputRing#pending})
 * plus those carried from the previous step: not at rest after their last update, or restless. Both are
 * bit sets of one bit per neuron, so a step costs {@code O(neurons / 64)} plus its updates (and the ring's
 * scan of the current slot), and neurons are updated, and their spikes listed, in increasing index.
 */
final class EventLayer {

    private final Arithmetic.Layer rule;
    private final Arithmetic.Neurons<?> neurons;
    private final InputRing ring;
    private final Csr feedForward;
    private final Csr recurrent;
    private final long[] restless;
    private final long[] carried;
    private int updates;

    /**
     * A fresh layer of {@code rule}'s neurons, fed by {@code feedForward} and, when not {@code null}, by its
     * own spikes through {@code recurrent}.
     */
    EventLayer(Arithmetic.Layer rule, Csr feedForward, Csr recurrent) {
        this.rule = rule;
        this.feedForward = feedForward;
        this.recurrent = recurrent;
        int slots = 1 + Math.max(feedForward.maxLead(), recurrent == null ? 0 : recurrent.maxLead());
        this.neurons = rule.neurons(slots);
        this.ring = neurons.ring;
        int n = rule.neurons();
        this.restless = new long[(n + 63) >>> 6];
        for (int i = 0; i < n; i++) {
            if (rule.restless(i)) {
                restless[i >>> 6] |= 1L << i;
            }
        }
        this.carried = restless.clone();
    }

    /**
     * Delivers one step's input counts ({@code counts[row .. row + channels - 1]}, one event of payload
     * {@code c} through each synapse of a channel whose count {@code c} is not 0).
     *
     * @return synaptic events delivered
     */
    long receiveCounts(int[] counts, int row, int channels) {
        long events = 0;
        Csr c = feedForward;
        for (int j = 0; j < channels; j++) {
            int count = counts[row + j];
            if (count != 0) {
                ring.deliver(c, c.start()[j], c.start()[j + 1], rule.payload(count));
                events += c.fanOut(j);
            }
        }
        ring.endBatch(c);
        return events;
    }

    /**
     * Delivers the previous layer's spikes of this step ({@code spikes[0 .. n-1]}, presynaptic indices in
     * increasing order).
     *
     * @return synaptic events delivered
     */
    long receive(int[] spikes, int n) {
        return deliver(feedForward, spikes, n);
    }

    /**
     * Delivers this layer's own spikes of the step that just ended through its recurrent synapses (the ring
     * already stands at the next step).
     *
     * @return synaptic events delivered
     */
    long receiveOwn(int[] spikes, int n) {
        return recurrent == null ? 0 : deliver(recurrent, spikes, n);
    }

    private long deliver(Csr c, int[] spikes, int n) {
        long events = 0;
        long payload = rule.payload(1);
        int[] start = c.start();
        for (int k = 0; k < n; k++) {
            int j = spikes[k];
            ring.deliver(c, start[j], start[j + 1], payload);
            events += start[j + 1] - start[j];
        }
        ring.endBatch(c);
        return events;
    }

    /**
     * Runs the current step: updates the neurons that need it and advances the ring.
     *
     * @param spikesOut receives the indices of the neurons that spiked, in increasing order; its length is
     *                  at least the number of neurons
     * @return how many neurons spiked
     */
    int step(int[] spikesOut) {
        Arithmetic.Neurons<?> nr = neurons;
        int spikes = 0;
        int count = 0;
        for (int w = 0; w < carried.length; w++) {
            long due = carried[w] | ring.pending(w);
            long keep = restless[w];
            while (due != 0) {
                int i = (w << 6) + Long.numberOfTrailingZeros(due);
                due &= due - 1;
                int r = nr.update(i);
                if ((r & Arithmetic.Neurons.SPIKED) != 0) {
                    spikesOut[spikes++] = i;
                }
                if ((r & Arithmetic.Neurons.AWAKE) != 0) {
                    keep |= 1L << i;
                }
                count++;
            }
            carried[w] = keep;
        }
        ring.advance();
        nr.stepEnded();
        updates = count;
        return spikes;
    }

    /** How many neuron updates the last {@link #step} made. */
    int lastUpdates() {
        return updates;
    }

    /** A neuron's membrane after the last step, in float units. */
    double membrane(int neuron) {
        return neurons.membrane(neuron);
    }

    /** A neuron's membrane after the last step as the chip holds it. */
    long rawMembrane(int neuron) {
        return neurons.rawMembrane(neuron);
    }
}
