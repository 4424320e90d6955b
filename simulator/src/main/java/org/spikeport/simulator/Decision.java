package org.spikeport.simulator;

import org.spikeport.core.ir.Decoding;

/**
 * The trained model's decision rule, applied on the host to the readout membranes a chip produced,
 * {@code v_t} the readout layer's membranes after step {@code t} in the trained model's float units:
 *
 * <ul>
 *   <li>{@link Decoding#SOFTMAX_SUM}: {@code prediction = argmax_k sum_t softmax(v_t)_k}, the softmax
 *       computed in double with the row maximum subtracted;</li>
 *   <li>{@link Decoding#SUM}: {@code prediction = argmax_k sum_t v_t[k]}, summed in double over
 *       {@code t} ascending.</li>
 * </ul>
 *
 * Ties go to the lowest class index.
 */
public final class Decision {

    private Decision() {
    }

    /** Per class, the score {@code decoding} ranks by; {@code readout} is {@code [steps][classes]}. */
    public static double[] scores(double[][] readout, int classes, Decoding decoding) {
        double[] m = new double[classes];
        if (decoding == Decoding.SUM) {
            for (double[] row : readout) {
                for (int k = 0; k < classes; k++) {
                    m[k] += row[k];
                }
            }
            return m;
        }
        double[] e = new double[classes];
        for (double[] row : readout) {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : row) {
                max = Math.max(max, x);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                e[k] = Math.exp(row[k] - max);
                sum += e[k];
            }
            for (int k = 0; k < classes; k++) {
                m[k] += e[k] / sum;
            }
        }
        return m;
    }

    /** The predicted class: the index of the largest score (the lowest on ties). */
    public static int predict(double[][] readout, int classes, Decoding decoding) {
        double[] m = scores(readout, classes, decoding);
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (m[k] > m[best]) {
                best = k;
            }
        }
        return best;
    }
}
