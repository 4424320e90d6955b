/**
 * Event-driven simulation of deployed networks in each chip's exact arithmetic.
 *
 * <h2>Contracts</h2>
 *
 * <ul>
 *   <li><b>Delays.</b> The IR's contract ({@link org.spikeport.core.ir.SparseSynapses}): a spike emitted
 *       at step {@code t} through delay {@code d} belongs to step {@code t + d}. The simulator adds the
 *       chip's convention from its profile ({@link org.spikeport.simulator.Platform}): the minimum-delay
 *       offset and the pipeline steps per layer, so arrival is at
 *       {@code t + d + delayOffset + pipelineStepsPerLayer}, in every layer including the first. For
 *       {@code lif-float} both are 0 (the trained model's timing); for Loihi 2 the pipeline is one
 *       step per layer; for SpiNNaker the minimum delay adds one step per layer (PyNN delay
 *       {@code d + 1}). A layer's recurrent synapses (delay {@code D >= 1}) deliver its own spikes of step
 *       {@code t} into its own input ring at {@code t + D} plus the platform's recurrent extra steps
 *       ({@link org.spikeport.simulator.Platform#recurrentExtraSteps}, 0); only {@code lif-float} runs them
 *       so far, and {@link org.spikeport.simulator.Simulation#run} refuses them in other arithmetics.</li>
 *   <li><b>Input.</b> Counts per step and channel, as the trained model sees them; a count is one
 *       event with that payload through each of the channel's synapses. Input is zero after the sample
 *       ends; the caller chooses how many steps to run (the trainer's deployed semantics run
 *       {@code len + L R} steps).</li>
 *   <li><b>What is updated when.</b> Spikes go into per-neuron input rings indexed by arrival step
 *       ({@link org.spikeport.simulator.InputRing}, {@code max lead + 1} slots). In a step, layers run
 *       in order; each updates only the neurons with input arriving now, with state not at rest, or
 *       whose rule moves them from rest (non-zero bias, a threshold a zero membrane crosses); every other
 *       neuron's update would leave it unchanged. A layer's spikes are delivered before the next layer
 *       runs, so a zero total lead acts within the step.</li>
 *   <li><b>Arithmetic.</b> Each layer's {@link org.spikeport.simulator.Arithmetic} is chosen by
 *       {@code NeuronParams.model()} and calls the arithmetic class of {@code org.spikeport.core.arith}
 *       for every rule; there is no second copy of a chip's integer rules here.</li>
 *   <li><b>Summation order.</b> A float neuron's input of a step is summed by emission step, feed-forward
 *       terms before recurrent ones, then presynaptic index and synapse order
 *       ({@link org.spikeport.simulator.Simulation} states it exactly).</li>
 *   <li><b>Outputs.</b> Every spike of every layer, the last layer's membrane after each step in the
 *       trained model's float units, the number of synaptic events and of neuron updates. Decisions
 *       follow the network's decoding ({@link org.spikeport.simulator.Decision}).</li>
 * </ul>
 *
 * The engine is proven against a dense, time-stepped reference in the tests (every spike and every
 * readout value bitwise, on random networks) and by closed-form golden results.
 */
package org.spikeport.simulator;
