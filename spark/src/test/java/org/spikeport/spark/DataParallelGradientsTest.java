package org.spikeport.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.SyntheticDataset;
import org.spikeport.core.data.SyntheticSpec;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.spikeport.trainer.BatchGradients;
import org.spikeport.trainer.DelayNetwork;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.Trainer;
import org.spikeport.trainer.TrainingListener;
import org.spikeport.trainer.data.BinnedSamples;

class DataParallelGradientsTest {

    private static final SyntheticDataset SYNTH = new SyntheticDataset(
            SyntheticSpec.defaults().withSamples(80, 16).withSeed(3));

    private static SparkCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        cluster = new SparkCluster("local[2]", "DataParallelGradientsTest");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** The {@code small} preset, two epochs of batches of 48 and 32. */
    private static TrainConfig small() {
        TrainConfig p = TrainConfig.preset("small");
        return new TrainConfig(p.name(), p.hidden(), p.maxDelay(), p.tau(), 2, 48, p.dropout(), p.lrWeights(),
                p.maxLrWeights(), p.weightDecay(), p.lrDelays(), p.delays(), p.sigma(), true, 0, p.dtMs(), p.groupSize(),
                p.inputUnits(), 7, p.architecture());
    }

    private static Trainer.Data data() {
        return new Trainer.Data(BinnedSamples.of(SYNTH.train(), SYNTH.classes(), Binning.SHD),
                BinnedSamples.of(SYNTH.test(), SYNTH.classes(), Binning.SHD), null, "test");
    }

    /**
     * Training on {@code local[2]} computes the model one process computes, to float rounding, and a split that
     * normalises each part with its own BatchNorm statistics does not. Tolerance: after 4 Adam steps the
     * parameters may differ by the rounding of the gradients (relative 1e-6, see the test below) times the
     * largest learning rate (0.1, delays), amplified where a membrane crossing the threshold by less than the
     * rounding changes a spike; 1e-3 is 8x the difference measured and 500x below the naive split's.
     */
    @Test
    void sameModelAsOneProcess() {
        TrainConfig c = small();
        TrainedModel one = new Trainer(c, data(), dir.resolve("one.pb"), "t", "t", TrainingListener.NONE).run(false);
        TrainedModel spark = trainOnSpark(c, "spark.pb", false, TrainingListener.NONE, false);
        TrainedModel naive = trainOnSpark(c, "naive.pb", true, TrainingListener.NONE, false);
        double diff = maxDifference(one, spark);
        double wrong = maxDifference(one, naive);
        assertTrue(diff < 1e-3, "local[2] differs from one process by " + diff);
        assertTrue(wrong > 0.05, "the naive split differs by " + wrong + " only: the test cannot tell");
        for (int e = 0; e < one.metrics().size(); e++) {
            assertEquals(one.metrics().get(e).values().get("train_loss"),
                    spark.metrics().get(e).values().get("train_loss"), 1e-4);
        }
    }

    /** A Spark run stopped in its second epoch and resumed from its checkpoint ends with the uninterrupted run's model. */
    @Test
    void resumedRunEqualsUninterruptedRun() {
        TrainConfig c = small();
        TrainedModel whole = trainOnSpark(c, "whole.pb", false, TrainingListener.NONE, false);
        class Kill extends RuntimeException {
            private static final long serialVersionUID = 1L;
        }
        TrainingListener killer = new TrainingListener() {
            @Override
            public void batch(int epoch, int done, int total, double rate, double loss, double accuracy) {
                if (epoch == 1) {
                    throw new Kill();
                }
            }
        };
        assertThrows(Kill.class, () -> trainOnSpark(c, "cut.pb", false, killer, false));
        assertTrue(Files.exists(Trainer.checkpointOf(dir.resolve("cut.pb"))));
        TrainedModel resumed = trainOnSpark(c, "cut.pb", false, TrainingListener.NONE, true);
        assertEquals(whole.network(), resumed.network(), "two parts sum in one order: the runs agree bit for bit");
    }

