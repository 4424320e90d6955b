package org.spikeport.exporter.truenorth;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.exporter.ProfileChecks;
import org.spikeport.exporter.Violation;

/**
 * A deployed {@code truenorth-lif} network laid out on TrueNorth-like cores, in the shape of the RANC
 * simulator's input JSON (github.com/UA-RCL/RANC, {@code simulator/README.md} "Input Files" and
 * {@code simulator/src/decode.hpp}), which {@link #writeJson} writes.
 *
 * <h2>Compute cores</h2>
 *
 * A layer's neurons are placed in index order, a neuron joining the current core while the core's
 * axons and neurons stay within the profile's {@code axons_per_core} and {@code neurons_per_core}. A
 * synapse {@code post <- pre} with delay {@code d} whose weight is the post neuron's type-{@code k}
 * weight needs the axon {@code (pre, d, k)} on the post neuron's core (shared by every neuron of that
 * core that has the same triple), and the post neuron is connected to it in the crossbar; the axon's
 * type is {@code k}. In the first layer each triple has {@code K = input_copies} copy axons and the
 * neuron is connected to all of them. IR synapses are one per (pre, post), so a neuron's synapses use
 * distinct axons and the crossbar adds exactly the IR weights.
 *
 * <h2>Splitters and relays: one destination axon per neuron, exact timing</h2>
 *
 * A hidden neuron {@code j} sends every spike to one axon of a routing core (RANC
 * {@code destination_tick} 0: integrated one tick later). On that core, splitter neurons are connected
 * to j's axon only, with weight 1 (type 0), leak 0, positive threshold 1, negative threshold 0, reset
 * to 0: each spikes in exactly the ticks in which j's spike arrives and is otherwise at 0.
 * <ul>
 *   <li>For each axon {@code (j, d, k)} of the next layer with {@code d <= 14}, one splitter neuron sends
 *       to it with {@code destination_tick = d} (integrated {@code d + 1} ticks later).</li>
 *   <li>For each delay {@code d = 15..29} that j needs, one splitter neuron sends to a relay axon
 *       (another routing core) with {@code destination_tick = d - 15}; on it, one relay neuron (the same
 *       parameters) per axon {@code (j, d, k)} sends to that axon with {@code destination_tick = 14}.</li>
 * </ul>
 * A spike of j at tick {@code t} reaches the next layer at {@code t + 1 + (d + 1) = t + d + 2}, or through
 * a relay at {@code t + 1 + (d - 14) + 15 = t + d + 2}: the IR delay {@code d} plus the profile's delay
 * offset (1) plus its pipeline step (1, the splitter), the timing the simulator applies. Every axon has
 * exactly one sender (one splitter or relay neuron, or one input copy), which fires at most once per
 * tick, so no packet is lost to RANC's one-bit-per-axon-and-tick scheduler. {@code destination_tick <= 14}
 * (RANC's {@code max_tick_offset} of 16 rows, the row of the current tick excluded) bounds one relay
 * hop to {@code d <= 29} (the profile's {@code delays.max} of 30); larger delays are reported by the
 * generic delay-range check. A source needing more splitter neurons, or one relay axon more relay
 * neurons, than one core's neurons is a {@code fan-out} violation.
 *
 * <h2>Recurrent axons</h2>
 *
 * A recurrent synapse {@code post <- pre} of lag {@code D} (both neurons of one hidden layer) is the axon
 * {@code (pre, route, k)} on the post neuron's core, marked recurrent so that it is never shared with an
 * axon of the previous layer's neuron {@code pre}; {@code route = D + r - p - o} ({@link #recurrentRoute}:
 * {@code r} the profile's {@code delays.recurrent_offset}, {@code p} its {@code pipeline_steps_per_layer},
 * {@code o} its delay offset). It is one more destination of pre's splitter, routed exactly as a
 * feed-forward axon of delay {@code route}: a spike of pre at tick {@code t} is integrated at
 * {@code t + route + o + p = t + D + r}, the simulator's recurrent timing. In the bundled profile
 * ({@code r = 0}, {@code p = o = 1}) {@code route = D - 2}: lags 2..16 through the splitter alone, 17..31
 * through a relay. Lags outside {@link #shortestRecurrentLag}..{@link #longestRecurrentLag} get no axon
 * and are {@code recurrent-lag} violations, one per synapse; lag 1 is among them there, since a neuron's
 * one destination is its splitter, which takes a tick of its own. The first layer's recurrent axons are
 * single (no input copies) and the host never feeds them.
 *
 * <h2>Input</h2>
 *
 * The first layer's axons are fed by the host: a count {@code c} of channel {@code j} at step {@code t}
 * is sent as one packet to each of the first {@code min(c, K)} copies of every axon {@code (j, d, k)},
 * in RANC's {@code packets[t + 2 + max(0, d - 14)]} with {@code destination_tick = min(d, 14)} (the host
 * needs no relay). RANC integrates a packet of {@code packets[i]} with {@code destination_tick} f in
 * tick {@code i + f + 1} (counting ticks from 1, {@code simulator/src/rancgrid.cpp}), i.e. at step
 * {@code t + d + 2}: the same timing as a hidden layer's spikes.
 *
 * <h2>Readout</h2>
 *
 * Readout neurons send to the output bus (axon = class), which they only reach if their membrane
 * hits the largest threshold value. Their membrane is read by the host after every tick (RANC's trace
 * at {@code neuron_block_trace_verbosity} 1 logs it) and decoded as {@link TrueNorthLif} describes.
 */
