package org.spikeport.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code spikeport profiles}: the hardware profiles that exports and checks read limits from. */
@Command(
        name = "profiles",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"List the hardware profiles or show one, with sources.", "",
            "List the bundled hardware profiles or show one profile's limits, arithmetic, delay "
                + "convention and energy figures, each with its source."},
        subcommands = {ProfilesListCommand.class, ProfilesShowCommand.class})
public final class ProfilesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a profiles command is required: list or show");
    }
}
