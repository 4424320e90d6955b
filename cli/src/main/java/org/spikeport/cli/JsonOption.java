package org.spikeport.cli;

import picocli.CommandLine.Option;

/** The shared {@code --json} option: print the result as JSON on standard output instead of text. */
public final class JsonOption {

    @Option(names = "--json", description = "Print the result as JSON on standard output (for scripts).")
    boolean json;

    public boolean enabled() {
        return json;
    }
}