public final class RancLayout {

    /** The host sends a step's input counts in RANC's packet list of tick {@code step + INPUT_TICK_OFFSET}. */
    public static final int INPUT_TICK_OFFSET = 2;

    /** Rows of RANC's scheduler ({@code max_tick_offset}); the largest usable {@code destination_tick} is this minus 2. */
    public static final int MAX_TICK_OFFSET = 16;

    /** Index of the output bus used as a neuron's destination core. */
    public static final int OUTPUT_BUS = -1;

    /**
     * One neuron's RANC parameters.
     *
     * @param weights   the 4 weights by axon type
     * @param destCore  index of the destination core in {@link #cores()}, or {@link #OUTPUT_BUS}
     * @param axons     indices of the axons of its core it is connected to
     */
    public record Neuron(long[] weights, long leak, long positiveThreshold, long negativeThreshold,
                         long resetPotential, int resetMode, int destCore, int destAxon, int destTick, int[] axons) {
    }

    /**
     * One core.
     *
     * @param role      the layer's name for compute cores, {@code splitter} for routing cores (splitters and relays)
     * @param axonTypes the type of each used axon, by axon index
     * @param neurons   the used neurons, by neuron index
     */
    public record Core(String role, int[] axonTypes, List<Neuron> neurons) {
    }

    /** An axon the host feeds: copy {@code copy} of channel {@code channel}'s axon on {@code core} with delay {@code delay}. */
    public record InputAxon(int channel, int copy, int core, int axon, int delay) {
    }

    /** A RANC input packet: to {@code axon} of core {@code core} with {@code destination_tick} {@code tick}. */
    public record Packet(int core, int axon, int tick) {
    }

    private final List<Core> cores;
    private final List<InputAxon> inputs;
    private final int[][] coreOf;
    private final int[][] slotOf;
    private final int classes;
    private final int copies;
    private final int channels;
    private final List<Violation> violations;
    private final Map<String, Object> resources;

    private RancLayout(List<Core> cores, List<InputAxon> inputs, int[][] coreOf, int[][] slotOf, int classes,
                       int copies, int channels, List<Violation> violations, Map<String, Object> resources) {
        this.cores = cores;
        this.inputs = inputs;
        this.coreOf = coreOf;
        this.slotOf = slotOf;
        this.classes = classes;
        this.copies = copies;
        this.channels = channels;
        this.violations = violations;
        this.resources = resources;
    }

    public List<Core> cores() {
        return cores;
    }

    public List<InputAxon> inputs() {
        return inputs;
    }

    /** The core (index in {@link #cores()}) holding neuron {@code neuron} of layer {@code layer}. */
    public int coreOf(int layer, int neuron) {
        return coreOf[layer][neuron];
    }

    /** The neuron index within its core of neuron {@code neuron} of layer {@code layer}. */
    public int slotOf(int layer, int neuron) {
        return slotOf[layer][neuron];
    }

    /** What does not fit: {@code recurrent-lag}, {@code axons}, {@code fan-out}, {@code chip-cores}. */
    public List<Violation> violations() {
        return violations;
    }

    /** Cores, axons, splitters and input copies, for the report. */
    public Map<String, Object> resources() {
        return resources;
    }

    /** The type index of a synapse's weight among {@code post}'s 4 type weights. */
    static int typeOf(NeuronParams p, int post, int weight) {
        for (int t = 0; t < TrueNorthLif.TYPE_WEIGHTS.length; t++) {
            if (p.value(TrueNorthLif.TYPE_WEIGHTS[t], post) == weight) {
                return t;
            }
        }
        throw new IllegalArgumentException("neuron " + post + " has no axon type with weight " + weight);
    }

