/**
 * Training data: a dataset's samples binned once into sparse count cells
 * ({@link org.spikeport.trainer.data.BinnedSamples}) and served as zero-padded, time-major batches
 * ({@link org.spikeport.trainer.data.Batch}), in an order that depends only on the seed and the epoch.
 */
package org.spikeport.trainer.data;
