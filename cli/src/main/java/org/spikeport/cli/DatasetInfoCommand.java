package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.DatasetSummary;
import org.spikeport.core.data.SpikeDataset;
import org.spikeport.core.data.SpikeDatasets;
import org.spikeport.core.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spikeport dataset info}: what a dataset file holds. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Print what a dataset file holds.", "",
            "Print what a spike dataset holds: layout, samples, classes and their sample counts, "
                + "input units, duration and spike-count statistics, and the binned frame size a network "
                + "sees. Reads the published SHD/SSC layout and spikeport's flat layout, checking every "
                + "sample."})
public final class DatasetInfoCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Parameters(index = "0", paramLabel = "FILE.h5", description = "The dataset file.")
    Path file;

    @Option(names = "--dt", paramLabel = "MS", description = "Time step used to report frame lengths, in ms (default: ${DEFAULT-VALUE}).")
    double dtMs = 10;

    @Option(names = "--group", paramLabel = "N", description = "Input units summed into one channel (default: ${DEFAULT-VALUE}).")
    int group = 5;

    @Override
    public Integer call() {
        DatasetSummary s;
        try (SpikeDataset d = SpikeDatasets.open(file)) {
            Progress p = new Progress(spec.commandLine().getErr(), "reading " + file.getFileName(), d.size());
            s = DatasetSummary.of(d, p::update);
            p.finish();
        }
        Binning binning;
        try {
            binning = new Binning(dtMs / 1000.0, group, s.inputChannels());
        } catch (IllegalArgumentException e) {
            throw new org.spikeport.core.SpikeportException("invalid binning option: " + e.getMessage());
        }
        int maxSteps = s.samples() == 0 ? 0 : binning.step(s.durationSeconds().max()) + 1;
        PrintWriter o = spec.commandLine().getOut();
        if (json.enabled()) {
            o.println(Json.write(toMap(s, binning, maxSteps)));
        } else {
            o.print(toText(s, binning, maxSteps));
        }
        o.flush();
        return 0;
    }

    static Map<String, Object> toMap(DatasetSummary s, Binning b, int maxSteps) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", s.file().toString());
        m.put("layout", s.layout().name().toLowerCase(Locale.ROOT));
        m.put("samples", s.samples());
        m.put("input_channels", s.inputChannels());
        List<Map<String, Object>> classes = new ArrayList<>();
        for (DatasetSummary.ClassCount c : s.classes()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("label", c.label());
            cm.put("name", c.name());
            cm.put("samples", c.samples());
            classes.add(cm);
        }
        m.put("classes", classes);
        m.put("duration_s", range(s.durationSeconds()));
        m.put("events_per_sample", range(s.eventsPerSample()));
        m.put("total_events", s.totalEvents());
        Map<String, Object> frames = new LinkedHashMap<>();
        frames.put("dt_ms", b.dtSeconds() * 1000);
        frames.put("group_size", b.groupSize());
        frames.put("channels", b.channels());
        frames.put("max_steps", maxSteps);
        m.put("binned", frames);
        return m;
    }

    private static Map<String, Object> range(DatasetSummary.Range r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", r.min());
        m.put("mean", r.mean());
        m.put("max", r.max());
        return m;
    }

    static String toText(DatasetSummary s, Binning b, int maxSteps) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%s (%s layout)%n", s.file(), s.layout().name().toLowerCase(Locale.ROOT)));
        t.append(String.format(Locale.ROOT, "  samples          %d%n", s.samples()));
        t.append(String.format(Locale.ROOT, "  input units      %d%n", s.inputChannels()));
        t.append(String.format(Locale.ROOT, "  classes          %d%n", s.classes().size()));
        for (DatasetSummary.ClassCount c : s.classes()) {
            t.append(String.format(Locale.ROOT, "    %3d %-20s %d samples%n", c.label(), c.name(), c.samples()));
        }
        DatasetSummary.Range d = s.durationSeconds();
        DatasetSummary.Range e = s.eventsPerSample();
        t.append(String.format(Locale.ROOT, "  duration         min %.3f s, mean %.3f s, max %.3f s%n", d.min(), d.mean(), d.max()));
        t.append(String.format(Locale.ROOT, "  events/sample    min %.0f, mean %.1f, max %.0f (total %d)%n", e.min(), e.mean(), e.max(), s.totalEvents()));
        t.append(String.format(Locale.ROOT, "  binned frames    up to %d steps of %.1f ms x %d channels (groups of %d units)%n",
                maxSteps, b.dtSeconds() * 1000, b.channels(), b.groupSize()));
        return t.toString();
    }
}
