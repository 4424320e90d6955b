package org.spikeport.core.arith;

/**
 * The quantization of one layer's folded float parameters to the s16.15 values and stored weights of
 * {@link SpinnakerLif}: the rule the SpiNNaker exporter target deploys with and the one training for a
 * {@code spinnaker-lif-s1615} profile runs its forward through ({@link #QUANTIZER}).
 *
 * <p>The trained neuron is {@code v' = (1 - 1/tau) v + I + b}; the chip computes
 * {@code V' ~ e V + (1 - e) I_chip}, {@code e = exp_tc / 2^15}, and {@code u} is the float value of 1 mV of
 * chip membrane.
 * <ul>
 *   <li><b>Leak</b>: {@code exp_tc = round(2^15 (1 - 1/tau))} (s16.15), within {@code 0 .. 2^15 - 1}.</li>
 *   <li><b>Unit</b>: hidden layers take {@code u = threshold / 2^j}, the readout {@code u = 2^m}, with the
 *       largest {@code j} ({@code j <= 13}; smallest {@code m}) that keeps the largest summed input of a neuron
 *       (the larger of its excitatory and inhibitory weight sums over its feed-forward and recurrent
 *       synapses, plus its bias, over {@code 1 - e}) within {@value #INPUT_LIMIT} units of {@code u}.</li>
 *   <li><b>Shifts</b>: per sign, the largest summed weight {@code W = max_i sum |w| / ((1 - e) u)} gives the
 *       ring-buffer shift {@link SpinnakerLif#ringBufferShift}; one stored unit is
 *       {@code (1 - e) u 2^(shift - 15)} ({@link #scaleExc}, {@link #scaleInh}).</li>
 *   <li><b>Weights</b>: {@code k = round(|w| / scale)} half away from zero, stored as {@code +k} (excitatory)
 *       or {@code -k}; {@code 0} means the synapse is dropped.</li>
 *   <li><b>Bias</b>: {@code i_offset = s16.15(c / ((1 - e) u))}.</li>
 * </ul>
 *
 * @param expTc          the leak factor {@code e} in s16.15
 * @param unit           {@code u}
 * @param summedExc      the largest excitatory summed weight {@code W} in nA
 * @param summedInh      the largest inhibitory summed weight in nA
 * @param shiftExc       the excitatory ring-buffer shift
 * @param shiftInh       the inhibitory ring-buffer shift
 * @param weights        each feed-forward weight's stored value, signed
 * @param recurrent      each recurrent weight's stored value, signed
 * @param iOffset        each neuron's bias current in s16.15
 */
public record SpinnakerQuantization(long expTc, double unit, double summedExc, double summedInh, int shiftExc,
                                    int shiftInh, long[] weights, long[] recurrent, long[] iOffset) {

    /** The largest summed input per neuron, nA (and the largest threshold, mV): {@code 2^13}. */
    public static final double INPUT_LIMIT = 8192.0;

    /** The rule as a {@link LayerQuantizer}: the float value of every stored weight and bias. */
    public static final LayerQuantizer QUANTIZER = layer -> {
        SpinnakerQuantization q = of(layer);
        double[] bias = new double[q.iOffset().length];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = SpinnakerLif.toDouble(q.iOffset()[i]) * q.gain() * q.unit();
        }
        return new LayerQuantizer.Realised(q.values(q.weights()), q.values(q.recurrent()), bias);
    };

    /** {@code 1 - e}: the part of a step's input that reaches V. */
    public double gain() {
        return 1 - SpinnakerLif.toDouble(expTc);
    }

    /** The float value of one stored excitatory weight unit. */
    public double scaleExc() {
        return gain() * unit * SpinnakerLif.weightUnit(shiftExc);
    }

    /** The float value of one stored inhibitory weight unit. */
    public double scaleInh() {
        return gain() * unit * SpinnakerLif.weightUnit(shiftInh);
    }

    /** The float value of each stored weight. */
    public double[] values(long[] stored) {
        double[] v = new double[stored.length];
        for (int k = 0; k < v.length; k++) {
            v[k] = stored[k] > 0 ? stored[k] * scaleExc() : stored[k] * scaleInh();
        }
        return v;
    }

    /** Quantizes {@code layer} (see the class comment). */
    public static SpinnakerQuantization of(LayerQuantizer.Layer layer) {
        long expTc = Math.max(0, Math.min(SpinnakerLif.ONE - 1, SpinnakerLif.fromDouble(1 - 1 / layer.tau())));
        double gain = 1 - SpinnakerLif.toDouble(expTc);
        int n = layer.bias().length;
        double[] pos = new double[n];
        double[] neg = new double[n];
        addSummedWeights(layer.weights(), layer.post(), pos, neg);
        addSummedWeights(layer.recurrent(), layer.recurrentPost(), pos, neg);
        double wExc = 0;
        double wInh = 0;
        double load = 0;
        for (int i = 0; i < n; i++) {
            wExc = Math.max(wExc, pos[i]);
            wInh = Math.max(wInh, neg[i]);
            load = Math.max(load, Math.max(pos[i], neg[i]) + Math.abs(layer.bias()[i]));
        }
        load /= gain;
        double u;
        if (layer.isReadout()) {
            int m = load > 0 ? (int) Math.ceil(Math.log(load / INPUT_LIMIT) / Math.log(2)) : 0;
            while (load / Math.scalb(1.0, m) > INPUT_LIMIT) {
                m++;
            }
            u = Math.scalb(1.0, m);
        } else {
            int j = 13;
            if (load > 0) {
                j = Math.min(13, (int) Math.floor(Math.log(INPUT_LIMIT * layer.threshold() / load) / Math.log(2)));
                while (load / (layer.threshold() * Math.scalb(1.0, -j)) > INPUT_LIMIT) {
                    j--;
                }
            }
            u = layer.threshold() * Math.scalb(1.0, -j);
        }
        double excNa = wExc / (gain * u);
        double inhNa = wInh / (gain * u);
        int shiftExc = SpinnakerLif.ringBufferShift(excNa);
        int shiftInh = SpinnakerLif.ringBufferShift(inhNa);
        double scaleExc = gain * u * SpinnakerLif.weightUnit(shiftExc);
        double scaleInh = gain * u * SpinnakerLif.weightUnit(shiftInh);
        long[] iOffset = new long[n];
        for (int i = 0; i < n; i++) {
            iOffset[i] = SpinnakerLif.fromDouble(layer.bias()[i] / (gain * u));
        }
        return new SpinnakerQuantization(expTc, u, excNa, inhNa, shiftExc, shiftInh,
                store(layer.weights(), scaleExc, scaleInh), store(layer.recurrent(), scaleExc, scaleInh), iOffset);
    }

    /** Adds each weight to its post's sum of positive weights ({@code pos}) or of negated negative ones ({@code neg}). */
    private static void addSummedWeights(double[] weights, int[] post, double[] pos, double[] neg) {
        for (int k = 0; k < weights.length; k++) {
            double w = weights[k];
            if (w > 0) {
                pos[post[k]] += w;
            } else {
                neg[post[k]] -= w;
            }
        }
    }

    private static long[] store(double[] weights, double scaleExc, double scaleInh) {
        long[] q = new long[weights.length];
        for (int k = 0; k < q.length; k++) {
            double w = weights[k];
            q[k] = w > 0 ? Loihi2Lif.roundHalfAway(w / scaleExc) : -Loihi2Lif.roundHalfAway(-w / scaleInh);
        }
        return q;
    }
}
