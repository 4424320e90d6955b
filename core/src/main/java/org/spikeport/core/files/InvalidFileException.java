package org.spikeport.core.files;

import java.nio.file.Path;
import org.spikeport.core.SpikeportException;

/** A file that cannot be read as what it was expected to be; the message names the file and the problem. */
public final class InvalidFileException extends SpikeportException {

    public InvalidFileException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public InvalidFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
