package org.spikeport.core.ir;

/** What a neuron does when it spikes. */
public enum ResetMode {
    /** Hard reset: the membrane is set to 0 in the step of the spike. */
    ZERO,
    /** No threshold, no spike, no reset: a readout neuron whose membrane is the output. */
    NONE,
    /** Reset by subtraction: the threshold is subtracted from the membrane in the step of the spike. */
    SUBTRACT
}
