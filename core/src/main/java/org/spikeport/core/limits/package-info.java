/**
 * What a chip's profile allows a trained network to be, in the terms training works in
 * ({@link org.spikeport.core.limits.ChipLimits}): the one interface through which training reads a profile.
 */
package org.spikeport.core.limits;
