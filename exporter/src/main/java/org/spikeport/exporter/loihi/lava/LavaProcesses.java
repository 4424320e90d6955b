package org.spikeport.exporter.loihi.lava;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jep.Interpreter;
import jep.JepException;
import jep.NDArray;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.arith.ResetParameter;
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
 * {@code bias_exp}. A layer with recurrent synapses has a second {@code DelayDense} from its LIF's
 * {@code s_out} back to its {@code a_in}, with the dense {@code (outputs, outputs)} recurrent registers,
 * its own {@code weight_exp}, {@code num_weight_bits} and {@code sign_mode} (the layer's
 * {@code recurrent_*} parameters), {@code num_message_bits} 0, and Lava delays {@code D - 1} for the IR
 * lags {@code D >= 1}: like every Dense it sends in step {@code t + 1} what it received in step {@code t},
 * so a spike at {@code t} through Lava delay {@code D - 1} reaches {@code a_in} at {@code t + D}; Lava's
 * {@code a_in} port adds the two Denses' activations. The file holds the list of every layer's processes,
 * {@code [DelayDense_1, LIF_1, (recurrent DelayDense_1,) ..., DelayDense_L, LIF_L (, recurrent DelayDense_L)]}
 * (for a feed-forward network {@code [DelayDense_1, LIF_1, ..., DelayDense_L, LIF_L]}), the feed-forward
 * chain connected in that order, {@code DelayDense_1.s_in} open for the input. Lava's LIF resets to 0
 * only, so a layer asking for reset by subtraction is refused.
 *
 * <p>Before saving, {@code spikeport_lava.check} compares every Var with the layer and verifies that
 * Lava's {@code clip_weights} and {@code truncate_weights} leave the registers unchanged and that delays
 * are within DelayDense's 0..63, for both Denses of a layer; after saving, the file is loaded back and
 * checked again.
 */
public final class LavaProcesses {

    /** The file name beside the NetX file. */
    public static final String FILE = "network.lava.pkl";

    private LavaProcesses() {
    }

    /**
     * One Dense as {@code spikeport_lava} takes it: the dense {@code (outputs, inputs)} registers and Lava
     * delays, row-major, 0 where there is no synapse.
     */
    record Dense(int[] weights, int[] delays, long weightExp, long numWeightBits, long signMode) {
    }

