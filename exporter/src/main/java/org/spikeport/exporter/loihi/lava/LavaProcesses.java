package org.spikeport.exporter.loihi.lava;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jep.NDArray;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.SparseSynapses;

/**
 * A {@link Loihi2Lif loihi2-lif} network as Lava processes, built in the embedded interpreter
 * ({@link JepBridge}) by {@code spikeport_lava.build} and saved with
 * {@code lava.utils.serialization.save}.
 *
 * <p>Per layer: a {@code lava.proc.dense.process.DelayDense} with the dense {@code (outputs, inputs)}
 * matrices of weight registers and IR delays (0 where there is no synapse; Lava's DelayDense adds its
 * own one step, the profile's pipeline step), {@code weight_exp}, {@code num_weight_bits} and
 * {@code sign_mode} as process parameters, and {@code num_message_bits} = the graded payload width for
 * the first layer of a graded-input network, 0 (binary spikes) otherwise; feeding a
 * {@code lava.proc.lif.process.LIF} with {@code du}, {@code dv}, {@code vth}, {@code bias_mant} and
 * {@code bias_exp}. The file holds the list {@code [DelayDense_1, LIF_1, ..., DelayDense_L, LIF_L]},
 * connected in that order, {@code DelayDense_1.s_in} open for the input.
 *
 * <p>Before saving, {@code spikeport_lava.check} compares every Var with the layer and verifies that
 * Lava's {@code clip_weights} and {@code truncate_weights} leave the registers unchanged and that delays
 * are within DelayDense's 0..63; after saving, the file is loaded back and checked again.
 */
public final class LavaProcesses {

    /** The file name beside the NetX file. */
    public static final String FILE = "network.lava.pkl";

    private LavaProcesses() {
    }

    /** One layer as {@code spikeport_lava} takes it (dense matrices, row-major). */
    record Layer(String name, int inputs, int outputs, int[] weights, int[] delays, long weightExp,
                 long numWeightBits, long signMode, int numMessageBits, long du, long dv, long vth, int[] biasMant,
                 int[] biasExp) {
    }

    /** The layers of {@code net} in {@code spikeport_lava}'s form; a layer Lava cannot hold is an error. */
    static List<Layer> layers(DeployedNetwork net) {
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < net.layers().size(); i++) {
            DeployedLayer l = net.layers().get(i);
            String where = "layer " + i + " '" + l.name() + "'";
            NeuronParams p = l.neuron();
            if (!Loihi2Lif.NAME.equals(p.model())) {
                throw new SpikeportException(where + " is in arithmetic '" + p.model() + "'; Lava's LIF and "
                        + "DelayDense compute " + Loihi2Lif.NAME);
            }
            for (String shared : List.of(Loihi2Lif.DU, Loihi2Lif.DV, Loihi2Lif.VTH, Loihi2Lif.WEIGHT_EXP,
                    Loihi2Lif.NUM_WEIGHT_BITS, Loihi2Lif.SIGN_MODE)) {
                if (p.values().get(shared).length != 1) {
                    throw new SpikeportException(where + ": " + shared + " has one value per neuron; Lava's "
                            + "processes take one per layer");
                }
            }
            int n = l.inputs() * l.outputs();
            int[] weights = new int[n];
            int[] delays = new int[n];
            boolean[] used = new boolean[n];
            SparseSynapses s = l.synapses();
            for (int k = 0; k < s.size(); k++) {
                int at = s.post()[k] * l.inputs() + s.pre()[k];
                if (used[at]) {
                    throw new SpikeportException(where + ": synapse " + k + " (post " + s.post()[k] + ", pre "
                            + s.pre()[k] + ") repeats an earlier synapse's pair; Lava's DelayDense holds one "
                            + "weight and delay per pair");
                }
                used[at] = true;
                weights[at] = s.weight()[k];
                delays[at] = s.delay()[k];
            }
            int[] biasMant = new int[l.outputs()];
            int[] biasExp = new int[l.outputs()];
            for (int j = 0; j < l.outputs(); j++) {
                biasMant[j] = Math.toIntExact(p.value(Loihi2Lif.BIAS_MANT, j));
                biasExp[j] = Math.toIntExact(p.value(Loihi2Lif.BIAS_EXP, j));
            }
            int messageBits = i == 0 && net.input().kind() == InputEncoding.Kind.GRADED ? net.input().bits() : 0;
            out.add(new Layer(l.name(), l.inputs(), l.outputs(), weights, delays, p.value(Loihi2Lif.WEIGHT_EXP, 0),
                    p.value(Loihi2Lif.NUM_WEIGHT_BITS, 0), p.value(Loihi2Lif.SIGN_MODE, 0), messageBits,
                    p.value(Loihi2Lif.DU, 0), p.value(Loihi2Lif.DV, 0), p.value(Loihi2Lif.VTH, 0), biasMant, biasExp));
        }
        return out;
    }

    /**
     * Builds {@code net}'s processes in {@code env}, checks them, saves them to {@code file} and checks
     * the file loaded back; a problem is a {@link SpikeportException} listing what Lava would compute
     * differently.
     */
    public static Path save(DeployedNetwork net, Path file, LavaEnvironment env) {
        List<Layer> layers = layers(net);
        Path target = file.toAbsolutePath();
        List<?> problems = JepBridge.call(env, py -> {
            py.exec("_spikeport_layers = []");
            for (Layer l : layers) {
                py.set("_name", l.name());
                py.set("_weights", new NDArray<>(l.weights(), l.outputs(), l.inputs()));
                py.set("_delays", new NDArray<>(l.delays(), l.outputs(), l.inputs()));
                py.set("_bias_mant", new NDArray<>(l.biasMant(), l.outputs()));
                py.set("_bias_exp", new NDArray<>(l.biasExp(), l.outputs()));
                py.exec("_spikeport_layers.append(dict(name=_name, weights=_weights, delays=_delays, "
                        + "weight_exp=" + l.weightExp() + ", num_weight_bits=" + l.numWeightBits()
                        + ", sign_mode=" + l.signMode() + ", num_message_bits=" + l.numMessageBits()
                        + ", du=" + l.du() + ", dv=" + l.dv() + ", vth=" + l.vth()
                        + ", bias_mant=_bias_mant, bias_exp=_bias_exp))");
            }
            py.set("_path", target.toString());
            py.exec("_spikeport_problems = spikeport_lava.build_check_save(_spikeport_layers, _path)\n"
                    + "del _spikeport_layers, _name, _weights, _delays, _bias_mant, _bias_exp, _path");
            Object result = py.getValue("_spikeport_problems", List.class);
            py.exec("del _spikeport_problems");
            return (List<?>) result;
        });
        if (!problems.isEmpty()) {
            throw new SpikeportException(file + ": Lava would not compute this network as spikeport does: "
                    + String.join("; ", problems.stream().map(Object::toString).toList()));
        }
        return file;
    }
}
