package org.spikeport.cli;

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
        return commandLine().execute(args);
    }

    /** The configured command line: error mapping, colourless help, case-insensitive enum values. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SpikeportCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }
}
