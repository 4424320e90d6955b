package org.spikeport.exporter.loihi;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.arith.Loihi2Lif.SignMode;
import org.spikeport.core.arith.Loihi2Quantization;
import org.spikeport.core.arith.ResetParameter;
import org.spikeport.core.files.AtomicFiles;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.exporter.Feature;
import org.spikeport.exporter.FoldedNetwork;
import org.spikeport.exporter.Target;
import org.spikeport.exporter.Violation;
import org.spikeport.exporter.loihi.lava.LavaEnvironment;
import org.spikeport.exporter.loihi.lava.LavaProcesses;

/**
 * Loihi 2 through Lava and lava-dl NetX, in the integer arithmetic of {@link Loihi2Lif}.
 *
 * <h2>Quantization of a layer</h2>
 *
 * The layer's scale, threshold mantissa, weight registers and bias mantissas are
 * {@link Loihi2Quantization}'s, the rule training for a Loihi 2 profile also runs through. Let {@code s} be the
 * float value of one unit of the synaptic activation {@code a_in}; u and v then
 * count units of {@code s / 64} (the input enters u shifted left by 6).
 * <ul>
 *   <li><b>Current</b>: {@code du = 4096 - 1 = 4095}; the decay constant {@code du + 1 = 4096} makes
 *       {@code trunc0(u * 0 / 4096) = 0}, so u holds exactly this step's input, as the trained
 *       neuron's {@code I[t]}.</li>
 *   <li><b>Voltage decay</b>: {@code v (1 - 1/tau) ~ v (4096 - dv) / 4096}, {@code dv = round(4096 / tau)}
 *       (half away from zero); {@code v_decay_error = dv/4096 - 1/tau} is recorded.</li>
 *   <li><b>Sign mode</b>: Lava's {@code determine_sign_mode} on the float weights. Excitatory
 *       and inhibitory layers use registers {@code [0, 255]} / {@code [-255, 0]} with
 *       {@code weight_exp = 0}; mixed layers use even registers in {@code [-256, 254]} with
 *       {@code weight_exp = -1}, i.e. activations of {@code [-128, 127]} per synapse, which is the
 *       exponent NetX's {@code optimize_weight_bits} derives for such a matrix (the scale below keeps
 *       every weight in range at that exponent; {@link Loihi2Quantization.Registers#of} would raise it otherwise).
 *       {@code num_weight_bits} is the profile's weight bits (8). The range bounds come from the
 *       profile's weight bits.</li>
 *   <li><b>Scale</b>: {@code s_min} is the smallest scale that keeps every weight in range
 *       ({@code max(w_max / 255, -w_min / 255)}, mixed: {@code max(w_max / 127, -w_min / 128)},
 *       {@link Loihi2Quantization.Registers#minScale}). A hidden
 *       layer spikes when {@code v >= threshold}; an integer v spikes on the chip when
 *       {@code v >= (vth << 6) + 1}, so with {@code s = 64 threshold / (64 vth + 1)} the threshold is
 *       exact. vth is the largest integer with {@code s >= s_min}:
 *       {@code vth = floor((64 threshold / s_min - 1) / 64)}, limited to the profile's vth width.</li>
 *   <li><b>Weights</b>: register {@code = round(w / weight_scale)} half away from zero (mixed: to the
 *       nearest even value), {@code weight_scale = s * 2^weight_exp} ({@link Loihi2Quantization.Registers#of}).</li>
 *   <li><b>Bias</b> (folded BatchNorm): {@code bias_exp = 6}, the value NetX's
 *       {@code Network.get_neuron_params} always passes to the LIF, so the bias added to v is
 *       {@code bias_mant << 6}, i.e. {@code bias_mant} units of {@code s}:
 *       {@code bias_mant = round(b / s)}; it must fit the profile's signed {@code bias_mant} width.</li>
 *   <li><b>Readout</b> (threshold {@code +Infinity}): {@code s = s_min}, vth the largest the profile's
 *       vth width holds. Its output is {@code v * v_scale} (recorded as {@code output_scale}). With 17-bit
 *       vth and 24-bit v, {@code (vth << 6) = 2^23 - 64}: the readout can spike (and reset) only when v is
 *       within 63 units of the saturation value {@code 2^23 - 1}, i.e. once it is out of range anyway.</li>
 * </ul>
 *
 * <h2>Recurrent synapses</h2>
 *
 * A layer's recurrent synapses are a second DelayDense from its LIF's {@code s_out} to its own
 * {@code a_in}, whose activation Lava adds to the feed-forward Dense's ({@link Loihi2Lif}). They enter the
 * same u as the feed-forward synapses, so they are quantized at the layer's scale {@code s}, by the same
 * {@link Loihi2Quantization.Registers#of}: their own sign mode ({@code recurrent_sign_mode}), {@code recurrent_num_weight_bits}
 * the profile's weight bits, and {@code recurrent_weight_exp} the smallest exponent from the mode's unit
 * exponent (0, mixed -1) at which every register fits, so the exponent absorbs recurrent weights larger
 * than the feed-forward range while the threshold stays exact. The IR lag {@code D >= 1} is kept; the chip
 * delay is {@code D + recurrent_offset - pipeline_steps_per_layer} ({@link #recurrentChipDelay}; Lava
 * delay {@code D - 1}), and {@link #check} reports every recurrent synapse whose chip delay lies outside
 * the profile's {@code 0..max} ({@code recurrent-delay-range}). Reset by subtraction has no Lava
 * counterpart: the layer records it ({@code ResetParameter}) and the export refuses it
 * ({@code Feature.RESET_BY_SUBTRACTION} is not deployed).
 *
 * Quantization map of each layer: {@code input_scale} (s), {@code weight_scale} (float per weight
 * register unit), {@code v_scale} ({@code s / 64}, float per unit of u and v), {@code threshold_scale}
 * (float per unit of vth, = s), {@code threshold_effective} and {@code threshold_error} (hidden layers),
 * {@code max_abs_weight_error}, {@code max_abs_bias_error}, {@code tau_effective},
 * {@code v_decay_error}, {@code input_wrap_limit} (one step's input, in float units, above which u
 * wraps), {@code v_saturation} (float value where v saturates), for the readout
 * {@code output_scale}, and for a recurrent layer {@code recurrent_weight_scale} and
 * {@code max_abs_recurrent_weight_error}.
 *
 * <h2>Input</h2>
 *
 * When the profile's input kind is {@code graded}, a channel's count in a step is one graded spike
 * whose payload is the count ({@link InputEncoding.Kind#GRADED}, the profile's payload bits). Lava's
 * Dense with {@code num_message_bits > 0} computes {@code weights.dot(s_in)}, so the first layer's
 * activation is {@code sum(register * count)} shifted by {@code weight_exp}: the exact trained input.
 * NetX 0.6.0 takes the payload width from its caller ({@code input_message_bits}, default 0: binary
 * spikes, which cut every count to 0 or 1), and the file cannot carry it: NetX reads a width from the file only
 * as {@code messageBits} of an input layer's neuron group, which {@code NetDict} ({@code netx/utils.py}) returns
 * as a group wrapper instead of a number ({@code TypeError: '>' not supported between instances of 'NetDict'
 * and 'int'}), and an input layer with a neuron group becomes an {@code Input} block whose {@code inp} reaches
 * nothing ({@code netx/blocks/process.py}: its input is the neuron's bias). For graded input the file therefore
 * refuses NetX's default arguments (the guard layer below): it loads with
 * {@code netx.hdf5.Network(net_config="network.net", input_message_bits=<bits>, num_layers=L + 1)}
 * ({@link #netxArguments}), as {@value #NETX_SCRIPT} does. A binary profile gives
 * {@link InputEncoding.Kind#BINARY}, whose file loads with the defaults.
 *
 * <h2>Delays</h2>
 *
 * Kept in the IR's convention (a spike at t reaches the neuron at t + d). Lava's DelayDense adds one
 * step per layer ({@code a_buff} is sent before the new spikes are accumulated), which the profile's
 * {@code pipelineStepsPerLayer} states; it is not folded into the delays. Delays above the profile's
 * maximum are kept and reported by {@link #check}: NetX would clamp them to 62.
 *
 * <h2>The NetX file ({@code network.net})</h2>
 *
 * Written with jhdf in the layout {@code lava/lib/dl/netx/hdf5.py} ({@code Network._create},
 * {@code create_dense}, {@code get_neuron_params}) reads through {@code netx/utils.py}'s
 * {@code NetDict}:
 * <ul>
 *   <li>{@code layer/0}: {@code type} = {@code "input"} (fixed-length ASCII string, shape (1,), read as
 *       {@code value[0].decode('ascii')}); {@code shape} = {@code [inputs]} (int64, shape (1,)). No
 *       {@code neuron} group, so NetX only records the input shape.</li>
 *   <li>{@code layer/i}, i = 1..L: {@code type} = {@code "dense"}; {@code shape} = {@code [outputs]}
 *       (int64, (1,)); {@code weight} (int32, (outputs, inputs)): the activation per unit payload,
 *       {@code register << weight_exp} (exact: mixed registers are even), 0 where there is no synapse;
 *       {@code delay} (int32, (outputs, inputs)); {@code bias} (int32, (outputs,)) = {@code bias_mant};
 *       {@code neuron/type} = {@code "CUBA"}; {@code neuron/iDecay} = {@code du + 1} (NetX passes
 *       {@code du = iDecay - 1}); {@code neuron/vDecay} = dv; {@code neuron/vThMant} = vth;
 *       {@code neuron/refDelay} = 1; {@code neuron/gradedSpike} = false (all int64 scalars except
 *       the boolean; NetX reads neither of the last two).</li>
 *   <li>graded input only, {@code layer/(L+1)}, the guard: {@code type} = {@code "dense"}, {@code shape} =
 *       {@code [1]}, {@code weight} = one fixed-length ASCII string, {@link #netxGuard}. {@code Network._create}
 *       builds layers {@code 0 .. num_layers - 1} and, by default, all of them; {@code create_dense} reads
 *       {@code weight} through {@code NetDict}, whose {@code astype(int)} fails with
 *       {@code ValueError: invalid literal for int() with base 10: b'<the guard's text>'}, the text saying
 *       which arguments load the file. With {@code num_layers = L + 1} NetX never reads it.</li>
 * </ul>
 * The readout does not spike while its v is in range (vth at the profile's maximum, above), so the network's
 * {@code out} port carries nothing: its answer is the readout's v, {@code net.layers[-1].neuron.v}. {@value #NETX_SCRIPT}
 * ({@link #netxScript}) loads the file, runs a sample through {@code net.inp}, probes that v and decides the
 * class as the simulator does.
 * NetX re-derives sign mode, {@code num_weight_bits} and {@code weight_exp} from the integer weights
 * ({@code netx.utils.optimize_weight_bits}) and Lava clips and truncates them; for the weights this
 * target produces that round trip returns the same activations. It does not for a matrix with no
 * positive entry whose most negative entry is {@code -2^k} (scaled to -256, clipped to -255) or with no
 * synapse at all, nor for weights NetX would shift right (more than 8 bits of activation);
 * {@link #check} reports those ({@code netx-weights}).
 *
 * <p>A network with recurrent synapses gets no NetX file: NetX's {@code dense_rec} cannot hold its
 * recurrent delays or its two exponents ({@link Netx}); {@link #notes} says, per recurrent layer, what NetX
 * would compute instead.
 *
 * <h2>The Lava process file ({@code network.lava.pkl})</h2>
 *
 * Written beside the NetX file when the Lava environment is usable ({@link LavaEnvironment#locate}):
 * the same network as Lava processes, one {@code DelayDense} and one {@code LIF} per layer and a second
 * {@code DelayDense} per recurrent layer, saved with {@code lava.utils.serialization.save}
 * ({@link LavaProcesses}); for a network with recurrent synapses it is the only exact chip file. Otherwise
 * {@link #notes} says why it is missing and how to install Lava; a feed-forward network's NetX file is
 * written either way, while a recurrent network then gets no chip file.
 */
