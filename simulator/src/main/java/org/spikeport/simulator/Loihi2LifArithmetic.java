package org.spikeport.simulator;

import java.util.Arrays;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.NeuronParams;

/**
 * {@link Loihi2Lif loihi2-lif} in the simulator, bit for bit: the {@code weight * payload} products
 * one emission step sends through synapses of one delay to one neuron (a group) are summed exactly
 * (64 bits) and shifted by {@code weight_exp} ({@link Loihi2Lif#activation}) as a group; a neuron's
 * input in a step is the sum of the shifted groups arriving then. The neuron is updated by
 * {@link Loihi2Lif#updateU} (decay
 * truncated toward zero, {@code << 6}, 24-bit wrap) and {@link Loihi2Lif#updateV} (decay, plus u and
 * {@link Loihi2Lif#bias}, saturated); it spikes iff {@link Loihi2Lif#spikes} ({@code v > vth << 6})
 * and then v = 0, u kept. The u and v widths come from the {@link Platform} (the profile).
 *
 * <p>IR weights are used as the weight registers, unchanged (the exporter produces registers and its
 * checks report any that Lava would clip). A neuron is at rest when {@code u == 0 && v == 0}; it is
 * updated every step when its bias or threshold moves it from rest. The readout's membrane is
 * {@code v * output_scale} from the layer's quantization map ({@code v_scale} when that is absent).
 */
public final class Loihi2LifArithmetic implements Arithmetic {

    private final int uBits;
    private final int vBits;

    public Loihi2LifArithmetic(int uBits, int vBits) {
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
    public Arithmetic.Layer layer(DeployedLayer layer, int maxLead) {
        return new Neurons(layer, maxLead);
    }

    private final class Neurons implements Arithmetic.Layer {
        private final int n;
        private final int[] du;
        private final int[] dv;
        private final long[] vth;
        private final long[] bias;
        private final int[] weightExp;
        private final MembraneScale scale;
        private final long[] u;
        private final long[] v;
        private final long[] input;
        private final InputRing ring;
        private final int slots;
        private final boolean unshifted;
        private final long[] group;
        private final boolean[] grouped;
        private final int[] groups;
        private int groupCount;
        private final ActiveSet active;
        private final int[] eventNeurons;
        private final long[] eventValues;
        private int updates;

        Neurons(DeployedLayer layer, int maxLead) {
            NeuronParams p = layer.neuron();
            n = layer.outputs();
            du = new int[n];
            dv = new int[n];
            vth = new long[n];
            bias = new long[n];
            weightExp = new int[n];
            boolean[] restless = new boolean[n];
            for (int i = 0; i < n; i++) {
                du[i] = Math.toIntExact(p.value(Loihi2Lif.DU, i));
                dv[i] = Math.toIntExact(p.value(Loihi2Lif.DV, i));
                vth[i] = p.value(Loihi2Lif.VTH, i);
                bias[i] = Loihi2Lif.bias(p.value(Loihi2Lif.BIAS_MANT, i), Math.toIntExact(p.value(Loihi2Lif.BIAS_EXP, i)));
                weightExp[i] = Math.toIntExact(p.value(Loihi2Lif.WEIGHT_EXP, i));
                long u1 = Loihi2Lif.updateU(0, 0, du[i], uBits);
                long v1 = Loihi2Lif.updateV(0, u1, bias[i], dv[i], vBits);
                restless[i] = u1 != 0 || v1 != 0 || Loihi2Lif.spikes(v1, vth[i]);
            }
            scale = MembraneScale.of(layer);
            u = new long[n];
            v = new long[n];
            input = new long[n];
            ring = new InputRing(n, maxLead);
            slots = maxLead + 1;
            boolean zero = true;
            for (int e : weightExp) {
                zero &= e == 0;
            }
            unshifted = zero;
            int groupSlots = unshifted ? 0 : Math.multiplyExact(n, slots);
            group = new long[groupSlots];
            grouped = new boolean[groupSlots];
            groups = new int[groupSlots];
            active = new ActiveSet(restless);
            eventNeurons = new int[n];
            eventValues = new long[n];
        }

        @Override
        public int neurons() {
            return n;
        }

        /**
         * Adds to the group of {@code (neuron, lead)}: every delivery between two {@link #step} calls comes
         * from one emission step, and one lead is one delay, so a group is one emission step's input
         * through one delay. A layer whose weight_exp is 0 everywhere needs no groups (the shift is the
         * identity) and schedules the products directly.
         */
        @Override
        public void deliver(int neuron, int weight, long payload, int lead) {
            if (unshifted) {
                ring.add(neuron, lead, weight * payload);
            } else {
                addToGroup(neuron, lead, weight * payload);
            }
        }

        @Override
        public void deliverAll(int[] neuron, int[] weight, int[] lead, int from, int to, long payload) {
            if (unshifted) {
                ring.addAll(neuron, weight, lead, from, to, payload);
            } else {
                for (int k = from; k < to; k++) {
                    addToGroup(neuron[k], lead[k], weight[k] * payload);
                }
            }
        }

        private void addToGroup(int neuron, int lead, long value) {
            if (lead < 0 || lead >= slots) {
                throw new IllegalArgumentException("lead " + lead + " is outside 0.." + (slots - 1));
            }
            int key = neuron * slots + lead;
            if (!grouped[key]) {
                grouped[key] = true;
                groups[groupCount++] = key;
            }
            group[key] += value;
        }

        /** Shifts each group of the emission step that just ended by weight_exp and schedules it. */
        private void flushGroups() {
            for (int g = 0; g < groupCount; g++) {
                int key = groups[g];
                int neuron = key / slots;
                ring.add(neuron, key % slots, Loihi2Lif.activation(group[key], weightExp[neuron]));
                group[key] = 0;
                grouped[key] = false;
            }
            groupCount = 0;
        }

        @Override
        public int step(int[] spikesOut) {
            flushGroups();
            int k = ring.takeEvents(eventNeurons, eventValues);
            active.begin();
            for (int e = 0; e < k; e++) {
                input[eventNeurons[e]] = eventValues[e];
                active.add(eventNeurons[e]);
            }
            int spikes = 0;
            updates = active.size();
            for (int idx = 0; idx < updates; idx++) {
                int i = active.get(idx);
                long a = input[i];
                input[i] = 0;
                long nu = Loihi2Lif.updateU(u[i], a, du[i], uBits);
                long nv = Loihi2Lif.updateV(v[i], nu, bias[i], dv[i], vBits);
                if (Loihi2Lif.spikes(nv, vth[i])) {
                    spikesOut[spikes++] = i;
                    nv = 0;
                }
                u[i] = nu;
                v[i] = nv;
                active.updated(i, nu == 0 && nv == 0);
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
