package org.spikeport.core.arith;

/**
 * The neuron of a TrueNorth-like crossbar core ({@code truenorth-lif}), as the RANC neuron block
 * computes it: {@code simulator/src/corecontroller.cpp} ({@code CoreController::run}) and
 * {@code simulator/src/neuronblock.cpp} of the RANC simulator, and
 * {@code hardware/IP/RANCNetwork/src/sources/NeuronBlock.v} / {@code ThresholdResetUnit.v} of its
 * hardware (github.com/UA-RCL/RANC).
 *
 * <h2>One tick of one neuron</h2>
 *
 * <pre>
 *   v1 = wrap(v + sum over arriving spikes of W[type(axon)])     integration, in axon order
 *   v2 = wrap(v1 + leak)                                          linear leak, a signed constant
 *   spike iff v2 &gt;= alpha                                        (positive threshold)
 *   next v = spike          ? (mode ABSOLUTE ? R  : wrap(v2 - alpha))
 *          : v2 &lt; beta     ? (mode ABSOLUTE ? -R : wrap(v2 - beta))     (negative threshold, strict)
 *          :                 v2
 * </pre>
 *
 * <ul>
 *   <li>{@code wrap}: two's complement at the membrane width (profile {@code neuron.membrane}, 20 bits
 *       in the bundled profile), as RANC's hardware adders of {@code POTENTIAL_WIDTH} bits do; the
 *       membrane lies in {@code [-2^(m-1), 2^(m-1))}. Wrapping each addition or only the sum gives the
 *       same value (arithmetic modulo {@code 2^m}).</li>
 *   <li>Weights: each neuron holds 4 signed weights, one per axon type (profile {@code neuron.weight},
 *       9 bits: {@code [-256, 255]}; {@code axon_type} 2 bits); an axon's type selects which one a spike
 *       on it adds. In the deployed IR a synapse's weight is the selected value itself, and the layer's
 *       parameters {@link #WEIGHT_0}..{@link #WEIGHT_3} hold each neuron's 4 values.</li>
 *   <li>Leak: signed, profile {@code neuron.leak} bits (9: {@code [-256, 255]}), added once per tick
 *       after integration, whether or not input arrived. It is linear: it cannot depend on v.</li>
 *   <li>Thresholds {@code alpha} ({@link #POSITIVE_THRESHOLD}) and {@code beta}
 *       ({@link #NEGATIVE_THRESHOLD}): signed, profile {@code neuron.threshold} bits. The spike test is
 *       {@code >=}; the negative test is strict {@code <} (RANC's asymmetric reset type 0, which its
 *       hardware implements).</li>
 *   <li>Reset ({@link #RESET_MODE}, RANC's codes): {@link #ABSOLUTE} = 0 sets {@code R} after a spike and
 *       {@code -R} below {@code beta}; {@link #LINEAR} = 1 subtracts the crossed threshold.
 *       {@code R} is {@link #RESET_POTENTIAL}.</li>
 *   <li>Binary input: an axon holds one bit per tick, so a per-step input count {@code c} reaches the
 *       first layer as {@code min(c, K)} spikes on {@code K} copy axons of the channel
 *       ({@link #inputSpikes}; {@code K} = {@link #INPUT_COPIES}); a hidden spike is one spike.</li>
 * </ul>
 *
 * <h2>Reset by subtraction</h2>
 *
 * Mode {@link #LINEAR} is the chip's reset by subtraction: after a spike the membrane keeps
 * {@code v2 - alpha}, exactly. The mode is per neuron and governs the negative threshold too: below
 * {@code beta} a {@link #LINEAR} neuron keeps {@code v2 - beta} rather than {@code -R}, so a mapping that
 * floors the membrane at 0 with {@code beta = 0, R = 0} in mode {@link #ABSOLUTE} (the linear-leak mapping
 * below) has no such floor in mode {@link #LINEAR}. This arithmetic takes no {@link ResetParameter}: its
 * reset is {@link #RESET_MODE}.
 *
 * <h2>Readout</h2>
 *
 * A readout neuron never resets on purpose: {@code alpha} is the largest and {@code beta} the smallest
 * threshold value, mode {@link #ABSOLUTE}, {@code R = 0}, so its membrane {@code U} integrates input
 * plus leak, wrapping at the membrane width. The host reads {@code U} after every tick and decodes the
 * trained model's leaky readout from its increments ({@link #decodeIncrement}, {@link #decode}):
 * {@code y[t] = decay * y[t-1] + scale * wrap(U[t] - U[t-1])}, which is exact while one tick's
 * increment lies within {@code [-2^(m-1), 2^(m-1))} (wrapping cancels in the difference).
 *
 * <h2>The trained model's exponential leak</h2>
 *
 * The trained neuron carries {@code a x} ({@code a = 1 - 1/tau}) of its pre-threshold value {@code x}
 * into the next step. A hidden layer here carries {@code max(0, x - D)} instead: the leak register
 * holds {@code bias - D}, {@code alpha = theta - D}, {@code beta = 0}, {@code R = 0}, mode
 * {@link #ABSOLUTE}, so the spike test {@code v + I + bias - D >= theta - D} is the trained one and what
 * is carried decays linearly by {@code D} per tick and never below 0. {@link #linearLeak} chooses
 * {@code D = round(theta / tau)}, which carries {@code a theta} at the threshold, no more than
 * {@code a x} (up to the rounding of D) for {@code 0 <= x < theta}, and nothing for {@code x <= D};
 * negative values are not carried. For {@code tau} near 1 (SHD's 1.005: {@code a = 0.005}) the trained model carries almost
 * nothing and so does this.
 *
 * <p>All methods are static, pure and allocation-free.
 */