public final class LoihiTarget implements Target {

    /** The target's name. */
    public static final String NAME = "loihi";

    /** The bias exponent NetX's {@code get_neuron_params} always sets. */
    public static final int NETX_BIAS_EXP = 6;

    /** The file written by {@link #write}. */
    public static final String NETX_FILE = "network.net";

    /** The script written beside {@value #NETX_FILE}: how to load it in NetX, run a sample and read the answer. */
    public static final String NETX_SCRIPT = "run_netx.py";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String profileName() {
        return "loihi";
    }

    /** Recurrent synapses: a second DelayDense per recurrent layer (see the class comment). */
    @Override
    public Set<Feature> deploys() {
        return EnumSet.of(Feature.RECURRENT_SYNAPSES);
    }

    /** A neuron width (bits) from the profile, by name. */
    static int width(HardwareProfile profile, String name) {
        Integer w = profile.neuron().get(name);
        if (w == null) {
            throw new SpikeportException("profile '" + profile.name() + "' gives no bit width for neuron '" + name
                    + "', which the Loihi 2 arithmetic needs");
        }
        return w;
    }

    static int weightBits(HardwareProfile profile) {
        Integer b = profile.weights().bits();
        if (b == null) {
            throw new SpikeportException("profile '" + profile.name() + "' gives no weight bits");
        }
        return b;
    }

