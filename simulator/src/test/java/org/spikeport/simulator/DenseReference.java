package org.spikeport.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.arith.SenecaBf16Lif;
import org.spikeport.core.arith.SpinnakerLif;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.SparseSynapses;

/**
 * A plain, dense, time-stepped simulation for tests, written without the engine's machinery: no rings,
 * no compiled rows, no event lists. Per layer, one table of weights per delay value ({@code [d][post][pre]},
 * each entry the weights of those synapses in IR order) for the feed-forward synapses and one per lag for
 * the recurrent ones; whole layers one after another, and within a layer every neuron at every step.
 * The skeleton is the same for every arithmetic; each arithmetic's {@link Model} sums a neuron's input and
 * updates it with the core arithmetic classes (the single definition of each chip's rules), so only the
 * scheduling differs from {@link Simulation}.
 *
 * <p>A neuron's input at step {@code T} is built from the terms in the order {@link Simulation}'s class
 * comment states: by emission step ascending (over delays from the largest down to the smallest); within
 * one emission step the feed-forward terms (the previous layer's spikes or the input counts, presynaptic
 * index ascending, skipping zeros, then each entry's weights in IR order), then the recurrent ones (the
 * layer's own spikes of that step, likewise). Each (source, emission step) is one group, which the
 * {@code loihi2-lif} model shifts by that source's exponent. The recurrent terms need the layer's own
 * earlier spikes, so a layer is computed step by step, all its neurons at each step.
 */
final class DenseReference {

    /** One arithmetic's neurons of one layer, updated densely. */
    interface Model {

        /** Starts neuron {@code i}'s input of a step (empty). */
        void begin(int i);

        /**
         * Starts a group: the terms of one source (feed-forward or {@code recurrent}) and one emission step.
         * Only an arithmetic that rounds per group looks at them.
         */
        default void group(boolean recurrent) {
        }

        /** One term: a synapse of IR weight {@code weight} carrying {@code payload} (a count, or 1 for a spike). */
        void term(int weight, long payload);

        /** Updates neuron {@code i} with its input and resets it if it spiked; returns whether it spiked. */
        boolean update(int i);

        /** Neuron {@code i}'s membrane in float units after its last update. */
        double membrane(int i);

        /** Neuron {@code i}'s membrane as the chip holds it after its last update. */
        long raw(int i);
    }

    private DenseReference() {
    }

