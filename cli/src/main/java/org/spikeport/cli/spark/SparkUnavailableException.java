package org.spikeport.cli.spark;

import org.spikeport.core.SpikeportException;

/**
 * Spark could not be used: the {@code spikeport-spark} module or Spark's jars are not on the class path, the
 * master cannot be reached, or a Spark job failed for a reason outside spikeport's input (executors lost).
 * Exit code {@value #EXIT_UNAVAILABLE} (EX_UNAVAILABLE).
 */
public final class SparkUnavailableException extends SpikeportException {

    private static final long serialVersionUID = 1L;

    /** Exit code: a service the command needs is unavailable. */
    public static final int EXIT_UNAVAILABLE = 69;

    public SparkUnavailableException(String message, Throwable cause) {
        super(message, cause, EXIT_UNAVAILABLE);
    }
}
