package org.spikeport.core.arith;

/**
 * Loihi 2's fixed-point current-based LIF neuron and Dense synapse ({@code loihi2-lif}), bit for bit as
 * Lava's bit-accurate CPU models compute them:
 * {@code lava/proc/lif/models.py} ({@code AbstractPyLifModelFixed.subthr_dynamics}, {@code scale_bias},
 * {@code PyLifModelBitAcc.scale_threshold} and {@code spiking_activation}),
 * {@code lava/proc/dense/models.py} ({@code AbstractPyDenseModelBitAcc.run_spk},
 * {@code PyDelayDenseModelBitAcc.run_spk}) and {@code lava/utils/weightutils.py}
 * ({@code SignMode}, {@code determine_sign_mode}, {@code clip_weights}, {@code truncate_weights}).
 *
 * <h2>Neuron, one step</h2>
 *
 * <pre>
 *   u  = wrap24( trunc0(u * (4096 - (du + 1)) / 4096) + (a_in &lt;&lt; 6) )
 *   v  = sat24 ( trunc0(v * (4096 - dv) / 4096) + u + bias )
 *   spike iff v &gt; (vth &lt;&lt; 6)   (strict);   on a spike v = 0, u is not reset
 *   bias = bias_exp &gt;= 0 ? bias_mant &lt;&lt; bias_exp : bias_mant &gt;&gt; -bias_exp   (arithmetic shift)
 * </pre>
 *
 * <ul>
 *   <li>u, v: 24-bit signed state ({@code uv_bitwidth}); the width is the profile's {@code u} and
 *       {@code v} entry and is passed in.</li>
 *   <li>du, dv: 12-bit unsigned (0..4095); the decay unity is {@code 2^12 = 4096}
 *       ({@code decay_shift = 12}). The current's effective decay constant is {@code du + 1}
 *       ({@code ds_offset = 1}), the voltage's is {@code dv} ({@code dm_offset = 0}), so {@code du = 4095}
 *       clears u every step and {@code dv = 0} keeps v.</li>
 *   <li>Decay rounding: the product is formed in 64 bits and its magnitude shifted right by 12, the sign
 *       restored ({@code np.sign(x) * np.right_shift(np.abs(x), 12)}): truncation toward zero.</li>
 *   <li>Synaptic input and threshold are MSB-aligned by 6 bits ({@code act_shift = vth_shift = 6}); the
 *       bias is added unshifted.</li>
 *   <li>u wraps once: a value above {@code 2^23} loses {@code 2^24}, a value at or below {@code -2^23}
 *       gains {@code 2^24}; so u lies in {@code (-2^23, 2^23]}. Lava forms {@code a_in << 6} and the sum
 *       in int32, which equals this 64-bit form while {@code |a_in| < 2^25}.</li>
 *   <li>v saturates (clips) to {@code [-(2^23 - 1), 2^23 - 1]}.</li>
 *   <li>vth: 17-bit unsigned (0..131071), bias_mant: 13-bit signed, bias_exp: 3 bits (Lava's
 *       {@code PyLifModelBitAcc} docstring); the widths come from the profile.</li>
 * </ul>
 *
 * <h2>Dense synapse</h2>
 *
 * A layer's weights are registers of at most 8 magnitude bits with one {@link SignMode}; Lava first
 * clips them ({@code clip_weights}, 8 bits) and truncates ({@code truncate_weights}):
 * excitatory {@code [0, 255]}, inhibitory {@code [-255, 0]}, mixed {@code [-256, 255]} with the least
 * significant bit dropped (arithmetic shift right then left by {@code 8 - num_weight_bits + 1}), so a
 * mixed weight is even. The exponent applies to sums, not to each weight: the spikes one step sends
 * through synapses of one delay {@code d} to one neuron form a group, whose
 * {@code sum(weight * payload)} (payload 1 for binary spikes, the graded value otherwise) is shifted by
 * the layer's {@code weight_exp}: {@code sum << weight_exp} if positive, else {@code sum >> -weight_exp}
 * (arithmetic, i.e. floor) ({@link #activation}). A neuron's activation {@code a_in} in a step is the
 * sum of the shifted groups that arrive in it. This is Lava's {@code PyDelayDenseModelBitAcc.run_spk},
 * which shifts {@code calc_act(s_in)} (one column per delay) before adding it into {@code a_buff}; for
 * {@code PyDenseModelBitAcc} every synapse has delay 0, so a group is a whole step's input. With a
 * negative exponent, groups of different emission steps that arrive together are rounded separately.
 *
 * <h2>Recurrent synapses: a second Dense</h2>
 *
 * A layer's recurrent synapses are a second (Delay)Dense process from the layer's own {@code s_out} back
 * to its {@code a_in}, with its own exponent {@link #RECURRENT_WEIGHT_EXP} (and its own registers, sign
 * mode {@link #RECURRENT_SIGN_MODE} and weight bits {@link #RECURRENT_NUM_WEIGHT_BITS}). Each Dense shifts
 * its own groups: a recurrent group is the spikes the layer sent in one step through recurrent synapses
 * of one delay to one neuron, shifted by {@code recurrent_weight_exp}. A feed-forward and a recurrent
 * event never share a group, even for the same neuron, emission step and arrival step: they are
 * different processes, and Lava's {@code a_in} receives each one's shifted activation and adds them.
 * So a neuron's {@code a_in} in a step is
 *
 * <pre>
 *   a_in = sum over feed-forward groups arriving now of activation(sum, weight_exp)
 *        + sum over recurrent groups arriving now   of activation(sum, recurrent_weight_exp)
 * </pre>
 *
 * The recurrent Dense, like every Dense, sends the activation it accumulated in the previous step, so
 * Lava delay {@code D - 1} realises the IR's recurrent lag {@code D >= 1} (the profile's recurrent offset
 * is 0).
 *
 * <h2>Reset</h2>
 *
 * Lava's LIF has hard reset only ({@code v = 0} on a spike, u kept); there is no reset by subtraction, so
 * a layer whose {@link ResetParameter} asks for it cannot run in this arithmetic and is refused.
 *
 * <h2>Parameters in the deployed IR</h2>
 *
 * {@link #DU}, {@link #DV}, {@link #VTH}, {@link #BIAS_EXP}, {@link #WEIGHT_EXP},
 * {@link #NUM_WEIGHT_BITS} and {@link #SIGN_MODE} (Lava's {@link SignMode} code) hold one value per
 * layer, {@link #BIAS_MANT} one per neuron. A layer with recurrent synapses also holds
 * {@link #RECURRENT_WEIGHT_EXP} (one value per layer, or one per neuron: the exponent of the groups that
 * reach that neuron), required there and ignored elsewhere, and {@link #RECURRENT_NUM_WEIGHT_BITS} and
 * {@link #RECURRENT_SIGN_MODE} for the recurrent registers, as their feed-forward counterparts. A
 * synapse's IR weight is its weight register.
 *
 * <p>All methods are static, pure and allocation-free.
 */
