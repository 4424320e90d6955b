package org.spikeport.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.arith.SenecaBf16Lif;
import org.spikeport.core.arith.SpinnakerLif;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.SparseSynapses;

/**
 * Random recurrent networks of every arithmetic for the property tests: a random feed-forward case of the
 * arithmetic ({@link RandomNetworks}, {@link SenecaRandomNetworks}, {@link TrueNorthNetworks}) whose
 * layers get recurrent synapses (every hidden layer, sometimes the readout; lags 1..62, often short,
 * self-loops included), feed-forward delays redrawn in 0..62 for about half the layers, the arithmetic's
 * own variations (below), a longer input and run (up to 150 steps) and sometimes a recurrent offset of 1
 * or 2 on the platform.
 *
 * <ul>
 *   <li>{@code lif-float}: float32 recurrent weights, sometimes tiny; reset to zero or by subtraction; a
 *       random decoding. No two synapses share (pre, post, delay).</li>
 *   <li>{@code loihi2-lif}: each Dense (feed-forward and recurrent) gets its own sign mode (excitatory,
 *       inhibitory or mixed, weights drawn in that mode's register range) and exponent in -8..7, per layer or
 *       per neuron; half the hidden layers are near threshold (du = dv = 4095, no bias, vth equal to one
 *       shifted weight, so {@code v == vth << 6} happens).</li>
 *   <li>{@code spinnaker-lif-s1615}: signed recurrent weights in the layer's range; half the hidden layers
 *       near threshold (V = I exactly, v_thresh equal to one shifted weight).</li>
 *   <li>{@code truenorth-lif}: each recurrent synapse carries one of its neuron's four type weights; half the
 *       hidden neurons have a threshold equal to a type weight plus the leak; reset modes as drawn
 *       (absolute or linear, i.e. by subtraction).</li>
 *   <li>{@code seneca-bf16-lif}: bf16 recurrent weights (moderate, tiny or huge); reset to zero or by
 *       subtraction.</li>
 * </ul>
 */
final class RecurrentNetworks {

    /** How one arithmetic's layer is given recurrent synapses and its variations. */
    private interface Rule {

        /**
         * {@code base} with feed-forward synapses {@code ff} (base's, delays perhaps redrawn) and recurrent
         * synapses on {@code loops} (pre, post, lag; {@code null} for none), weights and parameters drawn.
         */
        DeployedLayer layer(Random r, DeployedLayer base, SparseSynapses ff, int[][] loops, boolean readout);

        /** The largest input count of a step. */
        default int maxCount(Random r) {
            return r.nextBoolean() ? 3 : 200;
        }
    }

    private RecurrentNetworks() {
    }

    static RandomNetworks.Case floatCase(long seed) {
        return decorate(seed, RandomNetworks::floatCase, new FloatRule());
    }

    static RandomNetworks.Case loihiCase(long seed) {
        return decorate(seed, RandomNetworks::loihiCase, new LoihiRule());
    }

    static RandomNetworks.Case spinnakerCase(long seed) {
        return decorate(seed, RandomNetworks::spinnakerCase, new SpinnakerRule());
    }

    static RandomNetworks.Case trueNorthCase(long seed) {
        return decorate(seed, TrueNorthNetworks::randomCase, new TrueNorthRule());
    }

    static RandomNetworks.Case senecaCase(long seed) {
        return decorate(seed, SenecaRandomNetworks::senecaCase, new SenecaRule());
    }

    private static RandomNetworks.Case decorate(long seed, LongFunction<RandomNetworks.Case> feedForward, Rule rule) {
        RandomNetworks.Case base = feedForward.apply(seed);
        Random r = new Random(seed * 31 + 7);
        List<DeployedLayer> layers = new ArrayList<>();
        int count = base.net().layers().size();
        for (int l = 0; l < count; l++) {
            DeployedLayer b = base.net().layers().get(l);
            boolean readout = l == count - 1;
            SparseSynapses ff = b.synapses();
            if (r.nextBoolean()) {
                int max = r.nextBoolean() ? 62 : 1 + r.nextInt(62);
                int[] delay = new int[ff.size()];
                for (int k = 0; k < delay.length; k++) {
                    delay[k] = r.nextInt(max + 1);
                }
                ff = new SparseSynapses(ff.pre(), ff.post(), ff.weight(), delay);
            }
            int[][] loops = null;
            if (!readout || r.nextInt(4) == 0) {
                int maxLag = r.nextBoolean() ? 1 + r.nextInt(3) : r.nextBoolean() ? 62 : 1 + r.nextInt(62);
                loops = RandomNetworks.synapses(r, b.outputs(), b.outputs(), maxLag - 1, true);
                for (int k = 0; k < loops[2].length; k++) {
                    loops[2][k]++;
                }
            }
            layers.add(rule.layer(r, b, ff, loops, readout));
        }
        DeployedNetwork n = base.net();
        Decoding decoding = r.nextBoolean() ? Decoding.SUM : Decoding.SOFTMAX_SUM;
        DeployedNetwork net = new DeployedNetwork(n.inputs(), n.dtMs(), n.target(), n.profileName(), n.profileSha256(),
                n.input(), layers, n.trailingSteps(), n.provenance(), decoding);
        int steps = 1 + r.nextInt(150);
        Platform p = base.platform();
        int offset = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0;
        Platform platform = Platform.of(p.delayOffset(), p.pipelineStepsPerLayer(), offset, p.neuronBits());
        return new RandomNetworks.Case(net, platform, RandomNetworks.counts(r, n.inputs(), steps, rule.maxCount(r)), steps);
    }

