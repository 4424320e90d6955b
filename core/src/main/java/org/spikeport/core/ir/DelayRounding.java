package org.spikeport.core.ir;

/**
 * How a trained real-valued delay becomes the integer delay of the deployed network and of the
 * rounded-delay evaluation: exactly as the reference implementation, which stores the centred kernel
 * position {@code P = Td/2 - d} (integer division) and rounds {@code P} half to even.
 *
 * <pre>
 *   rounded(d) = Td/2 - rint(Td/2 - d)        (rint: round half to even)
 * </pre>
 *
 * With {@code Td/2} even this equals {@code rint(d)}; with {@code Td/2} odd (e.g. {@code Td = 31}) a
 * delay ending in exactly .5 rounds the other way ({@code 2.5 -> 3}). The result is clamped to
 * {@code [0, Td - 1]}. Recurrent delays round as DelRec does ({@link #recurrent}).
 */
public final class DelayRounding {

    private DelayRounding() {
    }

    /**
     * The integer delay for real delay {@code d} of a kernel with {@code taps = Td} taps
     * ({@code maxDelay = Td - 1}).
     */
    public static int round(double d, int taps) {
        if (taps < 1) {
            throw new IllegalArgumentException("a kernel needs at least one tap, got " + taps);
        }
        int half = taps / 2;
        long r = half - (long) Math.rint(half - d);
        return (int) Math.max(0, Math.min(taps - 1, r));
    }

    /**
     * The integer lag of a recurrent synapse with real delay {@code d >= 0}: {@code 1 + max(0, rint(d))}
     * (round half to even, as DelRec's {@code torch.round}), so at least 1 step.
     */
    public static int recurrent(double d) {
        if (!(d >= 0 && d <= Recurrence.MAX_DELAY)) {
            throw new IllegalArgumentException("a recurrent delay must be in [0, " + (long) Recurrence.MAX_DELAY
                    + "] steps, got " + d);
        }
        return 1 + (int) Math.rint(d);
    }
}
