package org.spikeport.exporter;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.profile.HardwareProfile;

/**
 * Deploys a {@link FoldedNetwork} unchanged into the {@link FloatLif lif-float} arithmetic, for the
 * targets that keep the trained model's floating-point values ({@code float}, {@code nir}).
 *
 * <p>Per layer: every synapse of the folded layer, in its order, with its weight encoded by
 * {@link FloatLif#encodeWeight} (float32) and its delay unchanged (the IR's delay contract); its
 * recurrent synapses likewise (float32 weights, delays {@code D >= 1}, in their post-major order);
 * neuron parameters {@link FloatLif#params}{@code (tau, threshold, bias, reset)} with {@code tau},
 * {@code threshold} and the folded bias exact in float64 and the reset mode as {@link FloatLif#RESET}
 * (written only for reset by subtraction). Nothing is quantized beyond the float32 weights; the
 * quantization map holds {@code max_abs_weight_error}, the largest {@code |w - (float) w|} of the
 * layer's feed-forward synapses (0 when it has none), and for a recurrent layer
 * {@code max_abs_recurrent_weight_error}, the same over its recurrent synapses. The network keeps the
 * folded network's decoding.
 *
 * <p>Input: {@link InputEncoding.Kind#GRADED} with 32 payload bits. The per-step input counts reach the
 * first layer as numbers (one graded event per channel and step, carrying the count), which is how the
 * trained model consumes them; 32 bits hold any count a step can have.
 */
public final class FloatDeployment {

    /** Input encoding of every float deployment. */
    public static final InputEncoding INPUT = new InputEncoding(InputEncoding.Kind.GRADED, 32);

    private FloatDeployment() {
    }

    /**
     * The float deployment of {@code net} for {@code target}.
     *
     * @throws SpikeportException if {@code profile}'s arithmetic is not {@value FloatLif#NAME}
     */
    public static DeployedNetwork deploy(String target, FoldedNetwork net, HardwareProfile profile,
                                         Provenance provenance) {
        if (!FloatLif.NAME.equals(profile.arithmetic())) {
            throw new SpikeportException("profile '" + profile.name() + "' uses the arithmetic '" + profile.arithmetic()
                    + "', but target '" + target + "' deploys in '" + FloatLif.NAME + "'; give a " + FloatLif.NAME
                    + " profile (e.g. '" + target + "')");
        }
        List<DeployedLayer> layers = new ArrayList<>(net.layers().size());
        for (FoldedNetwork.Layer l : net.layers()) {
            SortedMap<String, Double> quantization = new TreeMap<>();
            int[] weight = encode(l.weight(), quantization, "max_abs_weight_error");
            SparseSynapses synapses = new SparseSynapses(l.pre().clone(), l.post().clone(), weight, l.delay().clone());
            SparseSynapses recurrent = SparseSynapses.empty();
            if (l.isRecurrent()) {
                FoldedNetwork.Synapses r = l.recurrent();
                recurrent = new SparseSynapses(r.pre().clone(), r.post().clone(),
                        encode(r.weight(), quantization, "max_abs_recurrent_weight_error"), r.delay().clone());
            }
            layers.add(new DeployedLayer(l.name(), l.inputs(), l.outputs(), synapses,
                    FloatLif.params(l.tau(), l.threshold(), l.bias(), l.reset()), quantization, recurrent));
        }
        return new DeployedNetwork(net.inputs(), net.dtMs(), target, profile.name(), profile.sha256(), INPUT, layers,
                net.trailingSteps(), provenance, net.decoding());
    }

    /** The float32 encodings of {@code weights}; puts their largest rounding error under {@code errorKey}. */
    private static int[] encode(double[] weights, SortedMap<String, Double> quantization, String errorKey) {
        int[] encoded = new int[weights.length];
        double error = 0;
        for (int s = 0; s < weights.length; s++) {
            encoded[s] = FloatLif.encodeWeight(weights[s]);
            error = Math.max(error, Math.abs(weights[s] - FloatLif.decodeWeight(encoded[s])));
        }
        quantization.put(errorKey, error);
        return encoded;
    }
}
