/**
 * Figures of a trained model as PNG files ({@link org.spikeport.trainer.plots.TrainingPlots}): learning
 * curves, histograms of the rounded delays, and DCLS kernels of a few synapses. Rendered with XChart
 * without a display.
 */
package org.spikeport.trainer.plots;
