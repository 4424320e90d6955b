package org.spikeport.core.ir;

/**
 * How per-step input counts reach the first layer on the chip.
 *
 * @param kind {@link Kind#BINARY}: each event is a 1-bit spike; {@link Kind#GRADED}: a channel's count
 *             in a step is delivered as one graded spike carrying the count
 * @param bits payload bits of a graded spike (counts up to {@code 2^bits - 1}); 0 for binary
 */
public record InputEncoding(Kind kind, int bits) {

    /** The kinds of input spike. */
    public enum Kind {
        BINARY,
        GRADED
    }

    public InputEncoding {
        Checks.require(kind != null, "input encoding", "kind is missing");
        Checks.require(kind == Kind.BINARY ? bits == 0 : bits >= 1 && bits <= 32, "input encoding",
                kind + " input cannot have " + bits + " payload bits");
    }
}
