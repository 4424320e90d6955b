package org.spikeport.core.data;

import java.nio.file.Path;
import org.spikeport.core.SpikeportException;

/**
 * A dataset file that cannot be read as a spike dataset. The message names the file, the HDF5 dataset
 * path and, where it applies, the sample index.
 */
public final class DatasetException extends SpikeportException {

    public DatasetException(Path file, String message) {
        super(file + ": " + message);
    }

    public DatasetException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }

    /** An error in one sample of one HDF5 dataset. */
    public static DatasetException atSample(Path file, String dataset, int sample, String problem) {
        return new DatasetException(file, dataset + ", sample " + sample + ": " + problem);
    }
}
