package org.spikeport.core.data;

import io.jhdf.api.Dataset;
import io.jhdf.object.datatype.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Parts both HDF5 layouts share: {@code labels}, {@code extra/keys} and the per-sample event checks. */
final class Samples {

    static final String TIMES = "spikes/times";
    static final String UNITS = "spikes/units";
    static final String OFFSETS = "spikes/offsets";
    static final String LABELS = "labels";
    static final String KEYS = "extra/keys";

    private Samples() {
    }

    /** Labels and class names of a file, checked against each other. */
    record Labels(int[] labels, List<String> classNames, boolean named) {

        int classes() {
            return classNames.size();
        }
    }

    /**
     * Reads {@code labels} (1-D, any integer type) and the optional {@code extra/keys} (1-D strings). The
     * class count is the number of keys when present, else the largest label + 1. Every label must be in
     * {@code [0, classes)}; without keys, in {@code [0, }{@value SpikeDatasets#MAX_UNNAMED_CLASSES}{@code )}.
     */
    static Labels readLabels(Hdf h, String layout) {
        Path file = h.file();
        Dataset labels = h.dataset(LABELS, layout);
        DataType type = h.type(labels);
        if (!Hdf.isInteger(type)) {
            throw new DatasetException(file, LABELS + ": expected integers, found " + Hdf.describe(type));
        }
        int[] values = Hdf.toInts(file, LABELS, HdfArray.open(h, labels).values());
        List<String> keys = readKeys(h);
        int max = -1;
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0) {
                throw DatasetException.atSample(file, LABELS, i, "label " + values[i] + " is negative");
            }
            if (keys != null && values[i] >= keys.size()) {
                throw DatasetException.atSample(file, LABELS, i, "label " + values[i] + " is outside 0.."
                        + (keys.size() - 1) + " (" + KEYS + " names " + keys.size() + " classes)");
            }
            if (keys == null && values[i] >= SpikeDatasets.MAX_UNNAMED_CLASSES) {
                throw DatasetException.atSample(file, LABELS, i, "label " + values[i] + " is outside 0.."
                        + (SpikeDatasets.MAX_UNNAMED_CLASSES - 1) + " (without " + KEYS + " a file has at most "
                        + SpikeDatasets.MAX_UNNAMED_CLASSES + " classes)");
            }
            max = Math.max(max, values[i]);
        }
        if (keys != null) {
            return new Labels(values, keys, true);
        }
        List<String> numbers = new ArrayList<>(max + 1);
        for (int c = 0; c <= max; c++) {
            numbers.add(Integer.toString(c));
        }
        return new Labels(values, Collections.unmodifiableList(numbers), false);
    }

    private static List<String> readKeys(Hdf h) {
        Dataset keys = h.optionalDataset(KEYS);
        if (keys == null) {
            return null;
        }
        DataType type = h.type(keys);
        if (!Hdf.isString(type)) {
            throw new DatasetException(h.file(), KEYS + ": expected class names as strings, found " + Hdf.describe(type));
        }
        HdfArray array = HdfArray.open(h, keys);
        List<String> names = new ArrayList<>(array.length());
        for (int c = 0; c < array.length(); c++) {
            names.add(array.string(c, KEYS + ", class " + c));
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * Checks one sample's events and builds the recording: equal lengths, units in
     * {@code [0, channels)}, times in {@code [0, }{@value SpikeDatasets#MAX_EVENT_TIME_SECONDS}{@code ]}
     * seconds and non-decreasing.
     */
    static SpikeRecording checked(Path file, int sample, double[] times, int[] units, int label, int channels) {
        if (times.length != units.length) {
            throw DatasetException.atSample(file, UNITS, sample,
                    "has " + units.length + " events but " + TIMES + " has " + times.length);
        }
        double previous = 0.0;
        for (int j = 0; j < times.length; j++) {
            double t = times[j];
            if (!Double.isFinite(t) || t < 0) {
                throw DatasetException.atSample(file, TIMES, sample,
                        "event " + j + ": time " + t + " s is negative or not finite");
            }
            if (t > SpikeDatasets.MAX_EVENT_TIME_SECONDS) {
                throw DatasetException.atSample(file, TIMES, sample, "event " + j + ": time " + t
                        + " s is outside 0.." + SpikeDatasets.MAX_EVENT_TIME_SECONDS + " s (the longest sample"
                        + " spikeport reads)");
            }
            if (t < previous) {
                throw DatasetException.atSample(file, TIMES, sample,
                        "event " + j + ": time " + t + " s is before the previous event's " + previous + " s");
            }
            previous = t;
            int u = units[j];
            if (u < 0 || u >= channels) {
                throw DatasetException.atSample(file, UNITS, sample,
                        "event " + j + ": unit " + u + " is outside 0.." + (channels - 1));
            }
        }
        return new SpikeRecording(times, units, label);
    }

    /** Validates a channel count read from the root attribute {@code channels}. */
    static int channels(Path file, long value) {
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new DatasetException(file, "root attribute channels: " + value + " is not a positive channel count");
        }
        return (int) value;
    }
}
