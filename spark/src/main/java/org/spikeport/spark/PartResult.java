package org.spikeport.spark;

import java.io.Serializable;

/**
 * What a part of a batch sends back, and the sum of several parts' (Spark's tree aggregation combines them
 * with {@link #plus}): either the part's sums at a reduction it cannot pass yet ({@link #pending}), or, at the
 * end, its gradients, its share of the loss, its hits and the BatchNorm running statistics (the same in every
 * part; the lowest part's are kept). A part sends its gradients in float32, as computed; sums of parts are
 * kept in double.
 */
final class PartResult implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The neutral element. */
    static final PartResult NONE = new PartResult(-1, Integer.MAX_VALUE, null, null, null, 0, 0, 0);

    /** The reduction index the sums are for, or -1 for finished parts. */
    final int pending;
    /** Lowest part index among those summed. */
    final int firstPart;
    /** The pending reduction's sums, or the gradients summed over more than one part (else null). */
    final double[] sums;
    /** One finished part's own gradients, as float32 as it computed them (else null): half the bytes. */
    final float[] gradients;
    /** BatchNorm running statistics after the step (finished parts). */
    final float[] statistics;
    final double loss;
    final int right;
    /** Parts summed. */
    final int parts;

    private PartResult(int pending, int firstPart, double[] sums, float[] gradients, float[] statistics, double loss,
                       int right, int parts) {
        this.pending = pending;
        this.firstPart = firstPart;
        this.sums = sums;
        this.gradients = gradients;
        this.statistics = statistics;
        this.loss = loss;
        this.right = right;
        this.parts = parts;
    }

    static PartResult pending(int part, int index, double[] sums) {
        return new PartResult(index, part, sums, null, null, 0, 0, 1);
    }

    static PartResult done(int part, float[] gradients, float[] statistics, double loss, int right) {
        return new PartResult(-1, part, null, gradients, statistics, loss, right, 1);
    }

    /** The sums, or the gradients, in double (float32 gradients convert exactly). */
    double[] values() {
        if (sums != null) {
            return sums;
        }
        double[] d = new double[gradients.length];
        for (int k = 0; k < d.length; k++) {
            d[k] = gradients[k];
        }
        return d;
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
        double[] a = values();
        double[] b = o.values();
        if (pending != o.pending || a.length != b.length) {
            throw new IllegalStateException("parts of one batch disagree: one is at reduction " + pending + " with "
                    + a.length + " sums, another at " + o.pending + " with " + b.length);
        }
        double[] s = a.clone();
        for (int k = 0; k < s.length; k++) {
            s[k] += b[k];
        }
        boolean mine = firstPart < o.firstPart;
        return new PartResult(pending, Math.min(firstPart, o.firstPart), s, null, mine ? statistics : o.statistics,
                loss + o.loss, right + o.right, parts + o.parts);
    }

    /** Bytes one part sends (its sums as doubles, or its gradients and statistics as floats), for the traffic report. */
    long partBytes() {
        return pending >= 0 ? 8L * values().length + 24 : 4L * values().length + 4L * statistics.length + 24;
    }
}
