package org.spikeport.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on standard error: {@code label [#####.....] done/total}, redrawn in place
 * at most every 100 ms. When standard error is not a terminal (or for tiny jobs) it prints one line
 * {@code label: done/total after S s} at most every {@value #LOG_SECONDS} seconds of a long job and one
 * summary line at {@link #finish()}, so logs stay short and still show that a long job moves.
 */
final class Progress {

    private static final int WIDTH = 30;
    static final int LOG_SECONDS = 60;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean live;
    private final LongSupplier clock;
    private final long startNanos;
    private long lastDraw;

    Progress(PrintWriter err, String label, long total) {
        this(err, label, total, System.console() != null, System::nanoTime);
    }

    /** With {@code terminal} telling whether standard error is one and {@code clock} giving nanoseconds. */
    Progress(PrintWriter err, String label, long total, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.live = terminal && total > 1;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
    }

    void update(long done) {
        update(done, "");
    }

    /** Redraws with {@code suffix} (e.g. rates and losses) after the counts. */
    void update(long done, String suffix) {
        long now = clock.getAsLong();
        if (!live) {
            if (done < total && now - Math.max(lastDraw, startNanos) >= LOG_SECONDS * 1_000_000_000L) {
                lastDraw = now;
                err.print(label + ": " + done + "/" + total + " after "
                        + String.format("%.0f s", (now - startNanos) / 1e9) + "\n");
                err.flush();
            }
            return;
        }
        if (now - lastDraw < 100_000_000L && done < total) {
            return;
        }
        lastDraw = now;
        int filled = (int) (WIDTH * done / Math.max(1, total));
        err.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + (suffix.isEmpty() ? "" : " " + suffix));
        err.flush();
    }

    void finish() {
        double seconds = (clock.getAsLong() - startNanos) / 1e9;
        String padding = live ? " ".repeat(WIDTH) : "";
        err.print((live ? "\r" : "") + label + ": " + total + " done in " + String.format("%.1f s", seconds)
                + padding + "\n");
        err.flush();
    }
}
