package org.spikeport.simulator;

import java.util.Arrays;
import org.spikeport.core.arith.SenecaBf16Lif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.NeuronParams;

/**
 * {@link SenecaBf16Lif seneca-bf16-lif} in the simulator, bit for bit: each layer's pending input is a
 * circular delay queue of {@code maxLead + 1} slots with one accumulator per neuron, as the SENECA
 * program keeps per core. An event delivered {@code lead} steps ahead is added at once, with
 * {@link SenecaBf16Lif#accumulate}, to slot {@code (step + lead) mod slots}, so the additions into a
 * slot happen in delivery order (emission step, then presynaptic index, then synapse order). A step
 * takes the current slot (clearing it to {@code +0}) and updates the listed neurons with
 * {@link SenecaBf16Lif#integrate}; a neuron spikes iff {@link SenecaBf16Lif#spikes}, then its membrane is
 * {@code +0}.
 *
 * <p>The accumulator is bf16 or fp32 as the platform's {@code accumulator} width says (16 or 32). A
 * neuron is at rest when its membrane is {@code +0}; it is updated every step when a step from rest
 * without input changes it or spikes (a non-zero bias, a threshold at or below zero). Its float
 * membrane is the bf16 value itself; the raw membrane is the bf16 pattern.
 */
public final class SenecaBf16LifArithmetic implements Arithmetic {

    private final boolean bf16Accumulator;

    /** An arithmetic whose delay-queue accumulators are {@code accumulatorBits} wide (16: bf16, 32: fp32). */
    public SenecaBf16LifArithmetic(int accumulatorBits) {
        this.bf16Accumulator = SenecaBf16Lif.accumulatorIsBf16(accumulatorBits);
    }

    @Override
    public String name() {
        return SenecaBf16Lif.NAME;
    }

    @Override
    public Arithmetic.Layer layer(DeployedLayer layer, int maxLead) {
        return new Neurons(layer, maxLead, bf16Accumulator);
    }

    /** A layer's circular delay queue: per slot one float accumulator per neuron and the neurons touched. */
    private static final class DelayQueue {
        private final int neurons;
        private final int slots;
        private final float[] acc;
        private final boolean[] marked;
        private final int[] touched;
        private final int[] touchedCount;
        private final boolean bf16;
        private long step;

        DelayQueue(int neurons, int maxLead, boolean bf16) {
            if (maxLead < 0) {
                throw new IllegalArgumentException("max lead must be >= 0, got " + maxLead);
            }
            this.neurons = neurons;
            this.slots = maxLead + 1;
            int size = Math.multiplyExact(neurons, slots);
            this.acc = new float[size];
            this.marked = new boolean[size];
            this.touched = new int[size];
            this.touchedCount = new int[slots];
            this.bf16 = bf16;
        }

        void add(int neuron, int lead, int weight, long payload) {
            if (lead < 0 || lead >= slots) {
                throw new IllegalArgumentException("lead " + lead + " is outside 0.." + (slots - 1));
            }
            int s = (int) ((step + lead) % slots);
            int i = s * neurons + neuron;
            if (!marked[i]) {
                marked[i] = true;
                touched[s * neurons + touchedCount[s]++] = neuron;
            }
            acc[i] = SenecaBf16Lif.accumulate(acc[i], weight, payload, bf16);
        }

        /** Moves the current slot's touched neurons and values out, clears the slot, advances one step. */
        int take(int[] neuronsOut, float[] valuesOut) {
            int s = (int) (step % slots);
            int base = s * neurons;
            int n = touchedCount[s];
            for (int k = 0; k < n; k++) {
                int neuron = touched[base + k];
                neuronsOut[k] = neuron;
                valuesOut[k] = acc[base + neuron];
                acc[base + neuron] = 0f;
                marked[base + neuron] = false;
            }
            touchedCount[s] = 0;
            step++;
            return n;
        }
    }

    private static final class Neurons implements Arithmetic.Layer {
        private final int n;
        private final int[] decay;
        private final int[] threshold;
        private final int[] bias;
        private final int[] v;
        private final float[] input;
        private final DelayQueue queue;
        private final ActiveSet active;
        private final int[] eventNeurons;
        private final float[] eventValues;
        private int updates;

        Neurons(DeployedLayer layer, int maxLead, boolean bf16Accumulator) {
            NeuronParams p = layer.neuron();
            n = layer.outputs();
            decay = new int[n];
            threshold = new int[n];
            bias = new int[n];
            boolean[] restless = new boolean[n];
            for (int i = 0; i < n; i++) {
                decay[i] = SenecaBf16Lif.decay(p, i);
                threshold[i] = SenecaBf16Lif.threshold(p, i);
                bias[i] = SenecaBf16Lif.bias(p, i);
                int v1 = SenecaBf16Lif.integrate(SenecaBf16Lif.POSITIVE_ZERO, 0f, decay[i], bias[i]);
                restless[i] = v1 != SenecaBf16Lif.POSITIVE_ZERO || SenecaBf16Lif.spikes(v1, threshold[i]);
            }
            v = new int[n];
            input = new float[n];
            queue = new DelayQueue(n, maxLead, bf16Accumulator);
            active = new ActiveSet(restless);
            eventNeurons = new int[n];
            eventValues = new float[n];
        }

        @Override
        public int neurons() {
            return n;
        }

        @Override
        public void deliver(int neuron, int weight, long payload, int lead) {
            queue.add(neuron, lead, weight, payload);
        }

        @Override
        public int step(int[] spikesOut) {
            int k = queue.take(eventNeurons, eventValues);
            active.begin();
            for (int e = 0; e < k; e++) {
                input[eventNeurons[e]] = eventValues[e];
                active.add(eventNeurons[e]);
            }
            int spikes = 0;
            updates = active.size();
            for (int idx = 0; idx < updates; idx++) {
                int i = active.get(idx);
                int nv = SenecaBf16Lif.integrate(v[i], input[i], decay[i], bias[i]);
                input[i] = 0f;
                if (SenecaBf16Lif.spikes(nv, threshold[i])) {
                    spikesOut[spikes++] = i;
                    nv = SenecaBf16Lif.POSITIVE_ZERO;
                }
                v[i] = nv;
                active.updated(i, nv == SenecaBf16Lif.POSITIVE_ZERO);
            }
            active.end();
            Arrays.sort(spikesOut, 0, spikes);
            return spikes;
        }

        @Override
        public int lastUpdates() {
            return updates;
        }

        @Override
        public double membrane(int neuron) {
            return SenecaBf16Lif.toFloat(v[neuron]);
        }

        @Override
        public long rawMembrane(int neuron) {
            return v[neuron];
        }
    }
}
