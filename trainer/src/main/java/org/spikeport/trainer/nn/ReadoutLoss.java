package org.spikeport.trainer.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.spikeport.core.ir.Decoding;

/**
 * Loss on the readout membrane {@code v (T, B, K)} ({@code K} classes) and labels {@code y (B)}, for the
 * network's {@link Decoding}:
 *
 * <pre>
 *   SOFTMAX_SUM:  p[t, b] = softmax_K(v[t, b]),   m[b] = sum_t p[t, b]
 *   SUM:          m[b] = sum_{t &lt; valid_b} v[t, b]
 *   L      = (1 / B) sum_b -log_softmax_K(m[b])[y_b]
 *   pred_b = argmax_K m[b]
 * </pre>
 *
 * and with {@code q[b] = softmax(m[b])} and {@code e_y} the one-hot label, {@code dL/dm[b] = (q[b] - e_y) / B};
 * SOFTMAX_SUM: {@code dL/dv[t, b] = p[t, b] * (dL/dm[b] - <dL/dm[b], p[t, b]>)}; SUM:
 * {@code dL/dv[t, b] = dL/dm[b]} for {@code t < valid_b}, else 0.
 *
 * <p>The summed softmax runs over every step given (the DCLS reference sums the padded steps too). The
 * plain sum counts only each sample's own steps {@code valid_b} (all steps when none are given): a readout
 * with a bias would otherwise add its bias once per padded step, so the score would depend on the other
 * samples of the batch; on batches of equal lengths (DelRec's) both are the same.
 */
public final class ReadoutLoss {

    private ReadoutLoss() {
    }

    /**
     * The loss and its gradient.
     *
     * @param loss        mean cross-entropy over the batch
     * @param predictions predicted class per sample
     * @param scores      {@code m (B, K)}
     * @param gradient    {@code dL/dv (T, B, K)}, same data type as {@code v}
     */
    public record Result(double loss, int[] predictions, INDArray scores, INDArray gradient) {
    }

    /** {@link #compute(INDArray, int[], Decoding, int[])} for {@link Decoding#SOFTMAX_SUM}. */
    public static Result compute(INDArray v, int[] labels) {
        return compute(v, labels, Decoding.SOFTMAX_SUM, null);
    }

    /**
     * The loss of {@code decoding}.
     *
     * @param valid per sample, the number of leading steps the plain sum counts; {@code null} for all steps;
     *              not used by the summed softmax
     */
    public static Result compute(INDArray v, int[] labels, Decoding decoding, int[] valid) {
        return compute(v, labels, decoding, valid, labels.length);
    }

    /**
     * The loss of {@code decoding} on a part of a batch of {@code divisor} samples: {@code L} and
     * {@code dL/dm} divide by {@code divisor} in place of this part's sample count, so the parts' losses and
     * gradients add up to those of the whole batch.
     */
    public static Result compute(INDArray v, int[] labels, Decoding decoding, int[] valid, int divisor) {
        return compute(v, labels, decoding, valid, divisor, true);
    }

