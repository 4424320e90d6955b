package org.spikeport.exporter.nir;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.files.AtomicFiles;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.exporter.Feature;
import org.spikeport.exporter.FloatDeployment;
import org.spikeport.exporter.FoldedNetwork;
import org.spikeport.exporter.Target;
import org.spikeport.exporter.Violation;

/**
 * The NIR target: the network as a Neuromorphic Intermediate Representation graph in
 * {@code network.nir}, an HDF5 file that {@code nir.read} of the {@code nir} Python package 1.0.8
 * loads with its default arguments (type checking on).
 *
 * <p>The file follows nir 1.0.8 as published at github.com/neuromorphs/NIR: the node types and fields
 * of {@code nir/ir/*.py}, the HDF5 layout of {@code nir/serialization.py}, and the graph rules of
 * {@code nir/ir/graph.py} and {@code docs/source/primitives.md} ("no restrictions on the graph
 * structure ... a graph with cycles"): every edge joins nodes of equal shape ({@code check_types}), the
 * only root is {@code input} and the only leaf {@code output}. NIR defines no time step and no
 * evaluation order for cycles; the file's metadata fixes both (below).
 *
 * <h2>Deployment</h2>
 *
 * {@link FloatDeployment}: the {@code lif-float} arithmetic, float32 weights, float64 neuron
 * parameters and bias, delays unchanged, graded input. The file is written from the deployed network,
 * so it holds exactly the values of {@code network.pb}. It deploys recurrent synapses and reset by
 * subtraction exactly ({@link #deploys}).
 *
 * <h2>Graph</h2>
 *
 * Node names, for layer {@code i} (from 0, input side first):
 *
 * <ul>
 *   <li>{@code input}, {@code output};</li>
 *   <li>the layer's neurons: {@code l<i>_lif} (LIF) for a hidden layer that resets to zero;
 *       {@code l<i>_li} (LI, the membrane) and {@code l<i>_threshold} (Threshold, the spikes) for a
 *       hidden layer that resets by subtraction; {@code l<i>_li} for the readout (infinite threshold).
 *       The layer's <em>spike node</em> is {@code l<i>_lif} or {@code l<i>_threshold}, its
 *       <em>membrane node</em> {@code l<i>_lif} or {@code l<i>_li};</li>
 *   <li>per distinct delay {@code k} of its feed-forward synapses, {@code l<i>_delay<k>} (only for
 *       {@code k > 0}) and {@code l<i>_affine<k>};</li>
 *   <li>per distinct lag {@code D >= 1} of its recurrent synapses, {@code l<i>_recurrent_delay<D>} and
 *       {@code l<i>_recurrent_linear<D>};</li>
 *   <li>for reset by subtraction, {@code l<i>_reset_delay} and {@code l<i>_reset}.</li>
 * </ul>
 *
 * Edges, with {@code src} the previous layer's spike node or {@code input}:
 *
 * <pre>{@code
 *   src     -> l<i>_delay<k> -> l<i>_affine<k>                       -> membrane   every k > 0
 *   src                      -> l<i>_affine0                         -> membrane   k = 0 (no Delay node)
 *   spikes  -> l<i>_recurrent_delay<D> -> l<i>_recurrent_linear<D>   -> membrane   every lag D (a cycle)
 *   l<i>_li -> l<i>_threshold -> l<i>_reset_delay -> l<i>_reset      -> l<i>_li    reset by subtraction (a cycle)
 *   l<last>_li -> output
 * }</pre>
 *
 * {@code l<i>_affine<k>} holds the dense {@code (outputs, inputs)} matrix of the layer's synapses with
 * delay {@code k} (zero elsewhere; synapses repeating a (post, pre, delay) are summed). The layer's
 * folded BatchNorm bias is on the Affine node of the <em>smallest</em> delay of the layer; every other
 * Affine node has a zero bias. A layer without synapses gets one zero-weight {@code l<i>_affine0} to
 * carry its bias. A delay of 0 gets no Delay node, so every Delay node delays by at least one step and
 * every cycle of the graph passes through one. {@code l<i>_recurrent_linear<D>} holds the dense
 * {@code (outputs, outputs)} matrix {@code W_D[post, pre]} of the layer's recurrent synapses of lag
 * {@code D} (no bias: Linear).
 *
 * <h2>Reset by subtraction</h2>
 *
 * nir 1.0.8 has no reset by subtraction: its spiking neurons ({@code LIF}, {@code CubaLIF},
 * {@code IF} in {@code nir/ir/neuron.py}) set {@code v = v_reset} on a spike, a constant. It is written
 * exactly from NIR's own parts instead, as {@code primitives.md} decomposes LIF ("LI; Threshold"): the
 * membrane is an LI node, which never resets; a Threshold node makes the spikes; and each spike feeds
 * back one step later, through {@code l<i>_reset_delay} (one step) and {@code l<i>_reset} (Scale
 * {@code -v_threshold * (1 - 1/tau_steps)}), into the LI. One LI step decays the membrane by
 * {@code (1 - 1/tau_steps)}, so with {@code u} the LI's membrane and {@code v} spikeport's:
 * {@code u[t+1] = u[t] (1 - 1/tau) + I[t+1] - theta (1 - 1/tau) s[t] = (u[t] - theta s[t]) (1 - 1/tau) + I[t+1]};
 * by induction from {@code u = v = 0}, {@code u[t]} is the membrane before the reset and
 * {@code u[t] - theta s[t] = v[t]}: the spikes and the readout are spikeport's.
 *
 * <h2>Parameters</h2>
 *
 * With {@code dt} the step in seconds ({@code dt_ms / 1000}) and {@code tau} the layer's time
 * constant in steps:
 *
 * <ul>
 *   <li>{@code Delay.delay}: one value per element of its input, all {@code k * dt} seconds (NIR's
 *       Delay is per element, {@code y(t) = x(t - delay)}); {@code D * dt} for a recurrent lag,
 *       {@code dt} for the reset.</li>
 *   <li>{@code Affine.weight}, {@code Affine.bias}, {@code Linear.weight}: as above.</li>
 *   <li>{@code LIF}: {@code tau = tau_steps * dt} (seconds), {@code r = tau_steps},
 *       {@code v_leak = 0}, {@code v_threshold = threshold} (1 for a trained model); one value per
 *       neuron. {@code v_reset = 0} is NIR's default and is not written: nir 1.0.8 reads an absent
 *       {@code v_reset} as zeros ({@code LIF.from_dict}), and nir 1.0.4, whose LIF has no such field and
 *       resets to 0, raises on a written one.</li>
 *   <li>{@code LI} (readout, or the membrane of a layer that resets by subtraction): {@code tau},
 *       {@code r}, {@code v_leak} as for LIF.</li>
 *   <li>{@code Threshold.threshold = threshold}; {@code Scale.scale = -threshold * (1 - 1/tau_steps)};
 *       one value per neuron.</li>
 *   <li>{@code Input.shape = [inputs]}, {@code Output.shape = [classes]}.</li>
 * </ul>
 *
 * NIR's LIF and LI are {@code tau dv/dt = (v_leak - v) + r I}; one forward-Euler step of length
 * {@code dt} gives {@code v += dt / tau * (v_leak - v + r I) = -v / tau_steps + I}, which is
 * spikeport's {@code v[t] = v[t-1] (1 - 1/tau_steps) + I[t] + bias} (the bias is part of {@code I}).
 *
 * <h2>What an importer must do to reproduce the trained model</h2>
 *
 * <ol>
 *   <li>Run in discrete time with the step {@code dt} from the graph's metadata; input {@code x[t]} is
 *       the per-step count of each input channel (graded values, not only 0/1).</li>
 *   <li>Evaluate every node once per step, all within the same step: an edge adds no latency (a spike
 *       of layer {@code i} at step {@code t} reaches layer {@code i+1}'s Affine nodes at step
 *       {@code t}). A Delay node's output depends only on earlier steps, so the order is a topological
 *       order of the graph without the edges into Delay nodes, which is acyclic.</li>
 *   <li>Delay: output at step {@code t} = input at step {@code t - round(delay / dt)}, 0 before the
 *       first step. This is the IR's delay contract: delay {@code k} means a spike at {@code t} is
 *       added to the input current at {@code t + k}; a recurrent lag {@code D >= 1} likewise.</li>
 *   <li>A node's input is the sum of the outputs of all nodes with an edge into it; a neuron's input
 *       {@code I[t]} sums its Affine nodes (with the bias, every step), its recurrent Linear nodes and
 *       its reset Scale.</li>
 *   <li>LIF and LI: one forward-Euler step as above, starting from {@code v = 0}; LIF spikes when
 *       {@code v >= v_threshold} and Threshold when its input is {@code >= threshold} (nir 1.0.8's
 *       docstrings write {@code >}; the trained model uses {@code >=}, the two differ only when
 *       {@code v} lands exactly on the threshold); LIF then sets {@code v = v_reset} in the same step;
 *       the output of LIF and Threshold is the spike (1 or 0), that of LI its membrane.</li>
 *   <li>The readout LI's membrane {@code v[t]} of every step is the output; the trained model scores
 *       {@code sum_t softmax(v[t])}, or {@code sum_t v[t]} when its decoding is
 *       {@link Decoding#SUM}.</li>
 * </ol>
 *
 * The graph's metadata records this recipe in words ({@code discretisation}, {@code neuron_model},
 * {@code spike_condition}, {@code delay_semantics}, {@code recurrent}, {@code reset}, {@code bias},
 * {@code input}, {@code output}), the step {@code dt} (seconds) and where the file came from
 * ({@code producer}, {@code source_sha256}, {@code profile}, {@code profile_sha256}), and the table of
 * {@link NirImporters} ({@code importers}: what each Python importer does with such a file). Delay and
 * Affine nodes carry {@code delay_steps} and {@code layer} in their metadata (a recurrent lag's or a
 * reset's Delay node those of its Linear or Scale); LIF and LI nodes {@code layer}, {@code tau_steps} and
 * {@code reset} ({@code zero}, {@code subtraction} or {@code none}); Linear, Scale and Threshold nodes
 * none, because nir 1.0.4 constructs them without a {@code metadata} argument and raises on one.
 *
 * <h2>HDF5 layout</h2>
 *
 * As {@code nir.read} in nir 1.0.8 ({@code nir/serialization.py}, {@code nir/ir/*.py}) reads it:
 * {@code /version} (string "1.0.8"); {@code /node} with {@code type = "NIRGraph"}, {@code edges}
 * (string array {@code (n, 2)}: source, destination), {@code nodes/<name>/} with {@code type} and one
 * dataset per constructor field of that node type, and {@code metadata/} (one dataset per entry). Every
 * dataset of a node group becomes a constructor argument, so nothing else may be stored there; per-node
 * extras live in its {@code metadata} group. Strings are fixed-length (jhdf); numbers are float64
 * arrays, shapes and {@code delay_steps} int64.
 *
 * <p>The same file is read by {@code nir.read} of nir 1.0.4 ({@code nir/serialization.py} of that
 * release, which passes each node type's known fields by name), the newest release that Sinabs and
 * Rockpool allow: hence no {@code v_reset} and no metadata on Linear, Scale and Threshold (above).
 *
 * <h2>Profiles</h2>
 *
 * {@code nir} writes every delay as Delay nodes. {@code nir-delay-free} ({@code delays.max: 0}) is for
 * importers that cannot execute Delay: its graph has no Delay node, and {@link #check} refuses, with one
 * finding per layer saying so, a network for which no such graph is exact (a delay above 0, recurrent
 * synapses, reset by subtraction). The graph of a network that fits it is the one {@code nir} writes.
 */