    @Override
    public DeployedNetwork deploy(FoldedNetwork net, HardwareProfile profile, Provenance provenance) {
        List<DeployedLayer> layers = new ArrayList<>();
        for (FoldedNetwork.Layer l : net.layers()) {
            layers.add(deployLayer(l, profile));
        }
        InputEncoding input = "graded".equalsIgnoreCase(profile.input().kind())
                ? new InputEncoding(InputEncoding.Kind.GRADED, profile.input().gradedBits())
                : new InputEncoding(InputEncoding.Kind.BINARY, 0);
        return new DeployedNetwork(net.inputs(), net.dtMs(), NAME, profile.name(), profile.sha256(), input, layers,
                net.trailingSteps(), provenance, net.decoding());
    }

    static DeployedLayer deployLayer(FoldedNetwork.Layer l, HardwareProfile profile) {
        int bits = weightBits(profile);
        int uBits = width(profile, "u");
        int vBits = width(profile, "v");
        Loihi2Quantization quantized = Loihi2Quantization.of(l.quantizerLayer(), bits, width(profile, "vth"));
        double s = quantized.scale();
        long vth = quantized.vth();
        double vScale = s / 64;
        Loihi2Quantization.Registers ff = quantized.weights();
        long[] biasMant = quantized.biasMant();
        double bErr = 0;
        for (int i = 0; i < biasMant.length; i++) {
            bErr = Math.max(bErr, Math.abs(l.bias()[i] - biasMant[i] * s));
        }
        int du = (1 << Loihi2Lif.DECAY_SHIFT) - Loihi2Lif.DS_OFFSET;
        long dv = Loihi2Lif.roundHalfAway((1 << Loihi2Lif.DECAY_SHIFT) / l.tau()) - Loihi2Lif.DM_OFFSET;

        SortedMap<String, Double> q = new TreeMap<>();
        q.put("input_scale", s);
        q.put("weight_scale", ff.scale());
        q.put("v_scale", vScale);
        q.put("threshold_scale", s);
        q.put("max_abs_weight_error", ff.maxError());
        q.put("max_abs_bias_error", bErr);
        q.put("tau_effective", dv == 0 ? Double.POSITIVE_INFINITY : 4096.0 / dv);
        q.put("v_decay_error", dv / 4096.0 - 1 / l.tau());
        q.put("input_wrap_limit", Math.scalb(1.0, uBits - 1) * vScale);
        q.put("v_saturation", (Math.scalb(1.0, vBits - 1) - 1) * vScale);
        if (l.isReadout()) {
            q.put("output_scale", vScale);
        } else {
            double eff = Loihi2Lif.firstSpikingV(vth) * vScale;
            q.put("threshold_effective", eff);
            q.put("threshold_error", eff - l.threshold());
        }

        SortedMap<String, long[]> p = new TreeMap<>();
        p.put(Loihi2Lif.DU, new long[] {du});
        p.put(Loihi2Lif.DV, new long[] {dv});
        p.put(Loihi2Lif.VTH, new long[] {vth});
        p.put(Loihi2Lif.BIAS_MANT, biasMant);
        p.put(Loihi2Lif.BIAS_EXP, new long[] {NETX_BIAS_EXP});
        p.put(Loihi2Lif.WEIGHT_EXP, new long[] {ff.exp()});
        p.put(Loihi2Lif.NUM_WEIGHT_BITS, new long[] {bits});
        p.put(Loihi2Lif.SIGN_MODE, new long[] {ff.mode().code()});
        ResetParameter.put(p, l.reset());
        SparseSynapses recurrent = SparseSynapses.empty();
        if (l.isRecurrent()) {
            FoldedNetwork.Synapses r = l.recurrent();
            Loihi2Quantization.Registers rec = quantized.recurrent();
            q.put("recurrent_weight_scale", rec.scale());
            q.put("max_abs_recurrent_weight_error", rec.maxError());
            p.put(Loihi2Lif.RECURRENT_WEIGHT_EXP, new long[] {rec.exp()});
            p.put(Loihi2Lif.RECURRENT_NUM_WEIGHT_BITS, new long[] {bits});
            p.put(Loihi2Lif.RECURRENT_SIGN_MODE, new long[] {rec.mode().code()});
            recurrent = new SparseSynapses(r.pre().clone(), r.post().clone(), rec.registers(), r.delay().clone());
        }
        SparseSynapses syn = new SparseSynapses(l.pre().clone(), l.post().clone(), ff.registers(), l.delay().clone());
        return new DeployedLayer(l.name(), l.inputs(), l.outputs(), syn, new NeuronParams(Loihi2Lif.NAME, p), q,
                recurrent);
    }

