package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spikeport.core.data.DatasetSummary;
import org.spikeport.core.data.SpikeDataset;
import org.spikeport.core.data.SpikeDatasets;
import org.spikeport.core.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spikeport dataset info}: what a dataset file holds. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Print what a spike dataset holds: layout, samples, classes and their sample counts, input",
            "channels, duration and spike-count statistics. Reads both the published SHD/SSC layout and",
            "spikeport's flat layout, and checks every sample while doing so."
        })
public final class DatasetInfoCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Parameters(index = "0", paramLabel = "FILE.h5", description = "The dataset file.")
    Path file;

    @Override
    public Integer call() {
        DatasetSummary s;
        try (SpikeDataset d = SpikeDatasets.open(file)) {
            Progress p = new Progress(spec.commandLine().getErr(), "reading " + file.getFileName(), d.size());
            s = DatasetSummary.of(d, p::update);
            p.finish();
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json.enabled()) {
            o.println(Json.write(s.toMap()));
        } else {
            o.print(s.toText());
        }
        o.flush();
        return 0;
    }
}
