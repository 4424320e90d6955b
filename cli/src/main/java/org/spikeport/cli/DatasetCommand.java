package org.spikeport.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code spikeport dataset}: spike dataset files. */
@Command(
        name = "dataset",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Create, inspect and convert spike datasets (SHD/SSC HDF5 layout).",
        subcommands = {DatasetSynthCommand.class, DatasetInfoCommand.class, DatasetConvertCommand.class,
            DatasetEncodeCommand.class, DatasetSpeakCommand.class})
public final class DatasetCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a dataset command is required: synth, info, convert, encode or speak");
    }
}