    @Override
    public List<Violation> check(DeployedNetwork net, HardwareProfile profile) {
        List<Violation> out = new ArrayList<>();
        for (DeployedLayer l : net.layers()) {
            NeuronParams p = l.neuron();
            registers(out, l, l.synapses(), p, Loihi2Lif.SIGN_MODE, Loihi2Lif.WEIGHT_EXP, "", profile);
            if (l.isRecurrent()) {
                registers(out, l, l.recurrent(), p, Loihi2Lif.RECURRENT_SIGN_MODE, Loihi2Lif.RECURRENT_WEIGHT_EXP,
                        "recurrent ", profile);
                recurrentDelays(out, l, profile);
            }
            unsigned(out, l, profile, Loihi2Lif.DU, "du");
            unsigned(out, l, profile, Loihi2Lif.DV, "dv");
            unsigned(out, l, profile, Loihi2Lif.VTH, "vth");
            unsigned(out, l, profile, Loihi2Lif.BIAS_EXP, "bias_exp");
            int mantBits = width(profile, "bias_mant");
            long mLo = -(1L << (mantBits - 1));
            long mHi = (1L << (mantBits - 1)) - 1;
            for (int i = 0; i < l.outputs(); i++) {
                long m = p.value(Loihi2Lif.BIAS_MANT, i);
                if (m < mLo || m > mHi) {
                    out.add(new Violation("neuron-range", l.name(), "neuron " + i, "bias_mant " + m,
                            "bias_mant " + mLo + ".." + mHi, "the folded BatchNorm bias is too large relative to "
                                    + "the layer's scale; retrain with smaller BatchNorm shifts"));
                    break;
                }
            }
            if (!net.recurrent()) {
                netxWeights(out, l, (int) p.value(Loihi2Lif.WEIGHT_EXP, 0));
            }
        }
        return out;
    }

