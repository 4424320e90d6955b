package org.spikeport.cli.spark;

import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.simulator.Platform;
import org.spikeport.simulator.Replay;
import org.spikeport.trainer.BatchGradients;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.data.BinnedSamples;

/** The Spark jobs of the command line, provided by the {@code spikeport-spark} module as a service. */
public interface SparkBackend {

    /**
     * Starts a Spark application on {@code master} ({@code local[N]}, {@code spark://host:port}, {@code yarn},
     * ...; empty: the master {@code spark-submit} set) named {@code appName}.
     *
     * @throws SparkUnavailableException when Spark cannot start or reach the master
     */
    Cluster connect(String master, String appName);

    /** One Spark application; {@link #close} stops it. */
    interface Cluster extends AutoCloseable {

        /** The master it runs on, as Spark reports it. */
        String master();

        /** Tasks Spark runs at once (its default parallelism): the parts a batch or a replay is split into. */
        int parallelism();

        /**
         * Data-parallel gradients for training {@code config} on {@code train}: each batch is split over the
         * executors and the result is that of {@link BatchGradients#LOCAL} to float rounding (batch statistics
         * reduced over the whole batch, the batch's dropout masks). Feed-forward networks only.
         *
         * @throws org.spikeport.core.SpikeportException when the architecture cannot be split this way
         */
        BatchGradients gradients(TrainConfig config, BinnedSamples train);

        /** Bytes sent to and received from the executors by the gradients' jobs so far, for a report. */
        Traffic traffic();

        /**
         * Replays samples {@code 0 .. n-1} of {@code frames} on {@code platform} across the executors, exactly as
         * {@link Replay#runAll} does in one process; {@code progress} gets the count finished.
         *
         * @param source names the network in messages
         */
        List<Replayed> replay(DeployedNetwork net, String source, Platform platform, IntFunction<CountFrame> frames,
                              int n, IntConsumer progress);

        @Override
        void close();
    }

    /** One replayed sample: its outcome and the readout's scores the decision ranked. */
    record Replayed(Replay.Outcome outcome, double[] scores) {
    }

    /**
     * Bytes of one training run's Spark jobs, serialized as Java serialization sends them.
     *
     * @param steps          batches computed
     * @param rounds         Spark jobs run (each a reduction over the parts)
     * @param broadcastBytes parameters and BatchNorm statistics sent to the executors
     * @param taskBytes      task descriptions sent (sample indices, dropout masks, reduced sums)
     * @param resultBytes    partial sums and gradients received
     */
    record Traffic(long steps, long rounds, long broadcastBytes, long taskBytes, long resultBytes) {
    }
}
