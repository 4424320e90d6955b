package org.spikeport.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root command: lists the subcommands. */
@Command(
        name = "spikeport",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Spiking neural networks with learned synaptic delays, from training to neuromorphic "
                + "chips.",
        subcommands = {DatasetCommand.class, TrainCommand.class, FineTuneCommand.class, EvaluateCommand.class, ImportCommand.class,
            ExportCommand.class, ValidateCommand.class, ReplayCommand.class, CompareCommand.class, VerifyCommand.class, ProfilesCommand.class},
        footer = {"", "Run 'spikeport COMMAND --help' for a command's options.",
            "Exit codes: 0 ok, 1 bad input, 2 bad usage, 3 check failed, 70 internal error.",
            "SPIKEPORT_DEBUG=1 adds stack traces to error messages."})
public final class SpikeportCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }
}
