/**
 * The backend-free heart of spikeport: the network IR ({@link org.spikeport.core.ir}), the model
 * files ({@link org.spikeport.core.files}), the spike datasets ({@link org.spikeport.core.data}), the
 * profiles ({@link org.spikeport.core.profile}), each chip's arithmetic and rounding rule
 * ({@link org.spikeport.core.arith}) and a profile's limits in training's terms
 * ({@link org.spikeport.core.limits}), so the exporter and the trainer share one copy of each rule.
 *
 * <p>Nothing here loads native deep-learning code; a chip is named only by its arithmetic's classes. Targets
 * and trainers depend on this module, never the other way round.
 */
package org.spikeport.core;
