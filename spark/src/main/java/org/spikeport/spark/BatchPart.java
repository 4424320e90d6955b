package org.spikeport.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
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
 * One part of a batch, as a task: samples {@code indices} (positions {@code from ..} of the batch), the
 * batch's padded length and size, the part's rows of the batch's dropout masks, and the whole-batch sums the
 * driver has reduced so far. {@link #run} computes the part's forward and backward with the trainer's code
 * ({@link BatchGradients#part}) on a network holding the broadcast state, up to the next reduction it needs
 * or to the end.
 */
final class BatchPart implements Serializable {

    private static final long serialVersionUID = 1L;

    final int part;
    final int[] indices;
    final int steps;
    final int batchSize;
    final double sigma;
    /** Per hidden layer, this part's rows of the dropout scale {@code (rows, C)} in C order, or null. */
    final float[][] masks;
    final int[] maskChannels;
    final List<double[]> known;
    /** Whether BatchNorm uses this part's own statistics (wrong; for the tests that show the difference). */
    final boolean partStatistics;

    BatchPart(int part, int[] indices, int steps, int batchSize, double sigma, float[][] masks, int[] maskChannels,
              List<double[]> known, boolean partStatistics) {
        this.part = part;
        this.indices = indices;
        this.steps = steps;
        this.batchSize = batchSize;
        this.sigma = sigma;
        this.masks = masks;
        this.maskChannels = maskChannels;
        this.known = known;
        this.partStatistics = partStatistics;
    }

    /** The network's state (parameters, then BatchNorm running statistics), as broadcast to the parts. */
    record Model(TreeMap<String, String> config, int classes, float[][] state) implements Serializable {

        static Model of(TrainConfig config, int classes, DelayNetwork net) {
            List<INDArray> s = BatchGradients.state(net);
            float[][] values = new float[s.size()][];
            for (int k = 0; k < values.length; k++) {
                values[k] = s.get(k).dup('c').reshape(-1).toFloatVector();
            }
            return new Model(new TreeMap<>(config.toMap()), classes, values);
        }

        long bytes() {
            long n = 0;
            for (float[] v : state) {
                n += 4L * v.length;
            }
            return n;
        }

        /** A network in training mode holding this state. */
        DelayNetwork network() {
            SortedMap<String, String> m = config;
            DelayNetwork net = DelayNetwork.create(TrainConfig.fromMap(m), classes, DataType.FLOAT);
            List<INDArray> s = BatchGradients.state(net);
            if (s.size() != state.length) {
                throw new IllegalStateException("the broadcast state has " + state.length + " arrays, the network "
                        + s.size());
            }
            for (int k = 0; k < state.length; k++) {
                INDArray a = s.get(k);
                a.assign(Nd4j.createFromArray(state[k]).reshape('c', a.shape()));
            }
            net.setTraining(true);
            return net;
        }
    }

    /** Bytes of the task's payload (indices, masks, reduced sums), for the traffic report. */
    long payloadBytes() {
        long n = 4L * indices.length + 32;
        for (float[] m : masks) {
            n += m == null ? 0 : 4L * m.length;
        }
        for (double[] k : known) {
            n += 8L * k.length;
        }
        return n;
    }

    PartResult run(Model model, BinnedSamples samples) {
        Nd4jThreads.applyConfigured();
        DelayNetwork net = model.network();
        List<INDArray> fixed = new ArrayList<>();
        for (int l = 0; l < masks.length; l++) {
            fixed.add(masks[l] == null ? null
                    : Nd4j.createFromArray(masks[l]).reshape('c', indices.length, maskChannels[l]));
        }
        net.fixDropoutMasks(fixed);
        net.setBatchReduction(partStatistics ? BatchReduction.LOCAL : new ReplayedSums(known));
        net.zeroGrad();
        BatchGradients.Result r;
        try {
            r = BatchGradients.part(net, samples, indices, steps, batchSize, sigma);
        } catch (ReplayedSums.Pending p) {
            return PartResult.pending(part, p.index, p.local);
        }
        List<INDArray> grads = BatchGradients.gradients(net);
        long n = 0;
        for (INDArray g : grads) {
            n += g.length();
        }
        double[] flat = new double[Math.toIntExact(n)];
        int at = 0;
        for (INDArray g : grads) {
            double[] v = g.dup('c').reshape(-1).toDoubleVector();
            System.arraycopy(v, 0, flat, at, v.length);
            at += v.length;
        }
        List<INDArray> stats = net.normState();
        long m = 0;
        for (INDArray s : stats) {
            m += s.length();
        }
        float[] st = new float[Math.toIntExact(m)];
        at = 0;
        for (INDArray s : stats) {
            float[] v = s.toFloatVector();
            System.arraycopy(v, 0, st, at, v.length);
            at += v.length;
        }
        return PartResult.done(part, flat, st, r.loss(), r.right());
    }
}
