package org.spikeport.core.arith;

import java.util.SortedMap;
import java.util.TreeMap;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.ResetMode;

/**
 * SENECA's LIF neuron program in bfloat16 ({@code seneca-bf16-lif}): the arithmetic spikeport assumes
 * for imec SENECA, whose neuron processing elements work on BrainFloat16 data. SENECA has no fixed
 * neuron; the program below is spikeport's own, and every rule not published for the chip is an
 * assumption of this class, listed here.
 *
 * <h2>Number formats</h2>
 *
 * <ul>
 *   <li><b>bf16</b>: 1 sign bit, 8 exponent bits (bias 127), 7 fraction bits: the upper 16 bits of an
 *       IEEE-754 binary32 (fp32). A bf16 value is held as its 16-bit pattern in an {@code int}
 *       ({@code 0..0xFFFF}); {@link #toFloat} widens it exactly.</li>
 *   <li><b>Rounding to bf16</b> ({@link #fromFloat}, {@link #fromDouble}): round to nearest, ties to
 *       even, on the bf16 grid; a magnitude too large for bf16 becomes infinity of its sign.</li>
 *   <li><b>Subnormals</b>: a result whose rounded bf16 value is subnormal (exponent field 0, fraction
 *       non-zero) is flushed to zero of its sign; so every bf16 value this class produces is zero,
 *       normal, infinite or NaN. (A value just below {@code 2^-126} that rounds up to {@code 2^-126}
 *       is kept.)</li>
 *   <li><b>NaN</b>: every NaN becomes the quiet NaN {@code 0x7FC0}.</li>
 *   <li><b>fp32 steps</b>: each operation is one IEEE-754 binary32 operation (round to nearest even,
 *       gradual underflow; Java's {@code float} arithmetic, which is strict), followed where stated by
 *       rounding to bf16. For a product or sum of two bf16 values whose result is normal, fp32 then
 *       bf16 equals rounding the exact result to bf16 once (24 &gt;= 2 * 8 + 2).</li>
 * </ul>
 *
 * <h2>Synaptic input: the delay queue</h2>
 *
 * Each neuron has one accumulator per slot of its core's circular delay queue. A spike emitted at
 * step {@code t} through a synapse of weight {@code w} (bf16) and delay {@code d} is added, when it
 * arrives at the core, to the accumulator of slot {@code (t + d) mod Q} ({@code Q} the queue depth,
 * {@code >= d + 1}):
 *
 * <pre>
 *   p   = fp32(w * payload)                  payload 1 for a spike, the count of a graded input event;
 *                                            exact for payloads below 2^16 (8 + 16 &lt;= 24 bits)
 *   acc = R(fp32(acc + p))                   R = round to bf16 for a bf16 accumulator,
 *                                            identity for an fp32 accumulator
 * </pre>
 *
 * The accumulator format is the profile's {@code neuron.accumulator} width: 16 (bf16) or 32 (fp32);
 * {@link #accumulatorIsBf16}. An empty slot holds {@code +0}. Additions into one slot happen in the
 * order the events arrive: by emission step, then presynaptic neuron in increasing index, then
 * synapse order; the result depends on that order, as float sums do.
 *
 * <h2>Neuron, one step</h2>
 *
 * With {@code I} the accumulator of the current slot (then cleared to {@code +0}), {@code a} the bf16
 * decay factor {@code 1 - 1/tau}, {@code b} the neuron's bf16 bias and {@code theta} the bf16 threshold:
 *
 * <pre>
 *   leaked  = bf16(fp32(a * v))
 *   charged = bf16(fp32(leaked + I))
 *   v'      = bf16(fp32(charged + b))
 *   spike iff v' &gt;= theta (compared as numbers; NaN never spikes); then
 *     v' = +0                      reset to zero (the default)
 *     v' = bf16(fp32(v' - theta))   reset by subtraction, for a layer whose {@link ResetParameter} asks for it
 * </pre>
 *
 * Reset by subtraction is one more fp32 operation of the program, rounded to bf16 like the others
 * ({@link #reset}); it is spikeport's program, not a published SENECA neuron, like the rest of this class.
 *
 * The readout's threshold is {@code +Infinity} ({@code 0x7F80}): it spikes only if its membrane
 * overflows to {@code +Infinity}. The membrane is a bf16 value in the trained model's own units, so a
 * readout's float output is {@link #toFloat} of its state. A neuron is at rest when its membrane is
 * {@code +0} (bits {@code 0x0000}); a step with no input leaves such a neuron at {@code +0} unless its
 * bias is non-zero or {@code theta <= 0}. A membrane of {@code -0} is not at rest: its next step gives
 * {@code +0} (IEEE {@code -0 + +0 = +0}).
 *
 * <h2>Parameters in the deployed IR</h2>
 *
 * A synapse's IR weight is the bf16 pattern of its weight. {@link #DECAY} and {@link #THRESHOLD} hold
 * one bf16 pattern per layer, {@link #BIAS} one per neuron; the optional {@link ResetParameter#NAME}
 * (one value) selects reset by subtraction, its absence reset to zero.
 *
 * <p>All methods are static and pure.
 */
