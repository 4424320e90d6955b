package org.spikeport.core.ir;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Metrics recorded after one training epoch, by name (for example {@code train_loss},
 * {@code test_accuracy}).
 */
public record EpochMetrics(int epoch, SortedMap<String, Double> values) {

    public EpochMetrics {
        Checks.require(epoch >= 0, "epoch metrics", "epoch must be >= 0, got " + epoch);
        values = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    public static EpochMetrics of(int epoch, Map<String, Double> values) {
        return new EpochMetrics(epoch, new TreeMap<>(values));
    }
}