    /**
     * An axon of a compute core: source {@code pre} (an index of the previous layer or input, or for
     * {@code recurrent} of the core's own layer), routed delay, axon type and input copy.
     */
    private static long key(int pre, boolean recurrent, int delay, int type, int copy) {
        return ((long) pre << 29) | (recurrent ? 1L << 28 : 0) | ((long) delay << 12) | ((long) type << 10) | copy;
    }

    private static int keyPre(long key) {
        return (int) (key >>> 29);
    }

    private static boolean keyRecurrent(long key) {
        return (key & (1L << 28)) != 0;
    }

    private static int keyDelay(long key) {
        return (int) ((key >>> 12) & 0xFFFF);
    }

    private static int keyType(long key) {
        return (int) ((key >>> 10) & 3);
    }

    private static int keyCopy(long key) {
        return (int) (key & 0x3FF);
    }

    /** Lays out {@code net} on the cores of {@code profile}. */
    public static RancLayout of(DeployedNetwork net, HardwareProfile profile) {
        int axonLimit = profile.resources().axonsPerCore();
        int neuronLimit = profile.resources().neuronsPerCore();
        List<Violation> violations = new ArrayList<>();
        int layers = net.layers().size();
        int copies = Math.toIntExact(net.layers().get(0).neuron().value(TrueNorthLif.INPUT_COPIES, 0));
        int shortest = shortestRecurrentLag(profile);
        int longest = longestRecurrentLag(profile);
        int pipeline = profile.delays().pipelineStepsPerLayer();
        int offset = ProfileChecks.delayOffset(profile);
        int recurrentOffset = profile.delays().recurrentOffset();
        List<Integer> layerOfCore = new ArrayList<>();
        List<LinkedHashMap<Long, Integer>> coreAxons = new ArrayList<>();
        List<List<Integer>> coreNeurons = new ArrayList<>();
        int[][] coreOf = new int[layers][];
        int[][] slotOf = new int[layers][];
        List<long[][]> neuronKeys = new ArrayList<>();
        List<Integer> computeCores = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            DeployedLayer layer = net.layers().get(l);
            SparseSynapses s = layer.synapses();
            int c = l == 0 ? copies : 1;
            List<List<Long>> keys = new ArrayList<>();
            for (int i = 0; i < layer.outputs(); i++) {
                keys.add(new ArrayList<>());
            }
            for (int k = 0; k < s.size(); k++) {
                int type = typeOf(layer.neuron(), s.post()[k], s.weight()[k]);
                for (int copy = 0; copy < c; copy++) {
                    keys.get(s.post()[k]).add(key(s.pre()[k], false, s.delay()[k], type, copy));
                }
            }
            SparseSynapses rec = layer.recurrent();
            if (rec.size() > 0 && l == layers - 1) {
                throw new IllegalArgumentException("layer '" + layer.name() + "' is the readout and has recurrent "
                        + "synapses; a readout's neurons send to the output bus, not back to their own axons");
            }
            int[] recurrentIn = new int[layer.outputs()];
            for (int k = 0; k < rec.size(); k++) {
                if (rec.delay()[k] < shortest || rec.delay()[k] > longest) {
                    violations.add(recurrentLag(layer, k, shortest, longest, profile));
                    continue;
                }
                recurrentIn[rec.post()[k]]++;
                int route = recurrentRoute(rec.delay()[k], profile);
                int type = typeOf(layer.neuron(), rec.post()[k], rec.weight()[k]);
                keys.get(rec.post()[k]).add(key(rec.pre()[k], true, route, type, 0));
            }
            long[][] lk = new long[layer.outputs()][];
            coreOf[l] = new int[layer.outputs()];
            slotOf[l] = new int[layer.outputs()];
            int first = coreAxons.size();
            LinkedHashMap<Long, Integer> axons = null;
            List<Integer> neurons = null;
            for (int i = 0; i < layer.outputs(); i++) {
                lk[i] = keys.get(i).stream().mapToLong(Long::longValue).toArray();
                if (Arrays.stream(lk[i]).distinct().count() != lk[i].length) {
                    throw new IllegalArgumentException("layer '" + layer.name() + "', neuron " + i + ": two synapses share "
                            + "a source, delay and weight, which one crossbar axon cannot carry twice");
                }
                if (lk[i].length > axonLimit) {
                    int inputs = lk[i].length - recurrentIn[i];
                    String parts = c > 1 ? inputs / c + " inputs x " + c + " input copies" : "";
                    if (recurrentIn[i] > 0) {
                        parts = (c > 1 ? parts : inputs + " inputs") + " + " + recurrentIn[i] + " recurrent";
                    }
                    violations.add(new Violation("axons", layer.name(), "neuron " + i, lk[i].length + " axons"
                            + (parts.isEmpty() ? "" : " (" + parts + ")"), "one core's " + axonLimit,
                            "retrain with --fan-in " + Math.max(0, axonLimit - recurrentIn[i]) / c + " or less"
                                    + (recurrentIn[i] > 0 ? ", or fewer recurrent synapses per neuron" : "")));
                }
                int fresh = 0;
                if (axons != null) {
                    for (long key : lk[i]) {
                        fresh += axons.containsKey(key) ? 0 : 1;
                    }
                }
                if (axons == null || neurons.size() >= neuronLimit || axons.size() + fresh > axonLimit) {
                    axons = new LinkedHashMap<>();
                    neurons = new ArrayList<>();
                    coreAxons.add(axons);
                    coreNeurons.add(neurons);
                    layerOfCore.add(l);
                }
                for (long key : lk[i]) {
                    axons.putIfAbsent(key, axons.size());
                }
                coreOf[l][i] = coreAxons.size() - 1;
                slotOf[l][i] = neurons.size();
                neurons.add(i);
            }
            computeCores.add(coreAxons.size() - first);
            neuronKeys.add(lk);
        }
        int compute = coreAxons.size();