public final class SenecaBf16Lif {

    /** The arithmetic's name in profiles and in {@code NeuronParams.model()}. */
    public static final String NAME = "seneca-bf16-lif";

    /** Parameter names in {@code NeuronParams}. */
    public static final String DECAY = "decay";
    public static final String THRESHOLD = "threshold";
    public static final String BIAS = "bias";

    /** The profile's neuron width naming the delay-queue accumulator's format (16: bf16, 32: fp32). */
    public static final String ACCUMULATOR = "accumulator";

    /** bf16 patterns of note. */
    public static final int POSITIVE_ZERO = 0x0000;
    public static final int POSITIVE_INFINITY = 0x7F80;
    public static final int NEGATIVE_INFINITY = 0xFF80;
    public static final int QUIET_NAN = 0x7FC0;

    private static final int EXPONENT_MASK = 0x7F80;
    private static final int SIGN = 0x8000;

    private SenecaBf16Lif() {
    }

    /** The exact fp32 value of a bf16 pattern (its low 16 bits are used). */
    public static float toFloat(int bf16) {
        return Float.intBitsToFloat((bf16 & 0xFFFF) << 16);
    }

    /** Rounds an fp32 value to bf16 (nearest, ties to even; subnormal results flushed; NaN to 0x7FC0). */
    public static int fromFloat(float f) {
        int x = Float.floatToRawIntBits(f);
        if ((x & 0x7FFFFFFF) > 0x7F800000) {
            return QUIET_NAN;
        }
        int rounded = x + 0x7FFF + ((x >>> 16) & 1);
        return flushSubnormal((rounded >>> 16) & 0xFFFF);
    }

    /**
     * Rounds a double to bf16 with one rounding (nearest, ties to even, on the bf16 grid including its
     * subnormal steps of {@code 2^-133}), then flushes a subnormal result to zero; NaN to 0x7FC0. Equals
     * {@link #fromFloat} for every double that is an fp32 value.
     */
    public static int fromDouble(double d) {
        if (Double.isNaN(d)) {
            return QUIET_NAN;
        }
        int sign = (Double.doubleToRawLongBits(d) < 0) ? SIGN : 0;
        double m = Math.abs(d);
        if (m == Double.POSITIVE_INFINITY) {
            return sign | POSITIVE_INFINITY;
        }
        if (m < 0x1p-126) {
            double n = Math.rint(Math.scalb(m, 133));
            return n >= 128 ? sign | 0x0080 : sign;
        }
        int e = Math.getExponent(m);
        double n = Math.rint(Math.scalb(m, 7 - e));
        if (n == 256) {
            n = 128;
            e++;
        }
        if (e > 127) {
            return sign | POSITIVE_INFINITY;
        }
        return sign | ((e + 127) << 7) | ((int) n - 128);
    }

    private static int flushSubnormal(int b) {
        return (b & EXPONENT_MASK) == 0 ? b & SIGN : b;
    }

    /** {@code bf16(fp32(a * b))} of two bf16 values. */
    public static int multiply(int a, int b) {
        return fromFloat(toFloat(a) * toFloat(b));
    }

    /** {@code bf16(fp32(a + b))} of two bf16 values. */
    public static int add(int a, int b) {
        return fromFloat(toFloat(a) + toFloat(b));
    }

