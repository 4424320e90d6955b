package org.spikeport.trainer.importer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;

/**
 * A model imported from a file of another tool, with what the conversion had to adjust.
 *
 * @param model         the converted model
 * @param clampedDelays number of delay values the file held outside the range the importer accepts and
 *                      that were clamped into it (over all layers; the range is the importer's)
 * @param warnings      one line per adjustment worth telling the user (clamped delays per layer,
 *                      differing sigma values, sizes or settings that differ from the caller's); empty
 *                      when the conversion was exact
 */
public record ImportResult(TrainedModel model, int clampedDelays, List<String> warnings) {

    public ImportResult {
        Objects.requireNonNull(model, "model");
        warnings = List.copyOf(warnings);
    }

    /**
     * An imported model: {@code config} plus {@code imported_from = importedFrom}, no metrics, and a
     * provenance holding the command line, the seed, an empty dataset fingerprint and the SHA-256 of the
     * imported file.
     */
    static ImportResult of(TrainedNetwork network, Map<String, String> config, String importedFrom, String commandLine,
                           long seed, String sha256, int clampedDelays, List<String> warnings) {
        TreeMap<String, String> configMap = new TreeMap<>(config);
        configMap.put("imported_from", importedFrom);
        Provenance provenance = new Provenance(toolVersion(), commandLine, seed, "", Instant.now(), sha256);
        return new ImportResult(new TrainedModel(network, configMap, List.of(), provenance), clampedDelays, warnings);
    }

    private static String toolVersion() {
        String v = ImportResult.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