    /** One layer as {@code spikeport_lava} takes it; {@code recurrent} is null for a feed-forward layer. */
    record Layer(String name, int inputs, int outputs, Dense dense, int numMessageBits, long du, long dv, long vth,
                 int[] biasMant, int[] biasExp, Dense recurrent) {
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
            if (ResetParameter.subtracts(p)) {
                throw new SpikeportException(where + " resets by subtraction; Lava's LIF resets v to 0 after a spike");
            }
            List<String> shared = new ArrayList<>(List.of(Loihi2Lif.DU, Loihi2Lif.DV, Loihi2Lif.VTH,
                    Loihi2Lif.WEIGHT_EXP, Loihi2Lif.NUM_WEIGHT_BITS, Loihi2Lif.SIGN_MODE));
            if (l.isRecurrent()) {
                shared.addAll(List.of(Loihi2Lif.RECURRENT_WEIGHT_EXP, Loihi2Lif.RECURRENT_NUM_WEIGHT_BITS,
                        Loihi2Lif.RECURRENT_SIGN_MODE));
            }
            for (String key : shared) {
                if (!p.has(key)) {
                    throw new SpikeportException(where + " has no parameter '" + key + "', which its Lava processes need");
                }
                if (p.values().get(key).length != 1) {
                    throw new SpikeportException(where + ": " + key + " has one value per neuron; Lava's "
                            + "processes take one per layer");
                }
            }
            Dense dense = dense(l.synapses(), l.outputs(), l.inputs(), 0, where + ": synapse ", p,
                    Loihi2Lif.WEIGHT_EXP, Loihi2Lif.NUM_WEIGHT_BITS, Loihi2Lif.SIGN_MODE);
            // a Dense sends in step t + 1 what it received in step t: IR lag D is Lava delay D - 1
            Dense recurrent = l.isRecurrent() ? dense(l.recurrent(), l.outputs(), l.outputs(), 1,
                    where + ": recurrent synapse ", p, Loihi2Lif.RECURRENT_WEIGHT_EXP,
                    Loihi2Lif.RECURRENT_NUM_WEIGHT_BITS, Loihi2Lif.RECURRENT_SIGN_MODE) : null;
            int[] biasMant = new int[l.outputs()];
            int[] biasExp = new int[l.outputs()];
            for (int j = 0; j < l.outputs(); j++) {
                biasMant[j] = Math.toIntExact(p.value(Loihi2Lif.BIAS_MANT, j));
                biasExp[j] = Math.toIntExact(p.value(Loihi2Lif.BIAS_EXP, j));
            }
            int messageBits = i == 0 && net.input().kind() == InputEncoding.Kind.GRADED ? net.input().bits() : 0;
            out.add(new Layer(l.name(), l.inputs(), l.outputs(), dense, messageBits, p.value(Loihi2Lif.DU, 0),
                    p.value(Loihi2Lif.DV, 0), p.value(Loihi2Lif.VTH, 0), biasMant, biasExp, recurrent));
        }
        return out;
    }

    /**
     * {@code s} as a dense {@code (rows, cols)} Dense with Lava delays {@code delay - pipeline} and the
     * layer's parameters {@code expKey}, {@code bitsKey}, {@code modeKey}; a repeated pair is an error.
     */
    private static Dense dense(SparseSynapses s, int rows, int cols, int pipeline, String where, NeuronParams p,
                               String expKey, String bitsKey, String modeKey) {
        int[] weights = new int[rows * cols];
        int[] delays = new int[rows * cols];
        boolean[] used = new boolean[rows * cols];
        for (int k = 0; k < s.size(); k++) {
            int at = s.post()[k] * cols + s.pre()[k];
            if (used[at]) {
                throw new SpikeportException(where + k + " (post " + s.post()[k] + ", pre " + s.pre()[k]
                        + ") repeats an earlier synapse's pair; Lava's DelayDense holds one weight and delay per pair");
            }
            used[at] = true;
            weights[at] = s.weight()[k];
            delays[at] = s.delay()[k] - pipeline;
        }
        return new Dense(weights, delays, p.value(expKey, 0), p.value(bitsKey, 0), p.value(modeKey, 0));
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
                py.set("_bias_mant", new NDArray<>(l.biasMant(), l.outputs()));
                py.set("_bias_exp", new NDArray<>(l.biasExp(), l.outputs()));
                define(py, "_dense", l.dense(), l.outputs(), l.inputs());
                define(py, "_recurrent", l.recurrent(), l.outputs(), l.outputs());
                py.exec("_spikeport_layers.append(dict(name=_name, **_dense, num_message_bits=" + l.numMessageBits()
                        + ", du=" + l.du() + ", dv=" + l.dv() + ", vth=" + l.vth()
                        + ", bias_mant=_bias_mant, bias_exp=_bias_exp, recurrent=_recurrent))");
            }
            py.set("_path", target.toString());
            py.exec("_spikeport_problems = spikeport_lava.build_check_save(_spikeport_layers, _path)\n"
                    + "del _spikeport_layers, _name, _dense, _recurrent, _bias_mant, _bias_exp, _path");
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

    /**
     * Defines the Python variable {@code name} as the dict {@code spikeport_lava} takes for a Dense
     * ({@code weights}, {@code delays}, {@code weight_exp}, {@code num_weight_bits}, {@code sign_mode}), or
     * as {@code None} for no Dense.
     */
    private static void define(Interpreter py, String name, Dense d, int rows, int cols) throws JepException {
        if (d == null) {
            py.exec(name + " = None");
            return;
        }
        py.set("_weights", new NDArray<>(d.weights(), rows, cols));
        py.set("_delays", new NDArray<>(d.delays(), rows, cols));
        py.exec(name + " = dict(weights=_weights, delays=_delays, weight_exp=" + d.weightExp() + ", num_weight_bits="
                + d.numWeightBits() + ", sign_mode=" + d.signMode() + ")\ndel _weights, _delays");
    }
}
