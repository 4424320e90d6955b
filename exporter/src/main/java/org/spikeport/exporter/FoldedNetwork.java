package org.spikeport.exporter;

import java.util.ArrayList;
import java.util.List;
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
     * A layer's recurrent synapses in post-major order (by {@code post}, then {@code pre}), zero weights
     * dropped: weights as trained ({@code W[post, pre]}, BatchNorm does not scale them), delays
     * {@code D = DelayRounding.recurrent(d) >= 1} under the IR's delay contract.
     */
    public record Recurrent(int[] pre, int[] post, double[] weight, int[] delay) {

        /** No recurrent synapses. */
        public static final Recurrent NONE = new Recurrent(new int[0], new int[0], new double[0], new int[0]);

        /** Number of recurrent synapses. */
        public int size() {
            return pre.length;
        }

        /** The largest delay, 0 when there are none. */
        public int maxDelay() {
            int m = 0;
            for (int d : delay) {
                m = Math.max(m, d);
            }
            return m;
        }

        /** Rounds and prunes {@code r} (see the record comment). */
        static Recurrent of(Recurrence r) {
            int n = r.neurons();
            int count = 0;
            for (float w : r.weights()) {
                if (w != 0) {
                    count++;
                }
            }
            int[] pre = new int[count];
            int[] post = new int[count];
            double[] weight = new double[count];
            int[] delay = new int[count];
            int k = 0;
            for (int i = 0; i < n; i++) {
                for (int o = 0; o < n; o++) {
                    float w = r.weight(i, o);
                    if (w != 0) {
                        pre[k] = o;
                        post[k] = i;
                        weight[k] = w;
                        delay[k] = DelayRounding.recurrent(r.delay(i, o));
                        k++;
                    }
                }
            }
            return new Recurrent(pre, post, weight, delay);
        }
    }

    /**
     * One layer: sparse feed-forward synapses in post-major order (by {@code post}, then {@code pre}),
     * with integer delays under the IR's delay contract, float neuron parameters, and the layer's
     * recurrent synapses.
     *
     * @param maxDelay  the trained maximum delay ({@code Td - 1}); every feed-forward delay is within it
     * @param reset     the reset after a spike ({@link ResetMode#NONE} for the readout)
     * @param recurrent the recurrent synapses, {@link Recurrent#NONE} for none
     */
    public record Layer(String name, int inputs, int outputs, int[] pre, int[] post, double[] weight, int[] delay,
                        double[] bias, double tau, double threshold, int maxDelay, ResetMode reset,
                        Recurrent recurrent) {

        /** A feed-forward layer that resets to zero (a readout, {@code threshold = +Infinity}, never spikes). */
        public Layer(String name, int inputs, int outputs, int[] pre, int[] post, double[] weight, int[] delay,
                     double[] bias, double tau, double threshold, int maxDelay) {
            this(name, inputs, outputs, pre, post, weight, delay, bias, tau, threshold, maxDelay,
                    threshold == Double.POSITIVE_INFINITY ? ResetMode.NONE : ResetMode.ZERO, Recurrent.NONE);
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
            int n = 0;
            for (int post = 0; post < l.outputs(); post++) {
                for (int pre = 0; pre < l.inputs(); pre++) {
                    if (l.connected(post, pre) && f.weights()[post * l.inputs() + pre] != 0) {
                        n++;
                    }
                }
            }
            int[] pre = new int[n];
            int[] post = new int[n];
            double[] w = new double[n];
            int[] d = new int[n];
            int k = 0;
            for (int i = 0; i < l.outputs(); i++) {
                for (int j = 0; j < l.inputs(); j++) {
                    double weight = f.weights()[i * l.inputs() + j];
                    if (l.connected(i, j) && weight != 0) {
                        pre[k] = j;
                        post[k] = i;
                        w[k] = weight;
                        d[k] = DelayRounding.round(l.delay(i, j), taps);
                        k++;
                    }
                }
            }
            Recurrent recurrent = l.recurrent() == null ? Recurrent.NONE : Recurrent.of(l.recurrent());
            out.add(new Layer(l.name(), l.inputs(), l.outputs(), pre, post, w, d, f.bias(), l.neuron().tau(),
                    l.neuron().threshold(), l.maxDelay(), l.neuron().reset(), recurrent));
        }
        return new FoldedNetwork(net.inputs(), net.dtMs(), out, net.decoding());
    }
}
