package org.spikeport.simulator;

import java.util.Arrays;
import org.spikeport.core.arith.SpinnakerLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.NeuronParams;

/**
 * {@link SpinnakerLif spinnaker-lif-s1615} in the simulator, bit for bit: a synapse with IR weight
 * {@code w > 0} adds {@code w * payload} to the neuron's excitatory ring-buffer entry of its arrival
 * step, {@code w < 0} adds {@code -w * payload} to the inhibitory one (a count of {@code c} is
 * {@code c} spikes). At the step, each entry is saturated ({@link SpinnakerLif#ring}), shifted by its
 * type's ring-buffer shift ({@link SpinnakerLif#toInput}), combined with the neuron's
 * {@code i_offset} ({@link SpinnakerLif#input}) and the neuron is updated by
 * {@link SpinnakerLif#update}; it spikes iff {@link SpinnakerLif#spikes} and then V = v_reset.
 *
 * <p>A neuron is at rest when {@code V == 0} and no input arrives; it is updated every step when a
 * zero membrane with no input would move or spike (a non-zero {@code i_offset} or {@code v_rest}, a
 * threshold at or below zero). The membrane in float units is {@code V * output_scale} from the
 * layer's quantization map ({@code v_scale} when that is absent): float per raw s16.15 unit.
 */
public final class SpinnakerLifArithmetic implements Arithmetic {

    @Override
    public String name() {
        return SpinnakerLif.NAME;
    }

    @Override
    public Arithmetic.Layer layer(DeployedLayer layer, int maxLead) {
        return new Neurons(layer, maxLead);
    }

    private static final class Neurons implements Arithmetic.Layer {
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
        private final long[] v;
        private final long[] exc;
        private final long[] inh;
        private final InputRing excRing;
        private final InputRing inhRing;
        private final ActiveSet active;
        private final int[] eventNeurons;
        private final long[] eventValues;
        private int updates;

        Neurons(DeployedLayer layer, int maxLead) {
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
            boolean[] restless = new boolean[n];
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
            v = new long[n];
            exc = new long[n];
            inh = new long[n];
            excRing = new InputRing(n, maxLead);
            inhRing = new InputRing(n, maxLead);
            active = new ActiveSet(restless);
            eventNeurons = new int[n];
            eventValues = new long[n];
        }

        private static int shift(NeuronParams p, String key, int neuron) {
            long s = p.value(key, neuron);
            if (s < 0 || s > SpinnakerLif.MAX_SHIFT) {
                throw new IllegalArgumentException(key + " " + s + " is outside 0.." + SpinnakerLif.MAX_SHIFT);
            }
            return (int) s;
        }

        @Override
        public int neurons() {
            return n;
        }

        @Override
        public void deliver(int neuron, int weight, long payload, int lead) {
            if (weight > 0) {
                excRing.add(neuron, lead, weight * payload);
            } else if (weight < 0) {
                inhRing.add(neuron, lead, -(long) weight * payload);
            } else {
                excRing.add(neuron, lead, 0);
            }
        }

        @Override
        public int step(int[] spikesOut) {
            active.begin();
            int k = excRing.takeEvents(eventNeurons, eventValues);
            for (int e = 0; e < k; e++) {
                exc[eventNeurons[e]] = eventValues[e];
                active.add(eventNeurons[e]);
            }
            k = inhRing.takeEvents(eventNeurons, eventValues);
            for (int e = 0; e < k; e++) {
                inh[eventNeurons[e]] = eventValues[e];
                active.add(eventNeurons[e]);
            }
            int spikes = 0;
            updates = active.size();
            for (int idx = 0; idx < updates; idx++) {
                int i = active.get(idx);
                long in = SpinnakerLif.input(
                        SpinnakerLif.toInput(SpinnakerLif.ring(exc[i]), shiftExc[i]),
                        SpinnakerLif.toInput(SpinnakerLif.ring(inh[i]), shiftInh[i]),
                        iOffset[i]);
                exc[i] = 0;
                inh[i] = 0;
                long nv = SpinnakerLif.update(v[i], in, expTc[i], rMembrane[i], vRest[i]);
                if (SpinnakerLif.spikes(nv, vThresh[i])) {
                    spikesOut[spikes++] = i;
                    nv = vReset[i];
                }
                v[i] = nv;
                active.updated(i, nv == 0);
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
            return scale.apply(v[neuron]);
        }

        @Override
        public long rawMembrane(int neuron) {
            return v[neuron];
        }
    }
}
