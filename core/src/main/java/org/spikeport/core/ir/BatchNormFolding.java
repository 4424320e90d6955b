package org.spikeport.core.ir;


/**
 * Folds inference-time BatchNorm and the layer's bias into the synapses and a constant input current.
 *
 * <p>BatchNorm acts on the convolution's output current plus the layer's bias,
 * {@code I_i[t] = sum_j w_ij x_j[t - d_ij] + b_i}:
 *
 * <pre>
 *   y_i[t] = gamma_i * (I_i[t] - mean_i) / sqrt(var_i + eps) + beta_i
 *          = sum_j (a_i w_ij) x_j[t - d_ij] + c_i
 *   a_i = gamma_i / sqrt(var_i + eps),   c_i = beta_i + a_i * (b_i - mean_i)
 * </pre>
 *
 * so each neuron's weights scale by {@code a_i} and it receives the constant bias current {@code c_i}
 * every step, with delays unchanged. A layer without a bias computes {@code c_i = beta_i - a_i * mean_i}
 * (the same value as {@code b_i = 0}, without the sign of a zero changing); a layer without BatchNorm
 * keeps its weights and its bias current is {@code b_i} (0 without a bias). Only the feed-forward
 * synapses are scaled: recurrent synapses enter after BatchNorm. Computed in double precision.
 *
 * @param weights row-major {@code (outputs, inputs)} folded weights {@code a_i * w_ij}
 * @param bias    per-neuron bias current {@code c_i}
 */
public record BatchNormFolding(double[] weights, double[] bias) {

    /** Folds {@code layer}'s BatchNorm and bias (see the class comment). */
    public static BatchNormFolding of(TrainedLayer layer) {
        int in = layer.inputs();
        int out = layer.outputs();
        double[] w = new double[in * out];
        double[] c = new double[out];
        BatchNorm bn = layer.batchNorm();
        float[] b = layer.bias();
        for (int i = 0; i < out; i++) {
            double a = 1.0;
            if (bn != null) {
                a = bn.gamma()[i] / Math.sqrt((double) bn.variance()[i] + bn.eps());
                c[i] = b == null ? bn.beta()[i] - a * bn.mean()[i] : bn.beta()[i] + a * ((double) b[i] - bn.mean()[i]);
            } else if (b != null) {
                c[i] = b[i];
            }
            for (int j = 0; j < in; j++) {
                w[i * in + j] = a * layer.weights()[i * in + j];
            }
        }
        return new BatchNormFolding(w, c);
    }
}
