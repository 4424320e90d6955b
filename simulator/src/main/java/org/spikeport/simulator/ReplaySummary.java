package org.spikeport.simulator;

import java.util.List;

/**
 * Totals over replayed samples.
 *
 * @param classes  number of classes of the network
 * @param outcomes per-sample outcomes, in sample order
 */
public record ReplaySummary(int classes, List<Replay.Outcome> outcomes) {

    public ReplaySummary {
        outcomes = List.copyOf(outcomes);
    }

    public int samples() {
        return outcomes.size();
    }

    /** Whether every sample has a label, so accuracies mean something. */
    public boolean labelled() {
        return outcomes.stream().allMatch(o -> o.label() >= 0);
    }

    /** Fraction of samples decided correctly (0 when there are none). */
    public double accuracy() {
        return outcomes.isEmpty() ? 0 : (double) outcomes.stream().filter(Replay.Outcome::correct).count() / outcomes.size();
    }

    /** Samples per class (by label). */
    public int[] perClassTotal() {
        int[] n = new int[classes];
        for (Replay.Outcome o : outcomes) {
            if (o.label() >= 0 && o.label() < classes) {
                n[o.label()]++;
            }
        }
        return n;
    }

    /** Correctly decided samples per class (by label). */
    public int[] perClassCorrect() {
        int[] n = new int[classes];
        for (Replay.Outcome o : outcomes) {
            if (o.correct() && o.label() < classes) {
                n[o.label()]++;
            }
        }
        return n;
    }

    /** Spikes per layer, summed over samples. */
    public long[] spikesPerLayer() {
        int layers = outcomes.isEmpty() ? 0 : outcomes.get(0).spikes().length;
        long[] s = new long[layers];
        for (Replay.Outcome o : outcomes) {
            for (int l = 0; l < layers; l++) {
                s[l] += o.spikes()[l];
            }
        }
        return s;
    }

    public long spikes() {
        long s = 0;
        for (long x : spikesPerLayer()) {
            s += x;
        }
        return s;
    }

    public long synapticEvents() {
        return outcomes.stream().mapToLong(Replay.Outcome::synapticEvents).sum();
    }

    public long neuronUpdates() {
        return outcomes.stream().mapToLong(Replay.Outcome::neuronUpdates).sum();
    }

    /** Steps simulated, summed over samples. */
    public long steps() {
        return outcomes.stream().mapToLong(Replay.Outcome::steps).sum();
    }

    /** Predictions in sample order. */
    public int[] predictions() {
        return outcomes.stream().mapToInt(Replay.Outcome::prediction).toArray();
    }

    /** Fraction of samples on which this replay and {@code other} (same samples) decide the same class. */
    public double agreement(ReplaySummary other) {
        if (other.samples() != samples()) {
            throw new IllegalArgumentException("cannot compare replays of " + samples() + " and " + other.samples() + " samples");
        }
        if (outcomes.isEmpty()) {
            return 1;
        }
        int same = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).prediction() == other.outcomes().get(i).prediction()) {
                same++;
            }
        }
        return (double) same / outcomes.size();
    }
}
