package org.spikeport.cli;

import java.nio.file.Path;
import java.time.Instant;
import org.spikeport.core.files.FileHashes;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.Target;
import org.spikeport.exporter.Targets;
import picocli.CommandLine.Option;

/** The options shared by {@code export} and {@code validate}: which model, for which chip, by which profile. */
public final class DeploymentOptions {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The trained model (model.pb).")
    Path model;

    @Option(names = "--target", required = true, paramLabel = "NAME", description = "The chip or format: float, nir, loihi, ...")
    String target;

    @Option(names = "--profile", paramLabel = "NAME|FILE.yaml",
            description = "Hardware profile: a bundled name or a YAML file (default: the target's own; see 'spikeport profiles list').")
    String profile;

    /** Reads the model, resolves target and profile, and plans the export (fold, deploy, check). */
    Export plan(String commandLine, String toolVersion) {
        return plan(ModelFiles.readTrained(model), commandLine, toolVersion);
    }

    /** Plans the export of {@code m}, read from {@link #model}. */
    Export plan(TrainedModel m, String commandLine, String toolVersion) {
        Target t = Targets.byName(target);
        HardwareProfile p = profile == null ? HardwareProfiles.bundled(t.profileName()) : HardwareProfiles.resolve(profile);
        return Export.plan(m, t, p, provenance(m, commandLine, toolVersion));
    }

    /** The provenance of a network deployed from {@code m} by this command. */
    Provenance provenance(TrainedModel m, String commandLine, String toolVersion) {
        return provenance(model, m, commandLine, toolVersion);
    }

    /** The provenance of a network deployed by {@code commandLine} from {@code m}, read from {@code modelFile}. */
    static Provenance provenance(Path modelFile, TrainedModel m, String commandLine, String toolVersion) {
        return new Provenance(toolVersion, commandLine, m.provenance().seed(),
                m.provenance().datasetFingerprint(), Instant.now(), FileHashes.sha256(modelFile));
    }
}
