package org.spikeport.simulator;

/**
 * Pending synaptic input of a population of neurons, indexed by arrival step (NEST-style ring buffer).
 *
 * <p>The ring has {@code maxDelay + 1} slots per neuron; slot {@code step mod (maxDelay + 1)} holds the
 * input that arrives at {@code step}. {@link #add} schedules input at most {@code maxDelay} steps
 * ahead of the current step; {@link #take} reads and clears the current step's input. Values are
 * {@code long}, so integer arithmetics sum exactly; each arithmetic applies its own width afterwards.
 */
public final class InputRing {

    private final int neurons;
    private final int slots;
    private final long[] values;
    private long step;

    public InputRing(int neurons, int maxDelay) {
        if (neurons < 1) {
            throw new IllegalArgumentException("an input ring needs at least one neuron, got " + neurons);
        }
        if (maxDelay < 0) {
            throw new IllegalArgumentException("max delay must be >= 0, got " + maxDelay);
        }
        this.neurons = neurons;
        this.slots = maxDelay + 1;
        this.values = new long[Math.multiplyExact(neurons, slots)];
    }

    /** The step whose input {@link #take} returns next. */
    public long step() {
        return step;
    }

    /** Adds {@code value} to {@code neuron}'s input arriving {@code delay} steps after the current step. */
    public void add(int neuron, int delay, long value) {
        if (delay < 0 || delay >= slots) {
            throw new IllegalArgumentException("delay " + delay + " is outside 0.." + (slots - 1));
        }
        values[slot(step + delay) * neurons + neuron] += value;
    }

    /** Copies the current step's input of every neuron into {@code out}, clears it, and advances one step. */
    public void take(long[] out) {
        int base = slot(step) * neurons;
        System.arraycopy(values, base, out, 0, neurons);
        java.util.Arrays.fill(values, base, base + neurons, 0L);
        step++;
    }

    private int slot(long s) {
        return (int) (s % slots);
    }
}
