package org.spikeport.exporter.spinnaker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.arith.ResetParameter;
import org.spikeport.core.arith.SpinnakerLif;
import org.spikeport.core.arith.SpinnakerQuantization;
import org.spikeport.core.files.AtomicFiles;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.json.Json;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.exporter.Feature;
import org.spikeport.exporter.FoldedNetwork;
import org.spikeport.exporter.ProfileChecks;
import org.spikeport.exporter.Target;
import org.spikeport.exporter.Violation;

/**
 * SpiNNaker 1 through sPyNNaker (PyNN {@code IF_curr_delta}), in the arithmetic of {@link SpinnakerLif}.
 *
 * <h2>Time</h2>
 *
 * One step of the trained model is one PyNN time step of {@code dt = 1 ms} (the delta input type
 * multiplies by {@code 1 / dt}, exactly 1 there). The network runs time-scaled: a step of the
 * recording (the deployed network keeps the model's {@code dtMs}, e.g. 10 ms, for binning data)
 * takes 1 ms of SpiNNaker time, which changes nothing the network computes.
 *
 * <h2>Quantization of a layer</h2>
 *
 * The trained neuron is {@code v' = (1 - 1/tau) v + I + b}; with {@code r_membrane = 1} and
 * {@code v_rest = 0} the chip computes {@code V' ~ e V + (1 - e) I_chip}, {@code e = exp_tc / 2^15}.
 * Let {@code u} be the float value of 1 mV of chip membrane (the layer's {@code v_unit}). Leak, unit, shifts,
 * stored weights and bias are {@link SpinnakerQuantization}'s, the rule training for a SpiNNaker profile also
 * runs through.
 * <ul>
 *   <li><b>Leak</b>: {@code exp_tc = round(2^15 (1 - 1/tau))} (half away from zero), at most
 *       {@code 2^15 - 1} so that input still reaches V; PyNN gets {@code tau_m = -dt / ln(e)} ms and
 *       {@code cm = tau_m} nF ({@code R = 1 MOhm}), so that a host computing
 *       {@code exp(-dt / tau_m)} in double precision and rounding to s16.15 obtains {@code exp_tc}.
 *       {@code v_decay_error = e - (1 - 1/tau)}.</li>
 *   <li><b>Units</b>: a trained weight {@code w} becomes {@code w / ((1 - e) u)} nA of delta input
 *       (V moves by {@code (1 - e)} of it), the bias {@code b} becomes
 *       {@code i_offset = b / ((1 - e) u)} nA. Hidden layers take {@code u = threshold / 2^j} and
 *       the readout {@code u = 2^m}, with the largest {@code j} (smallest {@code m}) that keeps the
 *       largest summed input of a neuron (the larger of its excitatory and inhibitory weight sums over
 *       its feed-forward and recurrent synapses, plus its bias) and the threshold within {@code 2^13}
 *       nA / mV; so the threshold is exact ({@code v_thresh = 2^j} mV) and the membrane stays far
 *       inside s16.15's range of 65536.</li>
 *   <li><b>Ring-buffer shifts</b>: sPyNNaker keeps one shift per postsynaptic population and synapse
 *       type for all its incoming projections ({@code PopulationVertex.get_ring_buffer_shifts}: from
 *       {@code max_expected_summed_weight} when given, else from statistics over every incoming
 *       projection). Per type, the largest summed weight {@code W} (nA) of a neuron of the layer, its
 *       feed-forward and its recurrent synapses of that type together, gives the shift
 *       {@link SpinnakerLif#ringBufferShift}; the script passes {@code W} to sPyNNaker as
 *       {@code max_expected_summed_weight}, so sPyNNaker picks the same shift, and both projections of
 *       the type are stored under it. A weight is stored as
 *       {@code k = round(|w| / ((1 - e) u 2^(shift - 15)))} (half away from zero), the IR weight is
 *       {@code +k} (excitatory) or {@code -k} (inhibitory), and PyNN gets {@code ±k 2^(shift - 15)}
 *       nA, which sPyNNaker stores as exactly {@code k}. Weights that round to 0 are dropped. Since
 *       every weight sum of a neuron is below {@code 2^15} units, a ring-buffer entry fed by binary
 *       spikes never saturates; inputs with counts above 1 can (the simulator models it).</li>
 *   <li><b>Threshold and reset</b>: hidden {@code v_thresh = threshold / u} mV (exact),
 *       {@code v_reset = 0}, {@code tau_refrac = 0} (sPyNNaker then has no refractory step, as the
 *       trained model). Readout: {@code v_thresh} is the largest s16.15 value, which its membrane
 *       (bounded by its input, far below) cannot reach; its {@code V * output_scale} is the output.</li>
 * </ul>
 *
 * Quantization map of each layer: {@code v_unit} (u), {@code v_scale} (float per raw s16.15 unit of
 * V, {@code u / 2^15}), {@code output_scale} (readout, = v_scale), {@code weight_scale_exc},
 * {@code weight_scale_inh} (float per stored weight unit), {@code summed_weight_exc},
 * {@code summed_weight_inh} (nA, sPyNNaker's {@code max_expected_summed_weight}),
 * {@code max_abs_weight_error}, {@code max_abs_bias_error}, {@code tau_effective}
 * ({@code 1 / (1 - e)}), {@code v_decay_error}, {@code dropped_weights}, {@code v_range} (float
 * value where V wraps), {@code ring_headroom} (65535 over the largest sum of one type's stored weights
 * into a neuron, feed-forward and recurrent: how many spikes per synapse a step can bring before a
 * ring-buffer entry saturates, which matters for input counts) and, for hidden layers,
 * {@code threshold_effective} and {@code threshold_error}.
 *
 * <h2>Input and delays</h2>
 *
 * Input is binary ({@link InputEncoding.Kind#BINARY}): a count {@code c} is {@code c} spikes from
 * {@code c} copies of the channel's source in the script's {@code SpikeSourceArray}. Delays stay in the
 * IR's convention; the script emits PyNN delay {@code d + 1} (the profile's minimum), so every layer
 * adds one step. A core of {@code n} neurons serves delays up to
 * {@link SpinnakerLif#delaySlots} steps; longer ones need delay-extension cores (reported by
 * {@link #mapping}), up to {@code 2^delay_extension_bits} times the slots ({@link #check}).
 *
 * <h2>Recurrent synapses</h2>
 *
 * A recurrent layer's synapses become a projection from its population to itself (PyNN allows a
 * population as both source and target), split by sign into an excitatory and an inhibitory one as the
 * feed-forward synapses are, under the layer's two ring-buffer shifts. The IR lag {@code D >= 1} is
 * emitted as PyNN delay {@code D + recurrent_offset} (the profile's {@code delays.recurrent_offset}, 0:
 * a PyNN delay of {@code D} steps delivers a spike of step {@code t} in the update of step
 * {@code t + D}, which is the lag itself, so no minimum-delay step is added on this path). Recurrent
 * delays share the layer's delay slots and the limit {@link #check} applies; a longer one goes through
 * the delay-extension vertex of the layer's own population ({@link #layerMappings}). The quantization
 * map of a recurrent layer adds {@code max_abs_recurrent_weight_error} and
 * {@code dropped_recurrent_weights}. Reset by subtraction is not deployed: {@code IF_curr_delta} sets V
 * to {@code v_reset} after a spike; such a layer keeps {@link ResetParameter} in the deployed network
 * (which the simulator refuses) and the export reports it as a missing {@link Feature}.
 *
 * <h2>Files</h2>
 *
 * {@code network.py} (the runnable PyNN script, the same for every export; its docstring documents
 * the backends, the NEST conversion and the sPyNNaker set-up), {@code network.json} (format version 2:
 * per layer the PyNN parameters and its synapse files by receptor type, and the input-pacing figures),
 * {@code conn_<i>_<name>_exc.txt} and {@code conn_<i>_<name>_inh.txt} (one file per sign, in PyNN's
 * {@code FromFileConnector} text layout: {@code # columns = ["i", "j", "weight", "delay"]} then one line
 * per synapse; see {@link #connections}) and {@code sample_input.csv} (the script's default input,
 * {@code step,channel,count}). A recurrent layer also has {@code conn_<i>_<name>_recurrent_exc.txt} and
 * {@code _recurrent_inh.txt} (same layout, named by the layer's {@code recurrent_connections}).
 *
 * <h2>Input pacing</h2>
 *
 * The profile's {@code resources.spikes_per_core_per_step} is what one input-source core sends in a step
 * at real time. {@link #maxSpikesPerCorePerStep} counts the most spikes one core of the script's
 * {@code SpikeSourceArray} sends in a step; above the figure, {@link #timeScaleFactor} gives sPyNNaker's
 * {@code time_scale_factor}. The script does this for the input it runs; {@link #mapping} reports it for
 * the sample input.
 */
