package org.spikeport.cli;

import org.spikeport.cli.spark.SparkBackend;
import org.spikeport.cli.spark.SparkBackends;
import picocli.CommandLine.Option;

/** The shared {@code --spark [MASTER]} option of the commands that can run their work on Apache Spark. */
public final class SparkOption {

    @Option(names = "--spark", paramLabel = "MASTER", arity = "0..1", fallbackValue = "",
            description = "Run the work on Apache Spark: local[N], spark://HOST:PORT, yarn, ...; without a value, "
                    + "the master spark-submit set. Needs the spark module and Spark's jars (see docs/spark.md).")
    String master;

    /** Whether {@code --spark} was given. */
    boolean enabled() {
        return master != null;
    }

    /** Starts the Spark application named {@code appName} (exit 69 when Spark is not on the class path). */
    SparkBackend.Cluster connect(String appName) {
        return SparkBackends.load().connect(master, appName);
    }
}
