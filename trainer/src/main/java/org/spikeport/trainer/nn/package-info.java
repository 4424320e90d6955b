/**
 * Layers of the delay-learning spiking network on ND4J, with hand-written backward passes.
 *
 * <p>Conventions shared by every class here:
 * <ul>
 *   <li>Activations are time-major {@code (T, B, C)} arrays (time, batch, channels) in C order.</li>
 *   <li>A layer's parameters are created in the data type given at construction (FLOAT for training,
 *       DOUBLE for gradient checks); its inputs must have that type and its outputs have it.</li>
 *   <li>{@code forward(...)} caches what the following {@code backward(gradOut)} needs;
 *       {@code backward} returns the gradient with respect to the layer's input and <em>adds</em> the
 *       parameter gradients into the layer's gradient arrays, which {@code zeroGrad()} clears.</li>
 *   <li>Where training and evaluation differ (batch norm, dropout) the layer has
 *       {@code setTraining(boolean)}.</li>
 *   <li>Parameter and gradient accessors return the live arrays: optimizers update them in place.</li>
 * </ul>
 */
package org.spikeport.trainer.nn;
