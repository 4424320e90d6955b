package org.spikeport.core;

/**
 * An error caused by the user's input (a file, a flag, a profile) rather than by a bug.
 *
 * <p>The message is written for the user: one line saying what was wrong, where, and, when there is
 * one, what to do about it. The command line prints it without a stack trace and exits with
 * {@link #exitCode()}. The constructor keeps it one line whatever it quotes from a file: line breaks become
 * spaces and other control characters Java-style Unicode escapes (backslash, u, four hex digits).
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
        super(oneLine(message), cause);
        this.exitCode = exitCode;
    }

    /** {@code message} with line breaks as spaces and other control characters escaped. */
    static String oneLine(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder s = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                s.append(' ');
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    /** The process exit code the command line uses for this error. */
    public int exitCode() {
        return exitCode;
    }
}