        // splitters: for each non-readout layer l, the destinations of each neuron j: its feed-forward axons
        // in layer l + 1's cores and its recurrent axons in layer l's own cores, each with its routed delay
        List<List<List<int[]>>> destinations = new ArrayList<>();
        for (int l = 0; l + 1 < layers; l++) {
            List<List<int[]>> perSource = new ArrayList<>();
            for (int j = 0; j < net.layers().get(l).outputs(); j++) {
                perSource.add(new ArrayList<>());
            }
            for (int core = 0; core < compute; core++) {
                int target = layerOfCore.get(core);
                if (target != l + 1 && target != l) {
                    continue;
                }
                for (Map.Entry<Long, Integer> a : coreAxons.get(core).entrySet()) {
                    if (keyRecurrent(a.getKey()) == (target == l)) {
                        perSource.get(keyPre(a.getKey())).add(new int[] {core, a.getValue(), keyDelay(a.getKey())});
                    }
                }
            }
            destinations.add(perSource);
        }
        // routing cores hold routers: one axon each and its neurons, packed in order
        List<Router> routers = new ArrayList<>();
        List<int[]> routingLoad = new ArrayList<>();
        Router[][] firstRouter = new Router[layers][];
        int splitterNeurons = 0;
        int relayNeurons = 0;
        int maxFanOut = 0;
        for (int l = 0; l + 1 < layers; l++) {
            DeployedLayer layer = net.layers().get(l);
            firstRouter[l] = new Router[layer.outputs()];
            for (int j = 0; j < layer.outputs(); j++) {
                Router first = new Router();
                TreeMap<Integer, Router> relays = new TreeMap<>();
                for (int[] dest : destinations.get(l).get(j)) {
                    if (dest[2] <= MAX_FIELD) {
                        first.targets.add(new int[] {dest[0], dest[1], dest[2]});
                    } else {
                        relays.computeIfAbsent(dest[2], d -> new Router()).targets.add(new int[] {dest[0], dest[1], MAX_FIELD});
                    }
                }
                for (Map.Entry<Integer, Router> g : relays.entrySet()) {
                    first.targets.add(new int[] {-1, 0, g.getKey() - MAX_FIELD - 1});
                    first.relays.add(g.getValue());
                    relayNeurons += g.getValue().targets.size();
                    if (g.getValue().targets.size() > neuronLimit) {
                        violations.add(new Violation("fan-out", layer.name(), "neuron " + j, g.getValue().targets.size()
                                + " destination axons with delay " + g.getKey(), "one relay core's " + neuronLimit
                                + " neurons", "use fewer distinct delays per neuron or sparser connectivity (--fan-in)"));
                    }
                }
                int need = first.targets.size();
                maxFanOut = Math.max(maxFanOut, need);
                splitterNeurons += need;
                if (need > neuronLimit) {
                    violations.add(new Violation("fan-out", layer.name(), "neuron " + j, need + " splitter neurons",
                            "one splitter core's " + neuronLimit + " neurons",
                            "use fewer distinct delays per neuron or sparser connectivity (--fan-in)"));
                }
                firstRouter[l][j] = first;
                place(first, routers, routingLoad, compute, axonLimit, neuronLimit);
                for (Router relay : first.relays) {
                    place(relay, routers, routingLoad, compute, axonLimit, neuronLimit);
                }
            }
        }

