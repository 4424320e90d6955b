package org.spikeport.trainer.importer;

import java.util.List;
import java.util.Objects;
import org.spikeport.core.ir.TrainedModel;

/**
 * A model imported from a file of another tool, with what the conversion had to adjust.
 *
 * @param model         the converted model
 * @param clampedDelays number of synapses whose converted delay lay outside {@code [0, Td - 1]} and was
 *                      clamped into it (over all layers)
 * @param warnings      one line per adjustment worth telling the user (clamped delays per layer,
 *                      differing sigma values); empty when the conversion was exact
 */
public record ImportResult(TrainedModel model, int clampedDelays, List<String> warnings) {

    public ImportResult {
        Objects.requireNonNull(model, "model");
        warnings = List.copyOf(warnings);
    }
}