public final class NirTarget implements Target {

    /** Target and profile name. */
    public static final String NAME = "nir";

    /** The file written into the output directory. */
    public static final String FILE = "network.nir";

    /** The name of the findings of {@link #check} under a profile without delays. */
    public static final String DELAY_FREE_CHECK = "delay-free";

    /** The nir release whose layout and node types the file follows. */
    public static final String NIR_VERSION = "1.0.8";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String profileName() {
        return NAME;
    }

    /** Both: recurrent synapses as Delay/Linear cycles, reset by subtraction as LI, Threshold and a Scale loop. */
    @Override
    public Set<Feature> deploys() {
        return EnumSet.of(Feature.RECURRENT_SYNAPSES, Feature.RESET_BY_SUBTRACTION);
    }

    @Override
    public DeployedNetwork deploy(FoldedNetwork net, HardwareProfile profile, Provenance provenance) {
        return FloatDeployment.deploy(NAME, net, profile, provenance);
    }

    /**
     * Under a profile whose {@code delays.max} is 0 (the bundled {@code nir-delay-free}: a graph without
     * Delay nodes, for importers that cannot execute Delay), one finding per layer whose graph needs a Delay
     * node: feed-forward synapses with a delay above 0, recurrent synapses (a lag of at least one step) or
     * reset by subtraction (its one-step feedback). A delay is state that only a Delay node holds in NIR, so
     * no Delay-free graph computes such a layer exactly; the finding says so. Nothing under other profiles.
     */
    @Override
    public List<Violation> check(DeployedNetwork net, HardwareProfile profile) {
        Integer max = profile.delays().max();
        List<Violation> v = new ArrayList<>();
        if (max == null || max > 0) {
            return v;
        }
        String fix = "no NIR graph without Delay nodes computes it exactly (a delay is state that only a Delay"
                + " node holds): export with the profile '" + NAME + "' for readers that execute Delay";
        for (DeployedLayer layer : net.layers()) {
            int longest = Arrays.stream(layer.synapses().delay()).max().orElse(0);
            if (longest > 0) {
                v.add(new Violation(DELAY_FREE_CHECK, layer.name(), "", "feed-forward synapses with delays up to "
                        + longest + " steps", "", fix + ", or retrain with --max-delay 0"));
            }
            if (layer.isRecurrent()) {
                v.add(new Violation(DELAY_FREE_CHECK, layer.name(), "", "recurrent synapses (lags of at least one"
                        + " step)", "", fix));
            }
            if (FloatLif.NAME.equals(layer.neuron().model()) && FloatLif.subtracts(layer.neuron())
                    && FloatLif.threshold(layer.neuron()) != Double.POSITIVE_INFINITY) {
                v.add(new Violation(DELAY_FREE_CHECK, layer.name(), "", "reset by subtraction (a one-step Delay in"
                        + " its feedback loop)", "", fix + ", or retrain with --reset zero"));
            }
        }
        return v;
    }