public final class Loihi2Lif {

    /** The arithmetic's name in profiles and in {@code NeuronParams.model()}. */
    public static final String NAME = "loihi2-lif";

    /** Parameter names in {@code NeuronParams}. */
    public static final String DU = "du";
    public static final String DV = "dv";
    public static final String VTH = "vth";
    public static final String BIAS_MANT = "bias_mant";
    public static final String BIAS_EXP = "bias_exp";
    public static final String WEIGHT_EXP = "weight_exp";
    public static final String NUM_WEIGHT_BITS = "num_weight_bits";
    public static final String SIGN_MODE = "sign_mode";
    /** The recurrent Dense's exponent, sign mode and weight bits (layers with recurrent synapses). */
    public static final String RECURRENT_WEIGHT_EXP = "recurrent_weight_exp";
    public static final String RECURRENT_NUM_WEIGHT_BITS = "recurrent_num_weight_bits";
    public static final String RECURRENT_SIGN_MODE = "recurrent_sign_mode";

    /** Right shift of the decay products; the decay unity is {@code 1 << DECAY_SHIFT} = 4096. */
    public static final int DECAY_SHIFT = 12;
    /** Added to du to form the current's decay constant ({@code ds_offset}). */
    public static final int DS_OFFSET = 1;
    /** Added to dv to form the voltage's decay constant ({@code dm_offset}). */
    public static final int DM_OFFSET = 0;
    /** Left shift of the synaptic input into u ({@code act_shift}). */
    public static final int ACT_SHIFT = 6;
    /** Left shift of vth before the comparison ({@code vth_shift}). */
    public static final int VTH_SHIFT = 6;

    /** Lava's {@code SignMode} (the {@code weightutils} enum values are the codes). */
    public enum SignMode {
        MIXED(1),
        EXCITATORY(2),
        INHIBITORY(3);

        private final int code;

        SignMode(int code) {
            this.code = code;
        }

        /** Lava's enum value. */
        public int code() {
            return code;
        }

        public static SignMode ofCode(long code) {
            for (SignMode m : values()) {
                if (m.code == code) {
                    return m;
                }
            }
            throw new IllegalArgumentException("no Loihi sign mode has code " + code);
        }
    }

    private Loihi2Lif() {
    }

    /** {@code trunc0(x * (4096 - decayConst) / 4096)}: the decay with truncation toward zero. */
    static long decay(long x, long decayConst) {
        long p = x * ((1L << DECAY_SHIFT) - decayConst);
        long m = Math.abs(p) >> DECAY_SHIFT;
        return p < 0 ? -m : m;
    }

    /** The decayed current, before the input is added: {@code trunc0(u * (4096 - (du + 1)) / 4096)}. */
    public static long decayU(long u, int du) {
        return decay(u, du + DS_OFFSET);
    }

