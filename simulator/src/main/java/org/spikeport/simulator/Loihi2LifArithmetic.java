package org.spikeport.simulator;

import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.NeuronParams;

/**
 * {@link Loihi2Lif loihi2-lif} in the simulator, bit for bit. Synapses: the {@code weight * payload}
 * products one emission step sends through synapses of one delay to one neuron, from one Dense (the
 * feed-forward one, or the layer's recurrent one), form a group, summed exactly and shifted by that
 * Dense's exponent ({@link Loihi2Lif#activation}: {@code weight_exp}, or {@code recurrent_weight_exp} for
 * the recurrent synapses); a neuron's input in a step is the sum of the shifted groups arriving then. A
 * left shift is exact, so where every exponent of a Dense is {@code >= 0} the products are shifted one by
 * one ({@code (weight << exp) * payload}, the same sum) and need no groups. Neurons:
 * {@link Loihi2Lif#updateU} (decay truncated toward zero, {@code << 6}, 24-bit wrap) and
 * {@link Loihi2Lif#updateV} (decay, plus u and {@link Loihi2Lif#bias}, saturated); a neuron spikes iff
 * {@link Loihi2Lif#spikes} ({@code v > vth << 6}) and then v = 0, u kept. The u and v widths come from
 * the {@link Platform} (the profile).
 *
 * <p>IR weights are used as the weight registers, unchanged (the exporter produces registers and its
 * checks report any that Lava would clip). A neuron is at rest when {@code u == 0 && v == 0}; it is
 * updated every step when its bias or threshold moves it from rest. The readout's membrane is
 * {@code v * output_scale} from the layer's quantization map ({@code v_scale} when that is absent).
 * A layer with recurrent synapses needs {@link Loihi2Lif#RECURRENT_WEIGHT_EXP}; a layer that asks for
 * reset by subtraction is refused (Lava's LIF has hard reset only).
 */
final class Loihi2LifArithmetic implements Arithmetic {

    private final int uBits;
    private final int vBits;

    Loihi2LifArithmetic(int uBits, int vBits) {
        if (uBits < 2 || uBits > 40 || vBits < 2 || vBits > 40) {
            throw new IllegalArgumentException("u and v widths must be 2..40 bits, got " + uBits + " and " + vBits);
        }
        this.uBits = uBits;
        this.vBits = vBits;
    }

    @Override
    public String name() {
        return Loihi2Lif.NAME;
    }

    @Override
    public Arithmetic.Layer layer(DeployedLayer layer) {
        Arithmetic.refuseResetBySubtraction(layer, Loihi2Lif.NAME, "its neuron resets v to 0 after a spike");
        if (layer.isRecurrent() && !layer.neuron().has(Loihi2Lif.RECURRENT_WEIGHT_EXP)) {
            throw new IllegalArgumentException("layer '" + layer.name() + "' has recurrent synapses but no '"
                    + Loihi2Lif.RECURRENT_WEIGHT_EXP + "' parameter, which the '" + Loihi2Lif.NAME
                    + "' arithmetic needs for them (the exponent of the recurrent Dense)");
        }
        return new Rule(layer, uBits, vBits);
    }

    /** One Dense's exponent per postsynaptic neuron, as the rounding of its groups. */
    private record Exponents(int[] exp) implements IntegerRing.Groups {

        static Exponents of(NeuronParams p, String name, int n) {
            int[] e = new int[n];
            for (int i = 0; i < n; i++) {
                e[i] = Math.toIntExact(p.value(name, i));
            }
            return new Exponents(e);
        }

        @Override
        public long apply(long sum, int neuron) {
            return Loihi2Lif.activation(sum, exp[neuron]);
        }

