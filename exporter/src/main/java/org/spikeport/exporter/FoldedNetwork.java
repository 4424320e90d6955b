package org.spikeport.exporter;

import java.util.ArrayList;
import java.util.List;
import org.spikeport.core.ir.DelayRounding;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedNetwork;

/**
 * A trained network after the target-independent deployment steps, still in floating point: delays
 * rounded ({@link DelayRounding}, as the rounded-delay evaluation), BatchNorm folded into weights and
 * a per-neuron bias current ({@link BatchNormFolding}), and masked or zero-weight synapses dropped.
 * Every target starts from it; the {@code float} and NIR targets keep its values as they are.
 *
 * <p>Neuron model of every layer: {@code v[t] = v[t-1] (1 - 1/tau) + I[t] + bias},
 * {@code I[t] = sum w x_pre[t - d]}; hidden layers spike when {@code v >= threshold} and reset to 0;
 * the readout ({@code threshold = +Infinity}) never spikes and its membrane is the output.
 *
 * @param inputs input channels
 * @param dtMs   time step in milliseconds
 * @param layers the layers, input side first
 */
public record FoldedNetwork(int inputs, double dtMs, List<Layer> layers) {

    /**
     * One layer: sparse synapses in post-major order (by {@code post}, then {@code pre}), with integer
     * delays under the IR's delay contract, and float neuron parameters.
     *
     * @param maxDelay the trained maximum delay ({@code Td - 1}); every delay is within it
     */
    public record Layer(String name, int inputs, int outputs, int[] pre, int[] post, double[] weight, int[] delay,
                        double[] bias, double tau, double threshold, int maxDelay) {

        /** Number of synapses. */
        public int synapses() {
            return pre.length;
        }

        public boolean isReadout() {
            return threshold == Double.POSITIVE_INFINITY;
        }
    }

    public FoldedNetwork {
        layers = List.copyOf(layers);
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
            out.add(new Layer(l.name(), l.inputs(), l.outputs(), pre, post, w, d, f.bias(), l.neuron().tau(),
                    l.neuron().threshold(), l.maxDelay()));
        }
        return new FoldedNetwork(net.inputs(), net.dtMs(), out);
    }
}