    /** The decayed voltage, before current and bias are added: {@code trunc0(v * (4096 - dv) / 4096)}. */
    public static long decayV(long v, int dv) {
        return decay(v, dv + DM_OFFSET);
    }

    /** Lava's one-time wrap of the current into {@code (-2^(bits-1), 2^(bits-1)]}. */
    public static long wrapU(long u, int bits) {
        long max = 1L << (bits - 1);
        if (u > max) {
            return u - 2 * max;
        }
        if (u <= -max) {
            return u + 2 * max;
        }
        return u;
    }

    /** Clips the voltage to {@code [-(2^(bits-1) - 1), 2^(bits-1) - 1]}. */
    public static long saturateV(long v, int bits) {
        long lim = (1L << (bits - 1)) - 1;
        return Math.max(-lim, Math.min(lim, v));
    }

    /** The new current: decay, plus the input MSB-aligned by 6 bits, wrapped. */
    public static long updateU(long u, long aIn, int du, int uBits) {
        return wrapU(decayU(u, du) + (aIn << ACT_SHIFT), uBits);
    }

    /** The new voltage before the spike test: decay, plus the new current and the bias, saturated. */
    public static long updateV(long v, long u, long bias, int dv, int vBits) {
        return saturateV(decayV(v, dv) + u + bias, vBits);
    }

    /** The bias added to v each step: {@code bias_mant} shifted by {@code bias_exp} (arithmetic). */
    public static long bias(long biasMant, int biasExp) {
        return biasExp >= 0 ? biasMant << biasExp : biasMant >> -biasExp;
    }

    /** The strict threshold test: {@code v > (vth << 6)}. */
    public static boolean spikes(long v, long vth) {
        return v > (vth << VTH_SHIFT);
    }

    /** The smallest integer voltage that spikes: {@code (vth << 6) + 1}. */
    public static long firstSpikingV(long vth) {
        return (vth << VTH_SHIFT) + 1;
    }

    /** A step's synaptic activation from the accumulated {@code sum(weight * payload)}. */
    public static long activation(long accumulated, int weightExp) {
        return weightExp > 0 ? accumulated << weightExp : accumulated >> -weightExp;
    }

    /** Lava's sign mode for a set of weights ({@code determine_sign_mode}): all zero is excitatory. */
    public static SignMode signMode(double min, double max) {
        if (min >= 0) {
            return SignMode.EXCITATORY;
        }
        return max <= 0 ? SignMode.INHIBITORY : SignMode.MIXED;
    }

    /** Smallest weight register {@link #register} can hold for {@code bits} magnitude bits. */
    public static int minWeight(SignMode mode, int bits) {
        return switch (mode) {
            case EXCITATORY -> 0;
            case INHIBITORY -> -((1 << bits) - 1);
            case MIXED -> -(1 << bits);
        };
    }

    /** Largest weight register with {@code bits} magnitude bits (mixed: the LSB is dropped). */
    public static int maxWeight(SignMode mode, int bits) {
        return switch (mode) {
            case EXCITATORY -> (1 << bits) - 1;
            case INHIBITORY -> 0;
            case MIXED -> (1 << bits) - 2;
        };
    }

    /**
     * The weight register Lava uses for a requested integer weight: {@code clip_weights(w, mode, bits)}
     * then {@code truncate_weights(w, mode, numWeightBits, bits)} (inhibitory weights are negated around
     * both steps; the truncation drops {@code bits - numWeightBits + (mixed ? 1 : 0)} low bits by an
     * arithmetic shift right and left).
     */
    public static int register(int w, SignMode mode, int numWeightBits, int bits) {
        int x = mode == SignMode.INHIBITORY ? -w : w;
        int lo = mode == SignMode.MIXED ? -(1 << bits) : 0;
        int hi = (1 << bits) - 1;
        x = Math.max(lo, Math.min(hi, x));
        int drop = bits - numWeightBits + (mode == SignMode.MIXED ? 1 : 0);
        x = (x >> drop) << drop;
        return mode == SignMode.INHIBITORY ? -x : x;
    }

    /**
     * The exporter's rounding of a float weight to a register, {@code scale} being the float value of
     * one register unit: {@code w / scale} rounded half away from zero; in mixed mode to the nearest
     * even integer (half away from zero in units of 2), since Lava drops a mixed weight's LSB. The
     * result is not clipped: a value outside {@link #minWeight}..{@link #maxWeight} is reported by the
     * target's checks.
     */
    public static int quantizeWeight(double w, double scale, SignMode mode) {
        if (mode == SignMode.MIXED) {
            return 2 * (int) roundHalfAway(w / (2 * scale));
        }
        return (int) roundHalfAway(w / scale);
    }

    /** Rounds half away from zero. */
    public static long roundHalfAway(double x) {
        double r = Math.floor(Math.abs(x) + 0.5);
        return (long) (x < 0 ? -r : r);
    }
}
