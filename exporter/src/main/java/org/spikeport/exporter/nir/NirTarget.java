package org.spikeport.exporter.nir;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.spikeport.exporter.FloatDeployment;
import org.spikeport.exporter.FoldedNetwork;
import org.spikeport.exporter.Target;

/**
 * The NIR target: the network as a Neuromorphic Intermediate Representation graph in
 * {@code network.nir}, an HDF5 file that {@code nir.read} of the {@code nir} Python package 1.0.8
 * loads.
 *
 * <h2>Deployment</h2>
 *
 * {@link FloatDeployment}: the {@code lif-float} arithmetic, float32 weights, float64 neuron
 * parameters and bias, delays unchanged, graded input. The file is written from the deployed network,
 * so it holds exactly the values of {@code network.pb}.
 *
 * <h2>Graph</h2>
 *
 * Node names: {@code input}; for layer {@code i} (from 0, input side first) and each distinct delay
 * {@code k} (steps) among its synapses, {@code l<i>_delay<k>} (only for {@code k > 0}) and
 * {@code l<i>_affine<k>}; the layer's neurons {@code l<i>_lif} (hidden layer) or {@code l<i>_li}
 * (readout, infinite threshold); {@code output}. Edges, with {@code src} the previous layer's neuron
 * node or {@code input}:
 *
 * <pre>
 *   src -&gt; l&lt;i&gt;_delay&lt;k&gt; -&gt; l&lt;i&gt;_affine&lt;k&gt; -&gt; l&lt;i&gt;_lif     for every k &gt; 0
 *   src                 -&gt; l&lt;i&gt;_affine0 -&gt; l&lt;i&gt;_lif     for k = 0 (no Delay node)
 *   l&lt;last&gt;_li -&gt; output
 * </pre>
 *
 * {@code l<i>_affine<k>} holds the dense {@code (outputs, inputs)} matrix of the layer's synapses with
 * delay {@code k} (zero elsewhere; synapses repeating a (post, pre, delay) are summed). The layer's
 * folded BatchNorm bias is on the Affine node of the <em>smallest</em> delay of the layer; every other
 * Affine node has a zero bias. A layer without synapses gets one zero-weight {@code l<i>_affine0} to
 * carry its bias. A delay of 0 gets no Delay node (nir 1.0.8 would accept a Delay of zeros; leaving it
 * out keeps the graph smaller and means the same).
 *
 * <h2>Parameters</h2>
 *
 * With {@code dt} the step in seconds ({@code dt_ms / 1000}) and {@code tau} the layer's time
 * constant in steps:
 *
 * <ul>
 *   <li>{@code Delay.delay}: {@code inputs} values, all {@code k * dt_ms / 1000} seconds (NIR's Delay is
 *       per element, {@code y(t) = x(t - delay)}).</li>
 *   <li>{@code Affine.weight}, {@code Affine.bias}: as above.</li>
 *   <li>{@code LIF}: {@code tau = tau_steps * dt} (seconds), {@code r = tau_steps},
 *       {@code v_leak = 0}, {@code v_threshold = threshold} (1 for a trained model),
 *       {@code v_reset = 0}; one value per neuron.</li>
 *   <li>{@code LI} (readout): {@code tau}, {@code r}, {@code v_leak} as for LIF.</li>
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
 *   <li>Evaluate every node once per step in topological order, all within the same step: an edge
 *       adds no latency (a spike of layer {@code i} at step {@code t} reaches layer {@code i+1}'s
 *       Affine nodes at step {@code t}).</li>
 *   <li>Delay: output at step {@code t} = input at step {@code t - round(delay / dt)}, 0 before the
 *       first step. This is the IR's delay contract: delay {@code k} means a spike at {@code t} is
 *       added to the input current at {@code t + k}.</li>
 *   <li>Neuron input {@code I[t]} = sum of the outputs of all its Affine nodes at step {@code t}
 *       (including the bias, every step).</li>
 *   <li>LIF and LI: one forward-Euler step as above, starting from {@code v = 0}; LIF spikes when
 *       {@code v >= v_threshold} (nir 1.0.8's docstring writes {@code v > v_thr}; the trained model
 *       uses {@code >=}, the two differ only when {@code v} lands exactly on the threshold), then sets
 *       {@code v = v_reset} in the same step; its output is the spike (1 or 0).</li>
 *   <li>The readout LI's membrane {@code v[t]} of every step is the output; the trained model scores
 *       {@code sum_t softmax(v[t])}, or {@code sum_t v[t]} when its decoding is
 *       {@link Decoding#SUM}.</li>
 * </ol>
 *
 * The graph's metadata records this recipe in words ({@code discretisation}, {@code neuron_model},
 * {@code spike_condition}, {@code delay_semantics}, {@code bias}, {@code input}, {@code output}), the
 * step {@code dt} (seconds) and where the file came from ({@code producer}, {@code source_sha256},
 * {@code profile}, {@code profile_sha256}). Affine and Delay nodes carry {@code delay_steps} and
 * {@code layer} in their metadata, neuron nodes {@code layer} and {@code tau_steps}.
 *
 * <h2>HDF5 layout</h2>
 *
 * As {@code nir.read} in nir 1.0.8 ({@code nir/serialization.py}, {@code nir/ir/*.py} of
 * github.com/neuromorphs/NIR) reads it: {@code /version} (string "1.0.8"); {@code /node} with
 * {@code type = "NIRGraph"}, {@code edges} (string array {@code (n, 2)}: source, destination),
 * {@code nodes/<name>/} with {@code type} and one dataset per constructor field of that node type, and
 * {@code metadata/} (one dataset per entry). Every dataset of a node group becomes a constructor
 * argument, so nothing else may be stored there; per-node extras live in its {@code metadata} group.
 * Strings are fixed-length (jhdf); numbers are float64 arrays, shapes and {@code delay_steps} int64.
 */
