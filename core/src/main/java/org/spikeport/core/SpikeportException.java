package org.spikeport.core;

/**
 * An error caused by the user's input (a file, a flag, a profile) rather than by a bug.
 *
 * <p>The message is written for the user: one line saying what was wrong, where, and, when there is
 * one, what to do about it. The command line prints it without a stack trace and exits with
 * {@link #exitCode()}.
 */
public class SpikeportException extends RuntimeException {

    /** Exit code for bad input data or files. */
    public static final int EXIT_BAD_INPUT = 1;

    private final int exitCode;

    public SpikeportException(String message) {
        this(message, null, EXIT_BAD_INPUT);
    }

    public SpikeportException(String message, Throwable cause) {
        this(message, cause, EXIT_BAD_INPUT);
    }

    protected SpikeportException(String message, Throwable cause, int exitCode) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code the command line uses for this error. */
    public int exitCode() {
        return exitCode;
    }
}
