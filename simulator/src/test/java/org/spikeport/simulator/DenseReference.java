package org.spikeport.simulator;

import java.util.ArrayList;
import java.util.List;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.arith.SpinnakerLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.SparseSynapses;

/**
 * A plain, dense, time-stepped simulation for tests, written without the engine's machinery: one full
 * weight matrix per delay value, whole layers over all steps one after another, every neuron updated
 * every step. The neuron rules are the core arithmetic classes (the single definition of each chip's
 * rules); only the scheduling differs from {@link Simulation}.
 *
 * <p>Float input of neuron i at step t is summed from {@code +0.0} by emission step ascending (that is,
 * over delays from the largest down to 0); within one emission step the feed-forward terms by
 * presynaptic index upwards, skipping zero inputs, then the layer's recurrent terms (its own spikes of
 * that step, one full matrix per recurrent delay {@code D >= 1}) by presynaptic index upwards: the
 * order {@link Simulation}'s class comment states. Where there is no synapse the matrix holds +0.0, and
 * adding +0.0 leaves a sum that starts at +0.0 unchanged. So both give bitwise equal results when no
 * two synapses share (pre, post, delay); with such duplicates the matrices add the weights first and
 * the float sums may differ in the last bit. A layer's recurrent input needs its own earlier spikes, so
 * the layer is computed step by step (still one whole layer after another).
 */
final class DenseReference {

    private DenseReference() {
    }

