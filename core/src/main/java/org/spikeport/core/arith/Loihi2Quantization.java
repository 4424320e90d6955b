package org.spikeport.core.arith;

import org.spikeport.core.arith.Loihi2Lif.SignMode;

/**
 * The quantization of one layer's folded float parameters to the registers of {@link Loihi2Lif}: the rule
 * the Loihi 2 exporter target deploys with and the one training for a {@code loihi2-lif} profile runs its
 * forward through ({@link #quantizer}).
 *
 * <p>Let {@code s} be the float value of one unit of the synaptic activation {@code a_in}; u and v then
 * count units of {@code s / 64} (the input enters u shifted left by 6).
 * <ul>
 *   <li><b>Scale</b>: {@code s_min} is the smallest scale that keeps every feed-forward weight in range at
 *       its sign mode's unit exponent ({@link Registers#minScale}). A hidden layer spikes when
 *       {@code v >= threshold}; an integer v spikes on the chip when {@code v >= (vth << 6) + 1}, so with
 *       {@code s = 64 threshold / (64 vth + 1)} the threshold is exact. vth is the largest integer with
 *       {@code s >= s_min}: {@code vth = floor((64 threshold / s_min - 1) / 64)}, within {@code 0 .. 2^vthBits - 1}.
 *       A readout (threshold {@code +Infinity}) takes {@code s = s_min} (1 when every weight is 0) and the
 *       largest vth.</li>
 *   <li><b>Weights</b>: {@link Registers#of} at scale {@code s}, feed-forward and recurrent synapses each with
 *       their own sign mode and exponent.</li>
 *   <li><b>Bias</b>: {@code bias_mant = round(c / s)} half away from zero, {@code bias_mant} units of
 *       {@code s} (the bias exponent 6 cancels the shift of u and v).</li>
 * </ul>
 *
 * @param scale     {@code s}, the float value of one unit of {@code a_in}
 * @param vth       the threshold mantissa
 * @param weights   the feed-forward registers
 * @param recurrent the recurrent registers ({@code null} for a layer without recurrent weights)
 * @param biasMant  each neuron's bias mantissa
 */
public record Loihi2Quantization(double scale, long vth, Registers weights, Registers recurrent, long[] biasMant) {

    /**
     * Quantizes {@code layer} for {@code bits} weight bits and a {@code vthBits}-bit threshold mantissa (see the
     * class comment).
     */
    public static Loihi2Quantization of(LayerQuantizer.Layer layer, int bits, int vthBits) {
        long vthMax = (1L << vthBits) - 1;
        double sMin = Registers.minScale(layer.weights(), bits);
        long vth;
        double s;
        if (layer.isReadout()) {
            vth = vthMax;
            s = sMin > 0 ? sMin : 1.0;
        } else {
            double t = layer.threshold();
            vth = sMin > 0 ? (long) Math.floor((64 * t / sMin - 1) / 64) : vthMax;
            vth = Math.max(0, Math.min(vthMax, vth));
            s = 64 * t / (64.0 * vth + 1);
        }
        Registers ff = Registers.of(layer.weights(), s, bits);
        Registers rec = layer.recurrent().length == 0 ? null : Registers.of(layer.recurrent(), s, bits);
        long[] biasMant = new long[layer.bias().length];
        for (int i = 0; i < biasMant.length; i++) {
            biasMant[i] = Loihi2Lif.roundHalfAway(layer.bias()[i] / s);
        }
        return new Loihi2Quantization(s, vth, ff, rec, biasMant);
    }

    /** The rule for {@code bits} weight bits and a {@code vthBits}-bit threshold mantissa, as a {@link LayerQuantizer}. */
    public static LayerQuantizer quantizer(int bits, int vthBits) {
        return layer -> {
            Loihi2Quantization q = of(layer, bits, vthBits);
            double[] bias = new double[q.biasMant().length];
            for (int i = 0; i < bias.length; i++) {
                bias[i] = q.biasMant()[i] * q.scale();
            }
            return new LayerQuantizer.Realised(q.weights().values(),
                    q.recurrent() == null ? new double[0] : q.recurrent().values(), bias);
        };
    }

