/**
 * Figures of a trained model as PNG files ({@link org.spikeport.trainer.plots.TrainingPlots}): learning
 * curves, histograms of the rounded feed-forward delays and of the deployed recurrent lags, and the
 * kernels of a few synapses (DCLS Gaussians, DelRec triangles). Rendered with XChart without a display.
 */
package org.spikeport.trainer.plots;
