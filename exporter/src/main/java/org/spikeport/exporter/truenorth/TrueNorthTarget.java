package org.spikeport.exporter.truenorth;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.arith.TrueNorthQuantization;
import org.spikeport.core.files.AtomicFiles;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.limits.ChipLimits;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.exporter.Feature;
import org.spikeport.exporter.FoldedNetwork;
import org.spikeport.exporter.Target;
import org.spikeport.exporter.Violation;

/**
 * A TrueNorth-like chip in the RANC core configuration format, in the integer arithmetic of
 * {@link TrueNorthLif}; the core-level layout (compute cores, axons, splitter neurons, input copies)
 * is {@link RancLayout}'s.
 *
 * <h2>Quantization of a layer</h2>
 *
 * Let {@code s} be the float value of one membrane unit; weights, leak and thresholds are integers in
 * that unit. Scale, type weights, each synapse's type and the rounded bias are {@link TrueNorthQuantization}'s,
 * the rule training for a TrueNorth-like profile also runs through.
 * <ul>
 *   <li><b>Weight types</b>: each neuron's incoming float weights are clustered into at most 4 values
 *       (optimal 1-D k-means, {@code TrueNorthTypes}); each value rounded (half away from zero) to an integer in units of s is
 *       one of the neuron's 4 type weights (unused types hold 0), and each synapse takes the type whose
 *       integer weight is nearest its own weight. The IR weight of a synapse is that integer.</li>
 *   <li><b>Scale</b>: {@code s_min} is the smallest scale that keeps every type weight within the
 *       profile's signed weight bits and, for hidden layers, every leak register {@code b/s - theta/(s tau)}
 *       within the leak bits (one unit of margin for rounding) and the threshold within the threshold
 *       bits. Hidden layers use {@code s = theta / floor(theta / s_min)}, so the threshold is an exact
 *       integer {@code T}; the readout uses {@code s = s_min}.</li>
 *   <li><b>Hidden neurons</b> (the exponential leak made linear, see {@link TrueNorthLif}):
 *       {@code D = linearLeak(T, tau)}, {@code leak = round(b / s) - D} (half away from zero), positive threshold {@code T - D},
 *       negative threshold 0, reset potential 0, reset mode absolute.</li>
 *   <li><b>Readout</b>: {@code leak = round(b / s)}, the largest and smallest threshold values, reset
 *       potential 0, mode absolute; the quantization map records {@code output_scale = s} and
 *       {@code output_decay = 1 - 1/tau} for the host's decoding.</li>
 *   <li><b>Input copies</b>: the first layer's {@code input_copies} {@code K} is the largest number of
 *       copies of every input axon that fits one neuron per core:
 *       {@code min(2^input_count - 1, floor(axons_per_core / max fan-in))} (profile
 *       {@code neuron.input_count}; with recurrent synapses see below), at least 1. A count above K reaches the chip as K spikes, and the
 *       arithmetic computes exactly that. Hidden layers' {@code input_copies} is 1 (spikes are binary).</li>
 * </ul>
 * Quantization map: {@code weight_scale} = {@code v_scale} = {@code threshold_scale} = s,
 * {@code threshold_units} (T), {@code linear_leak} (D s, float per step), {@code tau},
 * {@code max_abs_weight_error}, {@code rms_weight_error}, {@code max_abs_bias_error},
 * {@code input_copies} (first layer) and, for the readout, {@code output_scale}, {@code output_decay}.
 *
 * <h2>Input and timing</h2>
 *
 * Input is {@link InputEncoding.Kind#BINARY}: the chip takes 1-bit spikes; a count is sent as that many
 * spikes on copy axons ({@link RancLayout}). Delays stay in the IR's convention; the chip delivers a
 * spike at {@code t + d + 2} (profile: delay offset 1, one pipeline step for the splitter stage).
 *
 * <h2>Recurrent synapses</h2>
 *
 * Deployed ({@link #deploys}): a neuron's recurrent synapses are quantized with its feed-forward ones (one
 * set of 4 type weights per neuron, {@code max_abs_recurrent_weight_error} in the quantization map) and
 * take one axon each on its core, which the layer's own splitters feed ({@link RancLayout}); each lag the
 * routing cannot realise is a {@code recurrent-lag} violation naming the synapse. The input copies
 * {@code K} leave room for a neuron's recurrent axons: {@code K = min(2^input_count - 1, min over neurons
 * of floor((axons_per_core - recurrent synapses) / fan-in))}.
 *
 * <p>Reset by subtraction is not deployed ({@link #whyNotDeployed}): the hidden mapping keeps the
 * membrane at or above 0 with reset mode {@link TrueNorthLif#ABSOLUTE}, and the chip's subtracting mode
 * {@link TrueNorthLif#LINEAR} takes that floor away.
 *
 * <h2>Files</h2>
 *
 * {@code ranc_input.json} (RANC simulator input: cores, output bus, an empty packet list),
 * {@code ranc_config.json} (RANC simulator configuration) and {@code input_map.json} (which axons the
 * host feeds for each input channel); see {@link RancLayout} for the format and its source.
 */
