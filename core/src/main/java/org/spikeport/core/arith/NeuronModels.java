package org.spikeport.core.arith;

import java.util.List;
import java.util.Map;
import org.spikeport.core.ir.NeuronParams;

/**
 * The neuron parameters each arithmetic's deployed layers hold, with the range of each: what a
 * {@code network.pb} must give for its layers to be simulated and exported. {@link #check} is applied
 * when a deployed network is read, so a layer that passes has every parameter its arithmetic computes
 * with, each within the range of the register it models (chip profiles may narrow them further).
 *
 * <table>
 *   <caption>Parameters by arithmetic (one value for the layer, or one per neuron)</caption>
 *   <tr><th>arithmetic</th><th>parameter</th><th>range</th></tr>
 *   <tr><td>{@value FloatLif#NAME}</td><td>tau, threshold, bias (float64 bits)</td>
 *       <td>tau finite {@code >= 1}; threshold {@code > 0}, finite or {@code +Infinity}; bias finite</td></tr>
 *   <tr><td></td><td>reset (optional, one value)</td><td>0 or 1</td></tr>
 *   <tr><td>{@value Loihi2Lif#NAME}</td><td>du, dv</td><td>0..4095</td></tr>
 *   <tr><td></td><td>vth</td><td>0..2^31-1</td></tr>
 *   <tr><td></td><td>bias_mant</td><td>-2^31..2^31-1</td></tr>
 *   <tr><td></td><td>bias_exp, weight_exp</td><td>-31..31</td></tr>
 *   <tr><td></td><td>num_weight_bits</td><td>1..8</td></tr>
 *   <tr><td></td><td>sign_mode</td><td>1..3 (Lava's codes)</td></tr>
 *   <tr><td></td><td>recurrent_weight_exp, recurrent_num_weight_bits, recurrent_sign_mode (optional;
 *       the recurrent Dense's, required by the arithmetic on a layer with recurrent synapses)</td>
 *       <td>as weight_exp, num_weight_bits, sign_mode</td></tr>
 *   <tr><td>{@value SpinnakerLif#NAME}</td><td>exp_tc, r_membrane, v_rest, v_thresh, v_reset, i_offset</td>
 *       <td>-2^31..2^31-1 (raw s16.15)</td></tr>
 *   <tr><td></td><td>shift_exc, shift_inh</td><td>0..{@value SpinnakerLif#MAX_SHIFT}</td></tr>
 *   <tr><td>{@value SenecaBf16Lif#NAME}</td><td>decay, threshold, bias</td><td>0..65535 (bf16 patterns)</td></tr>
 *   <tr><td>{@value TrueNorthLif#NAME}</td><td>leak, positive_threshold, negative_threshold,
 *       reset_potential</td><td>-2^31..2^31-1</td></tr>
 *   <tr><td></td><td>reset_mode</td><td>0 (absolute) or 1 (linear)</td></tr>
 *   <tr><td></td><td>input_copies</td><td>1..65536</td></tr>
 *   <tr><td></td><td>weight_0..weight_3 (optional)</td><td>-2^31..2^31-1</td></tr>
 * </table>
 *
 * <p>Every arithmetic but {@value TrueNorthLif#NAME} (which has its own reset_mode) may also hold the
 * optional {@value ResetParameter#NAME} parameter ({@link ResetParameter}, 0 or 1); an arithmetic whose
 * chip cannot reset by subtraction refuses a layer asking for it when it is simulated or exported, naming
 * the layer.
 */
public final class NeuronModels {

    /** One integer parameter and its range. */
    private record Param(String name, long min, long max, boolean required) {
    }

    private static final long INT_MIN = Integer.MIN_VALUE;
    private static final long INT_MAX = Integer.MAX_VALUE;