        List<Core> cores = new ArrayList<>();
        for (int core = 0; core < compute; core++) {
            int l = layerOfCore.get(core);
            DeployedLayer layer = net.layers().get(l);
            NeuronParams p = layer.neuron();
            LinkedHashMap<Long, Integer> axons = coreAxons.get(core);
            int[] types = new int[axons.size()];
            for (Map.Entry<Long, Integer> a : axons.entrySet()) {
                types[a.getValue()] = keyType(a.getKey());
            }
            boolean readout = l == layers - 1;
            List<Neuron> neurons = new ArrayList<>();
            for (int i : coreNeurons.get(core)) {
                long[] w = new long[4];
                for (int t = 0; t < 4; t++) {
                    w[t] = p.value(TrueNorthLif.TYPE_WEIGHTS[t], i);
                }
                long[] keys = neuronKeys.get(l)[i];
                int[] connected = new int[keys.length];
                for (int k = 0; k < keys.length; k++) {
                    connected[k] = axons.get(keys[k]);
                }
                neurons.add(new Neuron(w, p.value(TrueNorthLif.LEAK, i), p.value(TrueNorthLif.POSITIVE_THRESHOLD, i),
                        p.value(TrueNorthLif.NEGATIVE_THRESHOLD, i), p.value(TrueNorthLif.RESET_POTENTIAL, i),
                        (int) p.value(TrueNorthLif.RESET_MODE, i),
                        readout ? OUTPUT_BUS : firstRouter[l][i].core, readout ? i : firstRouter[l][i].axon, 0,
                        connected));
            }
            cores.add(new Core(layer.name(), types, neurons));
        }
        List<List<Neuron>> routingNeurons = new ArrayList<>();
        for (int k = 0; k < routingLoad.size(); k++) {
            routingNeurons.add(new ArrayList<>());
        }
        for (Router router : routers) {
            int relay = 0;
            for (int[] t : router.targets) {
                int destCore = t[0];
                int destAxon = t[1];
                if (destCore < 0) {
                    Router r = router.relays.get(relay++);
                    destCore = r.core;
                    destAxon = r.axon;
                }
                routingNeurons.get(router.core - compute).add(new Neuron(new long[] {1, 0, 0, 0}, 0, 1, 0, 0,
                        TrueNorthLif.ABSOLUTE, destCore, destAxon, t[2], new int[] {router.axon}));
            }
        }
        for (int k = 0; k < routingLoad.size(); k++) {
            cores.add(new Core("splitter", new int[routingLoad.get(k)[0]], routingNeurons.get(k)));
        }

        List<InputAxon> inputs = new ArrayList<>();
        int inputAxons = 0;
        for (int core = 0; core < compute && layerOfCore.get(core) == 0; core++) {
            for (Map.Entry<Long, Integer> a : coreAxons.get(core).entrySet()) {
                long key = a.getKey();
                if (!keyRecurrent(key)) {
                    inputs.add(new InputAxon(keyPre(key), keyCopy(key), core, a.getValue(), keyDelay(key)));
                    inputAxons++;
                }
            }
        }

