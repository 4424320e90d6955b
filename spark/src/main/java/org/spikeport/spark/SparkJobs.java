package org.spikeport.spark;

import java.util.function.Supplier;
import org.spikeport.cli.spark.SparkUnavailableException;
import org.spikeport.core.SpikeportException;

/**
 * Runs Spark calls so that a failure ends as the command line's one-line errors: a {@link SpikeportException}
 * thrown in a task (bad input met on an executor) is rethrown as it is; anything else Spark throws (the master
 * unreachable, executors lost, a task failing) becomes a {@link SparkUnavailableException} naming the master.
 */
final class SparkJobs {

    private final String master;
    private final java.util.function.BooleanSupplier stopped;

    SparkJobs(String master) {
        this(master, () -> false);
    }

    /** {@code stopped} tells whether Spark has stopped the application (it does when no master answers). */
    SparkJobs(String master, java.util.function.BooleanSupplier stopped) {
        this.master = master;
        this.stopped = stopped;
    }

    <T> T run(Supplier<T> job) {
        try {
            return job.get();
        } catch (SpikeportException e) {
            throw e;
        } catch (RuntimeException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof SpikeportException s) {
                    throw s;
                }
            }
            if (stopped.getAsBoolean()) {
                throw new SparkUnavailableException("the Spark application on " + master + " was stopped (an unreachable "
                        + "master stops it: Spark's log above says why); the job failed with: " + firstLine(e), e);
            }
            throw new SparkUnavailableException("the Spark job on " + master + " failed: " + firstLine(e), e);
        }
    }

    /** The first line of {@code e}'s message (Spark's carry the executor's stack trace below it). */
    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
