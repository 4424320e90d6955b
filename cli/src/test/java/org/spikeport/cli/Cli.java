package org.spikeport.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process with captured output. */
record Cli(int exit, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(exit, out.toString(), err.toString());
    }

    /** The error output's lines that are not progress summaries. */
    String errorLine() {
        return err.lines().filter(l -> l.startsWith("spikeport:")).findFirst().orElse("");
    }
}
