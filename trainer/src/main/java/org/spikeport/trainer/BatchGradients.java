package org.spikeport.trainer;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spikeport.trainer.data.Batch;
import org.spikeport.trainer.data.BinnedSamples;
import org.spikeport.trainer.nn.ReadoutLoss;

/**
 * Computes the gradient of one training batch for the {@link Trainer}. Contract of {@link #compute}: on
 * return the network's gradient arrays hold the gradient of the batch's mean loss (nothing clipped), its
 * BatchNorm running statistics and dropout generator have advanced as one training forward over the whole
 * batch advances them, and its parameters are unchanged. {@link #LOCAL} computes it in this process; a
 * data-parallel implementation splits the batch into parts ({@link #part}) computed elsewhere and sums them.
 */
public interface BatchGradients {

    /**
     * The loss and hits of a batch or of a part of one.
     *
     * @param loss  the part's share of the batch's mean loss: the sum of its samples' losses divided by the
     *              whole batch's size (the parts' values add up to the batch's mean loss)
     * @param right samples of the part decided correctly
     */
    record Result(double loss, int right) {
    }

    /** The gradient of samples {@code indices} of {@code train}, with Gaussian width {@code sigma}. */
    Result compute(DelayNetwork net, BinnedSamples train, int[] indices, double sigma);

    /** The whole batch in this process: clears the gradients, then {@link #part} over the whole batch. */
    BatchGradients LOCAL = (net, train, indices, sigma) -> {
        net.zeroGrad();
        return part(net, train, indices, train.longest(indices), indices.length, sigma);
    };

    /**
     * Forward and backward of samples {@code indices}, a part of a batch of {@code batchSize} samples whose
     * longest sample has {@code steps} steps: the part is padded to {@code steps} and its loss divided by
     * {@code batchSize}, so the gradients it adds to the network's gradient arrays are its share of the
     * batch's. With a {@link DelayNetwork#setBatchReduction} over the parts and the batch's dropout masks
     * ({@link DelayNetwork#fixDropoutMasks}), the parts' gradients add up to the batch's.
     */
    static Result part(DelayNetwork net, BinnedSamples train, int[] indices, int steps, int batchSize, double sigma) {
        Batch b = train.batch(indices, steps);
        INDArray x = Nd4j.create(b.data(), new long[] {b.steps(), b.size(), b.channels()}, 'c').castTo(DataType.FLOAT);
        INDArray v = net.forwardTraining(x, sigma);
        int[] valid = new int[b.size()];
        for (int k = 0; k < valid.length; k++) {
            valid[k] = net.validSteps(b.lengths()[k]);
        }
        ReadoutLoss.Result r = ReadoutLoss.compute(v, b.labels(), net.decoding(), valid, batchSize);
        net.backward(r.gradient());
        int right = 0;
        for (int k = 0; k < b.size(); k++) {
            if (r.predictions()[k] == b.labels()[k]) {
                right++;
            }
        }
        return new Result(r.loss(), right);
    }

    /**
     * The arrays a data-parallel step exchanges, in one fixed order: the gradients of every parameter group
     * (weights, BatchNorm, delays) and, after them, the BatchNorm running statistics.
     */
    static List<INDArray> gradients(DelayNetwork net) {
        List<INDArray> out = new java.util.ArrayList<>(net.weightGrads());
        out.addAll(net.normGrads());
        out.addAll(net.delayGrads());
        return out;
    }

    /** The parameters matching {@link #gradients}, then the BatchNorm running statistics: the network's state. */
    static List<INDArray> state(DelayNetwork net) {
        List<INDArray> out = new java.util.ArrayList<>(net.weights());
        out.addAll(net.normParams());
        out.addAll(net.delays());
        out.addAll(net.normState());
        return out;
    }
}
