/**
 * The network IR: small immutable records describing a layered spiking network (each layer fed by the
 * one before, optionally also by its own neurons through recurrent synapses), in two forms.
 *
 * <ul>
 *   <li>The <em>trained</em> form ({@link org.spikeport.core.ir.TrainedModel},
 *       {@link org.spikeport.core.ir.TrainedNetwork}, {@link org.spikeport.core.ir.TrainedLayer}): float
 *       weights, real-valued delays, BatchNorm statistics, float LIF parameters and recurrent synapses
 *       ({@link org.spikeport.core.ir.Recurrence}), as the trainer produces them.
 *   <li>The <em>deployed</em> form ({@link org.spikeport.core.ir.DeployedNetwork},
 *       {@link org.spikeport.core.ir.DeployedLayer}): sparse integer synapses with integer delays,
 *       integer neuron parameters for one chip's arithmetic, recurrent synapses with delays of at least one
 *       step, the target and the hash of its profile.
 * </ul>
 *
 * <p>The records are data: they validate themselves on construction (shapes agree, indices and delays
 * in range, no NaN), with messages naming the layer and index, and carry no behaviour. What a delay
 * means is stated once, in {@link org.spikeport.core.ir.SparseSynapses}. Nothing here knows about
 * targets or chips.
 *
 * <p>Arrays handed to a record are owned by it afterwards; callers must not modify them.
 */
package org.spikeport.core.ir;
