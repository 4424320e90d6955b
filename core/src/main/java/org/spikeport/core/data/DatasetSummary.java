package org.spikeport.core.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Statistics of a spike dataset, computed by reading every sample once ({@link #of(SpikeDataset)}).
 *
 * @param file            the dataset file
 * @param layout          its HDF5 layout
 * @param samples         number of samples
 * @param inputChannels   number of input units
 * @param classes         one entry per class in label order, with the number of samples carrying that label
 * @param durationSeconds time of the last event per sample (0 for an empty sample), over all samples
 * @param eventsPerSample number of events per sample, over all samples
 * @param totalEvents     number of events in the whole dataset
 */
public record DatasetSummary(Path file, SpikeDataset.Layout layout, int samples, int inputChannels,
                             List<ClassCount> classes, Range durationSeconds, Range eventsPerSample,
                             long totalEvents) {

    public DatasetSummary {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(layout, "layout");
        classes = List.copyOf(classes);
        Objects.requireNonNull(durationSeconds, "durationSeconds");
        Objects.requireNonNull(eventsPerSample, "eventsPerSample");
    }

    /** One class: its label, its name ({@link SpikeDataset#classNames()}) and how many samples carry it. */
    public record ClassCount(int label, String name, int samples) {
    }

    /** Minimum, mean and maximum of a per-sample quantity; all 0 for a dataset without samples. */
    public record Range(double min, double mean, double max) {
    }

    /**
     * Reads every sample of {@code dataset} once.
     *
     * @throws DatasetException if a sample is invalid
     */
    public static DatasetSummary of(SpikeDataset dataset) {
        return of(dataset, done -> { });
    }

    /**
     * Reads every sample of {@code dataset} once, reporting the number of samples read so far to
     * {@code progress} after each.
     *
     * @throws DatasetException if a sample is invalid
     */
    public static DatasetSummary of(SpikeDataset dataset, IntConsumer progress) {
        int n = dataset.size();
        int[] perClass = new int[dataset.classes()];
        long total = 0;
        double durMin = Double.POSITIVE_INFINITY;
        double durMax = 0;
        double durSum = 0;
        int evMin = Integer.MAX_VALUE;
        int evMax = 0;
        for (int i = 0; i < n; i++) {
            SpikeRecording r = dataset.get(i);
            perClass[r.label()]++;
            double d = r.duration();
            durMin = Math.min(durMin, d);
            durMax = Math.max(durMax, d);
            durSum += d;
            evMin = Math.min(evMin, r.size());
            evMax = Math.max(evMax, r.size());
            total += r.size();
            progress.accept(i + 1);
        }
        List<String> names = dataset.classNames();
        List<ClassCount> classes = new ArrayList<>(perClass.length);
        for (int c = 0; c < perClass.length; c++) {
            classes.add(new ClassCount(c, names.get(c), perClass[c]));
        }
        Range duration = n == 0 ? new Range(0, 0, 0) : new Range(durMin, durSum / n, durMax);
        Range events = n == 0 ? new Range(0, 0, 0) : new Range(evMin, (double) total / n, evMax);
        return new DatasetSummary(dataset.file(), dataset.layout(), n, dataset.inputChannels(), classes,
                duration, events, total);
    }
}
