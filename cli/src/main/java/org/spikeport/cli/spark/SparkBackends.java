package org.spikeport.cli.spark;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds the {@link SparkBackend} on the class path. */
public final class SparkBackends {

    /** What to do when Spark is missing, for the error line. */
    static final String HOW = "run through ./spikeport, which adds the spark module and Spark's jars when --spark is "
            + "given, or with spark-submit and spark/target/spikeport-spark.jar (see docs/spark.md)";

    private SparkBackends() {
    }

    /**
     * The backend the {@code spikeport-spark} module provides.
     *
     * @throws SparkUnavailableException when the module or Spark's jars are not on the class path
     */
    public static SparkBackend load() {
        try {
            Iterator<SparkBackend> it = ServiceLoader.load(SparkBackend.class).iterator();
            if (it.hasNext()) {
                return it.next();
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new SparkUnavailableException("--spark: the spikeport-spark module is on the class path but Spark's "
                    + "jars are not (" + e.getMessage() + "); " + HOW, e);
        }
        throw new SparkUnavailableException("--spark: the spikeport-spark module is not on the class path; " + HOW, null);
    }
}