    /**
     * Writes {@code dir/network.nir} atomically.
     *
     * @throws IllegalArgumentException if a layer is not in the {@code lif-float} arithmetic
     * @throws org.spikeport.core.SpikeportException if the file cannot be written
     */
    @Override
    public List<Path> write(DeployedNetwork net, FoldedNetwork folded, HardwareProfile profile, Path dir) {
        Graph g = graph(net);
        Path file = dir.resolve(FILE);
        AtomicFiles.writeVia(file, tmp -> {
            try (WritableHdfFile h = HdfFile.write(tmp)) {
                h.putDataset("version", NIR_VERSION);
                WritableGroup root = h.putGroup("node");
                root.putDataset("type", "NIRGraph");
                WritableGroup nodes = root.putGroup("nodes");
                for (Map.Entry<String, Node> e : g.nodes.entrySet()) {
                    Node n = e.getValue();
                    WritableGroup group = nodes.putGroup(e.getKey());
                    group.putDataset("type", n.type);
                    putAll(group, n.fields);
                    if (!n.metadata.isEmpty()) {
                        putAll(group.putGroup("metadata"), n.metadata);
                    }
                }
                root.putDataset("edges", g.edges.toArray(String[][]::new));
                putAll(root.putGroup("metadata"), g.metadata);
            } catch (RuntimeException e) {
                throw new IOException("writing the HDF5 file failed ("
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
            }
        });
        return List.of(file);
    }

    private static void putAll(WritableGroup group, Map<String, Object> values) {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            group.putDataset(e.getKey(), e.getValue());
        }
    }

