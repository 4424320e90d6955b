package org.spikeport.simulator;

import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.NeuronParams;

/**
 * {@link FloatLif lif-float} in the simulator: double-precision membranes, weights decoded from their
 * float32 bits, the bias added every step, {@link FloatLif#integrate} and {@link FloatLif#spikes}
 * for the rule and {@link FloatLif#reset} after a spike (to {@code +0.0}, or {@code v - threshold} for a
 * layer that resets by subtraction, {@link FloatLif#subtracts}). The readout's threshold is
 * {@code +Infinity}, so it never spikes.
 *
 * <p>Input of a neuron in a step is summed in double from {@code +0.0}, term
 * {@code decodeWeight(w) * payload}, in the order the events were delivered ({@link Simulation}'s class
 * comment states it). A neuron is at rest when {@code v == 0}; it is updated every step when its bias is
 * non-zero or a zero membrane would spike.
 */
final class FloatLifArithmetic implements Arithmetic {

    @Override
    public String name() {
        return FloatLif.NAME;
    }

    @Override
    public Arithmetic.Layer layer(DeployedLayer layer) {
        return new Rule(layer);
    }

    /** Double accumulators; an event adds {@code decodeWeight(w) * payload} to its accumulator. */
    static final class Ring extends InputRing {
        private final double[] values;

        Ring(int neurons, int slots) {
            super(neurons, 1, slots);
            values = new double[size];
        }

        @Override
        void deliver(Csr c, int from, int to, long payload) {
            final int[] offset = c.offset();
            final int[] weight = c.coefficient();
            final double p = payload;
            for (int k = from; k < to; k++) {
                values[index(offset[k])] += FloatLif.decodeWeight(weight[k]) * p;
            }
        }

        @Override
        boolean has(int neuron) {
            return Double.doubleToRawLongBits(values[current(neuron)]) != 0;
        }

        /** {@code neuron}'s input in the current slot, which it clears to {@code +0.0}. */
        double take(int neuron) {
            int i = current(neuron);
            double x = values[i];
            values[i] = 0.0;
            return x;
        }
    }

    private static final class Rule extends Arithmetic.Layer {
        private final int n;
        private final double tau;
        private final double threshold;
        private final boolean subtract;
        private final double[] bias;

        Rule(DeployedLayer layer) {
            super(layer.outputs());
            NeuronParams p = layer.neuron();
            n = layer.outputs();
            tau = FloatLif.tau(p);
            threshold = FloatLif.threshold(p);
            subtract = FloatLif.subtracts(p);
            bias = new double[n];
            for (int i = 0; i < n; i++) {
                bias[i] = FloatLif.bias(p, i);
                double v1 = FloatLif.integrate(0.0, 0.0, tau, bias[i]);
                restless[i] = v1 != 0.0 || FloatLif.spikes(v1, threshold);
            }
        }

        @Override
        State neurons(int slots) {
            return new State(this, slots);
        }
    }

    private static final class State extends Arithmetic.Neurons<Ring> {
        private final Rule r;
        private final double[] v;

        State(Rule rule, int slots) {
            super(new Ring(rule.n, slots));
            r = rule;
            v = new double[rule.n];
        }

        @Override
        int update(int i) {
            double nv = FloatLif.integrate(v[i], ring.take(i), r.tau, r.bias[i]);
            int result = 0;
            if (FloatLif.spikes(nv, r.threshold)) {
                result = SPIKED;
                nv = FloatLif.reset(nv, r.threshold, r.subtract);
            }
            v[i] = nv;
            return nv == 0.0 ? result : result | AWAKE;
        }

        @Override
        double membrane(int neuron) {
            return v[neuron];
        }

        @Override
        long rawMembrane(int neuron) {
            return Double.doubleToLongBits(v[neuron]);
        }
    }
}
