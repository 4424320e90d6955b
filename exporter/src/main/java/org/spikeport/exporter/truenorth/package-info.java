/**
 * The TrueNorth-like target: quantization to the {@code truenorth-lif} arithmetic (4 weight types per
 * neuron, linear leak), the layout on 256-axon, 256-neuron crossbar cores with splitter neurons and
 * input copy axons, and the RANC simulator's JSON core configuration.
 */
package org.spikeport.exporter.truenorth;
