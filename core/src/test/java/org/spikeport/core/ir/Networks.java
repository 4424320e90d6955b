package org.spikeport.core.ir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Small random networks for tests. */
public final class Networks {

    private Networks() {
    }

    public static Provenance provenance() {
        return new Provenance("0.1.0-test", "spikeport test", 42, "ab".repeat(32),
                Instant.parse("2026-11-23T12:00:00Z"), "");
    }

    /** A trained network {@code sizes[0] -> sizes[1] -> ... }, hidden layers with BN, last a readout. */
    public static TrainedModel trained(long seed, int maxDelay, boolean masked, int... sizes) {
        Random r = new Random(seed);
        List<TrainedLayer> layers = new ArrayList<>();
        for (int l = 1; l < sizes.length; l++) {
            int in = sizes[l - 1];
            int out = sizes[l];
            int n = in * out;
            float[] w = new float[n];
            float[] d = new float[n];
            boolean[] mask = masked ? new boolean[n] : null;
            for (int i = 0; i < n; i++) {
                w[i] = (float) r.nextGaussian();
                d[i] = r.nextFloat() * maxDelay;
                if (masked) {
                    mask[i] = r.nextBoolean();
                }
            }
            boolean readout = l == sizes.length - 1;
            BatchNorm bn = null;
            if (!readout) {
                float[] g = new float[out];
                float[] b = new float[out];
                float[] m = new float[out];
                float[] v = new float[out];
                for (int i = 0; i < out; i++) {
                    g[i] = 1 + 0.1f * (float) r.nextGaussian();
                    b[i] = 0.1f * (float) r.nextGaussian();
                    m[i] = (float) r.nextGaussian();
                    v[i] = 0.5f + r.nextFloat();
                }
                bn = new BatchNorm(g, b, m, v, 1e-5);
            }
            layers.add(new TrainedLayer(readout ? "readout" : "hidden" + l, in, out, w, d, maxDelay, mask, bn,
                    readout ? Lif.readout(1.005) : Lif.spiking(1.005, 1.0)));
        }
        TrainedNetwork net = new TrainedNetwork(sizes[0], 10.0, 0.5, layers);
        TreeMap<String, String> config = new TreeMap<>(Map.of("config", "small", "epochs", "3"));
        List<EpochMetrics> metrics = List.of(
                EpochMetrics.of(0, Map.of("train_loss", 2.5, "test_accuracy", 0.25)),
                EpochMetrics.of(1, Map.of("train_loss", 1.5, "test_accuracy", Double.NaN)));
        return new TrainedModel(net, config, metrics, provenance());
    }

    /**
     * A trained network {@code sizes[0] -> ... } whose hidden layers have a bias and recurrent synapses
     * (alternately axonal with fixed width and synaptic with learned widths), the first hidden layer
     * resetting by subtraction, decoded by {@link Decoding#SUM}.
     */
    public static TrainedModel recurrent(long seed, int maxDelay, int... sizes) {
        TrainedModel base = trained(seed, maxDelay, false, sizes);
        Random r = new Random(seed + 1);
        List<TrainedLayer> layers = new ArrayList<>();
        List<TrainedLayer> old = base.network().layers();
        for (int l = 0; l < old.size(); l++) {
            TrainedLayer o = old.get(l);
            if (o.neuron().isReadout()) {
                layers.add(o);
                continue;
            }
            int n = o.outputs();
            boolean axonal = l % 2 == 0;
            float[] w = new float[n * n];
            float[] d = new float[axonal ? n : n * n];
            float[] bias = new float[n];
            for (int k = 0; k < w.length; k++) {
                w[k] = 0.3f * (float) r.nextGaussian();
            }
            for (int k = 0; k < d.length; k++) {
                d[k] = 30 * r.nextFloat();
            }
            for (int k = 0; k < n; k++) {
                bias[k] = 0.1f * (float) r.nextGaussian();
            }
            float[] spread = null;
            if (!axonal) {
                spread = new float[n];
                for (int k = 0; k < n; k++) {
                    spread[k] = (float) r.nextGaussian();
                }
            }
            Recurrence rec = new Recurrence(axonal ? Recurrence.Kind.AXONAL : Recurrence.Kind.SYNAPTIC, n, w, d,
                    spread, 0.75);
            Lif neuron = l == 0 ? Lif.subtracting(2.0, 1.0) : o.neuron();
            layers.add(new TrainedLayer(o.name(), o.inputs(), o.outputs(), o.weights(), o.delays(), o.maxDelay(),
                    o.mask(), o.batchNorm(), neuron, bias, rec));
        }
        TrainedNetwork net = new TrainedNetwork(sizes[0], 10.0, 0.5, layers, Decoding.SUM);
        return new TrainedModel(net, base.config(), base.metrics(), base.provenance());
    }

