package org.spikeport.simulator;

import java.util.Arrays;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.NeuronParams;

/**
 * {@link TrueNorthLif truenorth-lif} in the simulator, bit for bit: per tick a neuron's arriving
 * {@code weight * spikes} are summed exactly (the IR weight is the axon type's weight the crossbar
 * selects; a spike counts once, an input count {@code c} as {@link TrueNorthLif#inputSpikes}
 * {@code (c, input_copies)} spikes), then {@link TrueNorthLif#integrate} (plus the leak, wrapped at the
 * membrane width), {@link TrueNorthLif#spikes} and {@link TrueNorthLif#reset}. The membrane width is the
 * {@link Platform}'s {@code membrane} entry (the profile's).
 *
 * <p>A neuron is at rest when {@code v == 0}; it is updated every step when an update from rest (no
 * input) would change v or spike, e.g. a non-zero leak or a threshold at or below the leak.
 *
 * <p>Membrane in float units: a readout layer (its quantization map holds
 * {@value TrueNorthLif#OUTPUT_SCALE} and {@value TrueNorthLif#OUTPUT_DECAY}) is decoded as the host
 * does, {@link TrueNorthLif#decode} of {@link TrueNorthLif#decodeIncrement} after every step, for every
 * neuron; any other layer gives {@code v * v_scale} (NaN without one).
 */
public final class TrueNorthLifArithmetic implements Arithmetic {

    private final int bits;

    public TrueNorthLifArithmetic(int membraneBits) {
        if (membraneBits < 2 || membraneBits > 62) {
            throw new IllegalArgumentException("the membrane width must be 2..62 bits, got " + membraneBits);
        }
        this.bits = membraneBits;
    }

    @Override
    public String name() {
        return TrueNorthLif.NAME;
    }

    @Override
    public Arithmetic.Layer layer(DeployedLayer layer, int maxLead) {
        return new Neurons(layer, maxLead);
    }

    private final class Neurons implements Arithmetic.Layer {
        private final int n;
        private final long[] leak;
        private final long[] alpha;
        private final long[] beta;
        private final long[] resetPotential;
        private final int[] mode;
        private final long copies;
        private final long[] v;
        private final long[] input;
        private final InputRing ring;
        private final ActiveSet active;
        private final int[] eventNeurons;
        private final long[] eventValues;
        private final boolean decoded;
        private final double outputScale;
        private final double outputDecay;
        private final double vScale;
        private final long[] read;
        private final double[] y;
        private int updates;

        Neurons(DeployedLayer layer, int maxLead) {
            NeuronParams p = layer.neuron();
            n = layer.outputs();
            leak = new long[n];
            alpha = new long[n];
            beta = new long[n];
            resetPotential = new long[n];
            mode = new int[n];
            copies = p.value(TrueNorthLif.INPUT_COPIES, 0);
            if (copies < 1) {
                throw new IllegalArgumentException("layer '" + layer.name() + "' has input_copies " + copies
                        + "; it must be at least 1");
            }
            boolean[] restless = new boolean[n];
            for (int i = 0; i < n; i++) {
                leak[i] = p.value(TrueNorthLif.LEAK, i);
                alpha[i] = p.value(TrueNorthLif.POSITIVE_THRESHOLD, i);
                beta[i] = p.value(TrueNorthLif.NEGATIVE_THRESHOLD, i);
                resetPotential[i] = p.value(TrueNorthLif.RESET_POTENTIAL, i);
                mode[i] = Math.toIntExact(p.value(TrueNorthLif.RESET_MODE, i));
                long v2 = TrueNorthLif.integrate(0, 0, leak[i], bits);
                restless[i] = TrueNorthLif.spikes(v2, alpha[i])
                        || TrueNorthLif.reset(v2, alpha[i], beta[i], resetPotential[i], mode[i], bits) != 0;
            }
            Double s = layer.quantization().get(TrueNorthLif.OUTPUT_SCALE);
            Double a = layer.quantization().get(TrueNorthLif.OUTPUT_DECAY);
            decoded = s != null && a != null;
            outputScale = decoded ? s : Double.NaN;
            outputDecay = decoded ? a : Double.NaN;
            vScale = layer.quantization().getOrDefault("v_scale", Double.NaN);
            read = decoded ? new long[n] : null;
            y = decoded ? new double[n] : null;
            v = new long[n];
            input = new long[n];
            ring = new InputRing(n, maxLead);
            active = new ActiveSet(restless);
            eventNeurons = new int[n];
            eventValues = new long[n];
        }

        @Override
        public int neurons() {
            return n;
        }

        @Override
        public void deliver(int neuron, int weight, long payload, int lead) {
            ring.add(neuron, lead, weight * TrueNorthLif.inputSpikes(payload, copies));
        }

        @Override
        public int step(int[] spikesOut) {
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
                long v2 = TrueNorthLif.integrate(v[i], input[i], leak[i], bits);
                input[i] = 0;
                if (TrueNorthLif.spikes(v2, alpha[i])) {
                    spikesOut[spikes++] = i;
                }
                long nv = TrueNorthLif.reset(v2, alpha[i], beta[i], resetPotential[i], mode[i], bits);
                v[i] = nv;
                active.updated(i, nv == 0);
            }
            active.end();
            if (decoded) {
                for (int i = 0; i < n; i++) {
                    y[i] = TrueNorthLif.decode(y[i], outputDecay, outputScale,
                            TrueNorthLif.decodeIncrement(v[i], read[i], bits));
                    read[i] = v[i];
                }
            }
            Arrays.sort(spikesOut, 0, spikes);
            return spikes;
        }

        @Override
        public int lastUpdates() {
            return updates;
        }

        @Override
        public double membrane(int neuron) {
            return decoded ? y[neuron] : v[neuron] * vScale;
        }

        @Override
        public long rawMembrane(int neuron) {
            return v[neuron];
        }
    }
}
