package org.spikeport.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.SpikeDatasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spikeport dataset convert}: published SHD/SSC layout to spikeport's flat layout. */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Convert a dataset to spikeport's flat layout.", "",
            "Convert a dataset to spikeport's flat layout (one contiguous array of times, units and "
                + "per-sample offsets), losslessly. The input may be a published SHD/SSC file "
                + "(variable-length per-sample arrays) or a flat file. Every sample is checked; the output "
                + "is written atomically."})
public final class DatasetConvertCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN.h5", description = "The dataset to convert.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT.h5", description = "The flat file to write.")
    Path out;

    @Option(names = "--force", description = "Overwrite OUT.h5 if it exists.")
    boolean force;

    @Override
    public Integer call() {
        if (Files.exists(out) && Files.exists(in) && isSameFile(in, out)) {
            throw new SpikeportException(out + ": is the input file; choose another output");
        }
        if (Files.exists(out) && !force) {
            throw new SpikeportException(out + ": already exists; use --force to overwrite it");
        }
        int samples = SpikeDatasets.convert(in, out);
        spec.commandLine().getOut().printf("wrote %s: %d samples in the flat layout%n", out, samples);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