    /**
     * One Dense's registers against its sign mode's range (the first offender) and its exponent against the
     * profile's range; {@code what} prefixes the synapse and exponent ({@code ""} or {@code "recurrent "}).
     */
    private static void registers(List<Violation> out, DeployedLayer l, SparseSynapses s, NeuronParams p,
                                  String modeKey, String expKey, String what, HardwareProfile profile) {
        int bits = weightBits(profile);
        SignMode mode = SignMode.ofCode(p.value(modeKey, 0));
        int lo = Loihi2Lif.minWeight(mode, bits);
        int hi = Loihi2Lif.maxWeight(mode, bits);
        for (int k = 0; k < s.size(); k++) {
            int w = s.weight()[k];
            if (w < lo || w > hi || (mode == SignMode.MIXED && (w & 1) != 0)) {
                out.add(new Violation("weight-range", l.name(), what + synapse(s, k), "weight register " + w,
                        mode.name().toLowerCase() + " registers " + lo + ".." + hi
                                + (mode == SignMode.MIXED ? " (even)" : ""),
                        "the layer's " + what + "weights span more than " + bits + " bits relative to its threshold"));
                break;
            }
        }
        int weightExp = (int) p.value(expKey, 0);
        Integer eMin = profile.weights().exponentMin();
        Integer eMax = profile.weights().exponentMax();
        if ((eMin != null && weightExp < eMin) || (eMax != null && weightExp > eMax)) {
            out.add(new Violation("weight-exponent", l.name(), "", expKey + " " + weightExp,
                    "weight exponent " + eMin + ".." + eMax, what.isEmpty() ? ""
                            : "the recurrent weights are too large relative to the layer's threshold"));
        }
    }

    /**
     * The chip delay of a recurrent synapse of IR lag {@code lag}: its Dense adds the profile's pipeline
     * steps and the profile's recurrent offset comes on top, so a spike at {@code t} arrives at
     * {@code t + pipeline + delay = t + lag + offset}. For Lava: {@code lag - 1}.
     */
    static int recurrentChipDelay(int lag, HardwareProfile profile) {
        return lag + profile.delays().recurrentOffset() - profile.delays().pipelineStepsPerLayer();
    }

    /** Every recurrent synapse whose chip delay lies outside the profile's {@code 0..max}. */
    private static void recurrentDelays(List<Violation> out, DeployedLayer l, HardwareProfile profile) {
        Integer max = profile.delays().max();
        int lagMin = Math.max(1, -recurrentChipDelay(0, profile));
        Integer lagMax = max == null ? null : max - recurrentChipDelay(0, profile);
        String limit = lagMax == null ? "lags of at least " + lagMin
                : "lags " + lagMin + ".." + lagMax + " (chip delays 0.." + max + ")";
        SparseSynapses s = l.recurrent();
        for (int k = 0; k < s.size(); k++) {
            int lag = s.delay()[k];
            int chip = recurrentChipDelay(lag, profile);
            if (chip < 0 || (max != null && chip > max)) {
                out.add(new Violation("recurrent-delay-range", l.name(), "recurrent " + synapse(s, k),
                        "lag " + lag + " (chip delay " + chip + ")", limit, chip < 0
                                ? "retrain with recurrent lags of at least " + lagMin
                                : "retrain with a recurrent delay bound: lags of at most " + lagMax + " steps"));
            }
        }
    }