    /**
     * One Dense's weights as registers at the layer's scale {@code s} (the float value of one unit of
     * {@code a_in}).
     *
     * @param mode      Lava's sign mode of the weights ({@link Loihi2Lif#signMode})
     * @param exp       the Dense's {@code weight_exp}
     * @param registers the registers, in the weights' order
     * @param scale     the float value of one register unit, {@code s * 2^exp}
     * @param maxError  the largest {@code |w - register * scale|}
     */
    public record Registers(SignMode mode, int exp, int[] registers, double scale, double maxError) {

        /** The float value of each register, {@code register * scale}. */
        public double[] values() {
            double[] v = new double[registers.length];
            for (int k = 0; k < v.length; k++) {
                v[k] = registers[k] * scale;
            }
            return v;
        }

        /**
         * {@code weights} at scale {@code s}: each register is {@link Loihi2Lif#quantizeWeight} of its weight
         * at {@code s * 2^exp}, with the smallest exponent at which every register lies in the mode's range
         * ({@link Loihi2Lif#minWeight}..{@link Loihi2Lif#maxWeight} for {@code bits}), starting from the
         * mode's unit exponent (0; mixed: -1, whose even registers are whole activations), where one register
         * step is one unit of {@code a_in} and a group's shift is exact. A smaller exponent would floor each
         * group's sum (Lava shifts sums arithmetically), which rounds a lone spike's activation worse than
         * rounding its weight to a whole unit; a larger one trades resolution for range.
         */
        public static Registers of(double[] weights, double s, int bits) {
            if (!(s > 0 && Double.isFinite(s))) {
                throw new IllegalArgumentException("a layer's scale must be positive and finite, got " + s);
            }
            SignMode mode = mode(weights);
            int lo = Loihi2Lif.minWeight(mode, bits);
            int hi = Loihi2Lif.maxWeight(mode, bits);
            for (int exp = mode == SignMode.MIXED ? -1 : 0; ; exp++) {
                double scale = Math.scalb(s, exp);
                int[] reg = new int[weights.length];
                double err = 0;
                boolean fits = true;
                for (int k = 0; k < weights.length && fits; k++) {
                    // far outside the range: not rounded, so the int register cannot wrap into it
                    fits = Math.abs(weights[k] / scale) <= hi - lo;
                    reg[k] = fits ? Loihi2Lif.quantizeWeight(weights[k], scale, mode) : 0;
                    fits &= reg[k] >= lo && reg[k] <= hi;
                    err = Math.max(err, Math.abs(weights[k] - reg[k] * scale));
                }
                if (fits) {
                    return new Registers(mode, exp, reg, scale, err);
                }
            }
        }

        /**
         * The smallest scale at which every weight fits its mode's range at the mode's unit exponent:
         * {@code max(w_max / 255, -w_min / 255)}, mixed {@code max(w_max / 127, -w_min / 128)} (for 8 bits);
         * 0 when every weight is 0.
         */
        public static double minScale(double[] weights, int bits) {
            SignMode mode = mode(weights);
            double pos = mode == SignMode.MIXED ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
            double neg = mode == SignMode.MIXED ? 1 << (bits - 1) : (1 << bits) - 1;
            double s = 0;
            for (double w : weights) {
                s = Math.max(s, w >= 0 ? w / pos : -w / neg);
            }
            return s;
        }

        /** Lava's sign mode of {@code weights} ({@link Loihi2Lif#signMode} of their span). */
        private static SignMode mode(double[] weights) {
            double min = 0;
            double max = 0;
            for (double w : weights) {
                min = Math.min(min, w);
                max = Math.max(max, w);
            }
            return Loihi2Lif.signMode(min, max);
        }
    }
}
