package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.FloatTarget;
import org.spikeport.simulator.ReplaySummary;

/**
 * {@code export --check}: how much a deployment loses. The same samples run through the trained model
 * with rounded delays (its {@code float} deployment, which predicts what {@code evaluate} scores) and
 * through the deployed network in its chip's arithmetic; the result is both accuracies and the
 * fraction of samples on which the two decide the same class.
 *
 * @param samples          samples compared
 * @param floatAccuracy    accuracy of the trained model, rounded delays
 * @param deployedAccuracy accuracy of the deployed network on its chip's arithmetic
 * @param agreement        fraction of samples with the same decision
 * @param data             the dataset
 */
record DeploymentCheck(int samples, double floatAccuracy, double deployedAccuracy, double agreement, Path data) {

    /** Replays {@code data} (its first {@code limit} samples, all when {@code <= 0}) through both networks. */
    static DeploymentCheck run(TrainedModel model, Export export, Provenance provenance, Path data, int limit,
                               Integer inputUnits, int threads, PrintWriter err) {
        DeployedNetwork deployed = export.network();
        FloatTarget reference = new FloatTarget();
        HardwareProfile floatProfile = HardwareProfiles.bundled(reference.profileName());
        DeployedNetwork trained = export.target().name().equals(reference.name()) ? deployed
                : Export.plan(model, reference, floatProfile, provenance).network();
        try (ReplaySamples samples = ReplaySamples.open(data, deployed, inputUnits, limit)) {
            if (!samples.labelled()) {
                throw new org.spikeport.core.SpikeportException("--check needs a labelled dataset (HDF5), not " + data);
            }
            ReplaySummary f = Replays.run("check: trained model (float)", trained, floatProfile, samples, threads, err).summary();
            ReplaySummary d = trained == deployed ? f
                    : Replays.run("check: deployed on " + export.profile().name(), deployed, export.profile(), samples,
                            threads, err).summary();
            return new DeploymentCheck(f.samples(), f.accuracy(), d.accuracy(), d.agreement(f), data);
        }
    }

    /** For report.json. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data.toString());
        m.put("samples", samples);
        m.put("float_accuracy", floatAccuracy);
        m.put("deployed_accuracy", deployedAccuracy);
        m.put("agreement", agreement);
        return m;
    }

    /** For report.md and the console. */
    String toText() {
        return String.format(Locale.ROOT, "On %d samples of %s: trained model (float, rounded delays) %s, deployed %s "
                        + "(%+.2f points), same decision on %s of samples.", samples, data.getFileName(),
                TrainCommand.percent(floatAccuracy), TrainCommand.percent(deployedAccuracy),
                100 * (deployedAccuracy - floatAccuracy), TrainCommand.percent(agreement));
    }
}