    private TrainedModel trainOnSpark(TrainConfig c, String file, boolean naive, TrainingListener l, boolean resume) {
        Trainer.Data d = data();
        DataParallelGradients g = new DataParallelGradients(sparkContext(), jobs(), 2, c, d.train());
        try {
            return new Trainer(c, d, dir.resolve(file), "t", "t", l).gradients(naive ? g.withPartStatistics() : g)
                    .run(resume);
        } finally {
            g.close();
        }
    }

    /**
     * One batch of 48 split in two: every gradient and running statistic is the one process's to float32
     * rounding (sums over the 48 x ~100 rows in another order: relative 1e-6 measured, tolerance 2e-5), while
     * per-part BatchNorm statistics change them by a relative 1e-3 to 0.4.
     */
    @Test
    void oneBatchGradientsAsOneProcess() {
        TrainConfig c = small();
        BinnedSamples train = data().train();
        int[] batch = java.util.Arrays.copyOf(train.order(c.seed(), 0, true), 48);
        DelayNetwork local = network(c, train);
        BatchGradients.Result r1 = BatchGradients.LOCAL.compute(local, train, batch, 12);
        DataParallelGradients g = new DataParallelGradients(sparkContext(), jobs(), 2, c, train);
        DelayNetwork split = network(c, train);
        BatchGradients.Result r2 = g.compute(split, train, batch, 12);
        DelayNetwork naive = network(c, train);
        new DataParallelGradients(sparkContext(), jobs(), 2, c, train).withPartStatistics().compute(naive, train, batch, 12);
        g.close();
        assertEquals(r1.right(), r2.right());
        assertEquals(r1.loss(), r2.loss(), 1e-6 * r1.loss());
        List<INDArray> a = withStatistics(local);
        List<INDArray> b = withStatistics(split);
        List<INDArray> n = withStatistics(naive);
        double worstNaive = 0;
        for (int k = 0; k < a.size(); k++) {
            double scale = a.get(k).amaxNumber().doubleValue();
            double exact = a.get(k).sub(b.get(k)).amaxNumber().doubleValue();
            assertTrue(exact <= 2e-5 * scale, "array " + k + " differs by " + exact + " of " + scale);
            worstNaive = Math.max(worstNaive, a.get(k).sub(n.get(k)).amaxNumber().doubleValue() / scale);
        }
        assertTrue(worstNaive > 1e-2, "per-part statistics differ by a relative " + worstNaive + " only");
    }

    private static List<INDArray> withStatistics(DelayNetwork net) {
        List<INDArray> out = BatchGradients.gradients(net);
        out.addAll(net.normState());
        return out;
    }

    private static DelayNetwork network(TrainConfig c, BinnedSamples train) {
        DelayNetwork net = DelayNetwork.create(c, train.classes(), DataType.FLOAT);
        net.setTraining(true);
        net.reseedDropout(11);
        return net;
    }

    static double maxDifference(TrainedModel a, TrainedModel b) {
        double max = 0;
        List<TrainedLayer> la = a.network().layers();
        List<TrainedLayer> lb = b.network().layers();
        assertEquals(la.size(), lb.size());
        for (int l = 0; l < la.size(); l++) {
            max = Math.max(max, maxDifference(la.get(l).weights(), lb.get(l).weights()));
            max = Math.max(max, maxDifference(la.get(l).delays(), lb.get(l).delays()));
            if (la.get(l).batchNorm() != null) {
                max = Math.max(max, maxDifference(la.get(l).batchNorm().gamma(), lb.get(l).batchNorm().gamma()));
                max = Math.max(max, maxDifference(la.get(l).batchNorm().beta(), lb.get(l).batchNorm().beta()));
                max = Math.max(max, maxDifference(la.get(l).batchNorm().mean(), lb.get(l).batchNorm().mean()));
                max = Math.max(max, maxDifference(la.get(l).batchNorm().variance(), lb.get(l).batchNorm().variance()));
            }
        }
        return max;
    }

    static double maxDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int k = 0; k < a.length; k++) {
            max = Math.max(max, Math.abs((double) a[k] - b[k]));
        }
        return max;
    }

    private static org.apache.spark.api.java.JavaSparkContext sparkContext() {
        return cluster.context();
    }

    private static SparkJobs jobs() {
        return new SparkJobs("local[2]");
    }

}
