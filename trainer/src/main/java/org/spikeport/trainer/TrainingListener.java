package org.spikeport.trainer;

import java.util.Map;

/** Receives progress from a {@link Trainer}; the command line draws it, tests may stop a run. */
public interface TrainingListener {

    /** After each training batch of {@code epoch}: samples done so far in the epoch, of {@code total}. */
    default void batch(int epoch, int done, int total, double samplesPerSecond, double loss, double accuracy) {
    }

    /** After each epoch, with its metrics (as stored in the model) and whether its model was selected. */
    default void epoch(int epoch, Map<String, Double> metrics, boolean selected) {
    }

    /** A one-line remark for the user (e.g. how the model is selected). */
    default void note(String message) {
    }

    TrainingListener NONE = new TrainingListener() {
    };
}