public final class SpinnakerTarget implements Target {

    /** The target's name. */
    public static final String NAME = "spinnaker";

    /** PyNN time step, ms. */
    public static final double DT_MS = 1.0;

    /** Steps of the default sample input. */
    static final int SAMPLE_STEPS = 50;

    /** PyNN's receptor types of the two synapse types. */
    static final String EXCITATORY = "excitatory";
    static final String INHIBITORY = "inhibitory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String profileName() {
        return "spinnaker";
    }

    /** Recurrent synapses, as a projection from each recurrent population to itself. */
    @Override
    public Set<Feature> deploys() {
        return EnumSet.of(Feature.RECURRENT_SYNAPSES);
    }

    static int neuronWidth(HardwareProfile profile, String name) {
        Integer w = profile.neuron().get(name);
        if (w == null) {
            throw new SpikeportException("profile '" + profile.name() + "' gives no neuron." + name
                    + ", which the SpiNNaker target needs");
        }
        return w;
    }

    @Override
    public DeployedNetwork deploy(FoldedNetwork net, HardwareProfile profile, Provenance provenance) {
        if (!SpinnakerLif.NAME.equals(profile.arithmetic())) {
            throw new SpikeportException("profile '" + profile.name() + "' uses the arithmetic '" + profile.arithmetic()
                    + "', but target '" + NAME + "' deploys in '" + SpinnakerLif.NAME + "'; give a "
                    + SpinnakerLif.NAME + " profile (e.g. 'spinnaker')");
        }
        List<DeployedLayer> layers = new ArrayList<>();
        for (FoldedNetwork.Layer l : net.layers()) {
            layers.add(deployLayer(l));
        }
        return new DeployedNetwork(net.inputs(), net.dtMs(), NAME, profile.name(), profile.sha256(),
                new InputEncoding(InputEncoding.Kind.BINARY, 0), layers, net.trailingSteps(), provenance,
                net.decoding());
    }

    static DeployedLayer deployLayer(FoldedNetwork.Layer l) {
        SpinnakerQuantization quantized = SpinnakerQuantization.of(l.quantizerLayer());
        long expTc = quantized.expTc();
        double e = SpinnakerLif.toDouble(expTc);
        double gain = quantized.gain();
        double u = quantized.unit();
        double excNa = quantized.summedExc();
        double inhNa = quantized.summedInh();
        int shiftExc = quantized.shiftExc();
        int shiftInh = quantized.shiftInh();
        double scaleExc = quantized.scaleExc();
        double scaleInh = quantized.scaleInh();

        Quantized syn = kept(new FoldedNetwork.Synapses(l.pre(), l.post(), l.weight(), l.delay()), quantized.weights(),
                quantized.values(quantized.weights()));
        Quantized rec = kept(l.recurrent(), quantized.recurrent(), quantized.values(quantized.recurrent()));
        long[] ringExc = new long[l.outputs()];
        long[] ringInh = new long[l.outputs()];
        addRingSums(syn.synapses(), ringExc, ringInh);
        addRingSums(rec.synapses(), ringExc, ringInh);
        long ringMax = 1;
        for (int i = 0; i < l.outputs(); i++) {
            ringMax = Math.max(ringMax, Math.max(ringExc[i], ringInh[i]));
        }
        long[] iOffset = quantized.iOffset();
        double bErr = 0;
        for (int i = 0; i < iOffset.length; i++) {
            bErr = Math.max(bErr, Math.abs(l.bias()[i] - SpinnakerLif.toDouble(iOffset[i]) * gain * u));
        }
        double vScale = u / SpinnakerLif.ONE;
        long vThresh = l.isReadout() ? Integer.MAX_VALUE : SpinnakerLif.fromDouble(l.threshold() / u);

        SortedMap<String, Double> q = new TreeMap<>();
        q.put("v_unit", u);
        q.put("v_scale", vScale);
        q.put("weight_scale_exc", scaleExc);
        q.put("weight_scale_inh", scaleInh);
        q.put("summed_weight_exc", excNa);
        q.put("summed_weight_inh", inhNa);
        q.put("max_abs_weight_error", syn.maxError());
        q.put("max_abs_bias_error", bErr);
        q.put("tau_effective", 1 / gain);
        q.put("v_decay_error", e - (1 - 1 / l.tau()));
        q.put("dropped_weights", (double) syn.dropped());
        q.put("v_range", Math.scalb(1.0, 31) * vScale);
        q.put("ring_headroom", SpinnakerLif.RING_MAX / (double) ringMax);
        if (l.isRecurrent()) {
            q.put("max_abs_recurrent_weight_error", rec.maxError());
            q.put("dropped_recurrent_weights", (double) rec.dropped());
        }
        if (l.isReadout()) {
            q.put("output_scale", vScale);
        } else {
            double eff = vThresh * vScale;
            q.put("threshold_effective", eff);
            q.put("threshold_error", eff - l.threshold());
        }

        SortedMap<String, long[]> p = new TreeMap<>();
        p.put(SpinnakerLif.EXP_TC, new long[] {expTc});
        p.put(SpinnakerLif.R_MEMBRANE, new long[] {SpinnakerLif.ONE});
        p.put(SpinnakerLif.V_REST, new long[] {0});
        p.put(SpinnakerLif.V_THRESH, new long[] {vThresh});
        p.put(SpinnakerLif.V_RESET, new long[] {0});
        p.put(SpinnakerLif.I_OFFSET, iOffset);
        p.put(SpinnakerLif.SHIFT_EXC, new long[] {shiftExc});
        p.put(SpinnakerLif.SHIFT_INH, new long[] {shiftInh});
        ResetParameter.put(p, l.reset());
        return new DeployedLayer(l.name(), l.inputs(), l.outputs(), syn.synapses(),
                new NeuronParams(SpinnakerLif.NAME, p), q, rec.synapses());
    }

    /** Adds each stored weight to its post's excitatory or inhibitory ring-buffer sum. */
    private static void addRingSums(SparseSynapses s, long[] exc, long[] inh) {
        for (int k = 0; k < s.size(); k++) {
            if (s.weight()[k] > 0) {
                exc[s.post()[k]] += s.weight()[k];
            } else {
                inh[s.post()[k]] -= s.weight()[k];
            }
        }
    }

    /**
     * Synapses with stored weights, the largest {@code |w - stored * scale|} and the count of weights that
     * rounded to 0 (and were dropped).
     */
    private record Quantized(SparseSynapses synapses, double maxError, int dropped) {
    }

    /**
     * {@code s} with its stored weights {@code stored} ({@link SpinnakerQuantization}) whose float values are
     * {@code back}, order kept, without the synapses whose stored weight is 0.
     */
    private static Quantized kept(FoldedNetwork.Synapses s, long[] stored, double[] back) {
        int n = s.size();
        int[] pre = new int[n];
        int[] post = new int[n];
        int[] weight = new int[n];
        int[] delay = new int[n];
        int kept = 0;
        double wErr = 0;
        for (int k = 0; k < n; k++) {
            wErr = Math.max(wErr, Math.abs(s.weight()[k] - back[k]));
            long q = stored[k];
            if (q == 0) {
                continue;
            }
            pre[kept] = s.pre()[k];
            post[kept] = s.post()[k];
            weight[kept] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, q));
            delay[kept] = s.delay()[k];
            kept++;
        }
        return new Quantized(new SparseSynapses(Arrays.copyOf(pre, kept), Arrays.copyOf(post, kept),
                Arrays.copyOf(weight, kept), Arrays.copyOf(delay, kept)), wErr, n - kept);
    }

    /**
     * Placement facts of one layer: its cores and delay slots per core, the longest PyNN delay of its
     * feed-forward projection and of its recurrent projection (0 without one) with the delay stages each
     * needs ({@code ceil(delay / slots)}, 1 without an extension), the delay-extension cores counted in
     * this row ({@link #layerMappings}) and the longest PyNN delay the layer's cores can receive with
     * every extension stage.
     */
    record LayerMapping(String name, int neuronsPerCore, int cores, int delaySlots, int maxChipDelay, int stages,
                        int maxRecurrentChipDelay, int recurrentStages, int extensionCores, int maxReachable) {
    }

    /**
     * The placement of every layer. A projection whose PyNN delay exceeds its postsynaptic core's slots
     * goes through the delay-extension vertex of its source population: sPyNNaker adds one per source
     * population's outgoing partition, shared by all the projections from it that need one, with one core
     * per core of the source ({@code delay_support_adder.py}, {@code _create_delay_app_vertex_and_pre_edge}).
     * A layer's feed-forward source is the previous layer (or the input sources); its recurrent source is
     * the layer itself, which also feeds the next layer. Each extension's cores are counted once, in the
     * first row that needs it: the source's own recurrent row, else the row it feeds forward.
     */
    static List<LayerMapping> layerMappings(DeployedNetwork net, HardwareProfile profile) {
        int ringBits = neuronWidth(profile, "ring_buffer_bits");
        int typeBits = neuronWidth(profile, "synapse_type_bits");
        Integer extBitsBox = profile.neuron().get("delay_extension_bits");
        int extBits = extBitsBox == null ? 0 : extBitsBox;
        Integer npcBox = profile.resources().neuronsPerCore();
        int offset = ProfileChecks.delayOffset(profile);
        int recurrentOffset = profile.delays().recurrentOffset();
        List<LayerMapping> out = new ArrayList<>();
        int preSize = net.inputs();
        boolean sourceExtended = false;
        for (DeployedLayer l : net.layers()) {
            int npc = npcBox == null ? l.outputs() : Math.min(npcBox, l.outputs());
            int cores = (l.outputs() + npc - 1) / npc;
            int slots = SpinnakerLif.delaySlots(ringBits, npc, typeBits);
            int maxChip = l.synapses().size() == 0 ? 0 : l.synapses().maxDelay() + offset;
            int stages = stages(maxChip, slots);
            int maxRecurrent = l.isRecurrent() ? l.recurrent().maxDelay() + recurrentOffset : 0;
            int recurrentStages = stages(maxRecurrent, slots);
            int extensionCores = 0;
            if (stages > 1 && !sourceExtended) {
                extensionCores += cores(preSize, npcBox);
            }
            if (recurrentStages > 1) {
                extensionCores += cores;
            }
            out.add(new LayerMapping(l.name(), npc, cores, slots, maxChip, stages, maxRecurrent, recurrentStages,
                    extensionCores, (int) Math.min(Integer.MAX_VALUE, (long) slots << extBits)));
            preSize = l.outputs();
            sourceExtended = recurrentStages > 1;
        }
        return out;
    }

    /** Delay stages for a longest PyNN delay of {@code delay} steps on cores of {@code slots} slots. */
    private static int stages(int delay, int slots) {
        return slots == 0 ? Integer.MAX_VALUE : Math.max(1, (delay + slots - 1) / slots);
    }

    /** Cores of a population of {@code size} neurons at {@code neuronsPerCore} (null: one core). */
    private static int cores(int size, Integer neuronsPerCore) {
        int npc = neuronsPerCore == null ? size : Math.min(neuronsPerCore, size);
        return (size + npc - 1) / npc;
    }

    @Override
    public Map<String, Object> mapping(DeployedNetwork net, HardwareProfile profile) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<LayerMapping> layers = layerMappings(net, profile);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> recurrent = new ArrayList<>();
        int neuronCores = 0;
        int extensionCores = 0;
        for (int i = 0; i < layers.size(); i++) {
            LayerMapping lm = layers.get(i);
            DeployedLayer l = net.layers().get(i);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("layer", lm.name());
            r.put("neurons_per_core", lm.neuronsPerCore());
            r.put("cores", lm.cores());
            r.put("delay_slots", lm.delaySlots());
            r.put("max_pynn_delay", lm.maxChipDelay());
            r.put("delay_extension", lm.stages() > 1 || lm.recurrentStages() > 1);
            r.put("delay_stages", lm.stages());
            if (l.isRecurrent()) {
                r.put("max_recurrent_pynn_delay", lm.maxRecurrentChipDelay());
                r.put("recurrent_delay_stages", lm.recurrentStages());
                recurrent.addAll(recurrentProjections(l, profile));
            }
            r.put("extension_cores", lm.extensionCores());
            r.put("ring_buffer_shift_exc", l.neuron().value(SpinnakerLif.SHIFT_EXC, 0));
            r.put("ring_buffer_shift_inh", l.neuron().value(SpinnakerLif.SHIFT_INH, 0));
            rows.add(r);
            neuronCores += lm.cores();
            extensionCores += lm.extensionCores();
        }
        Integer npc = profile.resources().neuronsPerCore();
        int inputCores = npc == null ? 1 : (net.inputs() + npc - 1) / npc;
        m.put("dt_ms", DT_MS);
        m.put("neuron_cores", neuronCores);
        m.put("input_source_cores", inputCores);
        m.put("delay_extension_cores", extensionCores);
        m.put("total_cores", neuronCores + inputCores + extensionCores);
        m.put("added_latency_steps", net.layers().size() * ProfileChecks.delayOffset(profile));
        int sampleSpikes = maxSpikesPerCorePerStep(sampleCounts(net.inputs(), net.provenance().sourceSha256()),
                net.inputs(), npc);
        m.put("input_spikes_per_core_per_step_limit", spikesPerCorePerStep(profile));
        m.put("sample_input_max_spikes_per_core_per_step", sampleSpikes);
        m.put("sample_input_time_scale_factor", timeScaleFactor(sampleSpikes, spikesPerCorePerStep(profile)));
        m.put("layers", rows);
        if (!recurrent.isEmpty()) {
            m.put("recurrent_projections", recurrent);
        }
        return m;
    }

    /**
     * The projections from a recurrent layer's population to itself, one per synapse type that has
     * synapses: synapse count, PyNN delays (ms) and the ring-buffer shift it shares with the layer's
     * feed-forward projection of that type.
     */
    private static List<Map<String, Object>> recurrentProjections(DeployedLayer l, HardwareProfile profile) {
        List<Map<String, Object>> out = new ArrayList<>();
        SparseSynapses s = l.recurrent();
        for (String receptor : List.of(EXCITATORY, INHIBITORY)) {
            int n = 0;
            int min = Integer.MAX_VALUE;
            int max = 0;
            for (int k = 0; k < s.size(); k++) {
                if (receptor.equals(receptor(s.weight()[k]))) {
                    n++;
                    min = Math.min(min, s.delay()[k]);
                    max = Math.max(max, s.delay()[k]);
                }
            }
            if (n == 0) {
                continue;
            }
            int offset = profile.delays().recurrentOffset();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("projection", l.name() + " -> " + l.name());
            p.put("receptor", receptor);
            p.put("synapses", n);
            p.put("pynn_delay_min_ms", (min + offset) * DT_MS);
            p.put("pynn_delay_max_ms", (max + offset) * DT_MS);
            p.put("ring_buffer_shift", l.neuron().value(receptor.equals(EXCITATORY) ? SpinnakerLif.SHIFT_EXC
                    : SpinnakerLif.SHIFT_INH, 0));
            out.add(p);
        }
        return out;
    }

    /** PyNN's receptor type of a synapse of IR weight {@code w}. */
    private static String receptor(int w) {
        return w > 0 ? EXCITATORY : INHIBITORY;
    }

    @Override
    public List<Violation> check(DeployedNetwork net, HardwareProfile profile) {
        List<Violation> out = new ArrayList<>();
        int bits = profile.weights().bits() == null ? 16 : profile.weights().bits();
        List<LayerMapping> maps = layerMappings(net, profile);
        int offset = ProfileChecks.delayOffset(profile);
        int recurrentOffset = profile.delays().recurrentOffset();
        int extBits = profile.neuron().getOrDefault("delay_extension_bits", 0);
        for (int li = 0; li < net.layers().size(); li++) {
            DeployedLayer l = net.layers().get(li);
            LayerMapping lm = maps.get(li);
            String reach = lm.delaySlots() + " slots per core at " + lm.neuronsPerCore() + " neurons per core x "
                    + (1 << extBits) + " delay-extension stages = " + lm.maxReachable();
            checkSynapses(out, l, l.synapses(), "synapse ", bits, offset, lm.maxReachable(), reach,
                    "retrain with --max-delay " + (lm.maxReachable() - offset) + " or less");
            int maxLag = lm.maxReachable() - recurrentOffset;
            checkSynapses(out, l, l.recurrent(), "recurrent synapse ", bits, recurrentOffset, lm.maxReachable(), reach,
                    "retrain with recurrent delays of at most " + (maxLag - 1) + " steps (lag 1 + round(d) <= "
                            + maxLag + ")");
            for (String key : List.of(SpinnakerLif.SHIFT_EXC, SpinnakerLif.SHIFT_INH)) {
                long shift = l.neuron().value(key, 0);
                if (shift > SpinnakerLif.MAX_SHIFT) {
                    out.add(new Violation("ring-buffer-shift", l.name(), "", key + " " + shift,
                            "a left shift of " + SpinnakerLif.MAX_SHIFT + " (s16.15 input of 32 bits)",
                            "the summed weights are too large for s16.15; lower the weights or the bias"));
                }
            }
            for (int i = 0; i < l.outputs(); i++) {
                long off = l.neuron().value(SpinnakerLif.I_OFFSET, i);
                if (!SpinnakerLif.fits(off)) {
                    out.add(new Violation("neuron-range", l.name(), "neuron " + i, "i_offset " + off,
                            "the s16.15 range", "the folded BatchNorm bias is too large"));
                }
            }
        }
        Integer cpc = profile.resources().coresPerChip();
        if (cpc != null) {
            int total = ((Number) mapping(net, profile).get("total_cores")).intValue();
            if (total > cpc) {
                out.add(new Violation("cores-with-extensions", "", "", total
                        + " cores (neurons, input sources and delay extensions)", "the chip's " + cpc,
                        "use fewer or smaller layers, or shorter delays (no delay-extension cores)"));
            }
        }
        return out;
    }

    /**
     * Adds the weight-range and delay-slots findings of {@code s} (a layer's feed-forward or recurrent
     * synapses, named {@code kind} in each finding): every stored weight within {@code bits} unsigned bits,
     * every PyNN delay ({@code delay + offset}) within {@code maxReachable}.
     */
    private static void checkSynapses(List<Violation> out, DeployedLayer l, SparseSynapses s, String kind, int bits,
                                      int offset, int maxReachable, String reach, String delayFix) {
        long wMax = (1L << bits) - 1;
        for (int k = 0; k < s.size(); k++) {
            String where = kind + k + " (post " + s.post()[k] + ", pre " + s.pre()[k] + ")";
            long w = Math.abs((long) s.weight()[k]);
            if (w > wMax) {
                out.add(new Violation("weight-range", l.name(), where, "stored weight " + w,
                        "the " + bits + "-bit unsigned weight of a synapse row (" + wMax + ")",
                        "the layer's weights span too large a range; retrain with weight decay"));
            }
            int chip = s.delay()[k] + offset;
            if (chip > maxReachable) {
                out.add(new Violation("delay-slots", l.name(), where, "PyNN delay " + chip, reach, delayFix));
            }
        }
    }

    @Override
    public List<Path> write(DeployedNetwork net, FoldedNetwork folded, HardwareProfile profile, Path dir) {
        List<Path> files = new ArrayList<>();
        Path script = dir.resolve("network.py");
        AtomicFiles.write(script, scriptBytes());
        files.add(script);
        List<Map<String, Object>> layers = new ArrayList<>();
        for (int i = 0; i < net.layers().size(); i++) {
            DeployedLayer l = net.layers().get(i);
            String stem = String.format(Locale.ROOT, "conn_%d_%s", i, l.name().replaceAll("[^A-Za-z0-9_.-]", "_"));
            Map<String, Object> layer = layerJson(l, writeConnections(dir, stem, l.synapses(), l,
                    ProfileChecks.delayOffset(profile), files));
            if (l.isRecurrent()) {
                layer.put("recurrent_connections", writeConnections(dir, stem + "_recurrent", l.recurrent(), l,
                        profile.delays().recurrentOffset(), files));
            }
            layers.add(layer);
        }
        int[] sample = sampleCounts(net.inputs(), net.provenance().sourceSha256());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "spikeport-spinnaker-pynn");
        m.put("format_version", 2);
        m.put("dt_ms", DT_MS);
        m.put("model_dt_ms", net.dtMs());
        m.put("inputs", net.inputs());
        m.put("trailing_steps", net.trailingSteps());
        m.put("latency_steps", net.layers().size() * ProfileChecks.delayOffset(profile));
        m.put("input_spikes_per_core_per_step", spikesPerCorePerStep(profile));
        m.put("neurons_per_core", profile.resources().neuronsPerCore());
        m.put("model_sha256", net.provenance().sourceSha256());
        m.put("layers", layers);
        Path json = dir.resolve("network.json");
        AtomicFiles.write(json, (Json.write(m) + "\n").getBytes(StandardCharsets.UTF_8));
        files.add(json);
        Path samplePath = dir.resolve("sample_input.csv");
        writeInput(samplePath, sample, net.inputs());
        files.add(samplePath);
        return files;
    }

    /**
     * Writes the synapses of {@code s} with weights of each sign to their own file,
     * {@code <stem>_exc.txt} and {@code <stem>_inh.txt} (a file only for a sign that has synapses), and
     * returns their names by PyNN receptor type ({@code excitatory}, {@code inhibitory}) for
     * {@code network.json}.
     */
    private static Map<String, Object> writeConnections(Path dir, String stem, SparseSynapses s, DeployedLayer l,
                                                        int delayOffset, List<Path> files) {
        Map<String, Object> names = new LinkedHashMap<>();
        for (String receptor : List.of(EXCITATORY, INHIBITORY)) {
            String text = connections(s, l.neuron(), delayOffset, receptor);
            if (text.indexOf('\n') == text.length() - 1) {
                continue;
            }
            String name = stem + (receptor.equals(EXCITATORY) ? "_exc.txt" : "_inh.txt");
            Path file = dir.resolve(name);
            AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
            files.add(file);
            names.put(receptor, name);
        }
        return names;
    }

    /** The PyNN parameters of one layer for {@code network.json}. */
    static Map<String, Object> layerJson(DeployedLayer l, Map<String, Object> connections) {
        NeuronParams p = l.neuron();
        long expTc = p.value(SpinnakerLif.EXP_TC, 0);
        double tauM = expTc <= 0 ? 0.01 : -DT_MS / Math.log(SpinnakerLif.toDouble(expTc));
        List<Double> iOffset = new ArrayList<>();
        for (int i = 0; i < l.outputs(); i++) {
            iOffset.add(SpinnakerLif.toDouble(p.value(SpinnakerLif.I_OFFSET, i)));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", l.name());
        m.put("size", l.outputs());
        m.put("readout", p.value(SpinnakerLif.V_THRESH, 0) == Integer.MAX_VALUE);
        m.put("tau_m", tauM);
        m.put("cm", tauM);
        m.put("v_rest", SpinnakerLif.toDouble(p.value(SpinnakerLif.V_REST, 0)));
        m.put("v_reset", SpinnakerLif.toDouble(p.value(SpinnakerLif.V_RESET, 0)));
        m.put("v_thresh", SpinnakerLif.toDouble(p.value(SpinnakerLif.V_THRESH, 0)));
        m.put("tau_refrac", 0.0);
        m.put("i_offset", iOffset);
        m.put("exp_tc", SpinnakerLif.toDouble(expTc));
        m.put("shift_exc", p.value(SpinnakerLif.SHIFT_EXC, 0));
        m.put("shift_inh", p.value(SpinnakerLif.SHIFT_INH, 0));
        m.put("max_expected_summed_weight", List.of(l.quantization().get("summed_weight_exc"),
                l.quantization().get("summed_weight_inh")));
        m.put("v_unit", l.quantization().get("v_unit"));
        m.put("connections", connections);
        return m;
    }

    /**
     * The synapses of a layer ({@code s}: its feed-forward or its recurrent ones) of one PyNN receptor type
     * ({@code excitatory}: stored weight {@code > 0}; {@code inhibitory}: {@code < 0}) in the text layout
     * of PyNN's {@code FromFileConnector} (PyNN 0.9+ {@code pyNN.connectors.FromFileConnector}: a
     * {@code # columns = [...]} header, then one whitespace-separated line per synapse): weight in nA,
     * the stored weight times its type's unit {@link SpinnakerLif#weightUnit} under the layer's shift,
     * so excitatory weights are positive and inhibitory ones negative (PyNN's sign convention for
     * current-based inhibitory synapses, which sPyNNaker stores by magnitude in the inhibitory synapse
     * type); delay in ms ({@code delay + delayOffset} steps). Only the header when the type has none.
     */
    static String connections(SparseSynapses s, NeuronParams p, int delayOffset, String receptor) {
        boolean excitatory = receptor.equals(EXCITATORY);
        double unit = SpinnakerLif.weightUnit((int) p.value(excitatory ? SpinnakerLif.SHIFT_EXC : SpinnakerLif.SHIFT_INH, 0));
        StringBuilder b = new StringBuilder("# columns = [\"i\", \"j\", \"weight\", \"delay\"]\n");
        for (int k = 0; k < s.size(); k++) {
            int w = s.weight()[k];
            if (receptor.equals(receptor(w))) {
                b.append(s.pre()[k]).append(' ').append(s.post()[k]).append(' ').append(w * unit).append(' ')
                        .append((s.delay()[k] + delayOffset) * DT_MS).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * The profile's {@code resources.spikes_per_core_per_step}: the spikes one input-source core can send in
     * one time step at real time (null: no limit).
     */
    static Integer spikesPerCorePerStep(HardwareProfile profile) {
        return profile.resources().spikesPerCorePerStep();
    }

    /**
     * The most spikes one core of the script's {@code SpikeSourceArray} sends in one time step for the input
     * {@code counts} ({@code (steps, inputs)} row-major): the array has {@code copies * inputs} neurons
     * ({@code copies} = the largest count, at least 1), a count {@code c} of channel {@code j} fires
     * neurons {@code k * inputs + j} for {@code k < c}, and neuron {@code n} sits on core
     * {@code n / neuronsPerCore} (null: all on one core). {@code network.py} computes the same from the
     * input it runs.
     */
    public static int maxSpikesPerCorePerStep(int[] counts, int inputs, Integer neuronsPerCore) {
        int copies = 1;
        for (int c : counts) {
            copies = Math.max(copies, c);
        }
        long size = (long) copies * inputs;
        long perCore = neuronsPerCore == null ? Math.max(1, size) : neuronsPerCore;
        int cores = (int) Math.max(1, (size + perCore - 1) / perCore);
        int max = 0;
        int steps = inputs == 0 ? 0 : counts.length / inputs;
        for (int t = 0; t < steps; t++) {
            int[] sent = new int[cores];
            for (int j = 0; j < inputs; j++) {
                for (int k = 0; k < counts[t * inputs + j]; k++) {
                    max = Math.max(max, ++sent[(int) (((long) k * inputs + j) / perCore)]);
                }
            }
        }
        return max;
    }

    /**
     * sPyNNaker's {@code time_scale_factor} for an input whose busiest source core sends {@code maxSpikes} in
     * one step: {@code ceil(maxSpikes / limit)}, so that each step gets as many real milliseconds as its
     * spikes need at {@code limit} per millisecond; 1 (real time) when within the limit or without one.
     */
    public static int timeScaleFactor(int maxSpikes, Integer limit) {
        return limit == null || maxSpikes <= limit ? 1 : (maxSpikes + limit - 1) / limit;
    }

    /**
     * Writes input counts ({@code (steps, inputs)} row-major) as the script's CSV input: a header line
     * {@code step,channel,count}, then one line per non-zero count.
     */
    public static void writeInput(Path file, int[] counts, int inputs) {
        StringBuilder b = new StringBuilder("step,channel,count\n");
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] != 0) {
                b.append(k / inputs).append(',').append(k % inputs).append(',').append(counts[k]).append('\n');
            }
        }
        AtomicFiles.write(file, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The default sample: {@value #SAMPLE_STEPS} steps where each channel has a count of 1 with
     * probability 1/20 and 2 with probability 1/100, seeded by the model's hash (a runnable smoke
     * input, not data).
     */
    static int[] sampleCounts(int inputs, String seedText) {
        Random r = new Random(seedText.hashCode());
        int[] c = new int[SAMPLE_STEPS * inputs];
        for (int k = 0; k < c.length; k++) {
            double x = r.nextDouble();
            c[k] = x < 0.01 ? 2 : x < 0.05 ? 1 : 0;
        }
        return c;
    }

    private static byte[] scriptBytes() {
        try (InputStream in = SpinnakerTarget.class.getResourceAsStream("network.py")) {
            if (in == null) {
                throw new IllegalStateException("network.py is missing from the exporter's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the network.py resource", e);
        }
    }
}