    static Simulation.Result run(DeployedNetwork net, Platform platform, int[] counts, int steps) {
        int e = platform.extraStepsPerLayer();
        int r = platform.recurrentOffset();
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
            int out = layer.outputs();
            int in = layer.inputs();
            SparseSynapses s = layer.synapses();
            SparseSynapses rs = layer.recurrent();
            int[][][][] w = table(s, out, in);
            int[][][][] wr = table(rs, out, out);
            long[] fanOut = fanOut(s, in);
            long[] recurrentFanOut = fanOut(rs, out);
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < in; j++) {
                    if (x[t][j] != 0) {
                        events += fanOut[j];
                    }
                }
            }
            Model m = model(layer, platform);
            int maxLead = Math.max(s.maxDelay() + e, rs.maxDelay() + r);
            long[][] y = new long[steps][out];
            List<Simulation.Spike> layerSpikes = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < out; i++) {
                    m.begin(i);
                    for (int from = Math.max(0, t - maxLead); from <= t; from++) {
                        int d = t - from - e;
                        if (d >= 0 && d < w.length) {
                            add(m, false, w[d][i], x[from]);
                        }
                        int lag = t - from - r;
                        if (lag >= 1 && lag < wr.length) {
                            add(m, true, wr[lag][i], y[from]);
                        }
                    }
                    if (m.update(i)) {
                        y[t][i] = 1;
                        layerSpikes.add(new Simulation.Spike(t, i));
                        events += recurrentFanOut[i];
                    }
                    if (last) {
                        readout[t][i] = m.membrane(i);
                        rawReadout[t][i] = m.raw(i);
                    }
                    updates++;
                }
            }
            spikes.add(layerSpikes);
            x = y;
        }
        return new Simulation.Result(spikes, readout, rawReadout, events, updates);
    }

    /** One group: the terms of {@code weights[j]} for every presynaptic {@code j} with {@code activity[j] != 0}. */
    private static void add(Model m, boolean recurrent, int[][] weights, long[] activity) {
        m.group(recurrent);
        for (int j = 0; j < weights.length; j++) {
            if (activity[j] != 0) {
                for (int weight : weights[j]) {
                    m.term(weight, activity[j]);
                }
            }
        }
    }

    /** {@code [delay][post][pre]}: the weights of those synapses in IR order. */
    private static int[][][][] table(SparseSynapses s, int out, int in) {
        int[][][][] w = new int[s.maxDelay() + 1][out][in][];
        for (int[][][] byPost : w) {
            for (int[][] byPre : byPost) {
                Arrays.fill(byPre, new int[0]);
            }
        }
        for (int k = 0; k < s.size(); k++) {
            int[] old = w[s.delay()[k]][s.post()[k]][s.pre()[k]];
            int[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = s.weight()[k];
            w[s.delay()[k]][s.post()[k]][s.pre()[k]] = grown;
        }
        return w;
    }

    private static long[] fanOut(SparseSynapses s, int presynaptic) {
        long[] f = new long[presynaptic];
        for (int pre : s.pre()) {
            f[pre]++;
        }
        return f;
    }

    /** The dense model of {@code layer}'s arithmetic. */
    static Model model(DeployedLayer layer, Platform platform) {
        NeuronParams p = layer.neuron();
        return switch (p.model()) {
            case FloatLif.NAME -> new FloatModel(layer);
            case Loihi2Lif.NAME -> new LoihiModel(layer, platform.neuronBits().get("u"), platform.neuronBits().get("v"));
            case SpinnakerLif.NAME -> new SpinnakerModel(layer);
            case TrueNorthLif.NAME -> new TrueNorthModel(layer, platform.neuronBits().get("membrane"));
            case SenecaBf16Lif.NAME -> new SenecaModel(layer,
                    SenecaBf16Lif.accumulatorIsBf16(platform.neuronBits().get(SenecaBf16Lif.ACCUMULATOR)));
            default -> throw new IllegalArgumentException("no dense model of " + p.model());
        };
    }

    /** {@code lif-float}: a double sum from +0.0 in term order. */
    private static final class FloatModel implements Model {
        private final NeuronParams p;
        private final double[] v;
        private double current;

        FloatModel(DeployedLayer layer) {
            p = layer.neuron();
            v = new double[layer.outputs()];
        }

        @Override
        public void begin(int i) {
            current = 0.0;
        }

        @Override
        public void term(int weight, long payload) {
            current += FloatLif.decodeWeight(weight) * payload;
        }

        @Override
        public boolean update(int i) {
            double threshold = FloatLif.threshold(p);
            v[i] = FloatLif.integrate(v[i], current, FloatLif.tau(p), FloatLif.bias(p, i));
            if (FloatLif.spikes(v[i], threshold)) {
                v[i] = FloatLif.reset(v[i], threshold, FloatLif.subtracts(p));
                return true;
            }
            return false;
        }

        @Override
        public double membrane(int i) {
            return v[i];
        }

        @Override
        public long raw(int i) {
            return Double.doubleToLongBits(v[i]);
        }
    }

    /** {@code loihi2-lif}: each group's exact sum shifted by its Dense's exponent, the shifted groups summed. */
    /** A fixed-point model whose membrane is {@code v}, in float units {@code v * output_scale}. */
    private abstract static class ScaledModel implements Model {
        final DeployedLayer layer;
        final NeuronParams p;
        final long[] v;

        ScaledModel(DeployedLayer layer) {
            this.layer = layer;
            this.p = layer.neuron();
            this.v = new long[layer.outputs()];
        }

        @Override
        public double membrane(int i) {
            return v[i] * layer.quantization().get("output_scale");
        }

        @Override
        public long raw(int i) {
            return v[i];
        }
    }

    private static final class LoihiModel extends ScaledModel {
        private final int uBits;
        private final int vBits;
        private final long[] u;
        private int neuron;
        private long a;
        private long group;
        private boolean recurrentGroup;

        LoihiModel(DeployedLayer layer, int uBits, int vBits) {
            super(layer);
            this.uBits = uBits;
            this.vBits = vBits;
            u = new long[layer.outputs()];
        }

        private void close() {
            String exp = recurrentGroup ? Loihi2Lif.RECURRENT_WEIGHT_EXP : Loihi2Lif.WEIGHT_EXP;
            a += Loihi2Lif.activation(group, (int) p.value(exp, neuron));
            group = 0;
        }

        @Override
        public void begin(int i) {
            neuron = i;
            a = 0;
            group = 0;
            recurrentGroup = false;
        }

        @Override
        public void group(boolean recurrent) {
            close();
            recurrentGroup = recurrent;
        }

        @Override
        public void term(int weight, long payload) {
            group += weight * payload;
        }

        @Override
        public boolean update(int i) {
            close();
            u[i] = Loihi2Lif.updateU(u[i], a, (int) p.value(Loihi2Lif.DU, i), uBits);
            long bias = Loihi2Lif.bias(p.value(Loihi2Lif.BIAS_MANT, i), (int) p.value(Loihi2Lif.BIAS_EXP, i));
            v[i] = Loihi2Lif.updateV(v[i], u[i], bias, (int) p.value(Loihi2Lif.DV, i), vBits);
            if (Loihi2Lif.spikes(v[i], p.value(Loihi2Lif.VTH, i))) {
                v[i] = 0;
                return true;
            }
            return false;
        }
    }

    /** {@code spinnaker-lif-s1615}: excitatory and inhibitory magnitudes summed apart, saturated at the step. */
    private static final class SpinnakerModel extends ScaledModel {
        private long exc;
        private long inh;

        SpinnakerModel(DeployedLayer layer) {
            super(layer);
        }

        @Override
        public void begin(int i) {
            exc = 0;
            inh = 0;
        }

        @Override
        public void term(int weight, long payload) {
            if (weight > 0) {
                exc += weight * payload;
            } else {
                inh -= weight * payload;
            }
        }

        @Override
        public boolean update(int i) {
            long e = SpinnakerLif.toInput(SpinnakerLif.ring(exc), (int) p.value(SpinnakerLif.SHIFT_EXC, i));
            long n = SpinnakerLif.toInput(SpinnakerLif.ring(inh), (int) p.value(SpinnakerLif.SHIFT_INH, i));
            long input = SpinnakerLif.input(e, n, p.value(SpinnakerLif.I_OFFSET, i));
            v[i] = SpinnakerLif.update(v[i], input, p.value(SpinnakerLif.EXP_TC, i), p.value(SpinnakerLif.R_MEMBRANE, i),
                    p.value(SpinnakerLif.V_REST, i));
            if (SpinnakerLif.spikes(v[i], p.value(SpinnakerLif.V_THRESH, i))) {
                v[i] = p.value(SpinnakerLif.V_RESET, i);
                return true;
            }
            return false;
        }
    }

    /**
     * {@code truenorth-lif}: the sum of {@code weight * spikes}, a count {@code c} being
     * {@code min(c, input_copies)} spikes; a decoded readout is decoded after every update.
     */
    private static final class TrueNorthModel implements Model {
        private final NeuronParams p;
        private final DeployedLayer layer;
        private final int bits;
        private final long copies;
        private final long[] v;
        private final double[] y;
        private long sum;

        TrueNorthModel(DeployedLayer layer, int bits) {
            this.layer = layer;
            this.p = layer.neuron();
            this.bits = bits;
            this.copies = p.value(TrueNorthLif.INPUT_COPIES, 0);
            v = new long[layer.outputs()];
            y = new double[layer.outputs()];
        }

        @Override
        public void begin(int i) {
            sum = 0;
        }

        @Override
        public void term(int weight, long payload) {
            sum += weight * TrueNorthLif.inputSpikes(payload, copies);
        }

        @Override
        public boolean update(int i) {
            long before = v[i];
            long alpha = p.value(TrueNorthLif.POSITIVE_THRESHOLD, i);
            long v2 = TrueNorthLif.integrate(v[i], sum, p.value(TrueNorthLif.LEAK, i), bits);
            v[i] = TrueNorthLif.reset(v2, alpha, p.value(TrueNorthLif.NEGATIVE_THRESHOLD, i),
                    p.value(TrueNorthLif.RESET_POTENTIAL, i), (int) p.value(TrueNorthLif.RESET_MODE, i), bits);
            if (decoded()) {
                y[i] = TrueNorthLif.decode(y[i], layer.quantization().get(TrueNorthLif.OUTPUT_DECAY),
                        layer.quantization().get(TrueNorthLif.OUTPUT_SCALE), TrueNorthLif.decodeIncrement(v[i], before, bits));
            }
            return TrueNorthLif.spikes(v2, alpha);
        }

        private boolean decoded() {
            return layer.quantization().containsKey(TrueNorthLif.OUTPUT_SCALE)
                    && layer.quantization().containsKey(TrueNorthLif.OUTPUT_DECAY);
        }

        @Override
        public double membrane(int i) {
            return decoded() ? y[i] : v[i] * layer.quantization().get("v_scale");
        }

        @Override
        public long raw(int i) {
            return v[i];
        }
    }

    /** {@code seneca-bf16-lif}: {@link SenecaBf16Lif#accumulate} into one accumulator, term by term. */
    private static final class SenecaModel implements Model {
        private final NeuronParams p;
        private final boolean bf16Accumulator;
        private final int[] v;
        private float current;

        SenecaModel(DeployedLayer layer, boolean bf16Accumulator) {
            this.p = layer.neuron();
            this.bf16Accumulator = bf16Accumulator;
            v = new int[layer.outputs()];
        }

        @Override
        public void begin(int i) {
            current = 0f;
        }

        @Override
        public void term(int weight, long payload) {
            current = SenecaBf16Lif.accumulate(current, weight, payload, bf16Accumulator);
        }

        @Override
        public boolean update(int i) {
            int threshold = SenecaBf16Lif.threshold(p, i);
            v[i] = SenecaBf16Lif.integrate(v[i], current, SenecaBf16Lif.decay(p, i), SenecaBf16Lif.bias(p, i));
            if (SenecaBf16Lif.spikes(v[i], threshold)) {
                v[i] = SenecaBf16Lif.reset(v[i], threshold, SenecaBf16Lif.subtracts(p));
                return true;
            }
            return false;
        }

        @Override
        public double membrane(int i) {
            return SenecaBf16Lif.toFloat(v[i]);
        }

        @Override
        public long raw(int i) {
            return v[i];
        }
    }
}