    /**
     * {@link #compute(INDArray, int[], Decoding, int[], int)}; with {@code fused}, a float32 summed softmax
     * runs as one loop over {@code float[]} ({@link #softmaxSumFloat}), else as array operations; for tests.
     */
    static Result compute(INDArray v, int[] labels, Decoding decoding, int[] valid, int divisor, boolean fused) {
        if (divisor < labels.length) {
            throw new IllegalArgumentException("a part of " + labels.length + " samples of a batch of " + divisor);
        }
        if (v.rank() != 3 || v.size(1) != labels.length) {
            throw new IllegalArgumentException("readout must be (T, B, K) with B = " + labels.length
                    + " labels, got " + java.util.Arrays.toString(v.shape()));
        }
        if (valid != null && valid.length != labels.length) {
            throw new IllegalArgumentException(valid.length + " valid lengths for " + labels.length + " samples");
        }
        long steps = v.size(0);
        int batch = labels.length;
        int classes = (int) v.size(2);
        for (int y : labels) {
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException("label " + y + " outside 0.." + (classes - 1));
            }
        }
        if (fused && decoding == Decoding.SOFTMAX_SUM && FloatCells.applies(v)) {
            return softmaxSumFloat(v, labels, divisor);
        }
        INDArray stepMask = null;
        INDArray p = null;
        INDArray m;
        if (decoding == Decoding.SUM) {
            stepMask = Nd4j.ones(v.dataType(), steps, batch, 1);
            if (valid != null) {
                for (int b = 0; b < batch; b++) {
                    if (valid[b] < steps) {
                        stepMask.get(NDArrayIndex.interval(Math.max(0, valid[b]), steps), NDArrayIndex.point(b),
                                NDArrayIndex.all()).assign(0);
                    }
                }
            }
            m = v.mul(stepMask.broadcast(steps, batch, classes)).sum(0);
        } else {
            INDArray flat = v.dup('c').reshape('c', steps * batch, classes);
            p = softmaxRows(flat).reshape('c', steps, batch, classes);
            m = p.sum(0);
        }
        INDArray q = softmaxRows(m);
        double[][] ms = m.toDoubleMatrix();
        int[] predictions = new int[batch];
        double loss = crossEntropy(ms, labels, predictions);
        double[] target = new double[batch * classes];
        for (int b = 0; b < batch; b++) {
            target[b * classes + labels[b]] = 1.0;
        }
        INDArray dm = q.sub(Nd4j.createFromArray(target).castTo(v.dataType()).reshape('c', batch, classes)).divi(divisor);
        if (decoding == Decoding.SUM) {
            INDArray gradient = stepMask.broadcast(steps, batch, classes).dup('c')
                    .muli(dm.reshape('c', 1, batch, classes).broadcast(steps, batch, classes));
            return new Result(loss / divisor, predictions, m, gradient);
        }
        INDArray pFlat = p.reshape('c', steps * batch, classes);
        INDArray dmRows = Nd4j.create(v.dataType(), steps, batch, classes).addi(dm.reshape('c', 1, batch, classes)
                .broadcast(steps, batch, classes)).reshape('c', steps * batch, classes);
        INDArray inner = dmRows.mul(pFlat).sum(true, 1);
        INDArray gradient = dmRows.subiColumnVector(inner).muli(pFlat).reshape('c', steps, batch, classes);
        return new Result(loss / divisor, predictions, m, gradient);
    }

    /**
     * The summed softmax's loss and gradient for float32 {@code v} in one pass over {@code float[]}, with
     * the float32 steps of the array operations: {@code p[t, b] = e / sum e}, {@code e = exp(v - max v)}
     * (exponential in double, rounded); {@code m[b] = sum_t p[t, b]} and {@code q[b] = softmax(m[b])};
     * {@code dm = (q - e_y) / divisor}; {@code dL/dv[t, b] = (dm[b] - <dm[b], p[t, b]>) p[t, b]}. Per-sample sums
     * over the steps are accumulated in double.
     */
    private static Result softmaxSumFloat(INDArray v, int[] labels, int divisor) {
        int steps = (int) v.size(0);
        int batch = labels.length;
        int classes = (int) v.size(2);
        int rows = steps * batch;
        float[] x = FloatCells.values(v);
        float[] p = new float[x.length];
        double[] sums = new double[batch * classes];
        for (int r = 0; r < rows; r++) {
            int base = r * classes;
            int b = r % batch;
            softmaxRow(x, p, base, classes);
            for (int k = 0; k < classes; k++) {
                sums[b * classes + k] += p[base + k];
            }
        }
        float[] mf = new float[batch * classes];
        double[][] ms = new double[batch][classes];
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < classes; k++) {
                mf[b * classes + k] = (float) sums[b * classes + k];
                ms[b][k] = mf[b * classes + k];
            }
        }
        float[] dm = new float[batch * classes];
        softmaxRowsInto(mf, dm, batch, classes);
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < classes; k++) {
                dm[b * classes + k] = (dm[b * classes + k] - (labels[b] == k ? 1f : 0f)) / divisor;
            }
        }
        int[] predictions = new int[batch];
        double loss = crossEntropy(ms, labels, predictions);
        float[] grad = new float[x.length];
        for (int r = 0; r < rows; r++) {
            int base = r * classes;
            int d = (r % batch) * classes;
            float inner = 0f;
            for (int k = 0; k < classes; k++) {
                inner += dm[d + k] * p[base + k];
            }
            for (int k = 0; k < classes; k++) {
                grad[base + k] = (dm[d + k] - inner) * p[base + k];
            }
        }
        return new Result(loss / divisor, predictions, FloatCells.array(mf, batch, classes),
                FloatCells.array(grad, steps, batch, classes));
    }

    /** {@code out[base ..] = softmax(x[base .. base + classes))} in float32, the exponential in double. */
    private static void softmaxRow(float[] x, float[] out, int base, int classes) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, x[base + k]);
        }
        float sum = 0f;
        for (int k = 0; k < classes; k++) {
            float e = (float) Math.exp(x[base + k] - max);
            out[base + k] = e;
            sum += e;
        }
        for (int k = 0; k < classes; k++) {
            out[base + k] /= sum;
        }
    }

    private static void softmaxRowsInto(float[] x, float[] out, int rows, int classes) {
        for (int r = 0; r < rows; r++) {
            softmaxRow(x, out, r * classes, classes);
        }
    }

    /**
     * {@code sum_b -log_softmax(m[b])[y_b]} in double; writes {@code argmax_K m[b]} (first of ties) to
     * {@code predictions}.
     */
    private static double crossEntropy(double[][] ms, int[] labels, int[] predictions) {
        double loss = 0;
        for (int b = 0; b < labels.length; b++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double s : ms[b]) {
                max = Math.max(max, s);
            }
            double sum = 0;
            for (double s : ms[b]) {
                sum += Math.exp(s - max);
            }
            loss -= ms[b][labels[b]] - max - Math.log(sum);
            int best = 0;
            for (int k = 1; k < ms[b].length; k++) {
                if (ms[b][k] > ms[b][best]) {
                    best = k;
                }
            }
            predictions[b] = best;
        }
        return loss;
    }

    private static INDArray softmaxRows(INDArray rows) {
        INDArray shifted = rows.subColumnVector(rows.max(true, 1));
        INDArray e = Transforms.exp(shifted, false);
        return e.diviColumnVector(e.sum(true, 1));
    }
}
