package org.spikeport.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of {@code spikeport}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line with standard output and error, returning the exit code. */
    public static int run(String... args) {
        return execute(commandLine(), args);
    }

    /** Runs the command line writing to {@code out} and {@code err}, returning the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return execute(cl, args);
    }

    /**
     * The configured command line: error mapping, colourless help, case-insensitive enum values. Its
     * {@link CommandLine#execute} maps exceptions but lets an {@link Error} through; {@link #run} maps
     * every {@link Throwable}.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SpikeportCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }

    /** Executes {@code cl}; an {@link Error} escaping picocli (out of memory, stack overflow) gets the same one line. */
    private static int execute(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (Throwable t) {
            return ErrorHandler.report(t, cl, cl.getParseResult());
        }
    }
}
