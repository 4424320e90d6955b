package org.spikeport.simulator;

import org.spikeport.core.arith.SpinnakerLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.NeuronParams;

/**
 * {@link SpinnakerLif spinnaker-lif-s1615} in the simulator, bit for bit: a synapse with IR weight
 * {@code w > 0} adds {@code w * payload} to the neuron's excitatory ring-buffer entry of its arrival
 * step, {@code w < 0} adds {@code -w * payload} to the inhibitory one (a count of {@code c} is
 * {@code c} spikes; the ring holds the two as channels 0 and 1). At the step, each entry is saturated
 * ({@link SpinnakerLif#ring}), shifted by its type's ring-buffer shift ({@link SpinnakerLif#toInput}),
 * combined with the neuron's {@code i_offset} ({@link SpinnakerLif#input}) and the neuron is updated by
 * {@link SpinnakerLif#update}; it spikes iff {@link SpinnakerLif#spikes} and then V = v_reset. Recurrent
 * synapses (a projection from the population to itself) add the same way.
 *
 * <p>A neuron is at rest when {@code V == 0}; it is updated every step when a zero membrane with no
 * input would move or spike (a non-zero {@code i_offset} or {@code v_rest}, a threshold at or below zero).
 * The membrane in float units is {@code V * output_scale} from the layer's quantization map
 * ({@code v_scale} when that is absent): float per raw s16.15 unit. A layer that asks for reset by
 * subtraction is refused ({@code IF_curr_delta} resets V to {@code v_reset}).
 */
final class SpinnakerLifArithmetic implements Arithmetic {

    private static final int EXCITATORY = 0;
    private static final int INHIBITORY = 1;

    @Override
    public String name() {
        return SpinnakerLif.NAME;
    }

    @Override
    public Arithmetic.Layer layer(DeployedLayer layer) {
        Arithmetic.refuseResetBySubtraction(layer, SpinnakerLif.NAME, "its neuron sets V to v_reset after a spike");
        return new Rule(layer);
    }

    private static final class Rule extends Arithmetic.Layer {
        private final int n;
        private final long[] expTc;
        private final long[] rMembrane;
        private final long[] vRest;
        private final long[] vThresh;
        private final long[] vReset;
        private final long[] iOffset;
        private final int[] shiftExc;
        private final int[] shiftInh;
        private final MembraneScale scale;

        Rule(DeployedLayer layer) {
            super(layer.outputs());
            NeuronParams p = layer.neuron();
            n = layer.outputs();
            expTc = new long[n];
            rMembrane = new long[n];
            vRest = new long[n];
            vThresh = new long[n];
            vReset = new long[n];
            iOffset = new long[n];
            shiftExc = new int[n];
            shiftInh = new int[n];
            for (int i = 0; i < n; i++) {
                expTc[i] = p.value(SpinnakerLif.EXP_TC, i);
                rMembrane[i] = p.value(SpinnakerLif.R_MEMBRANE, i);
                vRest[i] = p.value(SpinnakerLif.V_REST, i);
                vThresh[i] = p.value(SpinnakerLif.V_THRESH, i);
                vReset[i] = p.value(SpinnakerLif.V_RESET, i);
                iOffset[i] = p.value(SpinnakerLif.I_OFFSET, i);
                shiftExc[i] = shift(p, SpinnakerLif.SHIFT_EXC, i);
                shiftInh[i] = shift(p, SpinnakerLif.SHIFT_INH, i);
                long v1 = SpinnakerLif.update(0, SpinnakerLif.input(0, 0, iOffset[i]), expTc[i], rMembrane[i], vRest[i]);
                restless[i] = v1 != 0 || SpinnakerLif.spikes(v1, vThresh[i]);
            }
            scale = MembraneScale.of(layer);
        }

        private static int shift(NeuronParams p, String key, int neuron) {
            long s = p.value(key, neuron);
            if (s < 0 || s > SpinnakerLif.MAX_SHIFT) {
                throw new IllegalArgumentException(key + " " + s + " is outside 0.." + SpinnakerLif.MAX_SHIFT);
            }
            return (int) s;
        }

        @Override
        int channels() {
            return 2;
        }

        @Override
        int channel(int weight) {
            return weight < 0 ? INHIBITORY : EXCITATORY;
        }

        @Override
        int coefficient(int weight, int post, boolean recurrent) {
            return Math.absExact(weight);
        }

        @Override
        State neurons(int slots) {
            return new State(this, slots);
        }
    }

    private static final class State extends Arithmetic.Neurons<IntegerRing> {
        private final Rule r;
        private final long[] v;

        State(Rule rule, int slots) {
            super(new IntegerRing(rule.n, 2, slots));
            r = rule;
            v = new long[rule.n];
        }

        @Override
        int update(int i) {
            long in = SpinnakerLif.input(
                    SpinnakerLif.toInput(SpinnakerLif.ring(ring.take(i, EXCITATORY)), r.shiftExc[i]),
                    SpinnakerLif.toInput(SpinnakerLif.ring(ring.take(i, INHIBITORY)), r.shiftInh[i]),
                    r.iOffset[i]);
            long nv = SpinnakerLif.update(v[i], in, r.expTc[i], r.rMembrane[i], r.vRest[i]);
            int result = 0;
            if (SpinnakerLif.spikes(nv, r.vThresh[i])) {
                result = SPIKED;
                nv = r.vReset[i];
            }
            v[i] = nv;
            return nv == 0 ? result : result | AWAKE;
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