public final class TrueNorthTarget implements Target {

    /** The target's name. */
    public static final String NAME = "truenorth-like";

    public static final String INPUT_FILE = "ranc_input.json";
    public static final String CONFIG_FILE = "ranc_config.json";
    public static final String INPUT_MAP_FILE = "input_map.json";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String profileName() {
        return "truenorth-like";
    }

    /** Recurrent synapses, through the layer's own splitters. */
    @Override
    public Set<Feature> deploys() {
        return EnumSet.of(Feature.RECURRENT_SYNAPSES);
    }

    @Override
    public String whyNotDeployed(Feature feature) {
        return feature == Feature.RESET_BY_SUBTRACTION ? "the chip subtracts in reset mode " + TrueNorthLif.LINEAR
                + ", which also drops the floor at 0 (negative threshold, reset mode " + TrueNorthLif.ABSOLUTE
                + ") that replaces the trained exponential leak by a linear one" : null;
    }

    static int width(HardwareProfile profile, String name) {
        Integer w = profile.neuron().get(name);
        if (w == null) {
            throw new SpikeportException("profile '" + profile.name() + "' gives no bit width for neuron '" + name
                    + "', which the " + TrueNorthLif.NAME + " arithmetic needs");
        }
        return w;
    }

    private static void requireArithmetic(HardwareProfile profile) {
        if (!TrueNorthLif.NAME.equals(profile.arithmetic())) {
            throw new SpikeportException("profile '" + profile.name() + "' uses the arithmetic '" + profile.arithmetic()
                    + "', but target '" + NAME + "' deploys in '" + TrueNorthLif.NAME + "'; give a " + TrueNorthLif.NAME
                    + " profile (e.g. '" + NAME + "')");
        }
        if (profile.resources().axonsPerCore() == null || profile.resources().neuronsPerCore() == null) {
            throw new SpikeportException("profile '" + profile.name() + "' must give axons_per_core and neurons_per_core "
                    + "for the " + NAME + " target");
        }
    }

    @Override
    public DeployedNetwork deploy(FoldedNetwork net, HardwareProfile profile, Provenance provenance) {
        requireArithmetic(profile);
        List<DeployedLayer> layers = new ArrayList<>();
        for (int l = 0; l < net.layers().size(); l++) {
            FoldedNetwork.Layer layer = net.layers().get(l);
            int copies = l == 0 ? inputCopies(layer, profile) : 1;
            layers.add(deployLayer(layer, profile, copies, l == 0));
        }
        return new DeployedNetwork(net.inputs(), net.dtMs(), NAME, profile.name(), profile.sha256(),
                new InputEncoding(InputEncoding.Kind.BINARY, 0), layers, net.trailingSteps(), provenance,
                net.decoding());
    }

