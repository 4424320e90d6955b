package org.spikeport.exporter.seneca;

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
import org.spikeport.core.arith.SenecaBf16Lif;
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
 * imec SENECA, in the bf16 arithmetic of {@link SenecaBf16Lif}. SENECA has no public network file
 * format or toolchain, so this target writes spikeport's own JSON ({@value #FILE}), specified field by
 * field in {@code docs/seneca-format.md} ({@value #FORMAT}, version {@value #VERSION}): the neuron
 * program's parameters per layer and, per core, its neurons, its synapse tables (feed-forward and
 * recurrent) and its delay queue.
 *
 * <h2>Recurrent synapses and reset by subtraction</h2>
 *
 * Both are deployed ({@link #deploys}). A layer's recurrent synapse {@code post <- pre} of lag {@code D}
 * lives on the core of {@code post}, in that core's recurrent table; a spike of the layer's neuron
 * {@code pre} at step {@code t}, emitted after the layer has consumed slot {@code t mod Q}, is added to slot
 * {@code (t + D + r) mod Q} of the same queue ({@code r} the profile's {@code delays.recurrent_offset}, 0 in
 * the bundled profile), so it acts at step {@code t + D + r}, exactly what the simulator delivers. The slot
 * must not be one still pending for an earlier step: {@code D + r <= Q}. A layer that resets by
 * subtraction runs {@link SenecaBf16Lif#reset}'s {@code bf16(v - theta)} (the neuron parameter
 * {@code reset}, and {@code "subtract"} in the file).
 *
 * <h2>Quantization of a layer</h2>
 *
 * bf16 is a floating-point format, so there is no scale: every value is rounded once from the trained
 * double to bf16 ({@link SenecaBf16Lif#fromDouble}: nearest, ties to even, subnormals flushed).
 * <ul>
 *   <li>weight: {@code bf16(w)}; a weight that flushes to zero stays a synapse (it adds nothing);</li>
 *   <li>decay factor: {@code bf16(1 - 1/tau)};</li>
 *   <li>threshold: {@code bf16(threshold)} for hidden layers, {@code +Infinity} (0x7F80) for the
 *       readout;</li>
 *   <li>bias (folded BatchNorm): {@code bf16(b)} per neuron.</li>
 * </ul>
 * Quantization map of each layer: {@code max_abs_weight_error}, {@code max_abs_bias_error},
 * {@code weights_flushed_to_zero}, for a recurrent layer also {@code max_abs_recurrent_weight_error} and
 * {@code recurrent_weights_flushed_to_zero}, {@code decay_effective} and {@code decay_error},
 * {@code tau_effective} ({@code 1 / (1 - decay)}), for hidden layers {@code threshold_effective} and
 * {@code threshold_error}, for the readout {@code output_scale = 1} (the bf16 membrane is already in
 * the trained model's units).
 *
 * <h2>Placement and memory</h2>
 *
 * Neurons fill cores in index order, layer by layer, as {@code CorePartition} does (the profile's
 * neurons and synapses per core; a neuron's incoming synapses live on its core). Each core holds, in
 * its data memory:
 * <ul>
 *   <li>its synapse tables, feed-forward and recurrent: per synapse a weight ({@code weights.bits / 8}
 *       bytes), the target neuron's index within the core ({@value #POST_INDEX_BYTES} bytes) and the delay
 *       (1 byte when the queue has at most 256 slots, else 2): spikeport's layout; a neuron's recurrent
 *       synapses count towards its core's synapses as its feed-forward ones do;</li>
 *   <li>its delay queue: {@code Q} slots of one accumulator per neuron
 *       ({@code neuron.accumulator / 8} bytes), {@code Q} the profile's {@code delay_queue_depth}, or, when
 *       the profile gives none, the slots the layer needs: its largest delay + 1 and its largest recurrent
 *       lag {@code D + r};</li>
 *   <li>per neuron its membrane and bias ({@code (neuron.v + neuron.bias) / 8} bytes), per core the
 *       decay factor and threshold ({@code (neuron.decay + neuron.threshold) / 8} bytes).</li>
 * </ul>
 *
 * <h2>Checks</h2>
 *
 * {@code delay-queue}: a layer whose largest delay {@code d} needs more than the profile's {@code Q}
 * slots ({@code d + 1 > Q}), and each recurrent synapse whose lag needs more ({@code D + r > Q});
 * {@code core-memory}: a core whose bytes exceed the profile's {@code memory_bytes_per_core};
 * {@code bf16-range}: a weight (feed-forward or recurrent), bias or hidden threshold that overflows bf16
 * (becomes infinite). Every offender is listed.
 */
public final class SenecaTarget implements Target {

    /** The target's name. */
    public static final String NAME = "seneca";

    /** The file {@link #write} produces. */
    public static final String FILE = "seneca.json";

    /** The value of the file's {@code format} key. */
    public static final String FORMAT = "spikeport-seneca";

    /** The file format's version. */
    public static final int VERSION = 2;

    /** Bytes of a synapse's target index within its core, in spikeport's synapse table layout. */
    public static final int POST_INDEX_BYTES = 2;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String profileName() {
        return "seneca";
    }

    /** Recurrent synapses (through the delay queue) and reset by subtraction (one more bf16 operation). */
    @Override
    public Set<Feature> deploys() {
        return EnumSet.of(Feature.RECURRENT_SYNAPSES, Feature.RESET_BY_SUBTRACTION);
    }

    @Override
    public DeployedNetwork deploy(FoldedNetwork net, HardwareProfile profile, Provenance provenance) {
        List<DeployedLayer> layers = new ArrayList<>();
        for (FoldedNetwork.Layer l : net.layers()) {
            layers.add(deployLayer(l));
        }
        InputEncoding input = "graded".equals(profile.input().kind())
                ? new InputEncoding(InputEncoding.Kind.GRADED, profile.input().gradedBits())
                : new InputEncoding(InputEncoding.Kind.BINARY, 0);
        return new DeployedNetwork(net.inputs(), net.dtMs(), NAME, profile.name(), profile.sha256(), input, layers,
                net.trailingSteps(), provenance, net.decoding());
    }

    static DeployedLayer deployLayer(FoldedNetwork.Layer l) {
        SortedMap<String, Double> q = new TreeMap<>();
        int[] w = weights(l.weight(), q, "max_abs_weight_error", "weights_flushed_to_zero");
        SparseSynapses recurrent = SparseSynapses.empty();
        if (l.isRecurrent()) {
            FoldedNetwork.Synapses r = l.recurrent();
            recurrent = new SparseSynapses(r.pre().clone(), r.post().clone(),
                    weights(r.weight(), q, "max_abs_recurrent_weight_error", "recurrent_weights_flushed_to_zero"),
                    r.delay().clone());
        }
        int[] bias = new int[l.outputs()];
        double bErr = 0;
        for (int i = 0; i < bias.length; i++) {
            bias[i] = SenecaBf16Lif.fromDouble(l.bias()[i]);
            if (SenecaBf16Lif.isFinite(bias[i])) {
                bErr = Math.max(bErr, Math.abs(l.bias()[i] - SenecaBf16Lif.toFloat(bias[i])));
            }
        }
        double exactDecay = 1 - 1 / l.tau();
        int decay = SenecaBf16Lif.fromDouble(exactDecay);
        double decayValue = SenecaBf16Lif.toFloat(decay);
        int threshold = l.isReadout() ? SenecaBf16Lif.POSITIVE_INFINITY : SenecaBf16Lif.fromDouble(l.threshold());

        q.put("max_abs_bias_error", bErr);
        q.put("decay_effective", decayValue);
        q.put("decay_error", decayValue - exactDecay);
        q.put("tau_effective", 1 / (1 - decayValue));
        if (l.isReadout()) {
            q.put("output_scale", 1.0);
        } else {
            double eff = SenecaBf16Lif.toFloat(threshold);
            q.put("threshold_effective", eff);
            q.put("threshold_error", eff - l.threshold());
        }
        SparseSynapses syn = new SparseSynapses(l.pre().clone(), l.post().clone(), w, l.delay().clone());
        return new DeployedLayer(l.name(), l.inputs(), l.outputs(), syn,
                SenecaBf16Lif.params(decay, threshold, bias, l.reset()), q, recurrent);
    }

    /**
     * The bf16 patterns of {@code weights}; puts the largest rounding error of the finite ones under
     * {@code errorKey} and the count of non-zero weights that became zero under {@code flushedKey}.
     */
    private static int[] weights(double[] weights, SortedMap<String, Double> q, String errorKey, String flushedKey) {
        int[] w = new int[weights.length];
        double error = 0;
        int flushed = 0;
        for (int k = 0; k < w.length; k++) {
            w[k] = SenecaBf16Lif.fromDouble(weights[k]);
            double back = SenecaBf16Lif.toFloat(w[k]);
            if (SenecaBf16Lif.isFinite(w[k])) {
                error = Math.max(error, Math.abs(weights[k] - back));
            }
            if (back == 0 && weights[k] != 0) {
                flushed++;
            }
        }
        q.put(errorKey, error);
        q.put(flushedKey, (double) flushed);
        return w;
    }

    // ---- placement and memory ----

    /**
     * The neurons of one core of a layer, in increasing index, and the feed-forward and recurrent synapses
     * that reach them.
     */
    record Core(int[] neurons, long synapses, long recurrent) {
    }

    /** Bytes of a core's memory, by use. */
    record CoreBytes(long synapses, long recurrent, long queue, long state) {
        long total() {
            return synapses + recurrent + queue + state;
        }
    }

    /**
     * The placement of a layer's neurons on cores: {@code CorePartition}'s rule (a neuron's feed-forward and
     * recurrent synapses count towards its core's synapses), keeping the neurons of each core.
     */
    static List<Core> placement(DeployedLayer l, HardwareProfile p) {
        Integer neuronLimit = p.resources().neuronsPerCore();
        Long synapseLimit = p.resources().synapsesPerCore();
        int[] fanIn = ProfileChecks.fanInCounts(l);
        int[] recurrentIn = new int[l.outputs()];
        for (int post : l.recurrent().post()) {
            recurrentIn[post]++;
        }
        List<Core> cores = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long synapses = 0;
        long recurrent = 0;
        for (int i = 0; i < l.outputs(); i++) {
            if (synapseLimit != null && fanIn[i] > synapseLimit) {
                continue;
            }
            boolean full = !current.isEmpty() && (neuronLimit != null && current.size() + 1 > neuronLimit
                    || synapseLimit != null && synapses + recurrent + fanIn[i] > synapseLimit);
            if (full) {
                cores.add(core(current, synapses, recurrent));
                current.clear();
                synapses = 0;
                recurrent = 0;
            }
            current.add(i);
            synapses += fanIn[i] - recurrentIn[i];
            recurrent += recurrentIn[i];
        }
        if (!current.isEmpty() || cores.isEmpty()) {
            cores.add(core(current, synapses, recurrent));
        }
        return cores;
    }

    private static Core core(List<Integer> neurons, long synapses, long recurrent) {
        return new Core(neurons.stream().mapToInt(Integer::intValue).toArray(), synapses, recurrent);
    }

    /**
     * The slots a layer's queue needs: its largest delay + 1 (a spike through delay {@code d} is added before
     * slot {@code t mod Q} is consumed) and its largest recurrent lag {@code D + r} (added after).
     */
    static int slotsNeeded(DeployedLayer l, HardwareProfile p) {
        int slots = l.synapses().maxDelay() + 1;
        return l.isRecurrent() ? Math.max(slots, l.recurrent().maxDelay() + p.delays().recurrentOffset()) : slots;
    }

    /** The delay queue's slots for a layer: the profile's depth, or {@link #slotsNeeded} when it gives none. */
    static int queueDepth(DeployedLayer l, HardwareProfile p) {
        Integer q = p.resources().delayQueueDepth();
        return q != null ? q : slotsNeeded(l, p);
    }

    private static int width(HardwareProfile p, String name) {
        Integer w = p.neuron().get(name);
        if (w == null) {
            throw new SpikeportException("profile '" + p.name() + "' gives no width for neuron '" + name
                    + "', which the SENECA target needs (see the seneca profile)");
        }
        return w;
    }

    private static int bytes(int bits) {
        return (bits + 7) / 8;
    }

    static int accumulatorBytes(HardwareProfile p) {
        int bits = width(p, SenecaBf16Lif.ACCUMULATOR);
        SenecaBf16Lif.accumulatorIsBf16(bits);
        return bytes(bits);
    }

    /** Bytes of one synapse table entry: weight, target index within the core, delay. */
    static int synapseEntryBytes(HardwareProfile p, int queueDepth) {
        Integer wb = p.weights().bits();
        return bytes(wb == null ? 16 : wb) + POST_INDEX_BYTES + (queueDepth <= 256 ? 1 : 2);
    }

    static CoreBytes coreBytes(Core c, int queueDepth, HardwareProfile p) {
        long n = c.neurons().length;
        int entry = synapseEntryBytes(p, queueDepth);
        long queue = (long) queueDepth * n * accumulatorBytes(p);
        long state = n * bytes(width(p, "v") + width(p, "bias")) + bytes(width(p, "decay") + width(p, "threshold"));
        return new CoreBytes(c.synapses() * entry, c.recurrent() * entry, queue, state);
    }

    @Override
    public List<Violation> check(DeployedNetwork net, HardwareProfile profile) {
        List<Violation> out = new ArrayList<>();
        Integer depth = profile.resources().delayQueueDepth();
        Long memory = profile.resources().memoryBytesPerCore();
        int offset = profile.delays().recurrentOffset();
        for (DeployedLayer l : net.layers()) {
            int maxDelay = l.synapses().maxDelay();
            List<Core> cores = placement(l, profile);
            int largest = 0;
            for (Core c : cores) {
                largest = Math.max(largest, c.neurons().length);
            }
            int needed = slotsNeeded(l, profile);
            String raise = "raise resources.delay_queue_depth to " + needed + " (" + (long) needed * largest
                    * accumulatorBytes(profile) + " bytes of queue on this layer's largest core)";
            if (depth != null && maxDelay + 1 > depth) {
                out.add(new Violation("delay-queue", l.name(), "", "largest delay " + maxDelay + " (needs "
                        + (maxDelay + 1) + " queue slots)", "the profile's delay queue of " + depth + " slots (delays 0.."
                        + (depth - 1) + ")", "retrain with --max-delay " + (depth - 1) + " or less, or " + raise));
            }
            SparseSynapses r = l.recurrent();
            for (int k = 0; depth != null && k < r.size(); k++) {
                int slots = r.delay()[k] + offset;
                if (slots > depth) {
                    out.add(new Violation("delay-queue", l.name(), "recurrent synapse " + k + " (post " + r.post()[k]
                            + ", pre " + r.pre()[k] + ")", "lag " + r.delay()[k] + (offset == 0 ? "" : " + recurrent offset "
                            + offset) + " (needs " + slots + " queue slots)", "the profile's delay queue of " + depth
                            + " slots (recurrent lags 1.." + (depth - offset) + ")", "retrain with shorter recurrent "
                            + "delays (lag D = 1 + round(d) <= " + (depth - offset) + "), or " + raise));
                }
            }
            if (memory != null) {
                int q = queueDepth(l, profile);
                for (int k = 0; k < cores.size(); k++) {
                    Core c = cores.get(k);
                    CoreBytes b = coreBytes(c, q, profile);
                    if (b.total() > memory) {
                        out.add(new Violation("core-memory", l.name(), "core " + k + " (" + c.neurons().length
                                + " neurons, " + c.synapses() + " synapses" + (c.recurrent() == 0 ? ""
                                : ", " + c.recurrent() + " recurrent") + ")", b.total() + " bytes (synapse table "
                                + b.synapses() + (b.recurrent() == 0 ? "" : ", recurrent synapse table " + b.recurrent())
                                + ", delay queue " + b.queue() + ", neuron state " + b.state() + ")",
                                "the core's " + memory + " bytes of data memory", "place fewer neurons per core "
                                        + "(resources.neurons_per_core), retrain with fewer inputs per neuron "
                                        + "(--fan-in) or a shorter delay queue"));
                    }
                }
            }
            bf16Range(out, l);
        }
        return out;
    }

    private static void bf16Range(List<Violation> out, DeployedLayer l) {
        String fix = "the trained value exceeds bf16's largest finite value (about 3.39e38); retrain with weight "
                + "decay or smaller BatchNorm scales";
        bf16Weights(out, l, l.synapses(), "synapse ", fix);
        bf16Weights(out, l, l.recurrent(), "recurrent synapse ", fix);
        NeuronParams p = l.neuron();
        for (int i = 0; i < l.outputs(); i++) {
            if (!SenecaBf16Lif.isFinite(SenecaBf16Lif.bias(p, i))) {
                out.add(new Violation("bf16-range", l.name(), "neuron " + i, "bias "
                        + SenecaBf16Lif.toFloat(SenecaBf16Lif.bias(p, i)), "finite bf16", fix));
            }
        }
        int threshold = SenecaBf16Lif.threshold(p, 0);
        if (threshold != SenecaBf16Lif.POSITIVE_INFINITY && !SenecaBf16Lif.isFinite(threshold)) {
            out.add(new Violation("bf16-range", l.name(), "", "threshold " + SenecaBf16Lif.toFloat(threshold),
                    "finite bf16", fix));
        }
    }

    private static void bf16Weights(List<Violation> out, DeployedLayer l, SparseSynapses s, String what, String fix) {
        for (int k = 0; k < s.size(); k++) {
            if (!SenecaBf16Lif.isFinite(s.weight()[k])) {
                out.add(new Violation("bf16-range", l.name(), what + k + " (post " + s.post()[k] + ", pre "
                        + s.pre()[k] + ")", "weight " + SenecaBf16Lif.toFloat(s.weight()[k]), "finite bf16", fix));
            }
        }
    }

    /**
     * The delay queue and the memory of each layer's cores: {@code delay_queue_method},
     * {@code delay_queue_depth} (the profile's, or null when sized per layer), {@code delay_queue_accumulator}
     * ({@code bf16} or {@code fp32}) and {@code _bytes}, {@code delay_queue_bytes_total} (all cores),
     * {@code core_memory_bytes_per_core} (the profile's), {@code core_memory_bytes_total}, and per layer
     * ({@code layers}) its cores, recurrent synapses and largest lag, slots needed (its largest delay + 1 and
     * its largest recurrent lag) and used, queue bytes and its largest core's bytes by use.
     */
    @Override
    public Map<String, Object> mapping(DeployedNetwork net, HardwareProfile profile) {
        int accBytes = accumulatorBytes(profile);
        Long perCore = profile.resources().memoryBytesPerCore();
        List<Map<String, Object>> layers = new ArrayList<>();
        long queueTotal = 0;
        long memoryTotal = 0;
        for (DeployedLayer l : net.layers()) {
            List<Core> cores = placement(l, profile);
            int q = queueDepth(l, profile);
            long layerQueue = 0;
            long layerBytes = 0;
            CoreBytes largest = new CoreBytes(0, 0, 0, 0);
            int largestNeurons = 0;
            for (Core c : cores) {
                CoreBytes b = coreBytes(c, q, profile);
                layerQueue += b.queue();
                layerBytes += b.total();
                if (b.total() > largest.total()) {
                    largest = b;
                }
                largestNeurons = Math.max(largestNeurons, c.neurons().length);
            }
            queueTotal += layerQueue;
            memoryTotal += layerBytes;
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("layer", l.name());
            lm.put("cores", cores.size());
            lm.put("max_neurons_per_core", largestNeurons);
            lm.put("max_delay", l.synapses().maxDelay());
            lm.put("recurrent_synapses", l.recurrent().size());
            lm.put("max_recurrent_lag", l.recurrent().maxDelay());
            lm.put("queue_slots_needed", slotsNeeded(l, profile));
            lm.put("queue_slots", q);
            lm.put("queue_bytes", layerQueue);
            lm.put("synapse_entry_bytes", synapseEntryBytes(profile, q));
            lm.put("largest_core_bytes", largest.total());
            lm.put("largest_core_synapse_table_bytes", largest.synapses());
            lm.put("largest_core_recurrent_table_bytes", largest.recurrent());
            lm.put("largest_core_queue_bytes", largest.queue());
            lm.put("largest_core_state_bytes", largest.state());
            lm.put("largest_core_memory_fraction", perCore == null ? null : (double) largest.total() / perCore);
            layers.add(lm);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("delay_queue_method", "per-core circular delay queue, one accumulator per neuron and slot: a spike "
                + "emitted at t through delay d is added at once to slot (t + d) mod slots and consumed at step t + d; "
                + "a layer's own spike of step t through a recurrent lag D, added after the layer's step t, to slot "
                + "(t + D) mod slots (Patino-Saucedo et al. 2024; Meijer et al. 2025)");
        m.put("delay_queue_depth", profile.resources().delayQueueDepth());
        m.put("delay_queue_accumulator", accBytes == 2 ? "bf16" : "fp32");
        m.put("delay_queue_accumulator_bytes", accBytes);
        m.put("delay_queue_bytes_total", queueTotal);
        m.put("core_memory_bytes_per_core", perCore);
        m.put("core_memory_bytes_total", memoryTotal);
        m.put("layers", layers);
        return m;
    }

    @Override
    public List<Path> write(DeployedNetwork net, FoldedNetwork folded, HardwareProfile profile, Path dir) {
        Path file = dir.resolve(FILE);
        AtomicFiles.write(file, (Json.write(document(net, profile)) + "\n").getBytes(StandardCharsets.UTF_8));
        return List.of(file);
    }

    /** The content of {@value #FILE} (see {@code docs/seneca-format.md}). */
    static Map<String, Object> document(DeployedNetwork net, HardwareProfile profile) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", VERSION);
        Map<String, Object> arith = new LinkedHashMap<>();
        arith.put("name", SenecaBf16Lif.NAME);
        arith.put("number_format", "bf16");
        arith.put("accumulator", accumulatorBytes(profile) == 2 ? "bf16" : "fp32");
        arith.put("rounding", "nearest-even");
        arith.put("subnormals", "flush-to-zero");
        m.put("arithmetic", arith);
        Map<String, Object> prof = new LinkedHashMap<>();
        prof.put("name", profile.name());
        prof.put("sha256", profile.sha256());
        m.put("profile", prof);
        m.put("dt_ms", net.dtMs());
        m.put("inputs", net.inputs());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("kind", net.input().kind() == InputEncoding.Kind.GRADED ? "graded" : "binary");
        input.put("payload_bits", net.input().bits());
        m.put("input", input);
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("pipeline_steps_per_layer", profile.delays().pipelineStepsPerLayer());
        timing.put("delay_offset", Math.max(0, profile.delays().min()));
        timing.put("recurrent_offset", profile.delays().recurrentOffset());
        timing.put("trailing_steps", net.trailingSteps());
        m.put("timing", timing);
        List<Map<String, Object>> layers = new ArrayList<>();
        int coreIndex = 0;
        for (int li = 0; li < net.layers().size(); li++) {
            DeployedLayer l = net.layers().get(li);
            NeuronParams p = l.neuron();
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("name", l.name());
            lm.put("source", li == 0 ? "input" : net.layers().get(li - 1).name());
            lm.put("inputs", l.inputs());
            lm.put("neurons", l.outputs());
            lm.put("readout", li == net.layers().size() - 1);
            Map<String, Object> program = new LinkedHashMap<>();
            program.put("model", "lif");
            program.put("reset", SenecaBf16Lif.subtracts(p) ? "subtract" : "zero");
            program.put("decay", SenecaBf16Lif.decay(p, 0));
            program.put("threshold", SenecaBf16Lif.threshold(p, 0));
            int[] bias = new int[l.outputs()];
            for (int i = 0; i < bias.length; i++) {
                bias[i] = SenecaBf16Lif.bias(p, i);
            }
            program.put("bias", bias);
            lm.put("neuron_program", program);
            int q = queueDepth(l, profile);
            List<Map<String, Object>> cores = new ArrayList<>();
            for (Core c : placement(l, profile)) {
                cores.add(core(l, c, coreIndex++, q, profile));
            }
            lm.put("cores", cores);
            layers.add(lm);
        }
        m.put("layers", layers);
        Provenance pr = net.provenance();
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("tool_version", pr.toolVersion());
        prov.put("command_line", pr.commandLine());
        prov.put("model_sha256", pr.sourceSha256());
        prov.put("dataset_fingerprint", pr.datasetFingerprint());
        prov.put("created_at", pr.createdAt().toString());
        m.put("provenance", prov);
        return m;
    }

    private static Map<String, Object> core(DeployedLayer l, Core c, int index, int queueDepth, HardwareProfile p) {
        int[] neurons = c.neurons();
        int first = neurons.length == 0 ? 0 : neurons[0];
        for (int k = 0; k < neurons.length; k++) {
            if (neurons[k] != first + k) {
                throw new IllegalArgumentException("layer '" + l.name() + "': core " + index + " does not hold a "
                        + "contiguous range of neurons; a network that fails the core-capacity check cannot be written");
            }
        }
        CoreBytes b = coreBytes(c, queueDepth, p);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("core", index);
        m.put("first_neuron", first);
        m.put("neurons", neurons.length);
        Map<String, Object> queue = new LinkedHashMap<>();
        queue.put("slots", queueDepth);
        queue.put("accumulator_bytes", accumulatorBytes(p));
        queue.put("bytes", b.queue());
        m.put("delay_queue", queue);
        Map<String, Object> mem = new LinkedHashMap<>();
        mem.put("synapse_table", b.synapses());
        mem.put("recurrent_synapse_table", b.recurrent());
        mem.put("delay_queue", b.queue());
        mem.put("neuron_state", b.state());
        mem.put("total", b.total());
        m.put("memory_bytes", mem);
        m.put("synapses", table(l.synapses(), l.inputs(), first, neurons.length));
        m.put("recurrent_synapses", table(l.recurrent(), l.outputs(), first, neurons.length));
        return m;
    }

    /**
     * A core's synapse table: the entries of {@code s} (presynaptic indices below {@code sources}) whose
     * post lies in {@code first .. first + neurons - 1}, grouped by {@code pre} in increasing order (each
     * group in IR order), {@code post} within the core: {@code count}, {@code pre}, {@code post},
     * {@code weight}, {@code delay}.
     */
    private static Map<String, Object> table(SparseSynapses s, int sources, int first, int neurons) {
        int[] count = new int[sources + 1];
        int n = 0;
        for (int k = 0; k < s.size(); k++) {
            if (s.post()[k] >= first && s.post()[k] < first + neurons) {
                count[s.pre()[k] + 1]++;
                n++;
            }
        }
        for (int j = 0; j < sources; j++) {
            count[j + 1] += count[j];
        }
        int[] pre = new int[n];
        int[] post = new int[n];
        int[] weight = new int[n];
        int[] delay = new int[n];
        for (int k = 0; k < s.size(); k++) {
            if (s.post()[k] >= first && s.post()[k] < first + neurons) {
                int at = count[s.pre()[k]]++;
                pre[at] = s.pre()[k];
                post[at] = s.post()[k] - first;
                weight[at] = s.weight()[k];
                delay[at] = s.delay()[k];
            }
        }
        Map<String, Object> syn = new LinkedHashMap<>();
        syn.put("count", n);
        syn.put("pre", pre);
        syn.put("post", post);
        syn.put("weight", weight);
        syn.put("delay", delay);
        return syn;
    }
}
