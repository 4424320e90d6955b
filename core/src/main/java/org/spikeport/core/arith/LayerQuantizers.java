package org.spikeport.core.arith;

import org.spikeport.core.SpikeportException;
import org.spikeport.core.profile.HardwareProfile;

/**
 * The {@link LayerQuantizer} of each arithmetic, configured by a profile's widths: the one place that maps an
 * arithmetic's name to its rounding rule.
 *
 * <table>
 *   <caption>Rounding rule by arithmetic</caption>
 *   <tr><th>arithmetic</th><th>rule</th></tr>
 *   <tr><td>{@value FloatLif#NAME}</td><td>{@link LayerQuantizer#EXACT}</td></tr>
 *   <tr><td>{@value Loihi2Lif#NAME}</td><td>{@link Loihi2Quantization} (the profile's weight bits and
 *       {@code vth} width)</td></tr>
 *   <tr><td>{@value SpinnakerLif#NAME}</td><td>{@link SpinnakerQuantization}</td></tr>
 *   <tr><td>{@value TrueNorthLif#NAME}</td><td>{@link TrueNorthQuantization} (the profile's {@code neuron}
 *       widths of weight, leak and threshold)</td></tr>
 *   <tr><td>{@value SenecaBf16Lif#NAME}</td><td>every weight and bias rounded to bf16
 *       ({@link SenecaBf16Lif#fromDouble})</td></tr>
 * </table>
 */
public final class LayerQuantizers {

    private LayerQuantizers() {
    }

    /**
     * The rounding rule of {@code profile}'s arithmetic.
     *
     * @throws SpikeportException when the arithmetic has none here, or the profile lacks a width it needs
     */
    public static LayerQuantizer of(HardwareProfile profile) {
        return switch (profile.arithmetic()) {
            case FloatLif.NAME -> LayerQuantizer.EXACT;
            case Loihi2Lif.NAME -> Loihi2Quantization.quantizer(width(profile, null), width(profile, Loihi2Lif.VTH));
            case SpinnakerLif.NAME -> SpinnakerQuantization.QUANTIZER;
            case TrueNorthLif.NAME -> TrueNorthQuantization.quantizer(width(profile, "weight"), width(profile, "leak"),
                    width(profile, "threshold"));
            case SenecaBf16Lif.NAME -> layer -> new LayerQuantizer.Realised(bf16(layer.weights()),
                    bf16(layer.recurrent()), bf16(layer.bias()));
            default -> throw new SpikeportException("profile '" + profile.name() + "': training does not model the "
                    + "precision of arithmetic '" + profile.arithmetic() + "' yet; train without --for and check the "
                    + "export, or give a profile of another arithmetic");
        };
    }

    /** The weight bits ({@code neuron == null}) or a neuron width of {@code profile}. */
    private static int width(HardwareProfile profile, String neuron) {
        Integer w = neuron == null ? profile.weights().bits() : profile.neuron().get(neuron);
        if (w == null) {
            throw new SpikeportException("profile '" + profile.name() + "' gives no "
                    + (neuron == null ? "weight bits" : "bit width for neuron '" + neuron + "'")
                    + ", which its arithmetic '" + profile.arithmetic() + "' needs; add it to the profile");
        }
        return w;
    }

    /** Each value as the bf16 it is deployed as; a value beyond bf16's range is kept (the export reports it). */
    private static double[] bf16(double[] values) {
        double[] out = new double[values.length];
        for (int k = 0; k < out.length; k++) {
            int b = SenecaBf16Lif.fromDouble(values[k]);
            out[k] = SenecaBf16Lif.isFinite(b) ? SenecaBf16Lif.toFloat(b) : values[k];
        }
        return out;
    }
}
