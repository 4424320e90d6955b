package org.spikeport.core.arith;

/**
 * SpiNNaker 1's LIF neuron with delta-current synapses ({@code spinnaker-lif-s1615}), as sPyNNaker's
 * {@code IF_curr_delta} computes it on an ARM968 core: {@code neural_modelling/src/neuron/models/
 * neuron_model_lif_impl.h} ({@code lif_neuron_closed_form}, {@code neuron_model_state_update},
 * {@code neuron_model_has_spiked}), {@code input_types/input_type_delta.h},
 * {@code synapse_types/synapse_types_delta_impl.h}, {@code synapse_row.h}
 * ({@code synapse_row_convert_weight_to_input}) and the ring-buffer accumulation of
 * {@code synapses.c}.
 *
 * <h2>Numbers</h2>
 *
 * Every neuron quantity is an s16.15 {@code accum}: a 32-bit two's-complement integer {@code x} that
 * stands for {@code x / 2^15}. Methods here take and return those raw integers (as {@code long},
 * holding 32-bit values).
 *
 * <h2>Synapses, one step</h2>
 *
 * <ul>
 *   <li>A synapse holds a 16-bit unsigned weight {@code k} (0..65535) and a synapse type: excitatory
 *       or inhibitory. In the IR a synapse's weight is signed: {@code w > 0} is excitatory with
 *       {@code k = w}, {@code w < 0} inhibitory with {@code k = -w}.</li>
 *   <li>Each arriving spike adds {@code k} to the ring-buffer entry of its (type, neuron, arrival
 *       step); the entry is 16-bit and <b>saturates</b> at 65535 (the 17th bit of the sum is
 *       tested after every addition; all terms are non-negative, so this equals
 *       {@code min(sum, 65535)}): {@link #ring}.</li>
 *   <li>At its step the entry becomes input {@code entry << shift} (raw s16.15, formed as a 32-bit
 *       integer, so {@code 65535 << 16} wraps negative exactly as on the core): {@link #toInput}.
 *       {@code shift} is the per-layer, per-type ring-buffer left shift.</li>
 *   <li>The delta input type multiplies each type's input by {@code 1 / dt} (ms). spikeport runs
 *       SpiNNaker at {@code dt = 1 ms}, where that factor is exactly 1.0 and the product is exact;
 *       no other time step is modelled.</li>
 * </ul>
 *
 * <h2>Neuron, one step</h2>
 *
 * <pre>
 *   I     = wrap32(exc - inh + i_offset)                      (additive bias: PyNN i_offset, nA)
 *   alpha = wrap32(mul(I, r_membrane) + v_rest)
 *   V     = wrap32(alpha - mul(exp_tc, wrap32(alpha - V)))
 *   spike iff V &gt;= v_thresh;  then V = v_reset
 *   mul(a, b) = sat32( floor((a * b + 2^14) / 2^15) )        (MULT_ROUND_NEAREST_ACCUM)
 * </pre>
 *
 * <ul>
 *   <li>{@link #mul}: the 64-bit product of two raw values is rounded to 15 fewer fraction bits by
 *       adding the bit below the cut ({@code __stdfix_round_s64}: floor of the shifted value plus
 *       bit 14 of the product), i.e. round half <b>up</b> (toward +infinity), then saturated to
 *       int32 ({@code __stdfix_sat_k}).</li>
 *   <li>Additions and subtractions of {@code accum} are plain 32-bit integer operations on the ARM
 *       and wrap (GCC's non-saturating {@code accum}); {@link #wrap32} models that.</li>
 *   <li>{@code r_membrane = tau_m / cm} and {@code exp_tc = exp(-dt / tau_m)} are s16.15 values the
 *       deployed network stores; spikeport deploys {@code r_membrane = 1.0} (32768) and
 *       {@code v_rest = 0}, so {@code alpha = I} exactly.</li>
 *   <li>The threshold test is {@code V >= v_thresh} (sPyNNaker's static threshold type); the reset
 *       sets V to {@code v_reset} and starts a refractory count of {@code ceil(tau_refrac / dt)}
 *       steps during which the neuron is not updated and its delta input of that step is lost.
 *       spikeport deploys {@code tau_refrac = 0}: the count is 0, the next step integrates
 *       normally (the trained model has no refractory period), so this class has no refractory
 *       state.</li>
 * </ul>
 *
 * <h2>Reset</h2>
 *
 * {@code IF_curr_delta}'s {@code neuron_model_has_spiked} sets V to the constant {@code v_reset}; the
 * model has no reset by subtraction, so a layer whose {@link ResetParameter} asks for it cannot run in
 * this arithmetic and is refused.
 *
 * <h2>Parameters in the deployed IR</h2>
 *
 * One value per layer: {@link #EXP_TC}, {@link #R_MEMBRANE}, {@link #V_REST}, {@link #V_THRESH},
 * {@link #V_RESET} (raw s16.15), {@link #SHIFT_EXC}, {@link #SHIFT_INH} (0..16); one value per
 * neuron: {@link #I_OFFSET} (raw s16.15).
 *
 * <p>All methods are static, pure and allocation-free.
 */
