package org.spikeport.trainer;

import java.util.function.IntConsumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spikeport.core.ir.TimeConvention;
import org.spikeport.trainer.data.Batch;
import org.spikeport.trainer.data.BinnedSamples;
import org.spikeport.trainer.nn.ReadoutLoss;

/**
 * Scores a network on a set of samples with the deployed semantics of
 * {@link DelayNetwork#forwardDeployed}: each sample on its own length (or its batch's, {@link Padding}), BatchNorm with running
 * statistics, no dropout, decoded by the network's {@link DelayNetwork#decoding()}.
 *
 * @param accuracy         fraction of samples whose prediction equals the label
 * @param loss             mean cross-entropy
 * @param predictions      predicted class per sample, in sample order
 * @param perClassAccuracy accuracy per class (NaN for a class without samples)
 * @param scores           per sample (in sample order), per class, the score the prediction is the argmax
 *                         of ({@link ReadoutLoss}'s {@code m}: the summed softmax or the plain sum of the
 *                         readout membranes over the sample's steps, by the network's decoding)
 */
public record Evaluation(double accuracy, double loss, int[] predictions, double[] perClassAccuracy,
                         double[][] scores) {

    /**
     * Evaluates {@code net} on every sample of {@code samples}, {@code batchSize} at a time.
     *
     * @param rounded true: integer delays (one-hot kernels), the accuracy every report uses;
     *                false: the training kernels (Gaussian of width {@code sigma}, recurrent triangles)
     */
    public static Evaluation of(DelayNetwork net, BinnedSamples samples, double sigma, boolean rounded,
                                int batchSize, DataType dataType, IntConsumer progress) {
        return of(net, samples, sigma, rounded, batchSize, dataType, TimeConvention.SPIKEPORT, progress);
    }

    /**
     * {@link #of(DelayNetwork, BinnedSamples, double, boolean, int, DataType, IntConsumer)} with every
     * sample run under time convention {@code time} ({@link DelayNetwork#forwardDeployed(INDArray, int[],
     * double, boolean, TimeConvention)}).
     */
    public static Evaluation of(DelayNetwork net, BinnedSamples samples, double sigma, boolean rounded,
                                int batchSize, DataType dataType, TimeConvention time, IntConsumer progress) {
        return of(net, samples, sigma, rounded, batchSize, dataType, time, Padding.SAMPLE, progress);
    }

    /**
     * How long a sample is scored. Samples are batched {@code batchSize} at a time in their file order, each
     * batch zero-padded to its longest sample.
     */
    public enum Padding {
        /** Each sample on its own length {@code T_b}: the score does not depend on the batch. */
        SAMPLE("sample"),
        /**
         * Each sample on its batch's length {@code max_b T_b}, as the reference code evaluates: a short sample's
         * layers also run over the zero padding and its readout is summed over it, so the score depends on the
         * batch size and order; equal to {@link #SAMPLE} on the sample extended by zero steps to that length.
         */
        BATCH("batch");

        private final String id;

        Padding(String id) {
            this.id = id;
        }

        /** The option value. */
        public String id() {
            return id;
        }

        /** The padding named {@code id} ({@code sample} or {@code batch}). */
        public static Padding of(String id) {
            for (Padding p : values()) {
                if (p.id.equals(id)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown padding '" + id + "' (expected sample or batch)");
        }
    }

    /**
     * {@link #of(DelayNetwork, BinnedSamples, double, boolean, int, DataType, TimeConvention, IntConsumer)} with
     * each sample scored on the length {@code padding} gives it.
     */
    public static Evaluation of(DelayNetwork net, BinnedSamples samples, double sigma, boolean rounded,
                                int batchSize, DataType dataType, TimeConvention time, Padding padding,
                                IntConsumer progress) {
        net.setTraining(false);
        int n = samples.size();
        int[] predictions = new int[n];
        double[][] scores = new double[n][];
        double lossSum = 0;
        int[][] batches = BinnedSamples.batches(samples.order(0, 0, false), batchSize);
        int done = 0;
        for (int[] indices : batches) {
            Batch b = samples.batch(indices);
            INDArray x = Nd4j.create(b.data(), new long[] {b.steps(), b.size(), b.channels()}, 'c').castTo(dataType);
            int[] lengths = b.lengths();
            if (padding == Padding.BATCH) {
                lengths = new int[b.size()];
                java.util.Arrays.fill(lengths, b.steps());
            }
            INDArray v = net.forwardDeployed(x, lengths, sigma, rounded, time);
            ReadoutLoss.Result r = ReadoutLoss.compute(v, b.labels(), net.decoding(), null);
            lossSum += r.loss() * b.size();
            for (int k = 0; k < b.size(); k++) {
                predictions[indices[k]] = r.predictions()[k];
                double[] m = new double[(int) r.scores().size(1)];
                for (int c = 0; c < m.length; c++) {
                    m[c] = r.scores().getDouble(k, c);
                }
                scores[indices[k]] = m;
            }
            done += b.size();
            progress.accept(done);
        }
        int classes = samples.classes();
        int[] correct = new int[classes];
        int[] total = new int[classes];
        int right = 0;
        for (int i = 0; i < n; i++) {
            int y = samples.label(i);
            total[y]++;
            if (predictions[i] == y) {
                correct[y]++;
                right++;
            }
        }
        double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) {
            perClass[c] = total[c] == 0 ? Double.NaN : (double) correct[c] / total[c];
        }
        return new Evaluation(n == 0 ? Double.NaN : (double) right / n, n == 0 ? Double.NaN : lossSum / n,
                predictions, perClass, scores);
    }
}
