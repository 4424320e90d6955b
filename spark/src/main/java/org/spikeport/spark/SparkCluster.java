package org.spikeport.spark;

import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.spikeport.cli.spark.SparkBackend;
import org.spikeport.cli.spark.SparkUnavailableException;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.simulator.Platform;
import org.spikeport.trainer.BatchGradients;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.data.BinnedSamples;

/**
 * One Spark application for one command. A local master ({@code local}, {@code local[N]}) binds to the loopback
 * address and runs without the web UI; any other master is used with the configuration {@code spark-submit}
 * or {@code spark-defaults.conf} gives.
 */
final class SparkCluster implements SparkBackend.Cluster {

    private final JavaSparkContext sc;
    private final SparkJobs jobs;
    private final String master;
    private DataParallelGradients gradients;

    SparkCluster(String masterOption, String appName) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (!masterOption.isEmpty()) {
            conf.setMaster(masterOption);
        } else if (!conf.contains("spark.master")) {
            throw new SpikeportException("--spark without a master takes the one spark-submit sets, and there is none; "
                    + "give one, e.g. --spark 'local[2]'");
        }
        String m = conf.get("spark.master");
        if (m.toLowerCase(Locale.ROOT).startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        try {
            this.sc = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new SparkUnavailableException("--spark " + m + ": Spark did not start: " + SparkJobs.firstLine(e), e);
        }
        this.jobs = new SparkJobs(m, () -> sc.sc().isStopped());
        sc.setLogLevel("WARN");
        this.master = m;
    }

    /** The Spark context, for tests. */
    JavaSparkContext context() {
        return sc;
    }

    @Override
    public String master() {
        return master;
    }

    @Override
    public int parallelism() {
        return sc.defaultParallelism();
    }

    @Override
    public BatchGradients gradients(TrainConfig config, BinnedSamples train) {
        if (gradients != null) {
            throw new IllegalStateException("one training run per Spark application");
        }
        gradients = new DataParallelGradients(sc, jobs, parallelism(), config, train);
        return gradients;
    }

    @Override
    public SparkBackend.Traffic traffic() {
        return gradients == null ? new SparkBackend.Traffic(0, 0, 0, 0, 0) : gradients.traffic();
    }

    @Override
    public List<SparkBackend.Replayed> replay(DeployedNetwork net, String source, Platform platform,
                                              IntFunction<CountFrame> frames, int n, IntConsumer progress) {
        return DistributedReplay.run(sc, jobs, parallelism(), net, source, platform, frames, n, progress);
    }

    @Override
    public void close() {
        try {
            if (gradients != null) {
                gradients.close();
            }
        } finally {
            sc.stop();
        }
    }
}
