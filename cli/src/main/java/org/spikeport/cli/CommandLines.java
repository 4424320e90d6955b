package org.spikeport.cli;

import picocli.CommandLine.Model.CommandSpec;

/** The command line as the user typed it, for provenance. */
final class CommandLines {

    private CommandLines() {
    }

    /** {@code spikeport} followed by every original argument (the subcommand names included). */
    static String of(CommandSpec spec) {
        CommandSpec root = spec;
        while (root.parent() != null) {
            root = root.parent();
        }
        return "spikeport " + String.join(" ", root.commandLine().getParseResult().originalArgs());
    }
}
