package org.spikeport.exporter;

import org.spikeport.core.ir.BatchNorm;
import org.spikeport.core.ir.TrainedLayer;

/**
 * Folds inference-time BatchNorm into the synapses and a constant input current.
 *
 * <p>BatchNorm acts on the convolution's output current {@code I_i[t] = sum_j w_ij x_j[t - d_ij]}:
 *
 * <pre>
 *   y_i[t] = gamma_i * (I_i[t] - mean_i) / sqrt(var_i + eps) + beta_i
 *          = sum_j (a_i w_ij) x_j[t - d_ij] + b_i
 *   a_i = gamma_i / sqrt(var_i + eps),   b_i = beta_i - a_i * mean_i
 * </pre>
 *
 * so each neuron's weights scale by {@code a_i} and it receives the constant bias current {@code b_i}
 * every step, with delays unchanged. Computed in double precision.
 *
 * @param weights row-major {@code (outputs, inputs)} folded weights {@code a_i * w_ij}
 * @param bias    per-neuron bias current {@code b_i} (zeros when the layer has no BatchNorm)
 */
public record BatchNormFolding(double[] weights, double[] bias) {

    /** Folds {@code layer}'s BatchNorm, or returns its weights and zero bias when it has none. */
    public static BatchNormFolding of(TrainedLayer layer) {
        int in = layer.inputs();
        int out = layer.outputs();
        double[] w = new double[in * out];
        double[] b = new double[out];
        BatchNorm bn = layer.batchNorm();
        for (int i = 0; i < out; i++) {
            double a = 1.0;
            if (bn != null) {
                a = bn.gamma()[i] / Math.sqrt((double) bn.variance()[i] + bn.eps());
                b[i] = bn.beta()[i] - a * bn.mean()[i];
            }
            for (int j = 0; j < in; j++) {
                w[i * in + j] = a * layer.weights()[i * in + j];
            }
        }
        return new BatchNormFolding(w, b);
    }
}
