/**
 * Event-driven simulation of deployed networks in each chip's exact arithmetic. Spikes are delivered
 * into per-neuron input rings indexed by arrival step ({@link org.spikeport.simulator.InputRing}), so
 * a spike emitted at step {@code t} through a synapse of delay {@code d} is summed into the
 * postsynaptic input of step {@code t + d}, following the delay contract of
 * {@link org.spikeport.core.ir.SparseSynapses}.
 */
package org.spikeport.simulator;
