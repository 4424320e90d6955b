package org.spikeport.core.arith;

import java.util.SortedMap;
import java.util.TreeMap;
import org.spikeport.core.ir.NeuronParams;

/**
 * The trained model's own arithmetic ({@code lif-float}): double-precision LIF with real weights and
 * integer delays, exactly the network that rounded-delay evaluation scores.
 *
 * <pre>
 *   v[t] = v[t-1] * (1 - 1/tau) + I[t] + bias,   I[t] = sum of weights of spikes arriving at t
 *   spike iff v[t] &gt;= threshold, then v[t] = 0;  readout: threshold = +Infinity, never spikes
 * </pre>
 *
 * <h2>Encoding in the deployed IR</h2>
 *
 * The IR holds integers, so this arithmetic stores IEEE-754 bit patterns, which keeps every value
 * exact: a synapse's {@code weight} is the float32 bits of its weight
 * ({@link Float#floatToRawIntBits}); the neuron parameters {@code tau}, {@code threshold} (one value)
 * and {@code bias} (per neuron) are float64 bits ({@link Double#doubleToRawLongBits}).
 */
public final class FloatLif {

    /** The arithmetic's name in profiles and in {@link NeuronParams#model()}. */
    public static final String NAME = "lif-float";

    private FloatLif() {
    }

    /** The encoded weight. */
    public static int encodeWeight(double weight) {
        return Float.floatToRawIntBits((float) weight);
    }

    public static double decodeWeight(int bits) {
        return Float.intBitsToFloat(bits);
    }

    /** The neuron parameters of a layer. */
    public static NeuronParams params(double tau, double threshold, double[] bias) {
        SortedMap<String, long[]> v = new TreeMap<>();
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

    /** One neuron's update: the new membrane before any reset. */
    public static double integrate(double v, double input, double tau, double bias) {
        return v * (1 - 1 / tau) + input + bias;
    }

    /** The threshold test: {@code v >= threshold} (never true for the readout's {@code +Infinity}); on a spike v = 0. */
    public static boolean spikes(double v, double threshold) {
        return v >= threshold;
    }
}
