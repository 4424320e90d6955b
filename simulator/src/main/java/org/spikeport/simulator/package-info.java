/**
 * Event-driven simulation of deployed networks in each chip's exact arithmetic.
 *
 * <h2>Contracts</h2>
 *
 * <ul>
 *   <li><b>Delays.</b> The IR's contract ({@link org.spikeport.core.ir.SparseSynapses}): a spike emitted
 *       at step {@code t} through delay {@code d} belongs to step {@code t + d}. The simulator adds the
 *       chip's convention from its profile ({@link org.spikeport.simulator.Platform}): a feed-forward
 *       synapse arrives at {@code t + d + delayOffset + pipelineStepsPerLayer}, in every layer including
 *       the first; a layer's recurrent synapse of lag {@code D >= 1} arrives in the same layer at
 *       {@code t + D + recurrentOffset} (the profile's {@code delays.recurrent_offset}, 0 in every bundled
 *       profile, which keeps the trained lag). For {@code lif-float} every extra step is 0; for Loihi 2
 *       the pipeline is one step per layer; for SpiNNaker the minimum delay adds one step per layer (PyNN
 *       delay {@code d + 1}).</li>
 *   <li><b>Input.</b> Counts per step and channel, as the trained model sees them; a count is one
 *       event with that payload through each of the channel's synapses. Input is zero after the sample
 *       ends; the caller chooses how many steps to run (the trainer's deployed semantics run
 *       {@code len + L R} steps).</li>
 *   <li><b>One skeleton, one rule per arithmetic.</b> Every layer is an
 *       {@link org.spikeport.simulator.EventLayer}, whatever its arithmetic: a ring of pending input indexed
 *       by arrival step ({@link org.spikeport.simulator.InputRing}), its feed-forward and recurrent synapses
 *       compiled per presynaptic neuron ({@link org.spikeport.simulator.Csr}), and the set of neurons a step
 *       updates (bit sets: those with input now, those not at rest, those whose rule moves them from rest;
 *       every other neuron's update would leave it unchanged). The arithmetic
 *       ({@link org.spikeport.simulator.Arithmetic}, chosen by {@code NeuronParams.model()}) supplies only
 *       what a synapse adds to the ring and the neuron update, and calls the arithmetic class of
 *       {@code org.spikeport.core.arith} for every rule; there is no second copy of a chip's integer rules
 *       here.</li>
 *   <li><b>Order of a step.</b> The input of step {@code t} is delivered; then layer by layer: the layer
 *       updates its neurons for step {@code t}, delivers its spikes to the next layer (so a zero total lead
 *       acts within the step) and through its recurrent synapses to itself.</li>
 *   <li><b>Summation order.</b> A neuron's terms of a step are ordered by emission step, feed-forward
 *       before recurrent within one emission step, then presynaptic index and synapse order; floating-point
 *       sums ({@code lif-float}, {@code seneca-bf16-lif}) add them in that order, Loihi 2 rounds each
 *       (Dense, emission step, delay, neuron) group by its Dense's exponent
 *       ({@link org.spikeport.simulator.Simulation} states it exactly).</li>
 *   <li><b>Reset by subtraction</b> (neuron parameter {@code reset = 1}): {@code lif-float} and
 *       {@code seneca-bf16-lif} do it; {@code truenorth-lif} does it by its own per-neuron
 *       {@code reset_mode}; {@code loihi2-lif} and {@code spinnaker-lif-s1615} cannot and refuse such a
 *       layer with one line naming it.</li>
 *   <li><b>Outputs.</b> Every spike of every layer, the last layer's membrane after each step in the
 *       trained model's float units and as the chip holds it, the number of synaptic events and of neuron
 *       updates. Decisions follow the network's decoding ({@link org.spikeport.simulator.Decision}).</li>
 * </ul>
 *
 * The engine is proven against a dense, time-stepped reference with a per-arithmetic update in the tests
 * (every spike, the readout's raw bits and the synaptic events, on random feed-forward and recurrent
 * networks of every arithmetic) and by closed-form golden results.
 */
package org.spikeport.simulator;
