package org.spikeport.core.ir;

/**
 * How a network's answer is read from its readout membranes {@code v[t][k]} over the steps of a sample
 * (class {@code k}).
 */
public enum Decoding {
    /**
     * {@code argmax_k sum_t softmax(v[t])_k}: the summed softmax of the membranes (DCLS, DelRec on SHD).
     * A step whose membranes are all zero adds the same {@code 1/K} to every class.
     */
    SOFTMAX_SUM,
    /**
     * {@code argmax_k sum_t v[t]_k}: the summed membranes (DelRec on SSC, whose readout is a linear layer,
     * a readout with {@code tau = 1}). A step whose membranes are all zero adds nothing.
     */
    SUM
}
