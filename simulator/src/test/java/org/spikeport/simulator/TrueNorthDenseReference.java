package org.spikeport.simulator;

import java.util.ArrayList;
import java.util.List;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.SparseSynapses;

/**
 * A plain, dense, time-stepped simulation of {@code truenorth-lif} networks for tests, written without
 * the engine's machinery: per layer one weight matrix per delay value, whole layers over all steps
 * one after another, every neuron updated every step, readout decoded every step. The neuron rules are
 * {@link TrueNorthLif}'s; only the scheduling differs from {@link Simulation}.
 *
 * <p>An input count {@code c} of the first layer is {@code min(c, input_copies)} spikes (binary spikes
 * through copy axons); a hidden spike is one spike.
 */
final class TrueNorthDenseReference {

    private TrueNorthDenseReference() {
    }

    static Simulation.Result run(DeployedNetwork net, Platform platform, int[] counts, int steps) {
        int e = platform.delayOffset() + platform.pipelineStepsPerLayer();
        int bits = platform.neuronBits().get("membrane");
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
            NeuronParams p = layer.neuron();
            int maxD = s.maxDelay();
            int out = layer.outputs();
            int in = layer.inputs();
            long copies = p.value(TrueNorthLif.INPUT_COPIES, 0);
            long[][][] w = new long[maxD + 1][out][in];
            long[] fanOut = new long[in];
            for (int k = 0; k < s.size(); k++) {
                w[s.delay()[k]][s.post()[k]][s.pre()[k]] += s.weight()[k];
                fanOut[s.pre()[k]]++;
            }
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < in; j++) {
                    if (x[t][j] != 0) {
                        events += fanOut[j];
                    }
                }
            }
            Double scale = layer.quantization().get(TrueNorthLif.OUTPUT_SCALE);
            Double decay = layer.quantization().get(TrueNorthLif.OUTPUT_DECAY);
            boolean decoded = scale != null && decay != null;
            long[][] next = new long[steps][out];
            List<Simulation.Spike> layerSpikes = new ArrayList<>();
            long[] v = new long[out];
            double[] y = new double[out];
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < out; i++) {
                    long sum = 0;
                    for (int d = 0; d <= maxD; d++) {
                        int from = t - d - e;
                        if (from < 0) {
                            continue;
                        }
                        for (int j = 0; j < in; j++) {
                            sum += w[d][i][j] * TrueNorthLif.inputSpikes(x[from][j], copies);
                        }
                    }
                    long before = v[i];
                    long alpha = p.value(TrueNorthLif.POSITIVE_THRESHOLD, i);
                    long v2 = TrueNorthLif.integrate(v[i], sum, p.value(TrueNorthLif.LEAK, i), bits);
                    if (TrueNorthLif.spikes(v2, alpha)) {
                        next[t][i] = 1;
                        layerSpikes.add(new Simulation.Spike(t, i));
                    }
                    v[i] = TrueNorthLif.reset(v2, alpha, p.value(TrueNorthLif.NEGATIVE_THRESHOLD, i),
                            p.value(TrueNorthLif.RESET_POTENTIAL, i), (int) p.value(TrueNorthLif.RESET_MODE, i), bits);
                    if (last) {
                        raw[t][i] = v[i];
                        if (decoded) {
                            y[i] = TrueNorthLif.decode(y[i], decay, scale, TrueNorthLif.decodeIncrement(v[i], before, bits));
                            readout[t][i] = y[i];
                        } else {
                            readout[t][i] = v[i] * layer.quantization().get("v_scale");
                        }
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
