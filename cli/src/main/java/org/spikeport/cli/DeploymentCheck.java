package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.FloatTarget;
import org.spikeport.simulator.EnergyEstimate;
import org.spikeport.simulator.Replay;
import org.spikeport.simulator.ReplaySummary;

/**
 * {@code export --check}: how much a deployment loses. The same samples run through the trained model
 * with rounded delays (its {@code float} deployment, which predicts what {@code evaluate} scores) and
 * through the deployed network in its chip's arithmetic; the result is both accuracies and the
 * fraction of samples on which the two decide the same class. A model trained on limited input counts
 * ({@link TrainedModel#inputCountLimit}) is scored on counts limited the same way.
 *
 * @param samples          samples compared
 * @param floatAccuracy    accuracy of the trained model, rounded delays
 * @param deployedAccuracy accuracy of the deployed network on its chip's arithmetic
 * @param agreement        fraction of samples with the same decision
 * @param energy           the deployed replay's energy estimate over all samples (see {@link EnergyEstimate})
 * @param data             the dataset
 */
record DeploymentCheck(int samples, double floatAccuracy, double deployedAccuracy, double agreement, EnergyEstimate energy,
                       Path data) {

    /** Replays {@code data} (its first {@code limit} samples, all when {@code <= 0}) through both networks. */
    static DeploymentCheck run(TrainedModel model, Export export, Provenance provenance, Path data, int limit,
                               Integer inputUnits, Replays.Engine engine, PrintWriter err) {
        try (ReplaySamples samples = ReplaySamples.open(data, export.network(), inputUnits, limit)) {
            ReplaySummary trained = replayTrained(model, provenance, samples, engine, err);
            return compare(trained, export, samples, engine, err);
        }
    }

    /** The trained model's replay (its float deployment, rounded delays) on labelled {@code samples}. */
    static ReplaySummary replayTrained(TrainedModel model, Provenance provenance, ReplaySamples samples,
                                       Replays.Engine engine, PrintWriter err) {
        if (!samples.labelled()) {
            throw new SpikeportException("--check needs a labelled dataset (HDF5), not " + samples.file());
        }
        FloatTarget reference = new FloatTarget();
        HardwareProfile floatProfile = HardwareProfiles.bundled(reference.profileName());
        DeployedNetwork trained = Export.plan(model, reference, floatProfile, provenance).network();
        return engine.run("check: trained model (float)", trained, floatProfile, samples, model.inputCountLimit(), err)
                .summary();
    }

    /** Replays {@code samples} through {@code export}'s deployed network and compares with {@code trained}. */
    static DeploymentCheck compare(ReplaySummary trained, Export export, ReplaySamples samples, Replays.Engine engine,
                                   PrintWriter err) {
        DeployedNetwork deployed = export.network();
        ReplaySummary d = engine.run("check: deployed on " + export.profile().name(), deployed, export.profile(), samples,
                null, err).summary();
        EnergyEstimate energy = EnergyEstimate.of(export.profile(), deployed, d);
        return new DeploymentCheck(trained.samples(), trained.accuracy(), d.accuracy(), d.agreement(trained), energy,
                samples.file());
    }

    /** For report.json. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data.toString());
        m.put("samples", samples);
        m.put("float_accuracy", floatAccuracy);
        m.put("deployed_accuracy", deployedAccuracy);
        m.put("agreement", agreement);
        m.put("energy_estimate", ReplayCommand.energyMap(energy, Math.max(1, samples)));
        return m;
    }

    /** For report.md and the console. */
    String toText() {
        return String.format(Locale.ROOT, "On %d samples of %s: trained model (float, rounded delays) %s, deployed %s "
                        + "(%+.2f points), same decision on %s of samples.", samples, data.getFileName(),
                TrainCommand.percent(floatAccuracy), TrainCommand.percent(deployedAccuracy),
                100 * (deployedAccuracy - floatAccuracy), TrainCommand.percent(agreement))
                + (energy.available() ? " Energy estimate: " + ReplayCommand.joules(energy.joules() / Math.max(1, samples)) + " per sample "
                        + "(profile figures x counts; static power excluded)." : "");
    }
}
