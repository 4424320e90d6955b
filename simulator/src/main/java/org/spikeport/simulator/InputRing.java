package org.spikeport.simulator;

import java.util.Arrays;
import org.spikeport.core.arith.FloatLif;

/**
 * Pending synaptic input of a population of neurons, indexed by arrival step (NEST-style ring buffer).
 *
 * <p>The ring has {@code maxDelay + 1} slots per neuron; slot {@code step mod (maxDelay + 1)} holds the
 * input that arrives at {@code step}. {@link #add} schedules input at most {@code maxDelay} steps
 * ahead of the current step; {@link #take} reads and clears the current step's input. Values are
 * {@code long}, so integer arithmetics sum exactly; each arithmetic applies its own width afterwards.
 *
 * <p>A ring made by {@link #real} holds {@code double} values instead ({@link #addReal},
 * {@link #takeReal}), for floating-point arithmetics; each neuron's value is summed in the order the
 * additions were made, starting from {@code +0.0}.
 *
 * <p>Each slot also remembers which neurons received an addition since it was last cleared, so the
 * event-driven engine can visit only those ({@link #takeEvents}, {@link #takeRealEvents}); a neuron
 * counts as touched even when its additions sum to zero. Touched neurons are kept as one bit per
 * neuron and slot, so recording a touch is a branch-free OR and a step's neurons come out in
 * increasing index.
 */
public final class InputRing {

    private final int neurons;
    private final int slots;
    private final long[] values;
    private final double[] reals;
    private final int words;
    private final long[] touched;
    private long step;
    private int current;

    /** An integer ring. */
    public InputRing(int neurons, int maxDelay) {
        this(neurons, maxDelay, false);
    }

    private InputRing(int neurons, int maxDelay, boolean real) {
        if (neurons < 1) {
            throw new IllegalArgumentException("an input ring needs at least one neuron, got " + neurons);
        }
        if (maxDelay < 0) {
            throw new IllegalArgumentException("max delay must be >= 0, got " + maxDelay);
        }
        this.neurons = neurons;
        this.slots = maxDelay + 1;
        int size = Math.multiplyExact(neurons, slots);
        this.values = real ? null : new long[size];
        this.reals = real ? new double[size] : null;
        this.words = (neurons + 63) >>> 6;
        this.touched = new long[Math.multiplyExact(words, slots)];
    }

    /** A floating-point ring. */
    public static InputRing real(int neurons, int maxDelay) {
        return new InputRing(neurons, maxDelay, true);
    }

    /** The step whose input {@link #take} returns next. */
    public long step() {
        return step;
    }

    /** The largest delay {@link #add} accepts. */
    public int maxDelay() {
        return slots - 1;
    }

    /** Adds {@code value} to {@code neuron}'s input arriving {@code delay} steps after the current step. */
    public void add(int neuron, int delay, long value) {
        values[mark(neuron, delay)] += value;
    }

    /** As {@link #add}, for a ring made by {@link #real}. */
    public void addReal(int neuron, int delay, double value) {
        reals[mark(neuron, delay)] += value;
    }

    /**
     * Adds {@code weight[k] * payload} to neuron {@code neuron[k]}'s input arriving {@code delay[k]} steps
     * ahead, for {@code k} in {@code from .. to-1}, in that order: the same as calling {@link #add} for
     * each. Delays must be within {@code 0 .. maxDelay()} (not checked per element).
     */
    public void addAll(int[] neuron, int[] weight, int[] delay, int from, int to, long payload) {
        final int n = neurons;
        final int cur = current;
        final int slots = this.slots;
        final long[] values = this.values;
        final long[] touched = this.touched;
        final int words = this.words;
        for (int k = from; k < to; k++) {
            int s = cur + delay[k];
            if (s >= slots) {
                s -= slots;
            }
            int post = neuron[k];
            int i = s * n + post;
            values[i] += weight[k] * payload;
            touched[s * words + (post >>> 6)] |= 1L << post;
        }
    }

    /**
     * As {@link #addAll} for a ring made by {@link #real}: adds {@code FloatLif.decodeWeight(weight[k]) * payload}
     * (the {@code lif-float} weight encoding).
     */
    public void addAllFloatLif(int[] neuron, int[] weight, int[] delay, int from, int to, long payload) {
        final int n = neurons;
        final int cur = current;
        final int slots = this.slots;
        final double[] reals = this.reals;
        final long[] touched = this.touched;
        final int words = this.words;
        final double p = payload;
        for (int k = from; k < to; k++) {
            int s = cur + delay[k];
            if (s >= slots) {
                s -= slots;
            }
            int post = neuron[k];
            int i = s * n + post;
            reals[i] += FloatLif.decodeWeight(weight[k]) * p;
            touched[s * words + (post >>> 6)] |= 1L << post;
        }
    }

    private int mark(int neuron, int delay) {
        if (delay < 0 || delay >= slots) {
            throw new IllegalArgumentException("delay " + delay + " is outside 0.." + (slots - 1));
        }
        int s = current + delay;
        if (s >= slots) {
            s -= slots;
        }
        int i = s * neurons + neuron;
        touched[s * words + (neuron >>> 6)] |= 1L << neuron;
        return i;
    }

    /** Copies the current step's input of every neuron into {@code out}, clears it, and advances one step. */
    public void take(long[] out) {
        int base = current * neurons;
        System.arraycopy(values, base, out, 0, neurons);
        Arrays.fill(values, base, base + neurons, 0L);
        clearMarks(current);
        advance();
    }

    /**
     * Writes the neurons touched in the current step (in increasing index) to {@code neuronsOut} and
     * their input to {@code valuesOut}, clears the step and advances one step.
     *
     * @return how many neurons were touched
     */
    public int takeEvents(int[] neuronsOut, long[] valuesOut) {
        int base = current * neurons;
        int w0 = current * words;
        int n = 0;
        for (int w = 0; w < words; w++) {
            long bits = touched[w0 + w];
            touched[w0 + w] = 0L;
            while (bits != 0) {
                int neuron = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                neuronsOut[n] = neuron;
                valuesOut[n++] = values[base + neuron];
                values[base + neuron] = 0L;
            }
        }
        advance();
        return n;
    }

    /** As {@link #takeEvents}, for a ring made by {@link #real}. */
    public int takeRealEvents(int[] neuronsOut, double[] valuesOut) {
        int base = current * neurons;
        int w0 = current * words;
        int n = 0;
        for (int w = 0; w < words; w++) {
            long bits = touched[w0 + w];
            touched[w0 + w] = 0L;
            while (bits != 0) {
                int neuron = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                neuronsOut[n] = neuron;
                valuesOut[n++] = reals[base + neuron];
                reals[base + neuron] = 0.0;
            }
        }
        advance();
        return n;
    }

    private void clearMarks(int s) {
        Arrays.fill(touched, s * words, (s + 1) * words, 0L);
    }

    private void advance() {
        step++;
        current = current + 1 == slots ? 0 : current + 1;
    }

}