    /**
     * {@code min(2^input_count - 1, min over neurons i of floor((axons - r_i) / f_i))}, at least 1: each of
     * neuron i's {@code f_i} input synapses takes K copy axons and each of its {@code r_i} recurrent
     * synapses one axon, all on i's core ({@link ChipLimits#inputCopies(HardwareProfile, int[], int[])}).
     */
    static int inputCopies(FoldedNetwork.Layer first, HardwareProfile profile) {
        int[] fanIn = new int[first.outputs()];
        int[] recurrentIn = new int[first.outputs()];
        for (int post : first.post()) {
            fanIn[post]++;
        }
        for (int post : first.recurrent().post()) {
            recurrentIn[post]++;
        }
        width(profile, ChipLimits.INPUT_COUNT);
        Integer copies = ChipLimits.inputCopies(profile, fanIn, recurrentIn);
        if (copies == null) {
            throw new SpikeportException("profile '" + profile.name() + "' gives input kind '" + profile.input().kind()
                    + "', but the " + NAME + " target delivers input counts as binary spikes on copy axons; give "
                    + "input kind binary");
        }
        return copies;
    }

    static DeployedLayer deployLayer(FoldedNetwork.Layer l, HardwareProfile profile, int copies, boolean first) {
        int weightBits = width(profile, "weight");
        int leakBits = width(profile, "leak");
        int thresholdBits = width(profile, "threshold");
        int n = l.outputs();
        FoldedNetwork.Synapses rec = l.recurrent();
        TrueNorthQuantization quantized = TrueNorthQuantization.of(l.quantizerLayer(), weightBits, leakBits, thresholdBits);
        double s = quantized.scale();
        double tau = l.tau();
        long thresholdUnits = quantized.thresholdUnits();
        SortedMap<String, long[]> p = new TreeMap<>();
        long[][] typeWeights = new long[4][n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < 4; t++) {
                typeWeights[t][i] = t < quantized.types()[i].length ? quantized.types()[i][t] : 0;
            }
        }
        int[] weight = new int[l.synapses()];
        int[] recurrentWeight = new int[rec.size()];
        double wErr = 0;
        double sq = 0;
        double rErr = 0;
        for (int k = 0; k < weight.length; k++) {
            weight[k] = Math.toIntExact(quantized.weights()[k]);
            double e = l.weight()[k] - weight[k] * s;
            wErr = Math.max(wErr, Math.abs(e));
            sq += e * e;
        }
        for (int k = 0; k < recurrentWeight.length; k++) {
            recurrentWeight[k] = Math.toIntExact(quantized.recurrent()[k]);
            rErr = Math.max(rErr, Math.abs(rec.weight()[k] - recurrentWeight[k] * s));
        }
        long[] leak = new long[n];
        double bErr = 0;
        long linear = l.isReadout() ? 0 : TrueNorthLif.linearLeak(thresholdUnits, tau);
        for (int i = 0; i < n; i++) {
            long b = quantized.bias()[i];
            bErr = Math.max(bErr, Math.abs(l.bias()[i] - b * s));
            leak[i] = b - linear;
        }
        for (int t = 0; t < 4; t++) {
            p.put(TrueNorthLif.TYPE_WEIGHTS[t], typeWeights[t]);
        }
        p.put(TrueNorthLif.LEAK, leak);
        p.put(TrueNorthLif.INPUT_COPIES, new long[] {copies});
        p.put(TrueNorthLif.RESET_POTENTIAL, new long[] {0});
        p.put(TrueNorthLif.RESET_MODE, new long[] {TrueNorthLif.ABSOLUTE});
        SortedMap<String, Double> q = new TreeMap<>();
        q.put("weight_scale", s);
        q.put("v_scale", s);
        q.put("threshold_scale", s);
        q.put("tau", tau);
        q.put("max_abs_weight_error", wErr);
        q.put("rms_weight_error", l.synapses() == 0 ? 0 : Math.sqrt(sq / l.synapses()));
        q.put("max_abs_bias_error", bErr);
        if (first) {
            q.put("input_copies", (double) copies);
        }
        if (l.isRecurrent()) {
            q.put("max_abs_recurrent_weight_error", rErr);
        }
        if (l.isReadout()) {
            p.put(TrueNorthLif.POSITIVE_THRESHOLD, new long[] {TrueNorthLif.max(thresholdBits)});
            p.put(TrueNorthLif.NEGATIVE_THRESHOLD, new long[] {TrueNorthLif.min(thresholdBits)});
            q.put(TrueNorthLif.OUTPUT_SCALE, s);
            q.put(TrueNorthLif.OUTPUT_DECAY, 1 - 1 / tau);
        } else {
            p.put(TrueNorthLif.POSITIVE_THRESHOLD, new long[] {thresholdUnits - linear});
            p.put(TrueNorthLif.NEGATIVE_THRESHOLD, new long[] {0});
            q.put("threshold_units", (double) thresholdUnits);
            q.put("linear_leak", linear * s);
        }
        SparseSynapses syn = new SparseSynapses(l.pre().clone(), l.post().clone(), weight, l.delay().clone());
        SparseSynapses recurrent = l.isRecurrent()
                ? new SparseSynapses(rec.pre().clone(), rec.post().clone(), recurrentWeight, rec.delay().clone())
                : SparseSynapses.empty();
        return new DeployedLayer(l.name(), l.inputs(), l.outputs(), syn, new NeuronParams(TrueNorthLif.NAME, p), q,
                recurrent);
    }

    @Override
    public List<Violation> check(DeployedNetwork net, HardwareProfile profile) {
        requireArithmetic(profile);
        List<Violation> out = new ArrayList<>();
        int weightBits = width(profile, "weight");
        int leakBits = width(profile, "leak");
        int thresholdBits = width(profile, "threshold");
        int membraneBits = width(profile, "membrane");
        for (DeployedLayer l : net.layers()) {
            NeuronParams p = l.neuron();
            range(out, l, p, TrueNorthLif.LEAK, leakBits, "the folded BatchNorm bias is too large relative to the "
                    + "layer's threshold; retrain with smaller BatchNorm shifts");
            range(out, l, p, TrueNorthLif.POSITIVE_THRESHOLD, thresholdBits, "");
            range(out, l, p, TrueNorthLif.NEGATIVE_THRESHOLD, thresholdBits, "");
            range(out, l, p, TrueNorthLif.RESET_POTENTIAL, membraneBits, "");
            for (String w : TrueNorthLif.TYPE_WEIGHTS) {
                range(out, l, p, w, weightBits, "the layer's weights span more than " + weightBits
                        + " bits relative to its threshold");
            }
        }
        out.addAll(RancLayout.of(net, profile).violations());
        return out;
    }

    private static void range(List<Violation> out, DeployedLayer l, NeuronParams p, String key, int bits, String fix) {
        for (int i = 0; i < l.outputs(); i++) {
            long v = p.value(key, i);
            if (!TrueNorthLif.fits(v, bits)) {
                out.add(new Violation("neuron-range", l.name(), p.values().get(key).length == 1 ? "" : "neuron " + i,
                        key + " " + v, key + " " + TrueNorthLif.min(bits) + ".." + TrueNorthLif.max(bits)
                                + " (" + bits + "-bit signed)", fix));
                return;
            }
        }
    }

    @Override
    public Map<String, Object> mapping(DeployedNetwork net, HardwareProfile profile) {
        requireArithmetic(profile);
        return new LinkedHashMap<>(RancLayout.of(net, profile).resources());
    }

    @Override
    public List<Path> write(DeployedNetwork net, FoldedNetwork folded, HardwareProfile profile, Path dir) {
        RancLayout layout = RancLayout.of(net, profile);
        int axons = profile.resources().axonsPerCore();
        int neurons = profile.resources().neuronsPerCore();
        Path input = dir.resolve(INPUT_FILE);
        Path config = dir.resolve(CONFIG_FILE);
        Path map = dir.resolve(INPUT_MAP_FILE);
        AtomicFiles.write(input, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            layout.writeJson(w, axons, List.of());
            w.flush();
        });
        AtomicFiles.write(config, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            layout.writeConfig(w, neurons, axons);
            w.flush();
        });
        AtomicFiles.write(map, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            layout.writeInputMap(w);
            w.flush();
        });
        return List.of(input, config, map);
    }
}
