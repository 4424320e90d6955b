/**
 * spikeport on Apache Spark (a provided dependency; nothing else depends on this module): data-parallel
 * synchronous training ({@link org.spikeport.spark.DataParallelGradients}) and distributed replay
 * ({@link org.spikeport.spark.DistributedReplay}), reached from {@code train --spark} and
 * {@code replay --spark} through the command line's {@link org.spikeport.cli.spark.SparkBackend} service.
 *
 * <p>The driver holds the model, the optimiser and the data's order; executors compute with the same
 * trainer and simulator code as one process, on parts of each batch or of the replayed samples, and
 * their results are summed by Spark's tree aggregation or collected by index.
 */
package org.spikeport.spark;