        /** Whether every weight of {@code weights} into {@code post}, shifted one by one, is exact in an int. */
        boolean shiftsEachWeight(int[] weights, int[] post) {
            for (int k = 0; k < weights.length; k++) {
                int e = exp[post[k]];
                if (e < 0 || e > 31) {
                    return false;
                }
                long w = (long) weights[k] << e;
                if (w != (int) w) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class Rule extends Arithmetic.Layer {
        private final int n;
        private final int uBits;
        private final int vBits;
        private final int[] du;
        private final int[] dv;
        private final long[] vth;
        private final long[] bias;
        private final Exponents feedForward;
        private final Exponents recurrent;
        private final boolean feedForwardGrouped;
        private final boolean recurrentGrouped;
        private final MembraneScale scale;

        Rule(DeployedLayer layer, int uBits, int vBits) {
            super(layer.outputs());
            NeuronParams p = layer.neuron();
            this.n = layer.outputs();
            this.uBits = uBits;
            this.vBits = vBits;
            du = new int[n];
            dv = new int[n];
            vth = new long[n];
            bias = new long[n];
            for (int i = 0; i < n; i++) {
                du[i] = Math.toIntExact(p.value(Loihi2Lif.DU, i));
                dv[i] = Math.toIntExact(p.value(Loihi2Lif.DV, i));
                vth[i] = p.value(Loihi2Lif.VTH, i);
                bias[i] = Loihi2Lif.bias(p.value(Loihi2Lif.BIAS_MANT, i), Math.toIntExact(p.value(Loihi2Lif.BIAS_EXP, i)));
                long u1 = Loihi2Lif.updateU(0, 0, du[i], uBits);
                long v1 = Loihi2Lif.updateV(0, u1, bias[i], dv[i], vBits);
                restless[i] = u1 != 0 || v1 != 0 || Loihi2Lif.spikes(v1, vth[i]);
            }
            feedForward = Exponents.of(p, Loihi2Lif.WEIGHT_EXP, n);
            feedForwardGrouped = !feedForward.shiftsEachWeight(layer.synapses().weight(), layer.synapses().post());
            recurrent = layer.isRecurrent() ? Exponents.of(p, Loihi2Lif.RECURRENT_WEIGHT_EXP, n) : null;
            recurrentGrouped = recurrent != null
                    && !recurrent.shiftsEachWeight(layer.recurrent().weight(), layer.recurrent().post());
            scale = MembraneScale.of(layer);
        }

        @Override
        int coefficient(int weight, int post, boolean isRecurrent) {
            if (isRecurrent ? recurrentGrouped : feedForwardGrouped) {
                return weight;
            }
            return weight << (isRecurrent ? recurrent : feedForward).exp[post];
        }

        @Override
        IntegerRing.Groups groups(boolean isRecurrent) {
            if (isRecurrent) {
                return recurrentGrouped ? recurrent : null;
            }
            return feedForwardGrouped ? feedForward : null;
        }

        @Override
        State neurons(int slots) {
            return new State(this, slots);
        }
    }

    private static final class State extends Arithmetic.Neurons<IntegerRing> {
        private final Rule r;
        private final long[] u;
        private final long[] v;

        State(Rule rule, int slots) {
            super(new IntegerRing(rule.n, 1, slots));
            r = rule;
            u = new long[rule.n];
            v = new long[rule.n];
        }

        @Override
        int update(int i) {
            long nu = Loihi2Lif.updateU(u[i], ring.take(i), r.du[i], r.uBits);
            long nv = Loihi2Lif.updateV(v[i], nu, r.bias[i], r.dv[i], r.vBits);
            int result = 0;
            if (Loihi2Lif.spikes(nv, r.vth[i])) {
                result = SPIKED;
                nv = 0;
            }
            u[i] = nu;
            v[i] = nv;
            return nu == 0 && nv == 0 ? result : result | AWAKE;
        }

        @Override
        double membrane(int neuron) {
            return r.scale.apply(v[neuron]);
        }

        @Override
        long rawMembrane(int neuron) {
            return v[neuron];
        }
    }
}