    private static final Map<String, List<Param>> INTEGER_PARAMS = Map.of(
            Loihi2Lif.NAME, List.of(
                    new Param(Loihi2Lif.DU, 0, 4095, true),
                    new Param(Loihi2Lif.DV, 0, 4095, true),
                    new Param(Loihi2Lif.VTH, 0, INT_MAX, true),
                    new Param(Loihi2Lif.BIAS_MANT, INT_MIN, INT_MAX, true),
                    new Param(Loihi2Lif.BIAS_EXP, -31, 31, true),
                    new Param(Loihi2Lif.WEIGHT_EXP, -31, 31, true),
                    new Param(Loihi2Lif.NUM_WEIGHT_BITS, 1, 8, true),
                    new Param(Loihi2Lif.SIGN_MODE, 1, 3, true),
                    new Param(Loihi2Lif.RECURRENT_WEIGHT_EXP, -31, 31, false),
                    new Param(Loihi2Lif.RECURRENT_NUM_WEIGHT_BITS, 1, 8, false),
                    new Param(Loihi2Lif.RECURRENT_SIGN_MODE, 1, 3, false),
                    new Param(ResetParameter.NAME, ResetParameter.ZERO, ResetParameter.SUBTRACT, false)),
            SpinnakerLif.NAME, List.of(
                    new Param(SpinnakerLif.EXP_TC, INT_MIN, INT_MAX, true),
                    new Param(SpinnakerLif.R_MEMBRANE, INT_MIN, INT_MAX, true),
                    new Param(SpinnakerLif.V_REST, INT_MIN, INT_MAX, true),
                    new Param(SpinnakerLif.V_THRESH, INT_MIN, INT_MAX, true),
                    new Param(SpinnakerLif.V_RESET, INT_MIN, INT_MAX, true),
                    new Param(SpinnakerLif.I_OFFSET, INT_MIN, INT_MAX, true),
                    new Param(SpinnakerLif.SHIFT_EXC, 0, SpinnakerLif.MAX_SHIFT, true),
                    new Param(SpinnakerLif.SHIFT_INH, 0, SpinnakerLif.MAX_SHIFT, true),
                    new Param(ResetParameter.NAME, ResetParameter.ZERO, ResetParameter.SUBTRACT, false)),
            SenecaBf16Lif.NAME, List.of(
                    new Param(SenecaBf16Lif.DECAY, 0, 0xFFFF, true),
                    new Param(SenecaBf16Lif.THRESHOLD, 0, 0xFFFF, true),
                    new Param(SenecaBf16Lif.BIAS, 0, 0xFFFF, true),
                    new Param(ResetParameter.NAME, ResetParameter.ZERO, ResetParameter.SUBTRACT, false)),
            TrueNorthLif.NAME, List.of(
                    new Param(TrueNorthLif.LEAK, INT_MIN, INT_MAX, true),
                    new Param(TrueNorthLif.POSITIVE_THRESHOLD, INT_MIN, INT_MAX, true),
                    new Param(TrueNorthLif.NEGATIVE_THRESHOLD, INT_MIN, INT_MAX, true),
                    new Param(TrueNorthLif.RESET_POTENTIAL, INT_MIN, INT_MAX, true),
                    new Param(TrueNorthLif.RESET_MODE, TrueNorthLif.ABSOLUTE, TrueNorthLif.LINEAR, true),
                    new Param(TrueNorthLif.INPUT_COPIES, 1, 1 << 16, true),
                    new Param(TrueNorthLif.WEIGHT_0, INT_MIN, INT_MAX, false),
                    new Param(TrueNorthLif.WEIGHT_1, INT_MIN, INT_MAX, false),
                    new Param(TrueNorthLif.WEIGHT_2, INT_MIN, INT_MAX, false),
                    new Param(TrueNorthLif.WEIGHT_3, INT_MIN, INT_MAX, false)),
            FloatLif.NAME, List.of(
                    new Param(FloatLif.RESET, FloatLif.RESET_ZERO, FloatLif.RESET_SUBTRACT, false)));

    /** The {@value FloatLif#NAME} parameters that hold float64 bits, each required. */
    private static final List<String> FLOAT_PARAMS = List.of("tau", "threshold", "bias");

    private NeuronModels() {
    }

    /**
     * Checks a deployed layer's neuron parameters against its arithmetic: a known arithmetic, every
     * required parameter present, no unknown one, every value in range. (The number of values, one or one
     * per neuron, is checked by the layer itself.)
     *
     * @throws IllegalArgumentException naming the parameter, the neuron, the value and the range
     */
    public static void check(NeuronParams p) {
        List<Param> params = INTEGER_PARAMS.get(p.model());
        if (params == null) {
            throw new IllegalArgumentException("neuron model '" + p.model() + "' is not one of "
                    + INTEGER_PARAMS.keySet().stream().sorted().toList());
        }
        for (String name : p.values().keySet()) {
            if (params.stream().noneMatch(q -> q.name().equals(name))
                    && !(p.model().equals(FloatLif.NAME) && FLOAT_PARAMS.contains(name))) {
                throw new IllegalArgumentException("neuron model '" + p.model() + "' has no parameter '" + name + "'");
            }
        }
        for (Param q : params) {
            long[] v = p.values().get(q.name());
            if (v == null) {
                if (q.required()) {
                    throw new IllegalArgumentException("neuron parameter '" + q.name() + "' of model '" + p.model()
                            + "' is missing");
                }
                continue;
            }
            for (int i = 0; i < v.length; i++) {
                if (v[i] < q.min() || v[i] > q.max()) {
                    throw new IllegalArgumentException("neuron parameter '" + q.name() + "'" + neuron(i, v.length)
                            + " is " + v[i] + ", outside " + q.min() + ".." + q.max());
                }
            }
        }
        if (p.model().equals(FloatLif.NAME)) {
            checkFloat(p);
        }
    }

    private static void checkFloat(NeuronParams p) {
        for (String name : FLOAT_PARAMS) {
            long[] v = p.values().get(name);
            if (v == null) {
                throw new IllegalArgumentException("neuron parameter '" + name + "' of model '" + FloatLif.NAME
                        + "' is missing");
            }
            for (int i = 0; i < v.length; i++) {
                double d = Double.longBitsToDouble(v[i]);
                boolean ok = switch (name) {
                    case "tau" -> d >= 1 && Double.isFinite(d);
                    case "threshold" -> d > 0;
                    default -> Double.isFinite(d);
                };
                if (!ok) {
                    throw new IllegalArgumentException("neuron parameter '" + name + "'" + neuron(i, v.length) + " is "
                            + d + "; " + switch (name) {
                                case "tau" -> "tau must be a finite number of steps >= 1";
                                case "threshold" -> "a threshold must be > 0 (+Infinity for a readout)";
                                default -> "a bias must be finite";
                            });
                }
            }
        }
    }

    private static String neuron(int i, int count) {
        return count == 1 ? "" : " of neuron " + i;
    }
}
