package org.spikeport.core.data;

import java.nio.file.Path;

/**
 * Opening and converting HDF5 spike datasets.
 *
 * <p>{@link #open(Path)} picks the layout from the root attribute {@code layout}: the value
 * {@value #FLAT_LAYOUT} selects spikeport's flat layout (see {@link FlatDatasetWriter}); a file without
 * that attribute is read in the published SHD/SSC layout (variable-length {@code spikes/times} and
 * {@code spikes/units} per sample, {@code labels}, optional {@code extra/keys}); any other value is an
 * error.
 */
public final class SpikeDatasets {

    /** Value of the root attribute {@code layout} that marks spikeport's flat layout. */
    public static final String FLAT_LAYOUT = "spikeport-flat";

    /** The flat layout version this code reads and writes (root attribute {@code layout_version}). */
    public static final int FLAT_LAYOUT_VERSION = 1;

    /** Input channels of a published file without a root attribute {@code channels}: the 700 SHD/SSC units. */
    public static final int DEFAULT_INPUT_CHANNELS = 700;

    /**
     * Largest event time, in seconds, a dataset file may hold: one hour per sample (SHD and SSC samples
     * last at most about 1.4 s). Bounds the number of time steps binning makes of a sample.
     */
    public static final int MAX_EVENT_TIME_SECONDS = 3600;

    /**
     * Most classes a file without class names ({@code extra/keys}) may have: its labels must be below
     * this. A file with class names may have as many classes as it names.
     */
    public static final int MAX_UNNAMED_CLASSES = 1000;

    private SpikeDatasets() {
    }

    /**
     * Opens a spike dataset in either layout. Structure, labels and (for the flat layout) offsets are
     * checked now; each sample's events are checked when it is read.
     *
     * @throws DatasetException if the file is missing, not HDF5, damaged, or not a valid spike dataset
     */
    public static SpikeDataset open(Path file) {
        Hdf hdf = Hdf.open(file);
        String layout;
        try {
            layout = hdf.rootStringAttribute("layout");
        } catch (RuntimeException e) {
            hdf.close();
            throw e;
        }
        if (layout == null) {
            return PublishedDataset.open(hdf);
        }
        if (layout.equals(FLAT_LAYOUT)) {
            return FlatDataset.open(hdf);
        }
        hdf.close();
        throw new DatasetException(file, "root attribute layout: unknown layout \"" + layout
                + "\" (expected \"" + FLAT_LAYOUT + "\", or no attribute for the published SHD layout)");
    }

    /**
     * Converts a dataset file (normally one in the published layout) to the flat layout, losslessly:
     * every time is written as a float32 when it is exactly representable (always the case for float16
     * and float32 sources) and as a float64 otherwise, so reading {@code out} gives samples equal to
     * reading {@code in}. Class names are copied when {@code in} has {@code extra/keys}. {@code out} is
     * replaced atomically; on failure it is left untouched.
     *
     * @throws DatasetException if {@code in} is not a valid spike dataset or cannot be stored in the flat layout
     * @return the number of samples written
     * @throws org.spikeport.core.SpikeportException if {@code out} cannot be written
     */
    public static int convert(Path in, Path out) {
        try (SpikeDataset source = open(in)) {
            try {
                FlatDatasetWriter.write(out, source);
                return source.size();
            } catch (IllegalArgumentException e) {
                throw new DatasetException(in, "cannot be written in the " + FLAT_LAYOUT + " layout: " + e.getMessage(), e);
            }
        }
    }
}
