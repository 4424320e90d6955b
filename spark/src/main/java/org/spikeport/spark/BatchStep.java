package org.spikeport.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spikeport.trainer.BatchGradients;
import org.spikeport.trainer.DelayNetwork;
import org.spikeport.trainer.Nd4jThreads;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.data.BinnedSamples;
import org.spikeport.trainer.nn.BatchReduction;

/**
 * One training batch as the driver broadcasts it: the network's state (parameters, then BatchNorm running
 * statistics), the batch's samples, padded length and dropout masks, the Gaussian width, and how many parts it
 * is split into (consecutive runs of samples). {@link #compute} runs part {@code k} with the trainer's code
 * ({@link BatchGradients#part}) on a network holding the state.
 *
 * @param id             names the batch among all the driver's (executors keep parts in progress by it)
 * @param masks          per hidden layer the batch's dropout scale {@code (B, C)} in C order, or null
 * @param partStatistics whether BatchNorm uses each part's own statistics (wrong; for the tests that show
 *                       the difference)
 */
record BatchStep(String id, TreeMap<String, String> config, int classes, float[][] state, int[] indices, int steps,
                 double sigma, float[][] masks, int[] maskChannels, int parts, boolean partStatistics)
        implements Serializable {

    static BatchStep of(String id, TrainConfig config, int classes, DelayNetwork net, int[] indices, int steps,
                        double sigma, List<INDArray> masks, int parts, boolean partStatistics) {
        List<INDArray> s = BatchGradients.state(net);
        float[][] values = new float[s.size()][];
        for (int k = 0; k < values.length; k++) {
            values[k] = flat(s.get(k));
        }
        float[][] m = new float[masks.size()][];
        int[] channels = new int[masks.size()];
        for (int l = 0; l < m.length; l++) {
            INDArray a = masks.get(l);
            m[l] = a == null ? null : flat(a);
            channels[l] = a == null ? 0 : (int) a.size(1);
        }
        return new BatchStep(id, new TreeMap<>(config.toMap()), classes, values, indices, steps, sigma, m, channels,
                parts, partStatistics);
    }

    private static float[] flat(INDArray a) {
        return a.dup('c').reshape(-1).toFloatVector();
    }

    /** Bytes of the state and masks, for the traffic report. */
    long payloadBytes() {
        long n = 4L * indices.length;
        for (float[] v : state) {
            n += 4L * v.length;
        }
        for (float[] v : masks) {
            n += v == null ? 0 : 4L * v.length;
        }
        return n;
    }

    int from(int part) {
        return (int) ((long) indices.length * part / parts);
    }

    /**
     * Part {@code part}'s forward and backward, its BatchNorm sums reduced through {@code reduction} (unless
     * {@link #partStatistics}): its gradients, share of the loss, hits and the running statistics.
     */
    PartResult compute(int part, BinnedSamples samples, BatchReduction reduction) {
        Nd4jThreads.applyConfigured();
        DelayNetwork net = DelayNetwork.create(TrainConfig.fromMap(config), classes, DataType.FLOAT);
        List<INDArray> s = BatchGradients.state(net);
        if (s.size() != state.length) {
            throw new IllegalStateException("the broadcast state has " + state.length + " arrays, the network " + s.size());
        }
        for (int k = 0; k < state.length; k++) {
            s.get(k).assign(Nd4j.createFromArray(state[k]).reshape('c', s.get(k).shape()));
        }
        net.setTraining(true);
        int from = from(part);
        int to = from(part + 1);
        List<INDArray> fixed = new ArrayList<>();
        for (int l = 0; l < masks.length; l++) {
            fixed.add(masks[l] == null ? null : Nd4j.createFromArray(
                    Arrays.copyOfRange(masks[l], from * maskChannels[l], to * maskChannels[l]))
                    .reshape('c', to - from, maskChannels[l]));
        }
        net.fixDropoutMasks(fixed);
        net.setBatchReduction(partStatistics ? BatchReduction.LOCAL : reduction);
        net.zeroGrad();
        BatchGradients.Result r = BatchGradients.part(net, samples, Arrays.copyOfRange(indices, from, to), steps,
                indices.length, sigma);
        return PartResult.done(part, floats(BatchGradients.gradients(net)), floats(net.normState()), r.loss(), r.right());
    }

    /** The arrays' values, one after another, each in C order. */
    private static float[] floats(List<INDArray> arrays) {
        List<float[]> parts = new ArrayList<>();
        int n = 0;
        for (INDArray a : arrays) {
            float[] v = flat(a);
            parts.add(v);
            n += v.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] v : parts) {
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }
}
