package org.spikeport.trainer.nn;

/**
 * How a layer whose result depends on the whole batch ({@link BatchNormTime} in training) sums its
 * per-channel partial sums when the batch is split into parts computed apart (data-parallel training).
 * The layer passes the sums over its own rows, with the number of those rows as the last element; the
 * reduction returns the same vector summed over every part of the batch. Each part calls it the same
 * number of times in the same order; the result must be the same in every part.
 *
 * <p>{@link #LOCAL} (the default) is one process holding the whole batch: the sums are returned as
 * they are, so the layer computes exactly what it computes without a reduction.
 */
@FunctionalInterface
public interface BatchReduction {

    /** The whole batch is here: the identity. */
    BatchReduction LOCAL = local -> local;

    /** {@code local} (per-channel sums, then the row count) summed over every part of the batch. */
    double[] sum(double[] local);
}
