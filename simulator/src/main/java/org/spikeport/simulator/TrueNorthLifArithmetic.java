package org.spikeport.simulator;

import org.spikeport.core.arith.ResetParameter;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.NeuronParams;

/**
 * {@link TrueNorthLif truenorth-lif} in the simulator, bit for bit: per tick a neuron's arriving
 * {@code weight * spikes} are summed exactly (the IR weight is the axon type's weight the crossbar
 * selects; a spike counts once, an input count {@code c} as {@link TrueNorthLif#inputSpikes}
 * {@code (c, input_copies)} spikes), then {@link TrueNorthLif#integrate} (plus the leak, wrapped at the
 * membrane width), {@link TrueNorthLif#spikes} and {@link TrueNorthLif#reset} (mode
 * {@link TrueNorthLif#LINEAR} is reset by subtraction). The membrane width is the {@link Platform}'s
 * {@code membrane} entry (the profile's). Recurrent spikes reach the layer's own axons as any spike does.
 *
 * <p>A neuron is at rest when {@code v == 0}; it is updated every step when an update from rest (no
 * input) would change v or spike, e.g. a non-zero leak or a threshold at or below the leak.
 *
 * <p>Membrane in float units: a readout layer (its quantization map holds
 * {@value TrueNorthLif#OUTPUT_SCALE} and {@value TrueNorthLif#OUTPUT_DECAY}) is decoded as the host
 * does, {@link TrueNorthLif#decode} of {@link TrueNorthLif#decodeIncrement} after every step, for every
 * neuron; any other layer gives {@code v * v_scale} (NaN without one).
 */
final class TrueNorthLifArithmetic implements Arithmetic {

    private final int bits;

    TrueNorthLifArithmetic(int membraneBits) {
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
    public Arithmetic.Layer layer(DeployedLayer layer) {
        if (ResetParameter.subtracts(layer.neuron())) {
            throw new IllegalArgumentException("layer '" + layer.name() + "' asks for reset by subtraction through '"
                    + ResetParameter.NAME + "', which the '" + TrueNorthLif.NAME + "' arithmetic does not read: its reset "
                    + "is the per-neuron '" + TrueNorthLif.RESET_MODE + "' (" + TrueNorthLif.LINEAR + " subtracts)");
        }
        return new Rule(layer, bits);
    }

    private static final class Rule extends Arithmetic.Layer {
        private final int n;
        private final int bits;
        private final long[] leak;
        private final long[] alpha;
        private final long[] beta;
        private final long[] resetPotential;
        private final int[] mode;
        private final long copies;
        private final boolean decoded;
        private final double outputScale;
        private final double outputDecay;
        private final double vScale;

        Rule(DeployedLayer layer, int bits) {
            super(layer.outputs());
            NeuronParams p = layer.neuron();
            this.n = layer.outputs();
            this.bits = bits;
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
        }

        @Override
        long payload(long count) {
            return TrueNorthLif.inputSpikes(count, copies);
        }

        @Override
        State neurons(int slots) {
            return new State(this, slots);
        }
    }

    private static final class State extends Arithmetic.Neurons<IntegerRing> {
        private final Rule r;
        private final long[] v;
        private final long[] read;
        private final double[] y;

        State(Rule rule, int slots) {
            super(new IntegerRing(rule.n, 1, slots));
            r = rule;
            v = new long[rule.n];
            read = rule.decoded ? new long[rule.n] : null;
            y = rule.decoded ? new double[rule.n] : null;
        }

        @Override
        int update(int i) {
            long v2 = TrueNorthLif.integrate(v[i], ring.take(i), r.leak[i], r.bits);
            int result = TrueNorthLif.spikes(v2, r.alpha[i]) ? SPIKED : 0;
            long nv = TrueNorthLif.reset(v2, r.alpha[i], r.beta[i], r.resetPotential[i], r.mode[i], r.bits);
            v[i] = nv;
            return nv == 0 ? result : result | AWAKE;
        }

        @Override
        void stepEnded() {
            if (r.decoded) {
                for (int i = 0; i < r.n; i++) {
                    y[i] = TrueNorthLif.decode(y[i], r.outputDecay, r.outputScale,
                            TrueNorthLif.decodeIncrement(v[i], read[i], r.bits));
                    read[i] = v[i];
                }
            }
        }

        @Override
        double membrane(int neuron) {
            return r.decoded ? y[neuron] : v[neuron] * r.vScale;
        }

        @Override
        long rawMembrane(int neuron) {
            return v[neuron];
        }
    }
}
