package org.spikeport.trainer.data;

/**
 * A batch of binned samples, time-major: {@code data[(t * size + b) * channels + c]} is the count of
 * sample {@code b} in step {@code t}, channel {@code c}. Every sample is zero-padded to {@code steps},
 * the longest sample's length; {@code lengths[b]} is sample {@code b}'s own length in steps.
 */
public record Batch(int steps, int size, int channels, float[] data, int[] labels, int[] lengths, int[] indices) {

    public Batch {
        if (data.length != (long) steps * size * channels) {
            throw new IllegalArgumentException("batch data has " + data.length + " values, expected "
                    + (long) steps * size * channels);
        }
        if (labels.length != size || lengths.length != size || indices.length != size) {
            throw new IllegalArgumentException("batch of " + size + " needs " + size + " labels, lengths and indices");
        }
    }
}
