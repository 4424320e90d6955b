package org.spikeport.trainer.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.DatasetException;
import org.spikeport.core.data.SpikeDataset;
import org.spikeport.core.data.SpikeRecording;

/**
 * Every sample of a dataset, binned ({@link Binning}, either mode) and kept in memory as the list of its events'
 * cells {@code t * channels + c} (one entry per event, so repeated cells are counts). This keeps
 * memory at one int per event; a batch is densified on demand.
 */
public final class BinnedSamples implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final int channels;
    private final int classes;
    private final int[][] cells;
    private final int[] steps;
    private final int[] labels;

    private BinnedSamples(int channels, int classes, int[][] cells, int[] steps, int[] labels) {
        this.channels = channels;
        this.classes = classes;
        this.cells = cells;
        this.steps = steps;
        this.labels = labels;
    }

    /**
     * Reads and bins every sample of {@code dataset}, reporting the count read so far to {@code progress}.
     *
     * @throws DatasetException if a sample is invalid or a unit exceeds the binning's input units
     */
    public static BinnedSamples load(SpikeDataset dataset, Binning binning, IntConsumer progress) {
        if (dataset.inputChannels() > binning.inputChannels()) {
            throw new DatasetException(dataset.file(), "has " + dataset.inputChannels()
                    + " input units, more than the " + binning.inputChannels() + " the network was configured for");
        }
        int n = dataset.size();
        int channels = binning.channels();
        int[][] cells = new int[n][];
        int[] steps = new int[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            SpikeRecording r = dataset.get(i);
            cells[i] = cells(r, binning);
            steps[i] = steps(cells[i], channels);
            labels[i] = r.label();
            progress.accept(i + 1);
        }
        return new BinnedSamples(channels, dataset.classes(), cells, steps, labels);
    }

    /** Bins recordings held in memory (labels must be below {@code classes}). */
    public static BinnedSamples of(java.util.List<SpikeRecording> recordings, int classes, Binning binning) {
        int n = recordings.size();
        int channels = binning.channels();
        int[][] cells = new int[n][];
        int[] steps = new int[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            SpikeRecording r = recordings.get(i);
            cells[i] = cells(r, binning);
            steps[i] = steps(cells[i], channels);
            labels[i] = r.label();
        }
        return of(channels, classes, cells, steps, labels);
    }

    /** The cell {@code step * channels + unit / groupSize} of every event of {@code r}, steps by {@code binning}'s mode. */
    private static int[] cells(SpikeRecording r, Binning binning) {
        int[] eventSteps = binning.eventSteps(r);
        int[] units = r.units();
        int[] c = new int[eventSteps.length];
        for (int k = 0; k < c.length; k++) {
            c[k] = Math.multiplyExact(eventSteps[k], binning.channels()) + units[k] / binning.groupSize();
        }
        return c;
    }

    /** Steps of a sample: its last event's step + 1 (events are in time order), at least 1. */
    private static int steps(int[] cells, int channels) {
        return cells.length == 0 ? 1 : Math.max(1, cells[cells.length - 1] / channels + 1);
    }

    /** Samples built directly from cell lists (tests and synthetic pipelines). */
    public static BinnedSamples of(int channels, int classes, int[][] cells, int[] steps, int[] labels) {
        for (int i = 0; i < cells.length; i++) {
            for (int c : cells[i]) {
                if (c < 0 || c >= steps[i] * channels) {
                    throw new IllegalArgumentException("sample " + i + ": cell " + c + " outside its "
                            + steps[i] + " x " + channels + " frame");
                }
            }
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("sample " + i + ": label " + labels[i] + " outside 0.." + (classes - 1));
            }
        }
        return new BinnedSamples(channels, classes, cells.clone(), steps.clone(), labels.clone());
    }

    /**
     * The same samples with every step's count of every channel limited to {@code max} ({@code min(c, max)}), as
     * a chip that delivers at most {@code max} spikes of a channel per step sees them.
     */
    public BinnedSamples clipped(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("a count limit must be >= 1, got " + max);
        }
        int[][] kept = new int[cells.length][];
        for (int i = 0; i < cells.length; i++) {
            int[] sorted = cells[i].clone();
            java.util.Arrays.sort(sorted);
            int[] out = new int[sorted.length];
            int n = 0;
            int run = 0;
            for (int k = 0; k < sorted.length; k++) {
                run = k > 0 && sorted[k] == sorted[k - 1] ? run + 1 : 1;
                if (run <= max) {
                    out[n++] = sorted[k];
                }
            }
            kept[i] = java.util.Arrays.copyOf(out, n);
        }
        return new BinnedSamples(channels, classes, kept, steps.clone(), labels.clone());
    }

    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int classes() {
        return classes;
    }

    public int label(int i) {
        return labels[i];
    }

    public int steps(int i) {
        return steps[i];
    }

    /** The longest sample, in steps. */
    public int maxSteps() {
        return Arrays.stream(steps).max().orElse(0);
    }

    /** The longest of samples {@code indices}, in steps; at least 1. */
    public int longest(int[] indices) {
        int t = 1;
        for (int i : indices) {
            t = Math.max(t, steps[i]);
        }
        return t;
    }

    /** The batch of samples {@code indices}, padded to the longest of them. */
    public Batch batch(int[] indices) {
        return batch(indices, 1);
    }

    /**
     * The batch of samples {@code indices}, padded to the longest of them and to at least {@code minSteps}
     * (a part of a larger batch padded as the whole batch is).
     */
    public Batch batch(int[] indices, int minSteps) {
        int b = indices.length;
        int t = Math.max(minSteps, longest(indices));
        float[] data = new float[Math.multiplyExact(Math.multiplyExact(t, b), channels)];
        int[] lab = new int[b];
        int[] len = new int[b];
        for (int k = 0; k < b; k++) {
            int i = indices[k];
            for (int cell : cells[i]) {
                int step = cell / channels;
                int c = cell - step * channels;
                data[(step * b + k) * channels + c] += 1f;
            }
            lab[k] = labels[i];
            len[k] = steps[i];
        }
        return new Batch(t, b, channels, data, lab, len, indices.clone());
    }

    /**
     * The sample order of epoch {@code epoch}: a permutation drawn from {@code (seed, epoch)} only, so
     * any epoch's order can be recomputed (for an exact resume), or the identity when not shuffling.
     */
    public int[] order(long seed, int epoch, boolean shuffle) {
        int n = size();
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        if (shuffle) {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int tmp = o[i];
                o[i] = o[j];
                o[j] = tmp;
            }
        }
        return o;
    }

    /** Splits {@code order} into consecutive batches of at most {@code batchSize}. */
    public static int[][] batches(int[] order, int batchSize) {
        int count = (order.length + batchSize - 1) / batchSize;
        int[][] out = new int[count][];
        for (int k = 0; k < count; k++) {
            out[k] = Arrays.copyOfRange(order, k * batchSize, Math.min(order.length, (k + 1) * batchSize));
        }
        return out;
    }
}
