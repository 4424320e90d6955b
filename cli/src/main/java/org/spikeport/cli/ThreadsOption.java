package org.spikeport.cli;

import org.spikeport.core.SpikeportException;
import picocli.CommandLine.Option;

/** The shared {@code --threads} option of the commands that simulate samples in parallel. */
public final class ThreadsOption {

    @Option(names = "--threads", paramLabel = "N",
            description = "Samples simulated in parallel (default: the number of processors, ${DEFAULT-VALUE} here).")
    int threads = Runtime.getRuntime().availableProcessors();

    int threads() {
        if (threads < 1) {
            throw new SpikeportException("--threads must be >= 1, got " + threads);
        }
        return threads;
    }
}
