package org.spikeport.core.ir;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a model file came from.
 *
 * @param toolVersion        spikeport version that wrote the file
 * @param commandLine        the command line that produced it
 * @param seed               the random seed used (0 when none)
 * @param datasetFingerprint SHA-256 (hex) of the training data, empty when none
 * @param createdAt          when the file was produced
 * @param sourceSha256       SHA-256 (hex) of the file this one was derived from, empty when none
 */
public record Provenance(
        String toolVersion,
        String commandLine,
        long seed,
        String datasetFingerprint,
        Instant createdAt,
        String sourceSha256) {

    public Provenance {
        Objects.requireNonNull(toolVersion, "toolVersion");
        Objects.requireNonNull(commandLine, "commandLine");
        Objects.requireNonNull(datasetFingerprint, "datasetFingerprint");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(sourceSha256, "sourceSha256");
    }
}