    private static int[] weights(int n, java.util.function.IntSupplier draw) {
        int[] w = new int[n];
        for (int k = 0; k < n; k++) {
            w[k] = draw.getAsInt();
        }
        return w;
    }

    private static SparseSynapses loops(int[][] loops, int[] weight) {
        return loops == null ? SparseSynapses.empty() : new SparseSynapses(loops[0], loops[1], weight, loops[2]);
    }

    private static int size(int[][] loops) {
        return loops == null ? 0 : loops[0].length;
    }

    /** Reset by subtraction for half the spiking layers, to zero otherwise. */
    private static ResetMode reset(Random r, boolean readout) {
        return !readout && r.nextBoolean() ? ResetMode.SUBTRACT : ResetMode.ZERO;
    }

    private static DeployedLayer with(DeployedLayer b, SparseSynapses ff, NeuronParams p, SparseSynapses recurrent) {
        return new DeployedLayer(b.name(), b.inputs(), b.outputs(), ff, p, b.quantization(), recurrent);
    }

    private static final class FloatRule implements Rule {

        @Override
        public DeployedLayer layer(Random r, DeployedLayer b, SparseSynapses ff, int[][] loops, boolean readout) {
            SparseSynapses rec = loops(loops, weights(size(loops), () -> RandomNetworks.floatWeight(r)));
            NeuronParams p = b.neuron();
            double[] bias = new double[b.outputs()];
            for (int i = 0; i < bias.length; i++) {
                bias[i] = FloatLif.bias(p, i);
            }
            return with(b, ff, FloatLif.params(FloatLif.tau(p), FloatLif.threshold(p), bias, reset(r, readout)), rec);
        }

        @Override
        public int maxCount(Random r) {
            return 3;
        }
    }

    private static final class LoihiRule implements Rule {

        /** A weight register in {@code mode}'s range (8 bits; mixed: even). */
        private static int register(Random r, Loihi2Lif.SignMode mode) {
            return switch (mode) {
                case EXCITATORY -> r.nextInt(256);
                case INHIBITORY -> -r.nextInt(256);
                case MIXED -> 2 * (r.nextInt(256) - 128);
            };
        }

        /** An exponent in -8..7, one per layer or (sometimes) one per neuron. */
        private static long[] exponents(Random r, int n) {
            long[] e = new long[r.nextInt(3) == 0 ? n : 1];
            for (int i = 0; i < e.length; i++) {
                e[i] = r.nextInt(16) - 8;
            }
            return e;
        }

        @Override
        public DeployedLayer layer(Random r, DeployedLayer b, SparseSynapses ff, int[][] loops, boolean readout) {
            int n = b.outputs();
            SortedMap<String, long[]> p = new TreeMap<>(b.neuron().values());
            Loihi2Lif.SignMode ffMode = Loihi2Lif.SignMode.values()[r.nextInt(3)];
            int[] w = weights(ff.size(), () -> register(r, ffMode));
            p.put(Loihi2Lif.SIGN_MODE, new long[] {ffMode.code()});
            p.put(Loihi2Lif.WEIGHT_EXP, exponents(r, n));
            SparseSynapses rec = SparseSynapses.empty();
            if (loops != null) {
                Loihi2Lif.SignMode recMode = Loihi2Lif.SignMode.values()[r.nextInt(3)];
                rec = loops(loops, weights(size(loops), () -> register(r, recMode)));
                p.put(Loihi2Lif.RECURRENT_SIGN_MODE, new long[] {recMode.code()});
                p.put(Loihi2Lif.RECURRENT_NUM_WEIGHT_BITS, new long[] {8});
                p.put(Loihi2Lif.RECURRENT_WEIGHT_EXP, exponents(r, n));
            }
            if (!readout && r.nextBoolean()) {
                // near threshold: u = a << 6 and v = trunc(v / 4096) + u from rest, so v == vth << 6 when the
                // step's input is the one shifted weight vth was taken from
                p.put(Loihi2Lif.DU, new long[] {4095});
                p.put(Loihi2Lif.DV, new long[] {4095});
                p.put(Loihi2Lif.BIAS_MANT, new long[] {0});
                boolean fromRec = rec.size() > 0 && (w.length == 0 || r.nextBoolean());
                int[] source = fromRec ? rec.weight() : w;
                long[] exps = p.get(fromRec ? Loihi2Lif.RECURRENT_WEIGHT_EXP : Loihi2Lif.WEIGHT_EXP);
                long[] vth = new long[n];
                for (int i = 0; i < n; i++) {
                    int exp = (int) exps[exps.length == 1 ? 0 : i];
                    long a = source.length == 0 ? 0 : Loihi2Lif.activation(Math.abs(source[r.nextInt(source.length)]), exp);
                    vth[i] = Math.min(131071, Math.max(0, a));
                }
                p.put(Loihi2Lif.VTH, vth);
            }
            return with(b, new SparseSynapses(ff.pre(), ff.post(), w, ff.delay()), new NeuronParams(Loihi2Lif.NAME, p), rec);
        }
    }