    /** One NIR node: its type, its fields (constructor arguments) and its metadata, in writing order. */
    private record Node(String type, Map<String, Object> fields, Map<String, Object> metadata) {
    }

    private record Graph(Map<String, Node> nodes, List<String[]> edges, Map<String, Object> metadata) {

        /**
         * Adds {@code from -> Delay(k steps) -> weights -> to}: the Delay node {@code delayName} ({@code width}
         * values of {@code k * dtMs / 1000} seconds, only for {@code k > 0}, with the metadata
         * {@code delayMetadata}) and the node {@code weights}, named {@code weightsName}, with their edges.
         */
        void pair(String from, String delayName, int k, int width, double dtMs, String weightsName, Node weights,
                  Map<String, Object> delayMetadata, String to) {
            if (k > 0) {
                nodes.put(delayName, new Node("Delay", fields("delay", filled(width, k * dtMs / 1000)),
                        delayMetadata));
                edges.add(new String[] {from, delayName});
                edges.add(new String[] {delayName, weightsName});
            } else {
                edges.add(new String[] {from, weightsName});
            }
            nodes.put(weightsName, weights);
            edges.add(new String[] {weightsName, to});
        }
    }

    private static Graph graph(DeployedNetwork net) {
        double dtMs = net.dtMs();
        Graph g = new Graph(new LinkedHashMap<>(), new ArrayList<>(), metadata(net));
        g.nodes.put("input", new Node("Input", fields("shape", new long[] {net.inputs()}), Map.of()));
        String source = "input";
        for (int i = 0; i < net.layers().size(); i++) {
            DeployedLayer layer = net.layers().get(i);
            if (!FloatLif.NAME.equals(layer.neuron().model())) {
                throw new IllegalArgumentException("layer '" + layer.name() + "' is in the arithmetic '"
                        + layer.neuron().model() + "'; the NIR target writes " + FloatLif.NAME + " networks");
            }
            double tau = FloatLif.tau(layer.neuron());
            double threshold = FloatLif.threshold(layer.neuron());
            boolean readout = threshold == Double.POSITIVE_INFINITY;
            boolean subtract = !readout && FloatLif.subtracts(layer.neuron());
            if (readout && layer.isRecurrent()) {
                throw new IllegalArgumentException("layer '" + layer.name() + "' is a readout with recurrent synapses;"
                        + " a readout never spikes, so they carry nothing");
            }
            String prefix = "l" + i;
            String membrane = prefix + (readout || subtract ? "_li" : "_lif");
            String spikes = subtract ? prefix + "_threshold" : membrane;
            int n = layer.outputs();

            double[] bias = new double[n];
            for (int o = 0; o < n; o++) {
                bias[o] = FloatLif.bias(layer.neuron(), o);
            }
            SortedMap<Integer, double[][]> feedForward = byDelay(layer.synapses(), n, layer.inputs());
            if (feedForward.isEmpty()) {
                feedForward.put(0, new double[n][layer.inputs()]);
            }
            boolean first = true;
            for (Map.Entry<Integer, double[][]> e : feedForward.entrySet()) {
                int k = e.getKey();
                Map<String, Object> pairMetadata = layerMetadata(layer, k);
                g.pair(source, prefix + "_delay" + k, k, layer.inputs(), dtMs, prefix + "_affine" + k,
                        new Node("Affine", fields("weight", e.getValue(), "bias", first ? bias : new double[n]),
                                pairMetadata), pairMetadata, membrane);
                first = false;
            }
            for (Map.Entry<Integer, double[][]> e : byDelay(layer.recurrent(), n, n).entrySet()) {
                int lag = e.getKey();
                g.pair(spikes, prefix + "_recurrent_delay" + lag, lag, n, dtMs, prefix + "_recurrent_linear" + lag,
                        new Node("Linear", fields("weight", e.getValue()), Map.of()), layerMetadata(layer, lag), membrane);
            }

            Map<String, Object> f = fields("tau", filled(n, tau * dtMs / 1000), "r", filled(n, tau),
                    "v_leak", new double[n]);
            Map<String, Object> neuronMetadata = fields("layer", layer.name(), "tau_steps", tau,
                    "reset", readout ? "none" : subtract ? "subtraction" : "zero");
            if (readout || subtract) {
                g.nodes.put(membrane, new Node("LI", f, neuronMetadata));
            } else {
                f.put("v_threshold", filled(n, threshold));
                g.nodes.put(membrane, new Node("LIF", f, neuronMetadata));
            }
            if (subtract) {
                g.nodes.put(spikes, new Node("Threshold", fields("threshold", filled(n, threshold)), Map.of()));
                g.edges.add(new String[] {membrane, spikes});
                g.pair(spikes, prefix + "_reset_delay", 1, n, dtMs, prefix + "_reset",
                        new Node("Scale", fields("scale", filled(n, -threshold * (1 - 1 / tau))), Map.of()),
                        layerMetadata(layer, 1), membrane);
            }
            source = spikes;
        }
        g.nodes.put("output", new Node("Output", fields("shape", new long[] {net.outputs()}), Map.of()));
        g.edges.add(new String[] {source, "output"});
        return g;
    }

