/**
 * From a trained model to a deployed network: delay rounding, BatchNorm folding, pruning,
 * quantization to a hardware profile, constraint validation, and one target per chip writing the
 * chip's files. Targets read the IR; the IR knows nothing of targets. Each target declares the model
 * features it deploys ({@link org.spikeport.exporter.Feature}: recurrent synapses, reset by
 * subtraction); a model using any other is reported, never deployed without it.
 */
package org.spikeport.exporter;
