package org.spikeport.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.spikeport.core.SpikeportException;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * Turns anything a command throws into one line on standard error and an exit code.
 *
 * <ul>
 *   <li>{@link SpikeportException} (bad input): its message, its {@link SpikeportException#exitCode()}
 *       (1, or 3 for a failed check).</li>
 *   <li>{@link OutOfMemoryError} and {@link StackOverflowError}: the input exhausted the heap or the
 *       stack. Exit 1 ({@link SpikeportException#EXIT_BAD_INPUT}), naming the command's input files and
 *       the heap limit, and saying how to give the JVM more ({@code SPIKEPORT_JAVA_OPTS}).</li>
 *   <li>Any other {@link Throwable} is a bug: exit {@value #EXIT_INTERNAL}, one line with the exception's
 *       class, message and the spikeport frame it came from, asking for a report.</li>
 * </ul>
 *
 * With the environment variable {@value #DEBUG_ENV} set to a non-empty value other than {@code 0}, the
 * stack trace follows the line (for every kind, bad input included).
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    /** Exit code for an internal error (EX_SOFTWARE). */
    static final int EXIT_INTERNAL = 70;

    /** Environment variable that adds stack traces to error messages. */
    static final String DEBUG_ENV = "SPIKEPORT_DEBUG";

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        return report(e, cl, parsed);
    }

    /**
     * Writes the line for {@code t} (and with {@value #DEBUG_ENV} its stack trace) to {@code cl}'s error
     * writer and returns the exit code.
     *
     * @param parsed the parse result of the command that failed, or {@code null} when unknown; its file
     *               arguments are named when the JVM ran out of memory or stack
     */
    static int report(Throwable t, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        int exit;
        String line;
        if (t instanceof SpikeportException s) {
            line = s.getMessage();
            exit = s.exitCode();
        } else if (t instanceof OutOfMemoryError) {
            long heapMib = Runtime.getRuntime().maxMemory() >> 20;
            line = "out of memory" + inputs(parsed) + ": the input needs more than the Java heap of " + heapMib
                    + " MiB; give the JVM more with SPIKEPORT_JAVA_OPTS=-Xmx" + Math.max(1, 2 * heapMib / 1024)
                    + "g, or use smaller inputs";
            exit = SpikeportException.EXIT_BAD_INPUT;
        } else if (t instanceof StackOverflowError) {
            line = "stack overflow" + inputs(parsed) + ": the input is nested too deeply to process; if it is "
                    + "an ordinary file, this is a bug: run with " + DEBUG_ENV + "=1 and report the stack trace";
            exit = SpikeportException.EXIT_BAD_INPUT;
        } else {
            line = "internal error: " + describe(t) + "; this is a bug: please report it with the command line "
                    + "(" + DEBUG_ENV + "=1 prints the stack trace)";
            exit = EXIT_INTERNAL;
        }
        err.println("spikeport: " + oneLine(line));
        if (debug()) {
            t.printStackTrace(err);
        }
        err.flush();
        return exit;
    }

    private static boolean debug() {
        String v = System.getenv(DEBUG_ENV);
        return v != null && !v.isEmpty() && !v.equals("0");
    }

    /** The exception's class, message and the first spikeport frame, e.g. {@code NullPointerException at Foo.java:12}. */
    static String describe(Throwable t) {
        StringBuilder s = new StringBuilder(t.getClass().getSimpleName());
        if (t.getMessage() != null && !t.getMessage().isBlank()) {
            s.append(": ").append(t.getMessage());
        }
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().startsWith("org.spikeport.")) {
                s.append(" (at ").append(f.getClassName()).append('.').append(f.getMethodName());
                if (f.getFileName() != null && f.getLineNumber() > 0) {
                    s.append(", ").append(f.getFileName()).append(':').append(f.getLineNumber());
                }
                s.append(')');
                break;
            }
        }
        return s.toString();
    }

    /** {@code " in 'export' (inputs: model.pb, test.h5)"}: the subcommand and its file arguments. */
    private static String inputs(CommandLine.ParseResult parsed) {
        if (parsed == null) {
            return "";
        }
        CommandLine.ParseResult leaf = parsed;
        List<String> names = new ArrayList<>();
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
            names.add(leaf.commandSpec().name());
        }
        Set<String> files = new LinkedHashSet<>();
        for (ArgSpec a : leaf.matchedArgs()) {
            Object v = a.getValue();
            if (v instanceof Path || v instanceof File) {
                files.add(v.toString());
            }
        }
        String command = names.isEmpty() ? "" : " in '" + String.join(" ", names) + "'";
        return command + (files.isEmpty() ? "" : " (inputs: " + String.join(", ", files) + ")");
    }

    /** Collapses line breaks so that the message is one line. */
    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
