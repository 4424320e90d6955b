package org.spikeport.core.data;

/**
 * A binned sample: {@code steps x channels} event counts, row-major ({@code counts[t * channels + c]}).
 *
 * <p>Counts are small non-negative integers (several input units may fall into one channel group and
 * one step), which is why inputs to the first layer are counts, not only 0/1.
 */
public record CountFrame(int steps, int channels, int[] counts, int label) {

    public CountFrame {
        if (steps < 0 || channels <= 0) {
            throw new IllegalArgumentException("frame shape " + steps + " x " + channels + " is invalid");
        }
        if (counts.length != (long) steps * channels) {
            throw new IllegalArgumentException(
                    "frame of " + steps + " x " + channels + " needs " + (long) steps * channels
                            + " counts, got " + counts.length);
        }
    }

    /** The same frame with every count limited to {@code max} ({@code min(count, max)}, {@code max >= 1}). */
    public CountFrame clipped(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("a count limit must be >= 1, got " + max);
        }
        int[] c = new int[counts.length];
        for (int k = 0; k < c.length; k++) {
            c[k] = Math.min(counts[k], max);
        }
        return new CountFrame(steps, channels, c, label);
    }

    /** The count at step {@code t}, channel {@code c}. */
    public int count(int t, int c) {
        return counts[t * channels + c];
    }
}