    private static void unsigned(List<Violation> out, DeployedLayer l, HardwareProfile profile, String key,
                                 String width) {
        long max = (1L << width(profile, width)) - 1;
        for (int i = 0; i < l.outputs(); i++) {
            long v = l.neuron().value(key, i);
            if (v < 0 || v > max) {
                out.add(new Violation("neuron-range", l.name(), l.neuron().values().get(key).length == 1 ? ""
                        : "neuron " + i, key + " " + v, key + " 0.." + max, ""));
                return;
            }
        }
    }

    /** NetX's weight re-derivation must give back the stored activations (see the class comment). */
    private static void netxWeights(List<Violation> out, DeployedLayer l, int weightExp) {
        SparseSynapses s = l.synapses();
        if (s.size() == 0) {
            out.add(new Violation("netx-weights", l.name(), "", "no synapses",
                    "at least one non-zero weight (NetX cannot size an all-zero weight matrix)", ""));
            return;
        }
        Netx.Span span = new Netx.Span();
        span.add(s, weightExp, (long) l.inputs() * l.outputs());
        long min = span.min;
        if (span.max <= 0 && min < 0 && Long.bitCount(-min) == 1) {
            out.add(new Violation("netx-weights", l.name(), "", "most negative weight " + min
                    + " in a matrix with no positive weight",
                    "not a power of two (NetX scales it to -256, Lava clips that to -255)", ""));
        }
        if (!span.isZero() && Netx.exponent(min, span.max) > 0) {
            out.add(new Violation("netx-weights", l.name(), "", "weights " + min + ".." + span.max,
                    "NetX's 8-bit weights (optimize_weight_bits would shift them right)", ""));
        }
    }

    /** The smallest delay of {@code s} (not empty). */
    static int minLag(SparseSynapses s) {
        int m = Integer.MAX_VALUE;
        for (int d : s.delay()) {
            m = Math.min(m, d);
        }
        return m;
    }

    private static String synapse(SparseSynapses s, int k) {
        return "synapse " + k + " (post " + s.post()[k] + ", pre " + s.pre()[k] + ")";
    }

    @Override
    public List<Path> write(DeployedNetwork net, FoldedNetwork folded, HardwareProfile profile, Path dir) {
        List<Path> files = new ArrayList<>();
        if (!net.recurrent()) {
            Path file = dir.resolve(NETX_FILE);
            AtomicFiles.writeVia(file, tmp -> {
                try (WritableHdfFile h = HdfFile.write(tmp)) {
                    WritableGroup layers = h.putGroup("layer");
                    WritableGroup input = layers.putGroup("0");
                    input.putDataset("type", new String[] {"input"});
                    input.putDataset("shape", new long[] {net.inputs()});
                    for (int i = 0; i < net.layers().size(); i++) {
                        writeDense(layers.putGroup(Integer.toString(i + 1)), net.layers().get(i));
                    }
                    if (net.input().kind() == InputEncoding.Kind.GRADED) {
                        WritableGroup guard = layers.putGroup(Integer.toString(net.layers().size() + 1));
                        guard.putDataset("type", new String[] {"dense"});
                        guard.putDataset("shape", new long[] {1});
                        guard.putDataset("weight", new String[] {netxGuard(net)});
                    }
                }
            });
            files.add(file);
            Path script = dir.resolve(NETX_SCRIPT);
            AtomicFiles.write(script, netxScript(net).getBytes(StandardCharsets.UTF_8));
            files.add(script);
        }
        if (lavaProblem() == null) {
            files.add(LavaProcesses.save(net, dir.resolve(LavaProcesses.FILE), LavaEnvironment.locate(null)));
        }
        return files;
    }