    static Simulation.Result run(DeployedNetwork net, Platform platform, int[] counts, int steps) {
        int e = platform.delayOffset() + platform.pipelineStepsPerLayer();
        // x[t][j]: what the current layer receives from its presynaptic side at step t
        long[][] x = new long[steps][net.inputs()];
        int inputSteps = counts.length / net.inputs();
        for (int t = 0; t < steps && t < inputSteps; t++) {
            for (int j = 0; j < net.inputs(); j++) {
                x[t][j] = counts[t * net.inputs() + j];
            }
        }
        List<List<Simulation.Spike>> spikes = new ArrayList<>();
        double[][] readout = new double[steps][net.outputs()];
        long[][] rawReadout = new long[steps][net.outputs()];
        long events = 0;
        long updates = 0;
        for (int l = 0; l < net.layers().size(); l++) {
            DeployedLayer layer = net.layers().get(l);
            boolean last = l == net.layers().size() - 1;
            SparseSynapses s = layer.synapses();
            int maxD = s.maxDelay();
            int out = layer.outputs();
            int in = layer.inputs();
            long[] fanOut = new long[in];
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
            long[][] next = new long[steps][out];
            List<Simulation.Spike> layerSpikes = new ArrayList<>();
            NeuronParams p = layer.neuron();
            if (layer.isRecurrent() && !p.model().equals(FloatLif.NAME)) {
                throw new IllegalArgumentException("no recurrent reference for " + p.model());
            }
            if (p.model().equals(FloatLif.NAME)) {
                double[][][] w = new double[maxD + 1][out][in];
                for (int k = 0; k < s.size(); k++) {
                    w[s.delay()[k]][s.post()[k]][s.pre()[k]] += FloatLif.decodeWeight(s.weight()[k]);
                }
                // recurrent weights per delay D >= 1, wr[D][post][pre]; the layer's own spikes are next[][]
                SparseSynapses rs = layer.recurrent();
                int maxR = rs.maxDelay();
                double[][][] wr = new double[maxR + 1][out][out];
                long[] recurrentFanOut = new long[out];
                for (int k = 0; k < rs.size(); k++) {
                    wr[rs.delay()[k]][rs.post()[k]][rs.pre()[k]] += FloatLif.decodeWeight(rs.weight()[k]);
                    recurrentFanOut[rs.pre()[k]]++;
                }
                int r = platform.recurrentOffset();
                int maxLead = Math.max(maxD + e, maxR + r);
                double tau = FloatLif.tau(p);
                double threshold = FloatLif.threshold(p);
                boolean subtract = FloatLif.subtracts(p);
                double[] v = new double[out];
                for (int t = 0; t < steps; t++) {
                    for (int i = 0; i < out; i++) {
                        // by emission step; within one, feed-forward terms before recurrent ones
                        double current = 0.0;
                        for (int from = Math.max(0, t - maxLead); from <= t; from++) {
                            int d = t - from - e;
                            if (d >= 0 && d <= maxD) {
                                for (int j = 0; j < in; j++) {
                                    if (x[from][j] != 0) {
                                        current += w[d][i][j] * x[from][j];
                                    }
                                }
                            }
                            int dr = t - from - r;
                            if (dr >= 1 && dr <= maxR) {
                                for (int o = 0; o < out; o++) {
                                    if (next[from][o] != 0) {
                                        current += wr[dr][i][o] * next[from][o];
                                    }
                                }
                            }
                        }
                        v[i] = FloatLif.integrate(v[i], current, tau, FloatLif.bias(p, i));
                        if (FloatLif.spikes(v[i], threshold)) {
                            next[t][i] = 1;
                            layerSpikes.add(new Simulation.Spike(t, i));
                            events += recurrentFanOut[i];
                            v[i] = FloatLif.reset(v[i], threshold, subtract);
                        }
                        if (last) {
                            readout[t][i] = v[i];
                            rawReadout[t][i] = Double.doubleToLongBits(v[i]);
                        }
                        updates++;
                    }
                }
            } else if (p.model().equals(Loihi2Lif.NAME)) {
                long[][][] w = new long[maxD + 1][out][in];
                for (int k = 0; k < s.size(); k++) {
                    w[s.delay()[k]][s.post()[k]][s.pre()[k]] += s.weight()[k];
                }
                int uBits = platform.neuronBits().get("u");
                int vBits = platform.neuronBits().get("v");
                Double scale = layer.quantization().get("output_scale");
                long[] u = new long[out];
                long[] v = new long[out];
                for (int t = 0; t < steps; t++) {
                    for (int i = 0; i < out; i++) {
                        // the exponent shifts each emission step's sum through one delay (Lava's DelayDense)
                        long a = 0;
                        for (int d = maxD; d >= 0; d--) {
                            int from = t - d - e;
                            if (from < 0) {
                                continue;
                            }
                            long sum = 0;
                            for (int j = 0; j < in; j++) {
                                sum += w[d][i][j] * x[from][j];
                            }
                            a += Loihi2Lif.activation(sum, (int) p.value(Loihi2Lif.WEIGHT_EXP, i));
                        }
                        u[i] = Loihi2Lif.updateU(u[i], a, (int) p.value(Loihi2Lif.DU, i), uBits);
                        long bias = Loihi2Lif.bias(p.value(Loihi2Lif.BIAS_MANT, i), (int) p.value(Loihi2Lif.BIAS_EXP, i));
                        v[i] = Loihi2Lif.updateV(v[i], u[i], bias, (int) p.value(Loihi2Lif.DV, i), vBits);
                        if (Loihi2Lif.spikes(v[i], p.value(Loihi2Lif.VTH, i))) {
                            next[t][i] = 1;
                            layerSpikes.add(new Simulation.Spike(t, i));
                            v[i] = 0;
                        }
                        if (last) {
                            readout[t][i] = v[i] * scale;
                            rawReadout[t][i] = v[i];
                        }
                        updates++;
                    }
                }
            } else if (p.model().equals(SpinnakerLif.NAME)) {
                // separate excitatory (w > 0) and inhibitory (magnitude of w < 0) matrices per delay
                long[][][] we = new long[maxD + 1][out][in];
                long[][][] wi = new long[maxD + 1][out][in];
                for (int k = 0; k < s.size(); k++) {
                    int w = s.weight()[k];
                    if (w > 0) {
                        we[s.delay()[k]][s.post()[k]][s.pre()[k]] += w;
                    } else {
                        wi[s.delay()[k]][s.post()[k]][s.pre()[k]] -= w;
                    }
                }
                Double scale = layer.quantization().get("output_scale");
                long[] v = new long[out];
                for (int t = 0; t < steps; t++) {
                    for (int i = 0; i < out; i++) {
                        long sumE = 0;
                        long sumI = 0;
                        for (int d = 0; d <= maxD; d++) {
                            int from = t - d - e;
                            if (from < 0) {
                                continue;
                            }
                            for (int j = 0; j < in; j++) {
                                sumE += we[d][i][j] * x[from][j];
                                sumI += wi[d][i][j] * x[from][j];
                            }
                        }
                        long exc = SpinnakerLif.toInput(SpinnakerLif.ring(sumE), (int) p.value(SpinnakerLif.SHIFT_EXC, i));
                        long inh = SpinnakerLif.toInput(SpinnakerLif.ring(sumI), (int) p.value(SpinnakerLif.SHIFT_INH, i));
                        long input = SpinnakerLif.input(exc, inh, p.value(SpinnakerLif.I_OFFSET, i));
                        v[i] = SpinnakerLif.update(v[i], input, p.value(SpinnakerLif.EXP_TC, i),
                                p.value(SpinnakerLif.R_MEMBRANE, i), p.value(SpinnakerLif.V_REST, i));
                        if (SpinnakerLif.spikes(v[i], p.value(SpinnakerLif.V_THRESH, i))) {
                            next[t][i] = 1;
                            layerSpikes.add(new Simulation.Spike(t, i));
                            v[i] = p.value(SpinnakerLif.V_RESET, i);
                        }
                        if (last) {
                            readout[t][i] = v[i] * scale;
                            rawReadout[t][i] = v[i];
                        }
                        updates++;
                    }
                }
            } else {
                throw new IllegalArgumentException("no reference for " + p.model());
            }
            spikes.add(layerSpikes);
            x = next;
        }
        return new Simulation.Result(spikes, readout, rawReadout, events, updates);
    }
}
