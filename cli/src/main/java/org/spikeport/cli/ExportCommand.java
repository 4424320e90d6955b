package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.json.Json;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.ExportReport;
import org.spikeport.exporter.ProfileChecks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spikeport export}: a trained model in a chip's formats. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Deploy a trained model to a chip: quantize, check, write the chip's files.", "",
            "Deploy a trained model to a chip: round delays, fold BatchNorm, drop zero synapses, "
                + "quantize to the chip's precision, check every limit of its profile, and write into DIR the "
                + "deployed network (network.pb), the chip's files and a report (report.json, report.md). When "
                + "something does not fit, only the report is written and the exit code is 3."},
        footer = {"", "Exit codes: 0 exported, 3 does not fit the profile (see DIR/report.md), 1 bad input."})
public final class ExportCommand implements Callable<Integer> {

    /** Exit code when the network does not fit the profile. */
    static final int EXIT_DOES_NOT_FIT = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    DeploymentOptions options;

    @Mixin
    JsonOption json;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created; an earlier export in it is replaced).")
    Path out;

    @Option(names = "--check", paramLabel = "FILE.h5",
            description = "Before writing, replay this labelled dataset through the trained model (rounded delays) and "
                    + "through the deployed network in the chip's arithmetic, and report both accuracies and their agreement.")
    Path check;

    @Mixin
    CheckOptions checkOptions;

    @Override
    public Integer call() {
        String commandLine = CommandLines.of(spec);
        TrainedModel model = ModelFiles.readTrained(options.model);
        Export e = options.plan(model, commandLine, VersionProvider.version());
        PrintWriter err = spec.commandLine().getErr();
        DeploymentCheck checked = null;
        if (check != null && !e.fits()) {
            err.println("not checking on " + check + ": the network does not fit the profile");
        } else if (check != null) {
            try (Replays.Engine engine = checkOptions.engine("spikeport export --check " + check)) {
                checked = DeploymentCheck.run(model, e, options.provenance(model, commandLine, VersionProvider.version()),
                        check, checkOptions.samples(), checkOptions.inputUnits, engine, err);
            }
        }
        ExportReport report = TrainedFor.report(model, e, options.model.toString(), checked);
        List<Path> files = e.write(out, report);
        PrintWriter o = spec.commandLine().getOut();
        if (json.enabled()) {
            o.println(Json.write(report.toMap(files.stream().map(Path::toString).toList())));
        } else {
            o.println(summary(e, report));
            o.println("  " + TrainedFor.text(model, e));
            if (checked != null) {
                o.println("  " + checked.toText());
            }
            o.printf("wrote %s%n", String.join(", ", files.stream().map(Path::toString).toList()));
            for (String n : report.notes()) {
                o.println("note: " + n);
            }
        }
        o.flush();
        return e.fits() ? 0 : EXIT_DOES_NOT_FIT;
    }

    /** The checks, resources and latency as a few lines of text. */
    static String summary(Export e, ExportReport report) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s on profile %s: %s%n", e.target().name(), e.profile().name(),
                e.fits() ? "fits" : "DOES NOT FIT"));
        for (ProfileChecks.Result r : e.checks()) {
            s.append(String.format(Locale.ROOT, "  %-16s %s%n", r.name(),
                    r.passed() ? "ok" : r.violations().size() + " violation(s), e.g. " + r.violations().get(0).message()));
        }
        long synapses = e.network().layers().stream().mapToLong(l -> l.synapses().size()).sum();
        s.append(String.format(Locale.ROOT, "  %d cores, %d synapses, the chip adds %d steps of latency",
                e.partition().cores(), synapses, report.addedLatency()));
        return s.toString();
    }
}