    private static final class SpinnakerRule implements Rule {

        @Override
        public DeployedLayer layer(Random r, DeployedLayer b, SparseSynapses ff, int[][] loops, boolean readout) {
            int range = 1;
            for (int w : ff.weight()) {
                range = Math.max(range, Math.abs(w));
            }
            int span = range;
            SparseSynapses rec = loops(loops, weights(size(loops), () -> r.nextInt(2 * span + 1) - span));
            SortedMap<String, long[]> p = new TreeMap<>(b.neuron().values());
            int[] source = r.nextBoolean() ? ff.weight() : rec.weight();
            if (!readout && source.length > 0 && r.nextBoolean()) {
                // near threshold: V = I exactly (exp_tc 0, r_membrane 1, v_rest 0, no offset), v_thresh one
                // excitatory weight shifted as its input is
                p.put(SpinnakerLif.EXP_TC, new long[] {0});
                p.put(SpinnakerLif.R_MEMBRANE, new long[] {SpinnakerLif.ONE});
                p.put(SpinnakerLif.V_REST, new long[] {0});
                p.put(SpinnakerLif.I_OFFSET, new long[] {0});
                int shift = (int) p.get(SpinnakerLif.SHIFT_EXC)[0];
                p.put(SpinnakerLif.V_THRESH, new long[] {SpinnakerLif.toInput(
                        SpinnakerLif.ring(Math.abs((long) source[r.nextInt(source.length)])), shift)});
            }
            return with(b, ff, new NeuronParams(SpinnakerLif.NAME, p), rec);
        }
    }

    private static final class TrueNorthRule implements Rule {

        @Override
        public DeployedLayer layer(Random r, DeployedLayer b, SparseSynapses ff, int[][] loops, boolean readout) {
            NeuronParams base = b.neuron();
            int[] w = new int[size(loops)];
            for (int k = 0; k < w.length; k++) {
                w[k] = (int) base.value(TrueNorthLif.TYPE_WEIGHTS[r.nextInt(4)], loops[1][k]);
            }
            SortedMap<String, long[]> p = new TreeMap<>(base.values());
            if (!readout) {
                long[] alpha = base.values().get(TrueNorthLif.POSITIVE_THRESHOLD).clone();
                for (int i = 0; i < alpha.length; i++) {
                    if (r.nextBoolean()) {
                        long a = base.value(TrueNorthLif.TYPE_WEIGHTS[r.nextInt(4)], i) + base.value(TrueNorthLif.LEAK, i);
                        alpha[i] = Math.max(1, a);
                    }
                }
                p.put(TrueNorthLif.POSITIVE_THRESHOLD, alpha);
            }
            return with(b, ff, new NeuronParams(TrueNorthLif.NAME, p), loops(loops, w));
        }

        @Override
        public int maxCount(Random r) {
            return 6;
        }
    }

    private static final class SenecaRule implements Rule {

        @Override
        public DeployedLayer layer(Random r, DeployedLayer b, SparseSynapses ff, int[][] loops, boolean readout) {
            SparseSynapses rec = loops(loops, weights(size(loops), () -> SenecaRandomNetworks.weight(r)));
            NeuronParams p = b.neuron();
            int[] bias = new int[b.outputs()];
            for (int i = 0; i < bias.length; i++) {
                bias[i] = SenecaBf16Lif.bias(p, i);
            }
            return with(b, ff, SenecaBf16Lif.params(SenecaBf16Lif.decay(p, 0), SenecaBf16Lif.threshold(p, 0), bias,
                    reset(r, readout)), rec);
        }

        @Override
        public int maxCount(Random r) {
            return r.nextInt(4) == 0 ? 65535 : 3;
        }
    }
}
