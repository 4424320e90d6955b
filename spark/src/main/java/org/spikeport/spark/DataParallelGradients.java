package org.spikeport.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spikeport.cli.spark.SparkBackend;
import org.spikeport.core.SpikeportException;
import org.spikeport.trainer.BatchGradients;
import org.spikeport.trainer.DelayNetwork;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.data.BinnedSamples;

/**
 * Data-parallel synchronous gradients: the driver's network is the model; each batch is split into up to
 * {@code parts} consecutive parts, one Spark task each, and every task computes its part with the trainer's
 * own code ({@link BatchPart}). The result is the one process's to float rounding because everything that
 * depends on the whole batch is computed over the whole batch:
 *
 * <ul>
 *   <li>padding: every part is padded to the batch's longest sample, and losses divide by the batch's size;
 *   <li>dropout: the driver draws the batch's masks from its own generator as one forward would
 *       ({@link DelayNetwork#drawDropoutMasks}) and each part gets its rows;
 *   <li>BatchNorm: its training statistics (mean, then variance about that mean, forward; the two gradient
 *       sums, backward) are summed over the parts in rounds. A round is one Spark job of one task per part:
 *       each part computes up to the first reduction the driver has not reduced yet and returns its sums there;
 *       Spark's {@code treeAggregate} sums them in double; the driver keeps the result and runs the next round,
 *       whose tasks bring every sum reduced so far. The last round returns the parts' gradients, summed the
 *       same way. A network with {@code H} BatchNorm layers takes {@code 3 H + 1} rounds per batch. Between
 *       rounds an executor keeps its parts' computations waiting ({@link PartSession}); a task that finds none
 *       computes its part again from the broadcast state, answering the reductions it passes with the sums its
 *       task brings, so any executor can run any round.
 * </ul>
 *
 * The samples are broadcast once; the state (parameters and BatchNorm statistics) once per batch. The
 * driver then sets its network's gradients and running statistics to the sums, as {@link BatchGradients}
 * requires. Feed-forward networks only (recurrent layers draw their masks during the forward pass).
 */
final class DataParallelGradients implements BatchGradients {

    private final JavaSparkContext sc;
    private final int parts;
    private final TrainConfig config;
    private final BinnedSamples train;
    private final Broadcast<BinnedSamples> samples;
    private final SparkJobs jobs;
    private final String run = java.util.UUID.randomUUID().toString();
    private boolean partStatistics;
    private long steps;
    private long rounds;
    private long broadcastBytes;
    private long taskBytes;
    private long resultBytes;

    DataParallelGradients(JavaSparkContext sc, SparkJobs jobs, int parts, TrainConfig config, BinnedSamples train) {
        if (config.architecture().recurrent().any()) {
            throw new SpikeportException("--spark trains feed-forward networks; this configuration has recurrent "
                    + "layers (--recurrent): train it without --spark");
        }
        this.sc = sc;
        this.jobs = jobs;
        this.parts = parts;
        this.config = config;
        this.train = train;
        this.samples = jobs.run(() -> sc.broadcast(train));
    }

    /**
     * Makes every part normalise with its own BatchNorm statistics instead of the batch's (and keep part 0's
     * running statistics): what a naive split computes, for the tests that show that it differs.
     */
    DataParallelGradients withPartStatistics() {
        partStatistics = true;
        return this;
    }

    SparkBackend.Traffic traffic() {
        return new SparkBackend.Traffic(steps, rounds, broadcastBytes, taskBytes, resultBytes);
    }

    @Override
    public Result compute(DelayNetwork net, BinnedSamples samplesGiven, int[] indices, double sigma) {
        if (samplesGiven != train) {
            throw new IllegalArgumentException("the Spark gradients were set up for other training samples");
        }
        int size = indices.length;
        int longest = train.longest(indices);
        int n = Math.min(parts, size);
        BatchStep step = BatchStep.of(run + "-" + steps, config, train.classes(), net, indices, longest, sigma,
                net.drawDropoutMasks(size), n, partStatistics);
        Broadcast<BatchStep> state = jobs.run(() -> sc.broadcast(step));
        Broadcast<BinnedSamples> data = samples;
        List<double[]> known = new ArrayList<>();
        PartResult whole;
        try {
            while (true) {
                List<double[]> sums = List.copyOf(known);
                List<Integer> tasks = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    tasks.add(k);
                    taskBytes += 4 + 8L * sums.stream().mapToLong(a -> a.length).sum();
                }
                whole = jobs.run(() -> sc.parallelize(tasks, tasks.size())
                        .map(k -> PartSession.round(state.value(), k, data.value(), sums))
                        .treeAggregate(PartResult.NONE, PartResult::plus, PartResult::plus));
                rounds++;
                resultBytes += whole.partBytes() * whole.parts;
                if (whole.parts != n) {
                    throw new IllegalStateException(whole.parts + " of " + n + " parts returned");
                }
                if (!whole.isPending()) {
                    break;
                }
                if (whole.pending != known.size()) {
                    throw new IllegalStateException("the parts stopped at reduction " + whole.pending + ", expected "
                            + known.size());
                }
                known.add(whole.values());
            }
        } finally {
            jobs.run(() -> {
                state.destroy();
                return null;
            });
        }
        broadcastBytes += step.payloadBytes();
        steps++;
        assign(BatchGradients.gradients(net), whole.values());
        int at = 0;
        for (INDArray s : net.normState()) {
            int len = (int) s.length();
            s.assign(Nd4j.createFromArray(Arrays.copyOfRange(whole.statistics, at, at + len)).reshape('c', s.shape()));
            at += len;
        }
        return new Result(whole.loss, whole.right);
    }

    private static void assign(List<INDArray> arrays, double[] values) {
        int at = 0;
        for (INDArray a : arrays) {
            int len = (int) a.length();
            a.assign(Nd4j.createFromArray(Arrays.copyOfRange(values, at, at + len)).castTo(a.dataType())
                    .reshape('c', a.shape()));
            at += len;
        }
        if (at != values.length) {
            throw new IllegalStateException(values.length + " gradient values for " + at + " parameters");
        }
    }

    /** Releases the samples' broadcast. */
    void close() {
        samples.destroy();
    }
}
