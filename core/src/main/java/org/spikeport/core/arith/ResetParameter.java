package org.spikeport.core.arith;

import java.util.Arrays;
import java.util.SortedMap;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.ResetMode;

/**
 * The optional neuron parameter {@value #NAME} through which a deployed layer asks to be reset by
 * subtraction, the same in every arithmetic: one value per layer, {@value #ZERO} for the arithmetic's own
 * reset after a spike (to zero, or to the arithmetic's reset value) and {@value #SUBTRACT} for reset by
 * subtraction of the threshold. Its absence means {@value #ZERO}, so a layer written without it (every
 * feed-forward layer, every version-1 file, every chip export made before it existed) keeps its meaning;
 * {@link #put} writes it only for reset by subtraction.
 *
 * <p>Whether an arithmetic can reset by subtraction is that arithmetic's fact, stated by its class:
 * {@link FloatLif} and {@link SenecaBf16Lif} can; {@link Loihi2Lif} and {@link SpinnakerLif} cannot (their
 * neurons reset to a constant), and a layer in them that asks for it must be refused; {@link TrueNorthLif}
 * has its own per-neuron {@link TrueNorthLif#RESET_MODE} ({@link TrueNorthLif#LINEAR} subtracts) and takes
 * no {@value #NAME} parameter.
 */
public final class ResetParameter {

    /** The parameter's name in {@code NeuronParams}. */
    public static final String NAME = "reset";
    /** {@value #NAME} value: the arithmetic's own reset (also what its absence means). */
    public static final long ZERO = 0;
    /** {@value #NAME} value: reset by subtraction of the threshold. */
    public static final long SUBTRACT = 1;

    private ResetParameter() {
    }

    /**
     * Whether {@code p} asks for reset by subtraction: {@value #NAME} is {@value #SUBTRACT}; absent or
     * {@value #ZERO} means the arithmetic's own reset.
     *
     * @throws IllegalArgumentException for any other value, or for one value per neuron
     */
    public static boolean subtracts(NeuronParams p) {
        if (!p.has(NAME)) {
            return false;
        }
        long[] r = p.values().get(NAME);
        if (r.length != 1 || (r[0] != ZERO && r[0] != SUBTRACT)) {
            throw new IllegalArgumentException(p.model() + " parameter '" + NAME + "' must be one value, " + ZERO
                    + " (the arithmetic's own reset) or " + SUBTRACT + " (by subtraction), got " + Arrays.toString(r));
        }
        return r[0] == SUBTRACT;
    }

    /**
     * Adds {@value #NAME} {@code =} {@value #SUBTRACT} to {@code values} for {@link ResetMode#SUBTRACT};
     * {@link ResetMode#ZERO} and {@link ResetMode#NONE} (a readout, which never spikes) leave it out.
     */
    public static void put(SortedMap<String, long[]> values, ResetMode reset) {
        if (reset == ResetMode.SUBTRACT) {
            values.put(NAME, new long[] {SUBTRACT});
        }
    }
}
