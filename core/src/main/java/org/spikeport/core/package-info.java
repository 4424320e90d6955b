/**
 * The backend-free heart of spikeport: the network IR ({@link org.spikeport.core.ir}), the model
 * files ({@link org.spikeport.core.files}) and the spike datasets ({@link org.spikeport.core.data}).
 *
 * <p>Nothing here loads native deep-learning code or names a chip; targets and trainers depend on
 * this module, never the other way round.
 */
package org.spikeport.core;
