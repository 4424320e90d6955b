package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.json.Json;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.FloatTarget;
import org.spikeport.exporter.Target;
import org.spikeport.exporter.Targets;
import org.spikeport.simulator.ReplaySummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spikeport compare}: one model exported to several targets, side by side. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Export one model to several targets and compare them in a table.", "",
            "Export a trained model to each target (each with its bundled profile) into DIR/TARGET, as "
                + "'export --check' does, and print one row per target: whether it fits (and the first reason "
                + "when not), cores, synapses, the deployed accuracy on the check data next to the trained model's, "
                + "and the energy estimate per sample. A target that does not fit gets only its report."},
        footer = {"", "Exit codes: 0 compared (whether or not every target fits), 1 bad input."})
public final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The trained model (model.pb).")
    Path model;

    @Option(names = "--check", required = true, paramLabel = "FILE.h5", description = "Labelled dataset to measure accuracy on.")
    Path check;

    @Mixin
    CheckOptions checkOptions;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for one export per target (DIR/TARGET).")
    Path out;

    @Option(names = "--targets", split = ",", paramLabel = "NAME[,NAME...]",
            description = "Targets to compare (default: every target except float, the reference).")
    List<String> targets;

    /** One row of the table. */
    record Row(String target, boolean trainedFor, boolean fits, String why, int cores, long synapses, DeploymentCheck check) {
    }

    @Override
    public Integer call() {
        List<Target> chosen = new ArrayList<>();
        if (targets == null) {
            String reference = new FloatTarget().name();
            Targets.all().stream().filter(t -> !t.name().equals(reference)).forEach(chosen::add);
        } else {
            targets.forEach(t -> chosen.add(Targets.byName(t)));
        }
        String commandLine = CommandLines.of(spec);
        TrainedModel m = ModelFiles.readTrained(model);
        Provenance provenance = DeploymentOptions.provenance(model, m, commandLine, VersionProvider.version());
        PrintWriter err = spec.commandLine().getErr();
        List<Row> rows = new ArrayList<>();
        double trainedAccuracy;
        int samplesUsed;
        Export first = Export.plan(m, chosen.get(0), HardwareProfiles.bundled(chosen.get(0).profileName()), provenance);
        try (ReplaySamples samples = ReplaySamples.open(check, first.network(), checkOptions.inputUnits, checkOptions.samples());
             Replays.Engine engine = checkOptions.engine("spikeport compare " + model)) {
            ReplaySummary trained = DeploymentCheck.replayTrained(m, provenance, samples, engine, err);
            trainedAccuracy = trained.accuracy();
            samplesUsed = trained.samples();
            for (Target t : chosen) {
                Export e = t == chosen.get(0) ? first : Export.plan(m, t, HardwareProfiles.bundled(t.profileName()), provenance);
                DeploymentCheck c = e.fits() ? DeploymentCheck.compare(trained, e, samples, engine, err) : null;
                e.write(out.resolve(t.name()), TrainedFor.report(m, e, model.toString(), c));
                String why = e.checks().stream().filter(r -> !r.passed()).findFirst()
                        .map(r -> r.name() + ": " + r.violations().size() + " violation(s), e.g. " + r.violations().get(0).message())
                        .orElse("");
                rows.add(new Row(t.name(), TrainedFor.sameProfile(m, e), e.fits(), why, e.partition().cores(),
                        e.network().layers().stream().mapToLong(l -> l.synapses().size()).sum(), c));
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json.enabled()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("model", model.toString());
            r.put("check", check.toString());
            r.put("samples", samplesUsed);
            r.put("trained_accuracy", trainedAccuracy);
            r.put("trained_for", m.trainedFor());
            List<Object> list = new ArrayList<>();
            for (Row row : rows) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("target", row.target());
                x.put("trained_for", row.trainedFor());
                x.put("fits", row.fits());
                x.put("why_not", row.why().isEmpty() ? null : row.why());
                x.put("cores", row.cores());
                x.put("synapses", row.synapses());
                x.put("deployed_accuracy", row.check() == null ? null : row.check().deployedAccuracy());
                x.put("agreement", row.check() == null ? null : row.check().agreement());
                x.put("energy_joules_per_sample", row.check() == null || !row.check().energy().available() ? null
                        : row.check().energy().joules() / Math.max(1, samplesUsed));
                list.add(x);
            }
            r.put("targets", list);
            o.println(Json.write(r));
        } else {
            o.printf(Locale.ROOT, "trained model (float, rounded delays): %s on %d samples of %s; %s%n",
                    TrainCommand.percent(trainedAccuracy), samplesUsed, check.getFileName(),
                    m.trainedFor() == null ? "trained without --for" : "trained for " + m.trainedFor() + " (*)");
            o.printf(Locale.ROOT, "%-16s %-5s %6s %10s %10s %10s %12s  %s%n", "target", "fits", "cores", "synapses",
                    "deployed", "agreement", "energy", "why not");
            for (Row row : rows) {
                DeploymentCheck c = row.check();
                o.printf(Locale.ROOT, "%-16s %-5s %6d %10d %10s %10s %12s  %s%n", row.target() + (row.trainedFor() ? " *" : ""),
                        row.fits() ? "yes" : "no",
                        row.cores(), row.synapses(), c == null ? "-" : TrainCommand.percent(c.deployedAccuracy()),
                        c == null ? "-" : TrainCommand.percent(c.agreement()),
                        c == null || !c.energy().available() ? "-" : ReplayCommand.joules(c.energy().joules() / Math.max(1, samplesUsed)),
                        row.why());
            }
            o.printf("energy: estimate per sample from each profile's per-event figures (see the reports); reports in %s/TARGET%n", out);
        }
        o.flush();
        return 0;
    }
}
