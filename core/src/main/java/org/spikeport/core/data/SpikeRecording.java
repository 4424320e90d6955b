package org.spikeport.core.data;

import java.util.Arrays;

/**
 * One labelled sample: spike events as parallel arrays of times (seconds) and channel indices.
 *
 * <p>Invariants, checked by the constructor: both arrays have the same length, times are finite,
 * non-negative and non-decreasing, channels are non-negative, the label is non-negative. Channel and
 * label upper bounds depend on the dataset and are checked by the dataset reader.
 *
 * <p>The arrays are owned by the record after construction; callers must not modify them.
 */
public record SpikeRecording(double[] times, int[] units, int label) {

    public SpikeRecording {
        if (times == null || units == null) {
            throw new IllegalArgumentException("times and units must not be null");
        }
        if (times.length != units.length) {
            throw new IllegalArgumentException(
                    "times has " + times.length + " events but units has " + units.length);
        }
        if (label < 0) {
            throw new IllegalArgumentException("label " + label + " is negative");
        }
        double previous = 0.0;
        for (int i = 0; i < times.length; i++) {
            double t = times[i];
            if (!Double.isFinite(t) || t < 0) {
                throw new IllegalArgumentException("event " + i + ": time " + t + " s is negative or not finite");
            }
            if (t < previous) {
                throw new IllegalArgumentException(
                        "event " + i + ": time " + t + " s is before the previous event's " + previous + " s");
            }
            previous = t;
            if (units[i] < 0) {
                throw new IllegalArgumentException("event " + i + ": channel " + units[i] + " is negative");
            }
        }
    }

    /** Number of spike events. */
    public int size() {
        return times.length;
    }

    /** Time of the last event in seconds, 0 for an empty recording. */
    public double duration() {
        return times.length == 0 ? 0.0 : times[times.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpikeRecording r
                && label == r.label
                && Arrays.equals(times, r.times)
                && Arrays.equals(units, r.units);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(times) + Arrays.hashCode(units)) + label;
    }

    @Override
    public String toString() {
        return "SpikeRecording[events=" + times.length + ", duration=" + duration() + " s, label=" + label + "]";
    }
}