public final class SpinnakerLif {

    /** The arithmetic's name in profiles and in {@code NeuronParams.model()}. */
    public static final String NAME = "spinnaker-lif-s1615";

    /** Parameter names in {@code NeuronParams}. */
    public static final String EXP_TC = "exp_tc";
    public static final String R_MEMBRANE = "r_membrane";
    public static final String V_REST = "v_rest";
    public static final String V_THRESH = "v_thresh";
    public static final String V_RESET = "v_reset";
    public static final String I_OFFSET = "i_offset";
    public static final String SHIFT_EXC = "shift_exc";
    public static final String SHIFT_INH = "shift_inh";

    /** Fraction bits of s16.15. */
    public static final int FRAC_BITS = 15;
    /** The raw value of 1.0. */
    public static final long ONE = 1L << FRAC_BITS;
    /** Largest ring-buffer entry (16 bits, unsigned). */
    public static final long RING_MAX = 0xFFFF;
    /** Largest ring-buffer left shift: {@code 65535 << 16} is the widest value a 32-bit input holds. */
    public static final int MAX_SHIFT = 16;

    private SpinnakerLif() {
    }

    /** The low 32 bits of {@code x} as a signed value (two's complement wrap). */
    public static long wrap32(long x) {
        return (int) x;
    }

    /** {@code MULT_ROUND_NEAREST_ACCUM} on raw s16.15 values: round half up, saturate to int32. */
    public static long mul(long a, long b) {
        long p = a * b;
        long r = (p >> FRAC_BITS) + ((p >> (FRAC_BITS - 1)) & 1);
        return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, r));
    }

    /** A ring-buffer entry from the sum of the unsigned weights that arrived: saturates at 65535. */
    public static long ring(long sumOfWeights) {
        return Math.min(sumOfWeights, RING_MAX);
    }

    /** A ring-buffer entry as raw s16.15 input: {@code entry << shift} formed in 32 bits. */
    public static long toInput(long entry, int shift) {
        return wrap32(entry << shift);
    }

    /** The total input of a step: {@code exc - inh + i_offset}, each already raw s16.15. */
    public static long input(long exc, long inh, long iOffset) {
        return wrap32(wrap32(exc - inh) + iOffset);
    }

    /** The closed-form update: {@code alpha - mul(exp_tc, alpha - V)} with {@code alpha = mul(I, R) + V_rest}. */
    public static long update(long v, long input, long expTc, long rMembrane, long vRest) {
        long alpha = wrap32(mul(input, rMembrane) + vRest);
        return wrap32(alpha - mul(expTc, wrap32(alpha - v)));
    }

    /** The threshold test {@code V >= v_thresh}. */
    public static boolean spikes(long v, long vThresh) {
        return v >= vThresh;
    }

    /** The raw s16.15 value nearest {@code x} (half away from zero), not range-checked. */
    public static long fromDouble(double x) {
        double r = Math.floor(Math.abs(x) * ONE + 0.5);
        return (long) (x < 0 ? -r : r);
    }

    /** The real value of a raw s16.15 value. */
    public static double toDouble(long raw) {
        return raw / (double) ONE;
    }

    /** Whether {@code raw} fits the 32-bit s16.15 range. */
    public static boolean fits(long raw) {
        return raw >= Integer.MIN_VALUE && raw <= Integer.MAX_VALUE;
    }

    /**
     * The ring-buffer left shift sPyNNaker chooses for a synapse type whose largest expected summed
     * weight is {@code w} (in the input's units, nA): {@code p = ceil(log2 w)} but at least 0, plus one
     * when {@code 2^p <= w}; 0 when {@code w <= 0}. Weights are then stored as
     * {@code rint(|weight| * 2^(15 - p))}, so {@code w} maps below {@code 2^15}.
     */
    public static int ringBufferShift(double w) {
        if (!(w > 0)) {
            return 0;
        }
        int p = (int) Math.ceil(Math.max(0.0, Math.log(w) / Math.log(2)));
        if (Math.scalb(1.0, p) <= w) {
            p++;
        }
        while (p > 0 && Math.scalb(1.0, p - 1) > w) {
            p--;
        }
        return p;
    }

    /** The value of one unit of a stored weight under {@code shift}, in the input's units: {@code 2^(shift - 15)}. */
    public static double weightUnit(int shift) {
        return Math.scalb(1.0, shift - FRAC_BITS);
    }

    /**
     * The number of neuron-index bits sPyNNaker reserves for a core of {@code neurons} neurons
     * ({@code get_n_bits}: bits to number {@code 0..neurons-1}; 0 for a single neuron).
     */
    public static int indexBits(int neurons) {
        return neurons <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(neurons - 1);
    }

    /**
     * Delay slots of a core ({@code 2^(ringBufferBits - indexBits - synapseTypeBits)}): the largest
     * delay in steps its ring buffer serves without delay-extension cores.
     */
    public static int delaySlots(int ringBufferBits, int neuronsOnCore, int synapseTypeBits) {
        int bits = ringBufferBits - indexBits(neuronsOnCore) - synapseTypeBits;
        return bits < 0 ? 0 : 1 << bits;
    }
}
