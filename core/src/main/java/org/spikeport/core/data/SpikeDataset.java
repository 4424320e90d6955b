package org.spikeport.core.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A labelled spike dataset opened from a file, read sample by sample.
 *
 * <p>Every sample returned by {@link #get(int)} has been checked: units in
 * {@code [0, inputChannels())}, times in {@code [0, }{@value SpikeDatasets#MAX_EVENT_TIME_SECONDS}{@code ]}
 * seconds and non-decreasing, label in {@code [0, classes())}. A violation is a {@link DatasetException}
 * naming file, dataset and sample. Instances are not thread-safe.
 */
public interface SpikeDataset extends AutoCloseable {

    /** The two HDF5 layouts spikeport reads. */
    enum Layout {
        /** The published SHD/SSC layout: {@code spikes/times} and {@code spikes/units} variable-length per sample. */
        PUBLISHED,
        /** spikeport's flat layout: flat 1-D {@code spikes/times}, {@code spikes/units} and {@code spikes/offsets}. */
        FLAT
    }

    /** The file this dataset was read from. */
    Path file();

    Layout layout();

    /** Number of samples. */
    int size();

    /** Number of input units; every unit index is below this (700 for SHD/SSC). */
    int inputChannels();

    /** Number of classes; every label is below this. */
    int classes();

    /** One name per class: {@code extra/keys} when the file has it, else the label numbers. */
    List<String> classNames();

    /**
     * Whether {@link #classNames()} are names stored with the data ({@code extra/keys}) rather than
     * label numbers made up by the reader. Writers store class names only when this is true.
     */
    default boolean hasClassNames() {
        return true;
    }

    /** The label of sample {@code i}, without reading its events. */
    int label(int i);

    /** Sample {@code i}, checked. */
    SpikeRecording get(int i);

    @Override
    void close();
}
