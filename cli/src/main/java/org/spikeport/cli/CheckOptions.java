package org.spikeport.cli;

import org.spikeport.core.SpikeportException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How much of the {@code --check} dataset to replay, and where: threads, or Spark ({@code export}, {@code compare}). */
public final class CheckOptions {

    @Option(names = "--check-samples", paramLabel = "N", description = "Check on the first N samples only (default: all).")
    int samples;

    @Option(names = "--input-units", paramLabel = "N",
            description = "Input units of the --check recordings (default: the dataset's own).")
    Integer inputUnits;

    @Mixin
    ThreadsOption threads;

    @Mixin
    SparkOption spark;

    /** Where the check's replays run: this process's threads, or Spark with {@code --spark} (closed by the caller). */
    Replays.Engine engine(String appName) {
        return spark.enabled() ? new Replays.Engine(threads.threads(), spark.connect(appName))
                : Replays.Engine.local(threads.threads());
    }

    /** The sample limit, {@code 0} for all. */
    int samples() {
        if (samples < 0) {
            throw new SpikeportException("--check-samples must be >= 0 (0: all), got " + samples);
        }
        return samples;
    }
}
