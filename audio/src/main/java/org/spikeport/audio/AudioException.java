package org.spikeport.audio;

import org.spikeport.core.SpikeportException;

/** A recording that cannot be read or encoded: the message names the file and says why, on one line. */
public final class AudioException extends SpikeportException {

    public AudioException(String message) {
        super(message);
    }

    public AudioException(String message, Throwable cause) {
        super(message, cause);
    }
}
