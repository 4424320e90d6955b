package org.spikeport.trainer.importer;

/**
 * The NumPy element types {@link Npy} reads, each little-endian (or byte-sized) as written by NumPy on
 * x86 and ARM machines.
 */
public enum NpyDtype {
    /** {@code <f4}: IEEE 754 binary32. */
    FLOAT32("<f4", 4),
    /** {@code <f8}: IEEE 754 binary64. */
    FLOAT64("<f8", 8),
    /** {@code <i4}: two's complement 32-bit integer. */
    INT32("<i4", 4),
    /** {@code <i8}: two's complement 64-bit integer. */
    INT64("<i8", 8),
    /** {@code |b1}: one byte per element, zero is false. */
    BOOL("|b1", 1);

    private final String descr;
    private final int itemSize;

    NpyDtype(String descr, int itemSize) {
        this.descr = descr;
        this.itemSize = itemSize;
    }

    /** The {@code descr} string of the NPY header. */
    public String descr() {
        return descr;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** True for the floating-point types. */
    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /**
     * The type whose header {@code descr} is {@code descr}, or {@code null} when it is not supported.
     * {@code <b1} and {@code |b1} are the same type.
     */
    static NpyDtype fromDescr(String descr) {
        for (NpyDtype t : values()) {
            if (t.descr.equals(descr)) {
                return t;
            }
        }
        return "<b1".equals(descr) ? BOOL : null;
    }
}
