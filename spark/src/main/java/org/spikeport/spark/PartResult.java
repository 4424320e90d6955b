package org.spikeport.spark;

import java.io.Serializable;

/**
 * What a part of a batch sends back, and the sum of several parts' (Spark's tree aggregation combines them
 * with {@link #plus}): either the part's sums at a reduction it cannot pass yet ({@link #pending}), or, at the
 * end, its gradients, its share of the loss, its hits and the BatchNorm running statistics (the same in every
 * part; the lowest part's are kept). Sums are kept in double.
 */
final class PartResult implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The neutral element. */
    static final PartResult NONE = new PartResult(-1, Integer.MAX_VALUE, null, null, 0, 0, 0);

    /** The reduction index the sums are for, or -1 for finished parts. */
    final int pending;
    /** Lowest part index among those summed. */
    final int firstPart;
    /** The pending reduction's sums, or the gradients. */
    final double[] sums;
    /** BatchNorm running statistics after the step (finished parts). */
    final float[] statistics;
    final double loss;
    final int right;
    /** Parts summed. */
    final int parts;

    private PartResult(int pending, int firstPart, double[] sums, float[] statistics, double loss, int right, int parts) {
        this.pending = pending;
        this.firstPart = firstPart;
        this.sums = sums;
        this.statistics = statistics;
        this.loss = loss;
        this.right = right;
        this.parts = parts;
    }

    static PartResult pending(int part, int index, double[] sums) {
        return new PartResult(index, part, sums, null, 0, 0, 1);
    }

    static PartResult done(int part, double[] gradients, float[] statistics, double loss, int right) {
        return new PartResult(-1, part, gradients, statistics, loss, right, 1);
    }

    boolean isPending() {
        return pending >= 0;
    }

    /** The sum of this and {@code o}; both parts must have stopped at the same reduction or both finished. */
    PartResult plus(PartResult o) {
        if (o.parts == 0) {
            return this;
        }
        if (parts == 0) {
            return o;
        }
        if (pending != o.pending || sums.length != o.sums.length) {
            throw new IllegalStateException("parts of one batch disagree: one is at reduction " + pending + " with "
                    + sums.length + " sums, another at " + o.pending + " with " + o.sums.length);
        }
        double[] s = sums.clone();
        for (int k = 0; k < s.length; k++) {
            s[k] += o.sums[k];
        }
        boolean mine = firstPart < o.firstPart;
        return new PartResult(pending, Math.min(firstPart, o.firstPart), s, mine ? statistics : o.statistics,
                loss + o.loss, right + o.right, parts + o.parts);
    }

    /** Bytes of the payload (sums as doubles, statistics as floats), for the traffic report. */
    long payloadBytes() {
        return 8L * (sums == null ? 0 : sums.length) + 4L * (statistics == null ? 0 : statistics.length) + 24;
    }
}