    /** Whether the profile's accumulator width means bf16 (16) or fp32 (32); other widths are refused. */
    public static boolean accumulatorIsBf16(int bits) {
        if (bits != 16 && bits != 32) {
            throw new IllegalArgumentException("the " + NAME + " delay-queue accumulator is bf16 (16 bits) or fp32 "
                    + "(32 bits), got " + bits + " bits");
        }
        return bits == 16;
    }

    /**
     * One synaptic event into a queue accumulator: {@code R(fp32(acc + fp32(w * payload)))}.
     *
     * @param acc     the accumulator's current value (a bf16 value when {@code bf16Acc})
     * @param weight  the synapse's bf16 weight pattern
     * @param payload 1 for a spike, the count of a graded event ({@code 0 <= payload < 2^24})
     * @param bf16Acc whether the accumulator is bf16 ({@link #accumulatorIsBf16})
     */
    public static float accumulate(float acc, int weight, long payload, boolean bf16Acc) {
        float p = toFloat(weight) * (float) payload;
        float s = acc + p;
        return bf16Acc ? toFloat(fromFloat(s)) : s;
    }

    /** The new membrane before the threshold test (see the class comment): leak, add the input, add the bias. */
    public static int integrate(int v, float input, int decay, int bias) {
        int leaked = multiply(decay, v);
        int charged = fromFloat(toFloat(leaked) + input);
        return add(charged, bias);
    }

    /** The threshold test {@code v >= theta} on bf16 values (false when either is NaN). */
    public static boolean spikes(int v, int threshold) {
        return toFloat(v) >= toFloat(threshold);
    }

    /**
     * The membrane after a spike of membrane {@code v}: {@code bf16(fp32(v - theta))} when {@code subtract},
     * else {@code +0}.
     */
    public static int reset(int v, int threshold, boolean subtract) {
        return subtract ? fromFloat(toFloat(v) - toFloat(threshold)) : POSITIVE_ZERO;
    }

    /** Whether the layer resets by subtraction ({@link ResetParameter#subtracts}). */
    public static boolean subtracts(NeuronParams p) {
        return ResetParameter.subtracts(p);
    }

    /** The neuron parameters of a layer that resets to zero (or, with an infinite threshold, never spikes). */
    public static NeuronParams params(int decay, int threshold, int[] bias) {
        return params(decay, threshold, bias, ResetMode.ZERO);
    }

    /**
     * The neuron parameters of a layer from their bf16 patterns; {@code reset} {@link ResetMode#SUBTRACT}
     * writes {@link ResetParameter#NAME}, the other modes leave it out.
     */
    public static NeuronParams params(int decay, int threshold, int[] bias, ResetMode reset) {
        SortedMap<String, long[]> v = new TreeMap<>();
        ResetParameter.put(v, reset);
        v.put(DECAY, new long[] {decay & 0xFFFF});
        v.put(THRESHOLD, new long[] {threshold & 0xFFFF});
        long[] b = new long[bias.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = bias[i] & 0xFFFF;
        }
        v.put(BIAS, b);
        return new NeuronParams(NAME, v);
    }

    public static int decay(NeuronParams p, int neuron) {
        return pattern(p, DECAY, neuron);
    }

    public static int threshold(NeuronParams p, int neuron) {
        return pattern(p, THRESHOLD, neuron);
    }

    public static int bias(NeuronParams p, int neuron) {
        return pattern(p, BIAS, neuron);
    }

    private static int pattern(NeuronParams p, String name, int neuron) {
        long v = p.value(name, neuron);
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException("parameter '" + name + "' of neuron " + neuron + " is " + v
                    + ", not a 16-bit bf16 pattern (0..65535)");
        }
        return (int) v;
    }

    /** Whether a bf16 pattern is a finite number. */
    public static boolean isFinite(int bf16) {
        return (bf16 & EXPONENT_MASK) != EXPONENT_MASK;
    }

    /** The pattern as {@code 0x3F80}-style text, for messages and files. */
    public static String hex(int bf16) {
        return String.format("0x%04X", bf16 & 0xFFFF);
    }
}
