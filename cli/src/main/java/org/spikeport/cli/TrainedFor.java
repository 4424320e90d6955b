package org.spikeport.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.ExportReport;

/** What a deployment report says about the profile a model was trained for ({@link TrainedModel#trainedFor}). */
final class TrainedFor {

    private TrainedFor() {
    }

    /** The {@code trained_for} entry of {@code report.json}: the profile (null for none) and whether it is the export's. */
    static Map<String, Object> toMap(TrainedModel model, Export e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", model.trainedFor());
        m.put("sha256", model.config().get(TrainedModel.TRAINED_FOR_SHA256));
        m.put("same_profile", sameProfile(model, e));
        return m;
    }

    /** Whether {@code model} was trained for the profile {@code e} checks against (same name and file hash). */
    static boolean sameProfile(TrainedModel model, Export e) {
        return e.profile().name().equals(model.trainedFor())
                && e.profile().sha256().equals(model.config().get(TrainedModel.TRAINED_FOR_SHA256));
    }

    /**
     * The report of {@code e} of {@code model} (read from {@code modelFile}): the {@code trained_for} entry and
     * a {@code Training} section, and the deployed-accuracy check when there is one ({@code check} may be null).
     */
    static ExportReport report(TrainedModel model, Export e, String modelFile, DeploymentCheck check) {
        Map<String, Object> extra = new LinkedHashMap<>();
        Map<String, String> sections = new LinkedHashMap<>();
        extra.put("trained_for", toMap(model, e));
        sections.put("Training", text(model, e));
        if (check != null) {
            extra.put("deployed_accuracy", check.toMap());
            sections.put("Deployed accuracy", check.toText());
        }
        return new ExportReport(e, modelFile, extra, sections);
    }

    /**
     * One line for the report and the command's output; when the network does not fit a profile it was not
     * trained for, it names the command that trains inside the profile's limits.
     */
    static String text(TrainedModel model, Export e) {
        String p = model.trainedFor();
        if (sameProfile(model, e)) {
            return "trained for " + p + " (this export's profile): delays, fan-in and precision inside its limits";
        }
        String line = p == null ? "trained without --for: the profile's limits were first applied by this export"
                : "trained for " + p + ", exported with profile " + e.profile().name()
                        + (e.profile().name().equals(p) ? " of another file" : "") + ": its limits were not the ones trained inside";
        return e.fits() ? line : line + "; `spikeport fine-tune --model MODEL --for " + e.profile().name()
                + " --data DIR` trains the model on inside them (`train --for` from scratch)";
    }
}
