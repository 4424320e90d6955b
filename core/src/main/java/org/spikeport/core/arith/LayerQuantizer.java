package org.spikeport.core.arith;

import java.util.Objects;
import org.spikeport.core.ir.BatchNormFolding;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.TrainedLayer;

/**
 * A chip's rounding rule for one layer: the values its arithmetic realises for the layer's folded float
 * parameters, given back in the same float units. It is the rule the chip's exporter target deploys with
 * (each implementation calls the code that computes the deployed registers, never a copy of it), so a
 * training forward that runs on {@link Realised} values computes with the chip's weights.
 *
 * <p>Folded parameters are those after BatchNorm folding: feed-forward weights {@code a_i w_ij}, the
 * per-neuron bias current {@code c_i}, the recurrent weights as trained, the firing threshold
 * ({@code +Infinity} for a readout) and the membrane time constant in steps.
 */
public interface LayerQuantizer {

    /** The rule of a float arithmetic: every value is realised as it is. */
    LayerQuantizer EXACT = layer -> new Realised(layer.weights().clone(), layer.recurrent().clone(), layer.bias().clone());

    /**
     * One layer's folded parameters.
     *
     * @param weights       feed-forward weights, any order (a zero weight is no synapse: it realises 0 and changes
     *                      no other weight's value)
     * @param post          the postsynaptic neuron of each feed-forward weight
     * @param recurrent     recurrent weights, any order; empty for none
     * @param recurrentPost the postsynaptic neuron of each recurrent weight
     * @param bias          per-neuron bias current (its length is the layer's neuron count)
     * @param threshold     firing threshold, {@code +Infinity} for a readout
     * @param tau           membrane time constant in steps
     */
    record Layer(double[] weights, int[] post, double[] recurrent, int[] recurrentPost, double[] bias,
                 double threshold, double tau) {
        public Layer {
            Objects.requireNonNull(bias, "bias");
            if (weights.length != post.length || recurrent.length != recurrentPost.length) {
                throw new IllegalArgumentException("every weight needs its postsynaptic neuron: " + weights.length
                        + " weights, " + post.length + " posts, " + recurrent.length + " recurrent weights, "
                        + recurrentPost.length + " posts");
            }
        }

        /**
         * The folded values of a trained layer ({@link BatchNormFolding}, BatchNorm at its running statistics) in
         * dense row-major order: feed-forward weight {@code (post, pre)} at {@code post * inputs + pre}, 0 where
         * the layer's mask has no synapse; recurrent weight {@code (post, pre)} at {@code post * neurons + pre}.
         * A zero weight is no synapse to any rule, so these realise as the same synapses do sparsely.
         */
        public static Layer of(TrainedLayer l) {
            BatchNormFolding f = BatchNormFolding.of(l);
            int in = l.inputs();
            double[] w = new double[in * l.outputs()];
            int[] post = new int[w.length];
            for (int k = 0; k < w.length; k++) {
                post[k] = k / in;
                w[k] = l.connected(post[k], k % in) ? f.weights()[k] : 0;
            }
            Recurrence r = l.recurrent();
            double[] rw = new double[r == null ? 0 : r.weights().length];
            int[] rPost = new int[rw.length];
            for (int k = 0; k < rw.length; k++) {
                rw[k] = r.weights()[k];
                rPost[k] = k / r.neurons();
            }
            return new Layer(w, post, rw, rPost, f.bias(), l.neuron().threshold(), l.neuron().tau());
        }

        /** Whether the layer is a readout (it never spikes). */
        public boolean isReadout() {
            return threshold == Double.POSITIVE_INFINITY;
        }
    }

    /**
     * The realised values, in the order and units of the {@link Layer} they came from, and what the chip's
     * neuron carries from one step to the next.
     *
     * <p>With {@code x} the neuron's value after the threshold test and reset (0 after a spike), a chip whose
     * leak follows the trained model carries {@code x (1 - 1/tau)}; a chip with a linear leak of {@code D}
     * (float units, {@code D >= 0}) carries {@code max(0, x - D)} instead. A readout always carries the
     * trained decay (what the host decodes).
     *
     * @param weights     each feed-forward weight as the chip computes with it
     * @param recurrent   each recurrent weight
     * @param bias        each neuron's bias current
     * @param linearLeak  {@code D} of a chip with a linear leak, {@code NaN} where the leak is the trained
     *                    {@code x (1 - 1/tau)}
     */
    record Realised(double[] weights, double[] recurrent, double[] bias, double linearLeak) {
        public Realised {
            if (!Double.isNaN(linearLeak) && !(linearLeak >= 0 && Double.isFinite(linearLeak))) {
                throw new IllegalArgumentException("a linear leak must be finite and >= 0, got " + linearLeak);
            }
        }

        /** Values of a chip whose neurons leak as trained. */
        public Realised(double[] weights, double[] recurrent, double[] bias) {
            this(weights, recurrent, bias, Double.NaN);
        }

        /** Whether the chip's leak is linear ({@link #linearLeak} is a number). */
        public boolean hasLinearLeak() {
            return !Double.isNaN(linearLeak);
        }
    }

    /** The realised values of {@code layer}. */
    Realised realise(Layer layer);
}
