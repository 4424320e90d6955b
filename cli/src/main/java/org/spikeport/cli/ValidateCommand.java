package org.spikeport.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.json.Json;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.ExportReport;
import org.spikeport.exporter.ProfileChecks;
import org.spikeport.exporter.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spikeport validate}: does a trained model fit a chip? Writes nothing. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Check whether a trained model fits a chip, writing nothing.", "",
            "Check a trained model against a chip's profile without writing anything: delay range, "
                + "weight precision, fan-in, neurons and synapses per core, cores per chip, input spikes. Every "
                + "offender is named (layer, neuron or synapse, value, limit) with what would fix it."},
        footer = {"", "Exit codes: 0 fits, 3 does not fit, 1 bad input."})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeploymentOptions options;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        String commandLine = CommandLines.of(spec);
        TrainedModel model = ModelFiles.readTrained(options.model);
        Export e = options.plan(model, commandLine, VersionProvider.version());
        ExportReport report = new ExportReport(e, options.model.toString());
        PrintWriter o = spec.commandLine().getOut();
        if (json.enabled()) {
            o.println(Json.write(report.toMap(List.of())));
        } else {
            o.println(ExportCommand.summary(e, report));
            o.println("  " + TrainedFor.text(model, e));
            for (ProfileChecks.Result r : e.checks()) {
                for (Violation v : r.violations().subList(0, Math.min(ExportReport.LISTED_PER_CHECK, r.violations().size()))) {
                    o.println("  - " + v.message());
                }
                if (r.violations().size() > ExportReport.LISTED_PER_CHECK) {
                    o.printf("  - ... %d more %s violations (all of them: --json)%n",
                            r.violations().size() - ExportReport.LISTED_PER_CHECK, r.name());
                }
            }
        }
        o.flush();
        return e.fits() ? 0 : ExportCommand.EXIT_DOES_NOT_FIT;
    }
}