    /**
     * Up to two lines: why {@value #NETX_FILE} is not written, for a network with recurrent synapses (what
     * NetX would get wrong, per recurrent layer: {@link Netx#recurrentProblems}), and why
     * {@link LavaProcesses#FILE} is not, when the Lava environment is not usable.
     */
    @Override
    public List<String> notes(DeployedNetwork net, HardwareProfile profile) {
        List<String> out = new ArrayList<>();
        if (net.recurrent()) {
            List<String> layers = new ArrayList<>();
            for (DeployedLayer l : net.layers()) {
                if (l.isRecurrent()) {
                    String problems = Netx.recurrentProblems(l);
                    layers.add("layer '" + l.name() + "': " + (problems.isEmpty() ? "NetX would quantize its "
                            + "feed-forward and recurrent weights together (netx/hdf5.py:401-407), which spikeport "
                            + "has not checked against lava-dl" : problems));
                }
            }
            out.add(NETX_FILE + " not written: lava-dl NetX cannot hold recurrent synapses as this network has "
                    + "them (" + String.join("; ", layers) + "); " + LavaProcesses.FILE + " holds the exact network");
        }
        String problem = lavaProblem();
        if (problem != null) {
            out.add(LavaProcesses.FILE + " not written: " + problem);
        }
        return out;
    }

