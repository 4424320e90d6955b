package org.spikeport.simulator;

import java.util.Arrays;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.NeuronParams;

/**
 * {@link FloatLif lif-float} in the simulator: double-precision membranes, weights decoded from their
 * float32 bits, the bias added every step, {@link FloatLif#integrate} and {@link FloatLif#spikes}
 * for the rule and {@link FloatLif#reset} after a spike (to {@code +0.0}, or {@code v - threshold} for a
 * layer that resets by subtraction, {@link FloatLif#subtracts}). The readout's threshold is
 * {@code +Infinity}, so it never spikes. Recurrent synapses are delivered into the same input ring as
 * the feed-forward ones.
 *
 * <p>Input of a neuron in a step is summed from {@code +0.0} as {@code decodeWeight(w) * payload}, in
 * the order the events were delivered ({@link Simulation}'s class comment states it). A neuron is at
 * rest when {@code v == 0}; it is updated every step when its bias is non-zero or a zero membrane would
 * spike.
 */
public final class FloatLifArithmetic implements Arithmetic {

    @Override
    public String name() {
        return FloatLif.NAME;
    }

    @Override
    public boolean handlesRecurrentSynapses() {
        return true;
    }

    @Override
    public Arithmetic.Layer layer(DeployedLayer layer, int maxLead) {
        return new Neurons(layer, maxLead);
    }

    private static final class Neurons implements Arithmetic.Layer {
        private final int n;
        private final double tau;
        private final double threshold;
        private final boolean subtract;
        private final double[] bias;
        private final double[] v;
        private final double[] input;
        private final InputRing ring;
        private final ActiveSet active;
        private final int[] eventNeurons;
        private final double[] eventValues;
        private int updates;

        Neurons(DeployedLayer layer, int maxLead) {
            NeuronParams p = layer.neuron();
            n = layer.outputs();
            tau = FloatLif.tau(p);
            threshold = FloatLif.threshold(p);
            subtract = FloatLif.subtracts(p);
            bias = new double[n];
            boolean[] restless = new boolean[n];
            for (int i = 0; i < n; i++) {
                bias[i] = FloatLif.bias(p, i);
                double v1 = FloatLif.integrate(0.0, 0.0, tau, bias[i]);
                restless[i] = v1 != 0.0 || FloatLif.spikes(v1, threshold);
            }
            v = new double[n];
            input = new double[n];
            ring = InputRing.real(n, maxLead);
            active = new ActiveSet(restless);
            eventNeurons = new int[n];
            eventValues = new double[n];
        }

        @Override
        public int neurons() {
            return n;
        }

        @Override
        public void deliver(int neuron, int weight, long payload, int lead) {
            ring.addReal(neuron, lead, FloatLif.decodeWeight(weight) * payload);
        }

        @Override
        public void deliverAll(int[] neuron, int[] weight, int[] lead, int from, int to, long payload) {
            ring.addAllFloatLif(neuron, weight, lead, from, to, payload);
        }

        @Override
        public int step(int[] spikesOut) {
            int k = ring.takeRealEvents(eventNeurons, eventValues);
            active.begin();
            for (int e = 0; e < k; e++) {
                input[eventNeurons[e]] = eventValues[e];
                active.add(eventNeurons[e]);
            }
            int spikes = 0;
            updates = active.size();
            for (int idx = 0; idx < updates; idx++) {
                int i = active.get(idx);
                double nv = FloatLif.integrate(v[i], input[i], tau, bias[i]);
                input[i] = 0.0;
                if (FloatLif.spikes(nv, threshold)) {
                    spikesOut[spikes++] = i;
                    nv = FloatLif.reset(nv, threshold, subtract);
                }
                v[i] = nv;
                active.updated(i, nv == 0.0);
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
            return v[neuron];
        }

        @Override
        public long rawMembrane(int neuron) {
            return Double.doubleToLongBits(v[neuron]);
        }
    }
}