    /** {@link #deployed} with random recurrent synapses (delays 1..40) in every layer but the last, decoded by SUM. */
    public static DeployedNetwork deployedRecurrent(long seed, int synapsesPerLayer, int... sizes) {
        DeployedNetwork base = deployed(seed, synapsesPerLayer, sizes);
        Random r = new Random(seed + 1);
        List<DeployedLayer> layers = new ArrayList<>();
        for (int l = 0; l < base.layers().size(); l++) {
            DeployedLayer o = base.layers().get(l);
            if (l == base.layers().size() - 1) {
                layers.add(o);
                continue;
            }
            int n = synapsesPerLayer;
            int[] pre = new int[n];
            int[] post = new int[n];
            int[] w = new int[n];
            int[] d = new int[n];
            for (int i = 0; i < n; i++) {
                pre[i] = r.nextInt(o.outputs());
                post[i] = r.nextInt(o.outputs());
                w[i] = r.nextInt(511) - 256;
                d[i] = 1 + r.nextInt(40);
            }
            layers.add(new DeployedLayer(o.name(), o.inputs(), o.outputs(), o.synapses(), o.neuron(), o.quantization(),
                    new SparseSynapses(pre, post, w, d)));
        }
        return new DeployedNetwork(base.inputs(), base.dtMs(), base.target(), base.profileName(), base.profileSha256(),
                base.input(), layers, base.trailingSteps(), base.provenance(), Decoding.SUM);
    }

    /** A deployed network with random sparse synapses. */
    public static DeployedNetwork deployed(long seed, int synapsesPerLayer, int... sizes) {
        Random r = new Random(seed);
        List<DeployedLayer> layers = new ArrayList<>();
        for (int l = 1; l < sizes.length; l++) {
            int in = sizes[l - 1];
            int out = sizes[l];
            int n = synapsesPerLayer;
            int[] pre = new int[n];
            int[] post = new int[n];
            int[] w = new int[n];
            int[] d = new int[n];
            for (int i = 0; i < n; i++) {
                pre[i] = r.nextInt(in);
                post[i] = r.nextInt(out);
                w[i] = r.nextInt(511) - 256;
                d[i] = r.nextInt(63);
            }
            long[] vth = new long[out];
            for (int i = 0; i < out; i++) {
                vth[i] = r.nextInt(1 << 17);
            }
            TreeMap<String, long[]> values = new TreeMap<>();
            values.put("du", new long[] {4095});
            values.put("dv", new long[] {20});
            values.put("vth", vth);
            values.put("bias_mant", new long[] {0});
            values.put("bias_exp", new long[] {6});
            values.put("weight_exp", new long[] {0});
            values.put("num_weight_bits", new long[] {8});
            values.put("sign_mode", new long[] {1});
            layers.add(new DeployedLayer("layer" + l, in, out, new SparseSynapses(pre, post, w, d),
                    new NeuronParams("loihi2-lif", values), new TreeMap<>(Map.of("weight_scale", 0.01))));
        }
        return new DeployedNetwork(sizes[0], 10.0, "test", "test-profile", "cd".repeat(32),
                new InputEncoding(InputEncoding.Kind.GRADED, 8), layers, 3, provenance());
    }
}
