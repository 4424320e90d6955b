package org.spikeport.core.arith;

import java.util.SortedMap;
import java.util.TreeMap;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.ResetMode;

/**
 * The trained model's own arithmetic ({@code lif-float}): double-precision LIF with real weights and
 * integer delays, exactly the network that rounded-delay evaluation scores.
 *
 * <pre>
 *   v[t] = v[t-1] * (1 - 1/tau) + I[t] + bias,   I[t] = sum of weights of spikes arriving at t
 *   spike iff v[t] &gt;= threshold, then v[t] = 0               (reset to zero)
 *                                   or v[t] = v[t] - threshold   (reset by subtraction)
 *   readout: threshold = +Infinity, never spikes
 * </pre>
 *
 * <h2>Encoding in the deployed IR</h2>
 *
 * The IR holds integers, so this arithmetic stores IEEE-754 bit patterns, which keeps every value
 * exact: a synapse's {@code weight} is the float32 bits of its weight
 * ({@link Float#floatToRawIntBits}); the neuron parameters {@code tau}, {@code threshold} (one value)
 * and {@code bias} (per neuron) are float64 bits ({@link Double#doubleToRawLongBits}). The optional
 * parameter {@value #RESET} ({@link ResetParameter}, one value) selects the reset: {@value #RESET_ZERO} to
 * zero, {@value #RESET_SUBTRACT} by subtraction. Its absence means reset to zero, so a layer written without
 * it (every feed-forward layer, every version-1 file) keeps its meaning; {@link #params} writes it only for
 * reset by subtraction.
 */
public final class FloatLif {

    /** The arithmetic's name in profiles and in {@link NeuronParams#model()}. */
    public static final String NAME = "lif-float";

    /** The name of the optional reset parameter ({@link ResetParameter#NAME}). */
    public static final String RESET = ResetParameter.NAME;
    /** {@value #RESET} value: reset to zero (also what its absence means). */
    public static final long RESET_ZERO = ResetParameter.ZERO;
    /** {@value #RESET} value: reset by subtraction of the threshold. */
    public static final long RESET_SUBTRACT = ResetParameter.SUBTRACT;

    private FloatLif() {
    }

    /** The encoded weight. */
    public static int encodeWeight(double weight) {
        return Float.floatToRawIntBits((float) weight);
    }

    public static double decodeWeight(int bits) {
        return Float.intBitsToFloat(bits);
    }

    /** The neuron parameters of a layer that resets to zero (or, with an infinite threshold, never spikes). */
    public static NeuronParams params(double tau, double threshold, double[] bias) {
        return params(tau, threshold, bias, ResetMode.ZERO);
    }

    /**
     * The neuron parameters of a layer; {@code reset} {@link ResetMode#SUBTRACT} adds {@value #RESET}
     * {@code = } {@value #RESET_SUBTRACT}, {@link ResetMode#ZERO} and {@link ResetMode#NONE} (a readout,
     * which never spikes) leave it out.
     */
    public static NeuronParams params(double tau, double threshold, double[] bias, ResetMode reset) {
        SortedMap<String, long[]> v = new TreeMap<>();
        ResetParameter.put(v, reset);
        v.put("tau", new long[] {Double.doubleToRawLongBits(tau)});
        v.put("threshold", new long[] {Double.doubleToRawLongBits(threshold)});
        long[] b = new long[bias.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = Double.doubleToRawLongBits(bias[i]);
        }
        v.put("bias", b);
        return new NeuronParams(NAME, v);
    }

    public static double tau(NeuronParams p) {
        return Double.longBitsToDouble(p.value("tau", 0));
    }

    public static double threshold(NeuronParams p) {
        return Double.longBitsToDouble(p.value("threshold", 0));
    }

    public static double bias(NeuronParams p, int neuron) {
        return Double.longBitsToDouble(p.value("bias", neuron));
    }

    /**
     * Whether the layer resets by subtraction: {@value #RESET} is {@value #RESET_SUBTRACT}; absent or
     * {@value #RESET_ZERO} means reset to zero.
     *
     * @throws IllegalArgumentException for any other value, or for one value per neuron
     */
    public static boolean subtracts(NeuronParams p) {
        return ResetParameter.subtracts(p);
    }

    /** One neuron's update: the new membrane before any reset. */
    public static double integrate(double v, double input, double tau, double bias) {
        return v * (1 - 1 / tau) + input + bias;
    }

    /** The threshold test: {@code v >= threshold} (never true for the readout's {@code +Infinity}); on a spike, {@link #reset}. */
    public static boolean spikes(double v, double threshold) {
        return v >= threshold;
    }

    /** The membrane after a spike of membrane {@code v}: {@code v - threshold} when {@code subtract}, else {@code +0.0}. */
    public static double reset(double v, double threshold, boolean subtract) {
        return subtract ? v - threshold : 0.0;
    }
}
