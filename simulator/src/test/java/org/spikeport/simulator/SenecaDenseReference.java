package org.spikeport.simulator;

import java.util.ArrayList;
import java.util.List;
import org.spikeport.core.arith.SenecaBf16Lif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.SparseSynapses;

/**
 * A plain, dense, time-stepped {@code seneca-bf16-lif} simulation for tests, written without the
 * engine's machinery: no queue, no event lists; whole layers over all steps one after another, every
 * neuron updated every step. The neuron rules are {@link SenecaBf16Lif}'s; only the scheduling
 * differs from {@link Simulation}.
 *
 * <p>The input of neuron i at step t is built from {@code +0} by {@link SenecaBf16Lif#accumulate} over
 * the delays from the largest down to 0 (earliest emission first), then presynaptic index upwards
 * (skipping zero inputs), then the synapses of that (pre, post, delay) in IR order: the order in which
 * SENECA's delay queue receives the same events. Duplicate synapses are kept as separate terms.
 */
final class SenecaDenseReference {

    private SenecaDenseReference() {
    }

    static Simulation.Result run(DeployedNetwork net, Platform platform, int[] counts, int steps) {
        int e = platform.delayOffset() + platform.pipelineStepsPerLayer();
        boolean bf16Acc = SenecaBf16Lif.accumulatorIsBf16(platform.neuronBits().get(SenecaBf16Lif.ACCUMULATOR));
        long[][] x = new long[steps][net.inputs()];
        int inputSteps = counts.length / net.inputs();
        for (int t = 0; t < steps && t < inputSteps; t++) {
            for (int j = 0; j < net.inputs(); j++) {
                x[t][j] = counts[t * net.inputs() + j];
            }
        }
        List<List<Simulation.Spike>> spikes = new ArrayList<>();
        double[][] readout = new double[steps][net.outputs()];
        long[][] raw = new long[steps][net.outputs()];
        long events = 0;
        long updates = 0;
        for (int l = 0; l < net.layers().size(); l++) {
            DeployedLayer layer = net.layers().get(l);
            boolean last = l == net.layers().size() - 1;
            SparseSynapses s = layer.synapses();
            int maxD = s.maxDelay();
            int out = layer.outputs();
            int in = layer.inputs();
            // weights[d][i][j]: the weights of the synapses j -> i with delay d, in IR order
            int[][][][] weights = new int[maxD + 1][out][in][];
            for (int d = 0; d <= maxD; d++) {
                for (int i = 0; i < out; i++) {
                    for (int j = 0; j < in; j++) {
                        weights[d][i][j] = new int[0];
                    }
                }
            }
            for (int k = 0; k < s.size(); k++) {
                int[] old = weights[s.delay()[k]][s.post()[k]][s.pre()[k]];
                int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
                grown[old.length] = s.weight()[k];
                weights[s.delay()[k]][s.post()[k]][s.pre()[k]] = grown;
            }
            int[] fanOut = new int[in];
            for (int k = 0; k < s.size(); k++) {
                fanOut[s.pre()[k]]++;
            }
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < in; j++) {
                    if (x[t][j] != 0) {
                        events += fanOut[j];
                    }
                }
            }
            NeuronParams p = layer.neuron();
            long[][] next = new long[steps][out];
            List<Simulation.Spike> layerSpikes = new ArrayList<>();
            int[] v = new int[out];
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < out; i++) {
                    float current = 0f;
                    for (int d = maxD; d >= 0; d--) {
                        int from = t - d - e;
                        if (from < 0) {
                            continue;
                        }
                        for (int j = 0; j < in; j++) {
                            if (x[from][j] == 0) {
                                continue;
                            }
                            for (int w : weights[d][i][j]) {
                                current = SenecaBf16Lif.accumulate(current, w, x[from][j], bf16Acc);
                            }
                        }
                    }
                    v[i] = SenecaBf16Lif.integrate(v[i], current, SenecaBf16Lif.decay(p, i), SenecaBf16Lif.bias(p, i));
                    if (SenecaBf16Lif.spikes(v[i], SenecaBf16Lif.threshold(p, i))) {
                        next[t][i] = 1;
                        layerSpikes.add(new Simulation.Spike(t, i));
                        v[i] = SenecaBf16Lif.POSITIVE_ZERO;
                    }
                    if (last) {
                        raw[t][i] = v[i];
                        readout[t][i] = SenecaBf16Lif.toFloat(v[i]);
                    }
                    updates++;
                }
            }
            spikes.add(layerSpikes);
            x = next;
        }
        return new Simulation.Result(spikes, readout, raw, events, updates);
    }
}
