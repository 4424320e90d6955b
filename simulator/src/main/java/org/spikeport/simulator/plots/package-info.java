/**
 * Pictures of a replay: the raster of one sample's input events and spikes per layer, with its
 * readout membranes.
 */
package org.spikeport.simulator.plots;
