package org.spikeport.exporter.loihi;

import java.util.ArrayList;
import java.util.List;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.SparseSynapses;

/**
 * Where lava-dl NetX would compute something else than the deployed network, read from lava-dl 0.6.0 (tag
 * {@code v0.6.0}, whose {@code netx} is unchanged on its main branch).
 *
 * <h2>Weights</h2>
 *
 * NetX takes integer weights (the activations per unit payload) and re-derives sign mode, width and
 * exponent ({@code optimize_weight_bits}, {@code netx/utils.py}), shifting them left by
 * {@code scale_bits} ({@link #exponent}); a matrix whose {@code scale_bits} would be negative is not held.
 *
 * <h2>Recurrent synapses</h2>
 *
 * NetX's only recurrent layer type, {@code dense_rec}, holds a feed-forward {@code weight}, a recurrent
 * {@code weight_rec} and one {@code delay} matrix, and
 * <ul>
 *   <li>gives the recurrent synapses no delays of their own: with a {@code delay} dataset its
 *       {@code RecurrentDense} block builds the recurrent {@code DelayDense} with the feed-forward delay
 *       matrix ({@code netx/blocks/process.py} lines 280-286), which Lava's {@code DelayDense} refuses when
 *       the layer has fewer or more inputs than neurons ({@code _validate_delays}: the delays must have the
 *       weights' shape) and otherwise applies to the recurrent synapses (Lava delay {@code d}: lag
 *       {@code d + 1}); without one, both synapses are plain {@code Dense} (lines 249-262), every recurrent
 *       lag 1;</li>
 *   <li>passes neither synapse a {@code weight_exp} when delays are present (lines 273-286), so both run
 *       with exponent 0 instead of the exponent NetX derived;</li>
 *   <li>derives one sign mode, weight width and exponent for the feed-forward and recurrent weights
 *       together ({@code netx/hdf5.py} lines 401-407, {@code optimize_weight_bits} of
 *       {@code np.hstack((weight, weight_rec))}), where a Loihi 2 layer has one per Dense.</li>
 * </ul>
 * spikeport therefore writes no NetX file for a network with recurrent synapses; {@link #recurrentProblems}
 * says for one layer what the first two change in what it computes, or that its weights exceed what NetX
 * holds (the third is a different quantization, not necessarily a different result).
 */
final class Netx {

    private Netx() {
    }

    /**
     * What NetX would get wrong for {@code l} (a layer with recurrent synapses), one clause per problem that
     * changes its result, naming the lava-dl code; empty when neither does.
     */
    static String recurrentProblems(DeployedLayer l) {
        SparseSynapses rec = l.recurrent();
        NeuronParams p = l.neuron();
        List<String> out = new ArrayList<>();
        String lags = rec.size() + " recurrent synapses, lags " + LoihiTarget.minLag(rec) + ".." + rec.maxDelay();
        if (l.inputs() != l.outputs()) {
            out.add("NetX cannot build it: its recurrent synapses (" + lags + ") would get the " + l.outputs() + " x "
                    + l.inputs() + " feed-forward delay matrix, which Lava's DelayDense refuses for " + l.outputs()
                    + " x " + l.outputs() + " weights (lava-dl 0.6.0 netx/blocks/process.py:280-286)");
        } else {
            int[] ffDelay = new int[l.outputs() * l.inputs()];
            SparseSynapses ff = l.synapses();
            for (int k = 0; k < ff.size(); k++) {
                ffDelay[ff.post()[k] * l.inputs() + ff.pre()[k]] = ff.delay()[k];
            }
            int wrong = 0;
            for (int k = 0; k < rec.size(); k++) {
                wrong += ffDelay[rec.post()[k] * l.inputs() + rec.pre()[k]] + 1 != rec.delay()[k] ? 1 : 0;
            }
            if (wrong > 0) {
                out.add("NetX would give its recurrent synapses (" + lags + ") the feed-forward delay matrix, a "
                        + "wrong lag for " + wrong + " of them (lava-dl 0.6.0 netx/blocks/process.py:280-286)");
            }
        }
        Span span = new Span();
        span.add(l.synapses(), (int) p.value(Loihi2Lif.WEIGHT_EXP, 0), (long) l.inputs() * l.outputs());
        span.add(rec, (int) p.value(Loihi2Lif.RECURRENT_WEIGHT_EXP, 0), (long) l.outputs() * l.outputs());
        int exp = span.isZero() ? 0 : exponent(span.min, span.max);
        if (exp < 0) {
            out.add("it would drop the weight exponent " + exp + " it derives for the layer, so every activation "
                    + "would be " + (1L << -exp) + " times too large (netx/blocks/process.py:273-286 pass no weight_exp)");
        } else if (exp > 0) {
            out.add("its activations span " + span.min + ".." + span.max + ", more than NetX's 8-bit weights hold "
                    + "(netx/utils.py optimize_weight_bits would clip them or shift them right)");
        }
        return String.join("; ", out);
    }

    /**
     * The span of the weights of a NetX weight matrix: the activations per unit payload of the synapses
     * added, and 0 when a matrix has cells without a synapse.
     */
    static final class Span {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;

        /** Adds the synapses {@code s} at exponent {@code exp} of a matrix of {@code cells} cells. */
        void add(SparseSynapses s, int exp, long cells) {
            if (s.size() < cells) {
                min = Math.min(min, 0);
                max = Math.max(max, 0);
            }
            for (int w : s.weight()) {
                long a = Loihi2Lif.activation(w, exp);
                min = Math.min(min, a);
                max = Math.max(max, a);
            }
        }

        /** Whether every weight is 0 (no matrix, or nothing but zeros). */
        boolean isZero() {
            return min > max || (min == 0 && max == 0);
        }
    }

    /**
     * The {@code weight_exponent} NetX's {@code optimize_weight_bits} ({@code netx/utils.py}) derives for a
     * weight matrix whose entries span {@code min..max} (not all zero): {@code -scale_bits},
     * {@code scale_bits = floor(log2(scale)) + (mixed ? 1 : 0)} ({@link Math#getExponent} is that floor),
     * {@code scale} being {@code 255 / max} (excitatory), {@code -256 / min} (inhibitory) or
     * {@code min(127 / max, -128 / min)} (mixed).
     */
    static int exponent(long min, long max) {
        double scale;
        int signed = 0;
        if (max < 0) {
            scale = -256.0 / min;
        } else if (min >= 0) {
            scale = 255.0 / max;
        } else {
            scale = Math.min(127.0 / max, -128.0 / min);
            signed = 1;
        }
        return -(Math.getExponent(scale) + signed);
    }
}
