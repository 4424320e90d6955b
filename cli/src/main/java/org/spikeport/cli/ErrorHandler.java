package org.spikeport.cli;

import java.io.PrintWriter;
import org.spikeport.core.SpikeportException;
import picocli.CommandLine;

/**
 * Turns exceptions thrown by a command into one line on standard error and an exit code: a
 * {@link SpikeportException} (bad input) prints its message; anything else is a bug and prints a
 * stack trace after the message.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    /** Exit code for an internal error (EX_SOFTWARE). */
    static final int EXIT_INTERNAL = 70;

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof SpikeportException s) {
            err.println("spikeport: " + s.getMessage());
            err.flush();
            return s.exitCode();
        }
        err.println("spikeport: internal error: " + e + " (please report this with the command line)");
        e.printStackTrace(err);
        err.flush();
        return EXIT_INTERNAL;
    }
}
