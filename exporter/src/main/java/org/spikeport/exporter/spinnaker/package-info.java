/**
 * The SpiNNaker 1 target: quantization to sPyNNaker's s16.15 LIF with delta synapses
 * ({@link org.spikeport.core.arith.SpinnakerLif}), its placement facts (delay slots, delay-extension
 * cores) and the runnable PyNN script with its connection lists.
 */
package org.spikeport.exporter.spinnaker;
