package org.spikeport.core.ir;

import java.util.Locale;

/**
 * How many steps each layer of a trained feed-forward network runs for on a sample of {@code T} input
 * steps, with {@code L} DCLS layers (the readout included) each adding {@code R = (Td - 1) / 2} steps.
 *
 * <ul>
 *   <li>{@link #SPIKEPORT}: every layer runs for {@code T + L R} steps on input that is zero after the
 *       sample ends, as a chip does; only the readout's first {@code T + L R} steps are scored.
 *   <li>{@link #REFERENCE}: layer {@code l = 1..L} keeps only its first {@code T + l R} output steps,
 *       as the reference code, whose layer {@code l} reads its input zero-padded by {@code R} steps on
 *       the right; a hidden layer that would fire after its cut (driven by its BatchNorm bias) feeds
 *       zeros to the next layer instead.
 * </ul>
 *
 * The two agree on every step before the first cut; they differ only when a hidden layer fires in
 * that tail.
 */
public enum TimeConvention {
    /** Every layer runs to {@code T + L R}. */
    SPIKEPORT,
    /** Layer {@code l} is cut at {@code T + l R}. */
    REFERENCE;

    /** The option and config value: {@code spikeport} or {@code reference}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The convention named {@code id} ({@link #id()}).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static TimeConvention of(String id) {
        for (TimeConvention c : values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown time convention '" + id + "' (expected spikeport or reference)");
    }
}
