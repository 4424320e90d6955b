package org.spikeport.exporter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spikeport.core.arith.LayerQuantizer;
import org.spikeport.core.ir.BatchNormFolding;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.DelayRounding;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedNetwork;

/**
 * A trained network after the target-independent deployment steps, still in floating point: delays
 * rounded ({@link DelayRounding}, as the rounded-delay evaluation), BatchNorm and the layer bias folded
 * into weights and a per-neuron bias current ({@link BatchNormFolding}), and masked or zero-weight
 * synapses dropped. Every target starts from it; the {@code float} and NIR targets keep its values as
 * they are.
 *
 * <p>Neuron model of every layer: {@code v[t] = v[t-1] (1 - 1/tau) + I[t] + bias},
 * {@code I[t] = sum w x_pre[t - d] + sum W s_pre[t - D]} (feed-forward synapses, then the layer's
 * recurrent synapses from its own spikes {@code s}, {@code D >= 1}); hidden layers spike when
 * {@code v >= threshold} and reset to 0 or subtract the threshold ({@link Layer#reset}); the readout
 * ({@code threshold = +Infinity}) never spikes and its membrane is the output, read by {@code decoding}.
 *
 * @param inputs   input channels
 * @param dtMs     time step in milliseconds
 * @param layers   the layers, input side first
 * @param decoding how the readout's membranes give the answer (the trained network's)
 */
public record FoldedNetwork(int inputs, double dtMs, List<Layer> layers, Decoding decoding) {

    /**
     * Sparse synapses in post-major order (by {@code post}, then {@code pre}) with float weights and
     * integer delays under the IR's delay contract; a layer's recurrent synapses take this form.
     */
    public record Synapses(int[] pre, int[] post, double[] weight, int[] delay) {

        /** No synapses. */
        public static final Synapses NONE = new Synapses(new int[0], new int[0], new double[0], new int[0]);

        /** Number of synapses. */
        public int size() {
            return pre.length;
        }

        /** The largest delay, 0 when there are none. */
        public int maxDelay() {
            return Arrays.stream(delay).max().orElse(0);
        }

        /** A dense {@code (outputs, inputs)} matrix's weight {@code (post, pre)}. */
        interface Weights {
            double at(int post, int pre);
        }

        /** A dense {@code (outputs, inputs)} matrix's integer delay {@code (post, pre)}. */
        interface Delays {
            int at(int post, int pre);
        }

        /**
         * The synapses of a dense {@code (outputs, inputs)} matrix whose weight is not zero, post-major,
         * each with {@code delay.at(post, pre)}.
         */
        static Synapses nonZero(int outputs, int inputs, Weights weight, Delays delay) {
            int n = 0;
            for (int i = 0; i < outputs; i++) {
                for (int j = 0; j < inputs; j++) {
                    if (weight.at(i, j) != 0) {
                        n++;
                    }
                }
            }
            Synapses s = new Synapses(new int[n], new int[n], new double[n], new int[n]);
            int k = 0;
            for (int i = 0; i < outputs; i++) {
                for (int j = 0; j < inputs; j++) {
                    double w = weight.at(i, j);
                    if (w != 0) {
                        s.pre[k] = j;
                        s.post[k] = i;
                        s.weight[k] = w;
                        s.delay[k] = delay.at(i, j);
                        k++;
                    }
                }
            }
            return s;
        }
    }

    /**
     * One layer: sparse feed-forward synapses in post-major order (by {@code post}, then {@code pre}),
     * with integer delays under the IR's delay contract, float neuron parameters, and the layer's
     * recurrent synapses.
     *
     * @param maxDelay  the trained maximum delay ({@code Td - 1}); every feed-forward delay is within it
     * @param reset     the reset after a spike ({@link ResetMode#NONE} for the readout)
     * @param recurrent the recurrent synapses (presynaptic indices are the layer's own neurons), zero
     *                  weights dropped, weights as trained ({@code W[post, pre]}; BatchNorm does not scale
     *                  them), delays {@code D = DelayRounding.recurrent(d) >= 1}; {@link Synapses#NONE} for none
     */
    public record Layer(String name, int inputs, int outputs, int[] pre, int[] post, double[] weight, int[] delay,
                        double[] bias, double tau, double threshold, int maxDelay, ResetMode reset,
                        Synapses recurrent) {

        /** A feed-forward layer that resets to zero (a readout, {@code threshold = +Infinity}, never spikes). */
        public Layer(String name, int inputs, int outputs, int[] pre, int[] post, double[] weight, int[] delay,
                     double[] bias, double tau, double threshold, int maxDelay) {
            this(name, inputs, outputs, pre, post, weight, delay, bias, tau, threshold, maxDelay,
                    threshold == Double.POSITIVE_INFINITY ? ResetMode.NONE : ResetMode.ZERO, Synapses.NONE);
        }

        /** Number of feed-forward synapses. */
        public int synapses() {
            return pre.length;
        }

        public boolean isReadout() {
            return threshold == Double.POSITIVE_INFINITY;
        }

        /** Whether the layer has recurrent synapses. */
        public boolean isRecurrent() {
            return recurrent.size() > 0;
        }

        /** The layer's folded values as a chip's rounding rule takes them (weights in synapse order). */
        public LayerQuantizer.Layer quantizerLayer() {
            return new LayerQuantizer.Layer(weight, post, recurrent.weight(), recurrent.post(), bias, threshold, tau);
        }
    }

    public FoldedNetwork {
        layers = List.copyOf(layers);
    }

    /** A network decoded by {@link Decoding#SOFTMAX_SUM}. */
    public FoldedNetwork(int inputs, double dtMs, List<Layer> layers) {
        this(inputs, dtMs, layers, Decoding.SOFTMAX_SUM);
    }

    /**
     * Steps the trained model runs after its input ends: the sum over layers of {@code maxDelay / 2}
     * ({@code L R} in the trainer's deployed semantics).
     */
    public int trailingSteps() {
        int s = 0;
        for (Layer l : layers) {
            s = Math.addExact(s, l.maxDelay() / 2);
        }
        return s;
    }

    /** Rounds, folds and prunes {@code net}. */
    public static FoldedNetwork of(TrainedNetwork net) {
        List<Layer> out = new ArrayList<>();
        for (TrainedLayer l : net.layers()) {
            BatchNormFolding f = BatchNormFolding.of(l);
            int taps = l.maxDelay() + 1;
            Synapses ff = Synapses.nonZero(l.outputs(), l.inputs(),
                    (i, j) -> l.connected(i, j) ? f.weights()[i * l.inputs() + j] : 0.0,
                    (i, j) -> DelayRounding.round(l.delay(i, j), taps));
            Recurrence r = l.recurrent();
            Synapses recurrent = r == null ? Synapses.NONE : Synapses.nonZero(r.neurons(), r.neurons(),
                    r::weight, (i, o) -> DelayRounding.recurrent(r.delay(i, o)));
            out.add(new Layer(l.name(), l.inputs(), l.outputs(), ff.pre(), ff.post(), ff.weight(), ff.delay(), f.bias(),
                    l.neuron().tau(), l.neuron().threshold(), l.maxDelay(), l.neuron().reset(), recurrent));
        }
        return new FoldedNetwork(net.inputs(), net.dtMs(), out, net.decoding());
    }
}
