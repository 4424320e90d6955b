package org.spikeport.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar on standard error: {@code label [#####.....] done/total}, redrawn in place
 * at most every 100 ms. When standard error is not a terminal (or for tiny jobs) it prints nothing
 * until {@link #finish()}, which prints one summary line, so logs stay clean.
 */
final class Progress {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean live;
    private final long startNanos = System.nanoTime();
    private long lastDraw;

    Progress(PrintWriter err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.live = System.console() != null && total > 1;
    }

    void update(long done) {
        update(done, "");
    }

    /** Redraws with {@code suffix} (e.g. rates and losses) after the counts. */
    void update(long done, String suffix) {
        if (!live) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L && done < total) {
            return;
        }
        lastDraw = now;
        int filled = (int) (WIDTH * done / Math.max(1, total));
        err.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + (suffix.isEmpty() ? "" : " " + suffix));
        err.flush();
    }

    void finish() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String padding = live ? " ".repeat(WIDTH) : "";
        err.print((live ? "\r" : "") + label + ": " + total + " done in " + String.format("%.1f s", seconds)
                + padding + "\n");
        err.flush();
    }
}
