/**
 * From a trained model to a deployed network: delay rounding, BatchNorm folding, pruning,
 * quantization to a hardware profile, constraint validation, and one target per chip writing the
 * chip's files. Targets read the IR; the IR knows nothing of targets.
 */
package org.spikeport.exporter;