        int recurrentAxons = 0;
        for (int core = 0; core < compute; core++) {
            for (long key : coreAxons.get(core).keySet()) {
                recurrentAxons += keyRecurrent(key) ? 1 : 0;
            }
        }
        int totalAxons = 0;
        int maxAxons = 0;
        for (Core c : cores) {
            totalAxons += c.axonTypes().length;
            maxAxons = Math.max(maxAxons, c.axonTypes().length);
        }
        Integer chip = profile.resources().coresPerChip();
        if (chip != null && cores.size() > chip) {
            violations.add(new Violation("chip-cores", "", "", cores.size() + " cores (" + compute + " compute, "
                    + routingLoad.size() + " splitter)", "the chip's " + chip,
                    "use fewer or smaller layers, or sparser connectivity (--fan-in)"));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("cores", cores.size());
        Map<String, Object> perLayer = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            perLayer.put(net.layers().get(l).name(), computeCores.get(l));
        }
        r.put("compute_cores", perLayer);
        r.put("splitter_cores", routingLoad.size());
        r.put("splitter_neurons", splitterNeurons);
        r.put("relay_neurons", relayNeurons);
        r.put("max_fan_out_per_neuron", maxFanOut);
        r.put("axons", totalAxons);
        r.put("max_axons_per_core", maxAxons);
        r.put("input_axons", inputAxons);
        r.put("recurrent_axons", recurrentAxons);
        r.put("recurrent_lags", shortest + ".." + longest);
        r.put("input_copies", copies);
        r.put("ticks_per_layer", "d + 2 (d <= 14: 1 to the splitter, d + 1 to the next layer; d = 15..29: 1 to the "
                + "splitter, d - 14 to a relay, 15 to the next layer)");
        r.put("ticks_per_recurrent_lag", "D + " + recurrentOffset + " for D = " + shortest + ".." + longest + " (the "
                + "routed delay D + " + recurrentOffset + " - " + (pipeline + offset) + " through the layer's own "
                + "splitter, and a relay beyond " + MAX_FIELD + ")");
        if (copies < (1 << (int) Math.min(30, profile.neuron().getOrDefault("input_count", 1))) - 1) {
            r.put("input_count_limit", "a count above " + copies + " per step and channel reaches the chip as " + copies
                    + (copies == 1 ? " spike" : " spikes") + " (the first layer's fan-in leaves room for " + copies
                    + (copies == 1 ? " copy" : " copies") + " of each input axon; retrain with a smaller --fan-in for more)");
        }
        return new RancLayout(List.copyOf(cores), List.copyOf(inputs), coreOf, slotOf, net.outputs(), copies,
                net.inputs(), List.copyOf(violations), r);
    }

    /** MAX_TICK_OFFSET - 2: the largest {@code destination_tick} that does not land on the current row. */
    public static final int MAX_FIELD = MAX_TICK_OFFSET - 2;

    /** The largest routed delay: a splitter's {@code destination_tick}, then one relay hop of {@link #MAX_FIELD}. */
    public static final int MAX_ROUTE = 2 * MAX_FIELD + 1;

    /**
     * The feed-forward delay whose route realises a recurrent lag {@code D}: {@code D + r - p - o} ({@code r}
     * the profile's {@code delays.recurrent_offset}, {@code p} its {@code pipeline_steps_per_layer}, {@code o}
     * its delay offset), so that the spike arrives at {@code t + route + o + p = t + D + r}.
     */
    public static int recurrentRoute(int lag, HardwareProfile p) {
        return lag + p.delays().recurrentOffset() - p.delays().pipelineStepsPerLayer() - ProfileChecks.delayOffset(p);
    }

    /** The shortest recurrent lag the routing realises: route 0, and at least 1. */
    public static int shortestRecurrentLag(HardwareProfile p) {
        return Math.max(1, p.delays().pipelineStepsPerLayer() + ProfileChecks.delayOffset(p) - p.delays().recurrentOffset());
    }

    /**
     * The longest recurrent lag the routing realises: the route within the profile's delay range
     * ({@code route + o <= delays.max}) and one relay hop ({@link #MAX_ROUTE}).
     */
    public static int longestRecurrentLag(HardwareProfile p) {
        int o = ProfileChecks.delayOffset(p);
        int route = p.delays().max() == null ? MAX_ROUTE : Math.min(MAX_ROUTE, p.delays().max() - o);
        return route + p.delays().pipelineStepsPerLayer() + o - p.delays().recurrentOffset();
    }

    /** The violation of recurrent synapse {@code k} of {@code layer}, whose lag lies outside {@code shortest..longest}. */
    private static Violation recurrentLag(DeployedLayer layer, int k, int shortest, int longest, HardwareProfile p) {
        SparseSynapses rec = layer.recurrent();
        int lag = rec.delay()[k];
        String where = "recurrent synapse " + k + " (post " + rec.post()[k] + ", pre " + rec.pre()[k] + ")";
        String route = "a spike reaches its splitter in " + p.delays().pipelineStepsPerLayer() + " tick"
                + (p.delays().pipelineStepsPerLayer() == 1 ? "" : "s") + ", then the layer's own axon after a delay of "
                + ProfileChecks.delayOffset(p) + ".." + (longest - p.delays().pipelineStepsPerLayer()
                + p.delays().recurrentOffset()) + " ticks";
        if (lag < shortest) {
            return new Violation("recurrent-lag", layer.name(), where, "lag " + lag + " is shorter than the chip's "
                    + "shortest recurrent lag " + shortest + " (" + route + ")", "", "retrain so that this recurrent "
                    + "delay d rounds to a lag D = 1 + round(d) >= " + shortest + " (vanilla recurrence, "
                    + "--recurrent-delays none, has every lag 1)");
        }
        return new Violation("recurrent-lag", layer.name(), where, "lag " + lag, "the chip's longest recurrent lag "
                + longest + " (" + route + ", through one relay)", "retrain so that this recurrent delay d rounds to a "
                + "lag D = 1 + round(d) <= " + longest + " (--recurrent-init draws the initial delays)");
    }

    /** A splitter or relay: one input axon on a routing core and one neuron per target ({@code core < 0}: the next relay). */
    private static final class Router {
        final List<int[]> targets = new ArrayList<>();
        final List<Router> relays = new ArrayList<>();
        int core;
        int axon;
    }

    private static void place(Router r, List<Router> routers, List<int[]> load, int compute, int axonLimit,
                              int neuronLimit) {
        int[] last = load.isEmpty() ? null : load.get(load.size() - 1);
        if (last == null || last[0] + 1 > axonLimit || last[1] + r.targets.size() > neuronLimit) {
            last = new int[2];
            load.add(last);
        }
        r.core = compute + load.size() - 1;
        r.axon = last[0];
        last[0]++;
        last[1] += r.targets.size();
        routers.add(r);
    }

    /**
     * The RANC packets for one sample: {@code counts} per step and channel, row-major; list {@code i}
     * holds RANC's {@code packets[i]}.
     *
     * @throws IllegalArgumentException if a count is negative or the counts are not whole steps
     */
    public List<List<Packet>> packets(int[] counts) {
        if (counts.length % channels != 0) {
            throw new IllegalArgumentException("input counts hold " + counts.length + " values, not a whole number of "
                    + "steps of " + channels + " channels");
        }
        int steps = counts.length / channels;
        int extra = 0;
        for (InputAxon a : inputs) {
            extra = Math.max(extra, tickOffset(a.delay()));
        }
        List<List<Packet>> out = new ArrayList<>();
        for (int i = 0; i < steps + extra; i++) {
            out.add(new ArrayList<>());
        }
        for (int t = 0; t < steps; t++) {
            for (InputAxon a : inputs) {
                int c = counts[t * channels + a.channel()];
                if (c < 0) {
                    throw new IllegalArgumentException("input count " + c + " at step " + t + ", channel " + a.channel()
                            + " is negative");
                }
                if (a.copy() < TrueNorthLif.inputSpikes(c, copies)) {
                    out.get(t + tickOffset(a.delay())).add(new Packet(a.core(), a.axon(), Math.min(a.delay(), MAX_FIELD)));
                }
            }
        }
        return out;
    }

    /**
     * The packet list, relative to the step of the count, in which the host sends an input spike for an
     * axon of delay {@code d}: {@code 2 + max(0, d - 14)}; its {@code destination_tick} is {@code min(d, 14)}.
     */
    public static int tickOffset(int delay) {
        return INPUT_TICK_OFFSET + Math.max(0, delay - MAX_FIELD);
    }

    /** Width of the square-ish core grid holding every core and the output bus. */
    public int gridWidth() {
        return (int) Math.ceil(Math.sqrt(cores.size() + 1));
    }

    /** Grid height. */
    public int gridHeight() {
        int w = gridWidth();
        return (cores.size() + 1 + w - 1) / w;
    }

    /** {@code {x, y}} of core {@code index} ({@link #OUTPUT_BUS} for the output bus, placed after the cores). */
    public int[] coordinates(int index) {
        int i = index == OUTPUT_BUS ? cores.size() : index;
        return new int[] {i % gridWidth(), i / gridWidth()};
    }

    /**
     * Writes RANC's simulator input file: {@code packets} (the given packet lists, empty for a
     * configuration only), {@code output_bus} ({@code coordinates}, {@code num_outputs} = classes) and
     * {@code cores}, each with {@code coordinates}, {@code axons} (the type of each of the profile's
     * axons, 0 where unused), {@code neurons} ({@code reset_potential}, {@code weights}, {@code leak},
     * {@code positive_threshold}, {@code negative_threshold}, {@code destination_core_offset},
     * {@code destination_axon}, {@code destination_tick}, {@code current_potential} 0,
     * {@code reset_mode}) and {@code connections} (one 0/1 row over the axons per neuron).
     */
    public void writeJson(Writer out, int axonsPerCore, List<List<Packet>> packets) throws IOException {
        out.write("{\n\"packets\": [");
        for (int i = 0; i < packets.size(); i++) {
            out.write(i == 0 ? "\n[" : ",\n[");
            List<Packet> tick = packets.get(i);
            for (int k = 0; k < tick.size(); k++) {
                Packet p = tick.get(k);
                int[] xy = coordinates(p.core());
                out.write((k == 0 ? "" : ", ") + "{\"destination_core\": [" + xy[0] + ", " + xy[1] + "], \"destination_axon\": "
                        + p.axon() + ", \"destination_tick\": " + p.tick() + "}");
            }
            out.write("]");
        }
        int[] bus = coordinates(OUTPUT_BUS);
        out.write("],\n\"output_bus\": {\"coordinates\": [" + bus[0] + ", " + bus[1] + "], \"num_outputs\": " + classes
                + "},\n\"cores\": [");
        for (int c = 0; c < cores.size(); c++) {
            Core core = cores.get(c);
            int[] xy = coordinates(c);
            out.write(c == 0 ? "\n" : ",\n");
            out.write("{\"coordinates\": [" + xy[0] + ", " + xy[1] + "],\n \"axons\": [");
            for (int a = 0; a < axonsPerCore; a++) {
                out.write((a == 0 ? "" : ",") + (a < core.axonTypes().length ? core.axonTypes()[a] : 0));
            }
            out.write("],\n \"neurons\": [");
            for (int n = 0; n < core.neurons().size(); n++) {
                Neuron nr = core.neurons().get(n);
                int[] dest = coordinates(nr.destCore());
                out.write((n == 0 ? "\n  " : ",\n  ") + "{\"reset_potential\": " + nr.resetPotential()
                        + ", \"weights\": [" + nr.weights()[0] + ", " + nr.weights()[1] + ", " + nr.weights()[2] + ", "
                        + nr.weights()[3] + "], \"leak\": " + nr.leak() + ", \"positive_threshold\": "
                        + nr.positiveThreshold() + ", \"negative_threshold\": " + nr.negativeThreshold()
                        + ", \"destination_core_offset\": [" + (dest[0] - xy[0]) + ", " + (dest[1] - xy[1])
                        + "], \"destination_axon\": " + nr.destAxon() + ", \"destination_tick\": " + nr.destTick()
                        + ", \"current_potential\": 0, \"reset_mode\": " + nr.resetMode() + "}");
            }
            out.write("],\n \"connections\": [");
            for (int n = 0; n < core.neurons().size(); n++) {
                boolean[] row = new boolean[axonsPerCore];
                for (int a : core.neurons().get(n).axons()) {
                    row[a] = true;
                }
                StringBuilder sb = new StringBuilder(n == 0 ? "\n  [" : ",\n  [");
                for (int a = 0; a < axonsPerCore; a++) {
                    sb.append(a == 0 ? "" : ",").append(row[a] ? '1' : '0');
                }
                out.write(sb.append(']').toString());
            }
            out.write("]}");
        }
        out.write("\n]\n}\n");
    }

    /**
     * Writes RANC's simulator configuration ({@code simulator/config.json} keys): 256-by-256 cores from
     * the profile, the grid, 4 weights, {@code max_tick_offset} 16, no traces, and
     * {@code neuron_reset_type} 0 (the strict negative-threshold test {@link TrueNorthLif} computes, as
     * RANC's hardware does).
     */
    public void writeConfig(Writer out, int neuronsPerCore, int axonsPerCore) throws IOException {
        out.write("{\n  \"num_neurons\": " + neuronsPerCore + ",\n  \"num_axons\": " + axonsPerCore
                + ",\n  \"num_cores_x\": " + gridWidth() + ",\n  \"num_cores_y\": " + gridHeight()
                + ",\n  \"num_weights\": 4,\n  \"max_tick_offset\": " + MAX_TICK_OFFSET
                + ",\n  \"neuron_block_trace_verbosity\": 0,\n  \"core_controller_trace_verbosity\": 0,"
                + "\n  \"scheduler_trace_verbosity\": 0,\n  \"neuron_reset_type\": 0\n}\n");
    }

    /**
     * Writes the input map: for each channel, the axons the host feeds ({@code destination_core},
     * {@code destination_axon}, {@code destination_tick}, {@code tick_offset}, {@code copy}); a count
     * {@code c} at step {@code t} is one packet to each entry with {@code copy < min(c, input_copies)} in
     * RANC's {@code packets[t + tick_offset]} ({@link #tickOffset}).
     */
    public void writeInputMap(Writer out) throws IOException {
        out.write("{\n\"input_copies\": " + copies + ",\n\"channels\": [");
        List<List<InputAxon>> byChannel = new ArrayList<>();
        for (int j = 0; j < channels; j++) {
            byChannel.add(new ArrayList<>());
        }
        for (InputAxon a : inputs) {
            byChannel.get(a.channel()).add(a);
        }
        for (int j = 0; j < channels; j++) {
            out.write(j == 0 ? "\n[" : ",\n[");
            List<InputAxon> list = byChannel.get(j);
            for (int k = 0; k < list.size(); k++) {
                InputAxon a = list.get(k);
                int[] xy = coordinates(a.core());
                out.write((k == 0 ? "" : ", ") + "{\"destination_core\": [" + xy[0] + ", " + xy[1]
                        + "], \"destination_axon\": " + a.axon() + ", \"destination_tick\": "
                        + Math.min(a.delay(), MAX_FIELD) + ", \"tick_offset\": " + tickOffset(a.delay())
                        + ", \"copy\": " + a.copy() + "}");
            }
            out.write("]");
        }
        out.write("\n]\n}\n");
    }
}
