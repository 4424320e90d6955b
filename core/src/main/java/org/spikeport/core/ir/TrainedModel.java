package org.spikeport.core.ir;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The content of {@code model.pb}: a trained network with the configuration it was trained with, its
 * metrics per epoch and its provenance.
 */
public record TrainedModel(
        TrainedNetwork network,
        SortedMap<String, String> config,
        List<EpochMetrics> metrics,
        Provenance provenance) {

    public TrainedModel {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(provenance, "provenance");
        config = Collections.unmodifiableSortedMap(new TreeMap<>(config));
        metrics = List.copyOf(metrics);
    }
}
