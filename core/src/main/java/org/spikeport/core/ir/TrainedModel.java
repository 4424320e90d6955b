package org.spikeport.core.ir;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The content of {@code model.pb}: a trained network with the configuration it was trained with, its
 * metrics per epoch and its provenance.
 *
 * <p>The configuration is text by name; the entries other code computes with are checked here, so a
 * model that constructs can be evaluated: {@value #GROUP_SIZE} and {@value #INPUT_UNITS} (optional,
 * integers in {@code 1 ..} {@link Limits#MAX_NEURONS}, together grouping the input units into exactly the
 * network's inputs, {@code ceil(input_units / group_size) = inputs}), {@value #TIME_CONVENTION}
 * ({@link TimeConvention#id()}, optional) and {@value #BINNING} ({@code floor} or {@code reference},
 * optional): the conventions the model was trained with, {@code spikeport} and {@code floor} when
 * absent.
 */
public record TrainedModel(
        TrainedNetwork network,
        SortedMap<String, String> config,
        List<EpochMetrics> metrics,
        Provenance provenance) {

    /** Config entry: input units summed into one input channel (default 5, as for SHD). */
    public static final String GROUP_SIZE = "group_size";
    /** Config entry: input units of the recordings (default: inputs times the group size). */
    public static final String INPUT_UNITS = "input_units";

    /** Config entry: the {@link TimeConvention} the model was trained with (default {@code spikeport}). */
    public static final String TIME_CONVENTION = "time_convention";
    /** Config entry: how the training data's event times became steps, {@code floor} (default) or {@code reference}. */
    public static final String BINNING = "binning";
    /** The values {@value #BINNING} takes. */
    private static final java.util.Set<String> BINNINGS = java.util.Set.of("floor", "reference");

    /**
     * Config entry: the name of the profile the model was trained inside the limits of ({@code --for}); absent
     * for a model trained without one.
     */
    public static final String TRAINED_FOR = "trained_for";
    /** Config entry: the SHA-256 of that profile's file. */
    public static final String TRAINED_FOR_SHA256 = "trained_for_sha256";
    /**
     * Config entry: the most input spikes per channel and step the model was trained on (each count {@code c}
     * was {@code min(c, limit)}, as the chip it was trained for delivers them); absent when counts were kept.
     * The trained model's own scores apply it too.
     */
    public static final String INPUT_COUNT_LIMIT = "input_count_limit";

    private static final int DEFAULT_GROUP_SIZE = 5;

    public TrainedModel {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(provenance, "provenance");
        config = Collections.unmodifiableSortedMap(new TreeMap<>(config));
        metrics = List.copyOf(metrics);
        int group = integer(config, GROUP_SIZE, DEFAULT_GROUP_SIZE);
        int units = integer(config, INPUT_UNITS, Math.min(Limits.MAX_NEURONS, network.inputs() * group));
        Checks.require((units + group - 1) / group == network.inputs(), "config",
                "'" + INPUT_UNITS + "' " + units + " in groups of '" + GROUP_SIZE + "' " + group + " give "
                        + (units + group - 1) / group + " input channels, but the network has " + network.inputs());
        timeConvention(config);
        binning(config);
        if (config.containsKey(INPUT_COUNT_LIMIT)) {
            integer(config, INPUT_COUNT_LIMIT, 1);
        }
    }

    /** The time convention the model was trained with ({@value #TIME_CONVENTION}, default {@code spikeport}). */
    public TimeConvention timeConvention() {
        return timeConvention(config);
    }

    /** How the training data was binned ({@value #BINNING}): {@code floor} (the default) or {@code reference}. */
    public String binning() {
        return binning(config);
    }

    private static TimeConvention timeConvention(SortedMap<String, String> config) {
        String v = config.get(TIME_CONVENTION);
        if (v == null) {
            return TimeConvention.SPIKEPORT;
        }
        try {
            return TimeConvention.of(v.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config '" + TIME_CONVENTION + "': " + e.getMessage());
        }
    }

    private static String binning(SortedMap<String, String> config) {
        String v = config.getOrDefault(BINNING, "floor").strip();
        if (!BINNINGS.contains(v)) {
            throw new IllegalArgumentException("config '" + BINNING + "': unknown binning '"
                    + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "' (expected floor or reference)");
        }
        return v;
    }

    /** The input count limit ({@value #INPUT_COUNT_LIMIT}), or {@code null} when the model takes every count. */
    public Integer inputCountLimit() {
        return config.containsKey(INPUT_COUNT_LIMIT) ? integer(config, INPUT_COUNT_LIMIT, 1) : null;
    }

    /** The profile the model was trained for ({@value #TRAINED_FOR}), or {@code null} when none. */
    public String trainedFor() {
        return config.get(TRAINED_FOR);
    }

    /** Input units summed into one input channel ({@value #GROUP_SIZE}, default 5). */
    public int groupSize() {
        return integer(config, GROUP_SIZE, DEFAULT_GROUP_SIZE);
    }

    /** Input units of the recordings ({@value #INPUT_UNITS}, default {@code inputs * groupSize()}). */
    public int inputUnits() {
        return integer(config, INPUT_UNITS, network.inputs() * groupSize());
    }

    private static int integer(SortedMap<String, String> config, String key, int absent) {
        String v = config.get(key);
        if (v == null) {
            return absent;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1 && n <= Limits.MAX_NEURONS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the key and the range
        }
        throw new IllegalArgumentException("config '" + key + "': expected an integer in 1.." + Limits.MAX_NEURONS
                + ", got \"" + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "\"");
    }
}
