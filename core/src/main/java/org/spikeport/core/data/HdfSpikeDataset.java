package org.spikeport.core.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What both HDF5 layouts share once opened: the file, the checked labels and class names, and the
 * input channel count. Subclasses read the events of a sample.
 */
abstract class HdfSpikeDataset implements SpikeDataset {

    final Hdf hdf;
    final Samples.Labels labels;
    final int channels;

    HdfSpikeDataset(Hdf hdf, Samples.Labels labels, int channels) {
        this.hdf = hdf;
        this.labels = labels;
        this.channels = channels;
    }

    @Override
    public Path file() {
        return hdf.file();
    }

    @Override
    public int size() {
        return labels.labels().length;
    }

    @Override
    public int inputChannels() {
        return channels;
    }

    @Override
    public int classes() {
        return labels.classes();
    }

    @Override
    public List<String> classNames() {
        return labels.classNames();
    }

    @Override
    public boolean hasClassNames() {
        return labels.named();
    }

    @Override
    public int label(int i) {
        Objects.checkIndex(i, size());
        return labels.labels()[i];
    }

    @Override
    public void close() {
        hdf.close();
    }
}