    /**
     * For a network with recurrent synapses, {@code recurrent_dense}: per recurrent layer its second
     * DelayDense (synapses, {@code weight_exp}, sign mode, the IR lags and the chip delays they take,
     * {@link #recurrentChipDelay}); empty for a feed-forward network.
     */
    @Override
    public Map<String, Object> mapping(DeployedNetwork net, HardwareProfile profile) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DeployedLayer l : net.layers()) {
            if (!l.isRecurrent()) {
                continue;
            }
            int minLag = minLag(l.recurrent());
            int maxLag = l.recurrent().maxDelay();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("layer", l.name());
            r.put("synapses", l.recurrent().size());
            r.put("weight_exp", l.neuron().value(Loihi2Lif.RECURRENT_WEIGHT_EXP, 0));
            r.put("sign_mode", SignMode.ofCode(l.neuron().value(Loihi2Lif.RECURRENT_SIGN_MODE, 0)).name()
                    .toLowerCase(Locale.ROOT));
            r.put("lags", minLag + ".." + maxLag);
            r.put("chip_delays", recurrentChipDelay(minLag, profile) + ".." + recurrentChipDelay(maxLag, profile));
            rows.add(r);
        }
        return rows.isEmpty() ? Map.of() : Map.of("recurrent_dense", rows);
    }

    /** Why the Lava environment is not usable, or null when it is. */
    private static String lavaProblem() {
        try {
            LavaEnvironment.locate(null);
            return null;
        } catch (SpikeportException e) {
            return e.getMessage();
        }
    }

    /**
     * The arguments {@code netx.hdf5.Network} needs for {@code net}'s file besides {@code net_config}:
     * {@code input_message_bits} (the payload width) and {@code num_layers} (the input layer and the network's
     * layers, so NetX stops before the guard layer) for graded input; none for binary input.
     */
    static String netxArguments(DeployedNetwork net) {
        return net.input().kind() == InputEncoding.Kind.GRADED
                ? "input_message_bits=" + net.input().bits() + ", num_layers=" + (net.layers().size() + 1) : "";
    }

    /**
     * The guard layer's {@code weight}: the message NetX's error shows when the file is loaded without
     * {@link #netxArguments}. numpy's error quotes at most 200 characters of it, which this text stays within.
     */
    static String netxGuard(DeployedNetwork net) {
        return "spikeport: graded " + net.input().bits() + "-bit input, which NetX cannot read from this file; load "
                + "it with netx.hdf5.Network(net_config=\"" + NETX_FILE + "\", " + netxArguments(net) + ") as "
                + NETX_SCRIPT + " does";
    }

    /**
     * {@value #NETX_SCRIPT}: loads {@value #NETX_FILE} as {@link #netxArguments} says, runs one sample (input
     * counts {@code (inputs, steps)} from a {@code .npy} file, or silence) for its steps, the trailing steps
     * and one pipeline step per layer, probes the readout's v ({@code net.layers[-1].neuron.v}, since the
     * readout never spikes) and prints the class {@link org.spikeport.core.ir.Decoding} picks from it, the
     * membranes scaled by the readout's {@code output_scale} ({@code v_scale} when absent), as the simulator scales them.
     */
    static String netxScript(DeployedNetwork net) {
        DeployedLayer readout = net.layers().get(net.layers().size() - 1);
        double vScale = readout.quantization().getOrDefault("output_scale", readout.quantization().getOrDefault("v_scale", 1.0));
        String args = netxArguments(net);
        return """
                \"""Runs network.net in lava-dl NetX (0.6.0) on Lava's bit-accurate CPU simulation and prints the answer.

                Written by spikeport beside network.net. Usage: python run_netx.py [COUNTS.npy]
                COUNTS.npy: int array (%1$d, steps), the input payload per channel and step (spikeport's binned
                counts); without it, one step of silence. The network answers %2$d steps late (one step per layer),
                so the sample runs for its steps + %3$d trailing steps + %2$d.

                The readout layer never spikes: its answer is its membrane v, probed as net.layers[-1].neuron.v.
                \"""
                import os
                import sys

                import numpy as np
                from lava.lib.dl import netx
                from lava.magma.core.run_conditions import RunSteps
                from lava.magma.core.run_configs import Loihi2SimCfg
                from lava.proc.io.source import RingBuffer
                from lava.proc.monitor.process import Monitor

                NET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "network.net")
                INPUTS = %1$d
                LAYERS = %2$d
                TRAILING_STEPS = %3$d
                V_SCALE = %4$s
                DECODING = "%5$s"


                def load():
                    \"""The network as NetX builds it from network.net.\"""
                    return netx.hdf5.Network(net_config=NET%6$s)


                def answer(v):
                    \"""The class of a readout v of shape (steps, classes), as spikeport decides it.\"""
                    x = np.asarray(v, dtype=np.float64) * V_SCALE
                    if DECODING == "sum":
                        return int(np.argmax(x.sum(axis=0)))
                    e = np.exp(x - x.max(axis=1, keepdims=True))
                    return int(np.argmax((e / e.sum(axis=1, keepdims=True)).sum(axis=0)))


                def run(counts):
                    \"""The readout's v after each step, (steps, classes), for counts (INPUTS, input steps).\"""
                    steps = counts.shape[1] + TRAILING_STEPS + LAYERS
                    data = np.zeros((INPUTS, steps), dtype=np.int32)
                    data[:, :counts.shape[1]] = counts
                    net = load()
                    source = RingBuffer(data=data)
                    source.s_out.connect(net.inp)
                    readout = net.layers[-1].neuron
                    monitor = Monitor()
                    monitor.probe(readout.v, steps)
                    net.run(condition=RunSteps(num_steps=steps), run_cfg=Loihi2SimCfg(select_tag="fixed_pt"))
                    try:
                        return np.asarray(monitor.get_data()[readout.name]["v"])
                    finally:
                        net.stop()


                if __name__ == "__main__":
                    counts = np.load(sys.argv[1]) if len(sys.argv) > 1 else np.zeros((INPUTS, 1), dtype=np.int32)
                    print(answer(run(counts)))
                """.formatted(net.inputs(), net.layers().size(), net.trailingSteps(), Double.toString(vScale),
                net.decoding().name().toLowerCase(Locale.ROOT), args.isEmpty() ? "" : ", " + args);
    }

    private static void writeDense(WritableGroup g, DeployedLayer l) {
        NeuronParams p = l.neuron();
        if (!Loihi2Lif.NAME.equals(p.model()) || p.value(Loihi2Lif.BIAS_EXP, 0) != NETX_BIAS_EXP) {
            throw new IllegalArgumentException("layer '" + l.name() + "' is not in NetX's " + Loihi2Lif.NAME
                    + " form (bias_exp " + NETX_BIAS_EXP + ")");
        }
        int weightExp = (int) p.value(Loihi2Lif.WEIGHT_EXP, 0);
        int[][] weight = new int[l.outputs()][l.inputs()];
        int[][] delay = new int[l.outputs()][l.inputs()];
        SparseSynapses s = l.synapses();
        for (int k = 0; k < s.size(); k++) {
            weight[s.post()[k]][s.pre()[k]] = Math.toIntExact(Loihi2Lif.activation(s.weight()[k], weightExp));
            delay[s.post()[k]][s.pre()[k]] = s.delay()[k];
        }
        int[] bias = new int[l.outputs()];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = Math.toIntExact(p.value(Loihi2Lif.BIAS_MANT, i));
        }
        g.putDataset("type", new String[] {"dense"});
        g.putDataset("shape", new long[] {l.outputs()});
        g.putDataset("weight", weight);
        g.putDataset("delay", delay);
        g.putDataset("bias", bias);
        WritableGroup n = g.putGroup("neuron");
        n.putDataset("type", new String[] {"CUBA"});
        n.putDataset("iDecay", p.value(Loihi2Lif.DU, 0) + Loihi2Lif.DS_OFFSET);
        n.putDataset("vDecay", p.value(Loihi2Lif.DV, 0));
        n.putDataset("vThMant", p.value(Loihi2Lif.VTH, 0));
        n.putDataset("refDelay", 1L);
        n.putDataset("gradedSpike", Boolean.FALSE);
    }
}
