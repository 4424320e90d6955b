package org.spikeport.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.files.StagingFiles;

/**
 * Per-sample decisions as CSV, the format {@code evaluate --predictions} and {@code replay --predictions}
 * share so the two files can be compared line by line: a header {@code sample,label,prediction,score_0..
 * score_{C-1}}, then one row per sample in sample order. {@code label} is empty for an unlabelled recording;
 * {@code score_k} is the value the prediction is the argmax of (the readout's summed softmax or plain sum
 * over the sample's steps, by the network's decoding), printed as the shortest decimal that reads back
 * as the same double. Written to a temporary file beside {@code target} and moved into place, replacing
 * an existing file.
 */
final class PredictionsCsv {

    private PredictionsCsv() {
    }

    /**
     * Writes the file.
     *
     * @param labels      per sample, its label or {@code -1} when unknown
     * @param predictions per sample, the decided class
     * @param scores      per sample, per class, the decision values ({@code classes} each)
     */
    static void write(Path target, int classes, int[] labels, int[] predictions, double[][] scores) {
        Path absolute = target.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(absolute.getParent());
            StagingFiles.removeStale(absolute);
            tmp = StagingFiles.tempFile(absolute);
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                StringBuilder s = new StringBuilder("sample,label,prediction");
                for (int k = 0; k < classes; k++) {
                    s.append(",score_").append(k);
                }
                out.write(s.append('\n').toString());
                for (int i = 0; i < predictions.length; i++) {
                    s.setLength(0);
                    s.append(i).append(',').append(labels[i] >= 0 ? Integer.toString(labels[i]) : "").append(',')
                            .append(predictions[i]);
                    for (int k = 0; k < classes; k++) {
                        s.append(',').append(scores[i][k]);
                    }
                    out.write(s.append('\n').toString());
                }
            }
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException e) {
            throw new SpikeportException("cannot write " + target + ": " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // the write already failed with its own message; a leftover is removed by the next run
                }
            }
        }
    }
}
