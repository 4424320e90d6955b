/**
 * spikeport's model files, {@code model.pb} ({@link org.spikeport.core.ir.TrainedModel}) and
 * {@code network.pb} ({@link org.spikeport.core.ir.DeployedNetwork}), and the atomic file writing
 * every spikeport output uses.
 *
 * <p>A model file is a {@link org.spikeport.core.files.ModelFrame} (magic, kind, format version,
 * length, CRC-32) around a protobuf message of {@code spikeport.proto}. Readers check the frame before
 * parsing, so an empty, truncated, corrupted, foreign or newer file is rejected with a one-line
 * {@link org.spikeport.core.files.InvalidFileException} and never half-loaded.
 */
package org.spikeport.core.files;