public final class NirTarget implements Target {

    /** Target and profile name. */
    public static final String NAME = "nir";

    /** The file written into the output directory. */
    public static final String FILE = "network.nir";

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

    @Override
    public DeployedNetwork deploy(FoldedNetwork net, HardwareProfile profile, Provenance provenance) {
        return FloatDeployment.deploy(NAME, net, profile, provenance);
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
    }

    private static Graph graph(DeployedNetwork net) {
        double dtMs = net.dtMs();
        Map<String, Node> nodes = new LinkedHashMap<>();
        List<String[]> edges = new ArrayList<>();
        nodes.put("input", new Node("Input", fields("shape", new long[] {net.inputs()}), Map.of()));
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
            String neuron = "l" + i + (readout ? "_li" : "_lif");
            SortedMap<Integer, double[][]> byDelay = weightsByDelay(layer);
            double[] bias = new double[layer.outputs()];
            for (int o = 0; o < bias.length; o++) {
                bias[o] = FloatLif.bias(layer.neuron(), o);
            }
            boolean first = true;
            for (Map.Entry<Integer, double[][]> e : byDelay.entrySet()) {
                int k = e.getKey();
                String affine = "l" + i + "_affine" + k;
                if (k > 0) {
                    String delay = "l" + i + "_delay" + k;
                    nodes.put(delay, new Node("Delay", fields("delay", filled(layer.inputs(), k * dtMs / 1000)),
                            layerMetadata(layer, k)));
                    edges.add(new String[] {source, delay});
                    edges.add(new String[] {delay, affine});
                } else {
                    edges.add(new String[] {source, affine});
                }
                nodes.put(affine, new Node("Affine",
                        fields("weight", e.getValue(), "bias", first ? bias : new double[layer.outputs()]),
                        layerMetadata(layer, k)));
                edges.add(new String[] {affine, neuron});
                first = false;
            }
            int n = layer.outputs();
            Map<String, Object> f = fields("tau", filled(n, tau * dtMs / 1000), "r", filled(n, tau),
                    "v_leak", new double[n]);
            if (!readout) {
                f.put("v_threshold", filled(n, threshold));
                f.put("v_reset", new double[n]);
            }
            nodes.put(neuron, new Node(readout ? "LI" : "LIF", f, fields("layer", layer.name(), "tau_steps", tau)));
            source = neuron;
        }
        nodes.put("output", new Node("Output", fields("shape", new long[] {net.outputs()}), Map.of()));
        edges.add(new String[] {source, "output"});
        return new Graph(nodes, edges, metadata(net));
    }

    /** The layer's dense weight matrices by delay; a layer without synapses gets one zero matrix at delay 0. */
    private static SortedMap<Integer, double[][]> weightsByDelay(DeployedLayer layer) {
        SortedMap<Integer, double[][]> m = new TreeMap<>();
        SparseSynapses s = layer.synapses();
        for (int j = 0; j < s.size(); j++) {
            double[][] w = m.computeIfAbsent(s.delay()[j], k -> new double[layer.outputs()][layer.inputs()]);
            w[s.post()[j]][s.pre()[j]] += FloatLif.decodeWeight(s.weight()[j]);
        }
        if (m.isEmpty()) {
            m.put(0, new double[layer.outputs()][layer.inputs()]);
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
                "discretisation", "discrete time with step dt (seconds): every node is evaluated once per step in"
                        + " topological order; edges add no latency; LIF and LI take one forward-Euler step"
                        + " v += dt / tau * (v_leak - v + r * I) from v = 0",
                "neuron_model", "v[t] = v[t-1] * (1 - 1/tau_steps) + I[t] + bias, tau_steps = tau / dt = r;"
                        + " I[t] = sum of the layer's Affine outputs at step t, which include the bias",
                "spike_condition", "LIF spikes when v >= v_threshold (greater or equal), then v = v_reset in the"
                        + " same step; its output is 1 in that step, else 0",
                "delay_semantics", "Delay output at step t = its input at step t - round(delay / dt), 0 before the"
                        + " first step: a spike at step t through delay k steps is added to the input current at"
                        + " step t + k (k = 0: the same step)",
                "bias", "each layer's bias (folded BatchNorm) is on the Affine node of its smallest delay;"
                        + " its other Affine nodes have zero bias",
                "input", "per-step counts of each input channel (graded values, not only 0 or 1)",
                "output", "membrane v[t] of the readout LI at every step; the predicted class is"
                        + (net.decoding() == Decoding.SUM ? " argmax over classes of sum over t of v[t]"
                                : " argmax over classes of sum over t of softmax(v[t])"),
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
