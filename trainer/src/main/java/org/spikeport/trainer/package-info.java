/**
 * DCLS delay learning: each synapse {@code i <- j} is a weight {@code w} and a real-valued delay
 * {@code d} in {@code [0, Td - 1]} steps, realised during training as a normalised Gaussian kernel
 * over {@code Td} taps of a causal temporal convolution ({@link org.spikeport.trainer.DclsKernel}).
 * Evaluation and export use the rounded delay (a one-hot kernel).
 */
package org.spikeport.trainer;
