package org.spikeport.simulator;

import org.spikeport.core.arith.SenecaBf16Lif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.NeuronParams;

/**
 * {@link SenecaBf16Lif seneca-bf16-lif} in the simulator, bit for bit: each layer's pending input is a
 * circular delay queue with one accumulator per neuron and slot, as the SENECA program keeps per core
 * (the skeleton's {@link InputRing}). An event delivered {@code lead} steps ahead is added at once, with
 * {@link SenecaBf16Lif#accumulate}, to the accumulator of its arrival step, so the additions into an
 * accumulator happen in delivery order (emission step; within it feed-forward, then recurrent; then
 * presynaptic index, then synapse order). A step takes the current slot (clearing it to {@code +0}) and
 * updates the listed neurons with {@link SenecaBf16Lif#integrate}; a neuron spikes iff
 * {@link SenecaBf16Lif#spikes}, then its membrane is {@link SenecaBf16Lif#reset}: {@code +0}, or
 * {@code bf16(v - theta)} for a layer that resets by subtraction ({@link SenecaBf16Lif#subtracts}).
 *
 * <p>The accumulator is bf16 or fp32 as the platform's {@code accumulator} width says (16 or 32). A
 * neuron is at rest when its membrane is {@code +0}; it is updated every step when a step from rest
 * without input changes it or spikes (a non-zero bias, a threshold at or below zero). Its float
 * membrane is the bf16 value itself; the raw membrane is the bf16 pattern.
 */
final class SenecaBf16LifArithmetic implements Arithmetic {

    private final boolean bf16Accumulator;

    /** An arithmetic whose delay-queue accumulators are {@code accumulatorBits} wide (16: bf16, 32: fp32). */
    SenecaBf16LifArithmetic(int accumulatorBits) {
        this.bf16Accumulator = SenecaBf16Lif.accumulatorIsBf16(accumulatorBits);
    }

    @Override
    public String name() {
        return SenecaBf16Lif.NAME;
    }

    @Override
    public Arithmetic.Layer layer(DeployedLayer layer) {
        return new Rule(layer, bf16Accumulator);
    }

    /** The delay queue: float accumulators; an event is {@link SenecaBf16Lif#accumulate}d into its own. */
    static final class Queue extends InputRing {
        private final float[] acc;
        private final boolean bf16;

        Queue(int neurons, int slots, boolean bf16) {
            super(neurons, 1, slots);
            this.acc = new float[size];
            this.bf16 = bf16;
        }

        @Override
        void deliver(Csr c, int from, int to, long payload) {
            final int[] offset = c.offset();
            final int[] weight = c.coefficient();
            for (int k = from; k < to; k++) {
                int i = index(offset[k]);
                acc[i] = SenecaBf16Lif.accumulate(acc[i], weight[k], payload, bf16);
            }
        }

        @Override
        boolean has(int neuron) {
            return Float.floatToRawIntBits(acc[current(neuron)]) != 0;
        }

        /** {@code neuron}'s accumulator in the current slot, which it clears to {@code +0}. */
        float take(int neuron) {
            int i = current(neuron);
            float x = acc[i];
            acc[i] = 0f;
            return x;
        }
    }

    private static final class Rule extends Arithmetic.Layer {
        private final int n;
        private final boolean bf16Accumulator;
        private final int[] decay;
        private final int[] threshold;
        private final int[] bias;
        private final boolean subtract;

        Rule(DeployedLayer layer, boolean bf16Accumulator) {
            super(layer.outputs());
            NeuronParams p = layer.neuron();
            this.n = layer.outputs();
            this.bf16Accumulator = bf16Accumulator;
            decay = new int[n];
            threshold = new int[n];
            bias = new int[n];
            subtract = SenecaBf16Lif.subtracts(p);
            for (int i = 0; i < n; i++) {
                decay[i] = SenecaBf16Lif.decay(p, i);
                threshold[i] = SenecaBf16Lif.threshold(p, i);
                bias[i] = SenecaBf16Lif.bias(p, i);
                int v1 = SenecaBf16Lif.integrate(SenecaBf16Lif.POSITIVE_ZERO, 0f, decay[i], bias[i]);
                restless[i] = v1 != SenecaBf16Lif.POSITIVE_ZERO || SenecaBf16Lif.spikes(v1, threshold[i]);
            }
        }

        @Override
        State neurons(int slots) {
            return new State(this, slots);
        }
    }

    private static final class State extends Arithmetic.Neurons<Queue> {
        private final Rule r;
        private final int[] v;

        State(Rule rule, int slots) {
            super(new Queue(rule.n, slots, rule.bf16Accumulator));
            r = rule;
            v = new int[rule.n];
        }

        @Override
        int update(int i) {
            int nv = SenecaBf16Lif.integrate(v[i], ring.take(i), r.decay[i], r.bias[i]);
            int result = 0;
            if (SenecaBf16Lif.spikes(nv, r.threshold[i])) {
                result = SPIKED;
                nv = SenecaBf16Lif.reset(nv, r.threshold[i], r.subtract);
            }
            v[i] = nv;
            return nv == SenecaBf16Lif.POSITIVE_ZERO ? result : result | AWAKE;
        }

        @Override
        double membrane(int neuron) {
            return SenecaBf16Lif.toFloat(v[neuron]);
        }

        @Override
        long rawMembrane(int neuron) {
            return v[neuron];
        }
    }
}