    /**
     * Dense {@code (rows, cols)} weight matrices of {@code s} by delay ({@code W[post][pre]}, repeated
     * synapses summed); empty when {@code s} is.
     */
    private static SortedMap<Integer, double[][]> byDelay(SparseSynapses s, int rows, int cols) {
        SortedMap<Integer, double[][]> m = new TreeMap<>();
        for (int j = 0; j < s.size(); j++) {
            double[][] w = m.computeIfAbsent(s.delay()[j], k -> new double[rows][cols]);
            w[s.post()[j]][s.pre()[j]] += FloatLif.decodeWeight(s.weight()[j]);
        }
        return m;
    }

    private static Map<String, Object> layerMetadata(DeployedLayer layer, int delaySteps) {
        return fields("layer", layer.name(), "delay_steps", (long) delaySteps);
    }

    private static Map<String, Object> metadata(DeployedNetwork net) {
        Provenance p = net.provenance();
        return fields(
                "dt", net.dtMs() / 1000,
                "discretisation", "discrete time with step dt (seconds): every node is evaluated once per step;"
                        + " edges add no latency; a Delay node's output depends only on earlier steps (every Delay"
                        + " is at least one step), so the nodes are evaluated in a topological order of the graph"
                        + " without the edges into Delay nodes, which is acyclic; LIF and LI take one forward-Euler"
                        + " step v += dt / tau * (v_leak - v + r * I) from v = 0",
                "neuron_model", "v[t] = v[t-1] * (1 - 1/tau_steps) + I[t] + bias, tau_steps = tau / dt = r;"
                        + " I[t] = sum of the outputs at step t of every node with an edge into the layer's LIF or"
                        + " LI: its Affine nodes (which include the bias), its recurrent Linear nodes and its reset"
                        + " Scale",
                "spike_condition", "LIF spikes when v >= v_threshold (greater or equal), then v = v_reset in the"
                        + " same step; Threshold spikes when its input >= threshold; the output of LIF and"
                        + " Threshold is 1 in the step of a spike, else 0",
                "delay_semantics", "Delay(tau) means y(t) = x(t - tau): its output at step t is its input at step"
                        + " t - round(tau / dt), 0 before the first step; a spike at step t through delay k steps"
                        + " is added to the input current at step t + k (k = 0, written without a Delay node: the"
                        + " same step)",
                "recurrent", "a layer's recurrent synapses of lag D steps (D >= 1) are the pair Delay(D * dt) ->"
                        + " Linear(W_D) from the layer's spike node (LIF, or Threshold) back into its LIF or LI,"
                        + " summed with the feed-forward pairs: a spike at step t reaches the layer at step t + D;"
                        + " every cycle of the graph passes through such a Delay",
                "reset", "LIF: v = v_reset = 0 in the step of a spike (reset to zero); reset by subtraction"
                        + " (v = v - v_threshold in the step of a spike): the layer is an LI (membrane, never"
                        + " reset) followed by a Threshold (spikes), and each spike returns through Delay(dt) ->"
                        + " Scale(-v_threshold * (1 - dt / tau)) into the LI, which one step later equals"
                        + " subtracting v_threshold in the step of the spike; the LI's output is the membrane"
                        + " before that subtraction; each neuron node's metadata 'reset' names its mode (zero,"
                        + " subtraction, none)",
                "bias", "each layer's bias (folded BatchNorm) is on the Affine node of its smallest delay;"
                        + " its other Affine nodes have zero bias",
                "input", "per-step counts of each input channel (graded values, not only 0 or 1)",
                "output", "membrane v[t] of the readout LI at every step; the predicted class is"
                        + (net.decoding() == Decoding.SUM ? " argmax over classes of sum over t of v[t]"
                                : " argmax over classes of sum over t of softmax(v[t])"),
                "importers", "what the NIR importers of Python SNN simulators do with files of this writer,"
                        + " measured by spikeport's test suite (outcome on a network with delays, on a delay-free"
                        + " network, and whether an exact graph exists):\n" + NirImporters.table(),
                "producer", "spikeport " + p.toolVersion(),
                "source_sha256", p.sourceSha256(),
                "profile", net.profileName(),
                "profile_sha256", net.profileSha256());
    }

    private static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static double[] filled(int n, double value) {
        double[] a = new double[n];
        Arrays.fill(a, value);
        return a;
    }
}
