/**
 * DCLS delay learning: each synapse {@code i <- j} is a weight {@code w} and a real-valued delay
 * {@code d} in {@code [0, Td - 1]} steps, realised during training as a normalised Gaussian kernel
 * over {@code Td} taps of a causal temporal convolution ({@link org.spikeport.trainer.DclsKernel}).
 * Evaluation and export use the rounded delay (a one-hot kernel).
 *
 * <p>Training for a chip ({@link org.spikeport.trainer.ChipTraining}) reads the chip's limits only through
 * {@link org.spikeport.core.limits.ChipLimits} and computes with the chip's values through its rounding rule
 * in core, the one its exporter deploys with; nothing here names a chip or depends on the exporter.
 */
package org.spikeport.trainer;
