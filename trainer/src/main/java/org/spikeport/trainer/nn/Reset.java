package org.spikeport.trainer.nn;

/**
 * What a spiking neuron's membrane becomes after step {@code t}, from the potential {@code h} and the
 * spike {@code s = H(h - theta)}.
 */
public enum Reset {

    /**
     * Hard reset to zero, {@code v = h (1 - s)}, with {@code (1 - s)} detached from the gradient:
     * {@code dv/dh = 1 - s}.
     */
    ZERO,

    /**
     * Reset by subtraction, {@code v = h - theta s}, not detached: the gradient flows through the
     * spike, {@code dv/dh = 1 - theta H'(h - theta)} with the surrogate {@code H'}.
     */
    SUBTRACT
}