public final class TrueNorthLif {

    /** The arithmetic's name in profiles and in {@code NeuronParams.model()}. */
    public static final String NAME = "truenorth-lif";

    /** Parameter names in {@code NeuronParams}. */
    public static final String LEAK = "leak";
    public static final String POSITIVE_THRESHOLD = "positive_threshold";
    public static final String NEGATIVE_THRESHOLD = "negative_threshold";
    public static final String RESET_POTENTIAL = "reset_potential";
    public static final String RESET_MODE = "reset_mode";
    public static final String INPUT_COPIES = "input_copies";
    public static final String WEIGHT_0 = "weight_0";
    public static final String WEIGHT_1 = "weight_1";
    public static final String WEIGHT_2 = "weight_2";
    public static final String WEIGHT_3 = "weight_3";

    /** The per-type weight parameter names, by axon type. */
    public static final String[] TYPE_WEIGHTS = {WEIGHT_0, WEIGHT_1, WEIGHT_2, WEIGHT_3};

    /** Reset modes (RANC's {@code reset_mode} codes). */
    public static final int ABSOLUTE = 0;
    public static final int LINEAR = 1;

    /** Quantization-map keys of a readout layer: float value per membrane unit and the decoded decay. */
    public static final String OUTPUT_SCALE = "output_scale";
    public static final String OUTPUT_DECAY = "output_decay";

    private TrueNorthLif() {
    }

    /** Two's complement wrap of {@code x} to {@code bits} bits. */
    public static long wrap(long x, int bits) {
        int shift = 64 - bits;
        return (x << shift) >> shift;
    }

    /** Smallest value of a signed {@code bits}-bit field. */
    public static long min(int bits) {
        return -(1L << (bits - 1));
    }

    /** Largest value of a signed {@code bits}-bit field. */
    public static long max(int bits) {
        return (1L << (bits - 1)) - 1;
    }

    /** Whether {@code x} fits a signed {@code bits}-bit field. */
    public static boolean fits(long x, int bits) {
        return x >= min(bits) && x <= max(bits);
    }

    /** {@code v2 = wrap(v + input + leak)}: integration and leak of one tick, before the threshold tests. */
    public static long integrate(long v, long input, long leak, int bits) {
        return wrap(v + input + leak, bits);
    }

    /** The spike test {@code v2 >= alpha}. */
    public static boolean spikes(long v2, long alpha) {
        return v2 >= alpha;
    }

    /** The membrane after the threshold tests and resets (see the class comment). */
    public static long reset(long v2, long alpha, long beta, long resetPotential, int mode, int bits) {
        if (v2 >= alpha) {
            return mode == ABSOLUTE ? wrap(resetPotential, bits) : wrap(v2 - alpha, bits);
        }
        if (v2 < beta) {
            return mode == ABSOLUTE ? wrap(-resetPotential, bits) : wrap(v2 - beta, bits);
        }
        return v2;
    }

    /** Spikes that a per-step count {@code count} delivers through {@code copies} copy axons. */
    public static long inputSpikes(long count, long copies) {
        return Math.min(count, copies);
    }

    /**
     * The linear leak {@code D} that replaces the decay {@code v (1 - 1/tau)} of a neuron whose threshold
     * is {@code threshold} membrane units: {@code round(threshold / tau)}, half away from zero.
     */
    public static long linearLeak(long threshold, double tau) {
        return Loihi2Lif.roundHalfAway(threshold / tau);
    }

    /** One tick's readout increment {@code wrap(u - uPrev)} from two successive membrane reads. */
    public static long decodeIncrement(long u, long uPrev, int bits) {
        return wrap(u - uPrev, bits);
    }

    /** The decoded readout {@code decay * yPrev + scale * increment}. */
    public static double decode(double yPrev, double decay, double scale, long increment) {
        return decay * yPrev + scale * increment;
    }
}
