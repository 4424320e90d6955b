package org.spikeport.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.arith.SpinnakerLif;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.SparseSynapses;

/** Random small deployed networks and inputs for the property tests. */
final class RandomNetworks {

    static final Provenance PROVENANCE = new Provenance("test", "test", 0, "", Instant.EPOCH, "");

    /** A network and one input sample. */
    record Case(DeployedNetwork net, Platform platform, int[] counts, int steps) {
    }

    private RandomNetworks() {
    }

    /** Synapses with delays 0..maxDelay; {@code uniqueDelay}: no two share (pre, post, delay). */
    static int[][] synapses(Random r, int in, int out, int maxDelay, boolean uniqueDelay) {
        double density = r.nextDouble();
        List<int[]> s = new ArrayList<>();
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < in; j++) {
                if (r.nextDouble() >= density) {
                    continue;
                }
                int d = r.nextInt(maxDelay + 1);
                s.add(new int[] {j, i, d});
                if (r.nextInt(5) == 0) {
                    int d2 = r.nextInt(maxDelay + 1);
                    if (!uniqueDelay || d2 != d) {
                        s.add(new int[] {j, i, d2});
                    }
                }
            }
        }
        java.util.Collections.shuffle(s, r);
        int[][] a = new int[3][s.size()];
        for (int k = 0; k < s.size(); k++) {
            a[0][k] = s.get(k)[0];
            a[1][k] = s.get(k)[1];
            a[2][k] = s.get(k)[2];
        }
        return a;
    }

    private static int[] sizes(Random r) {
        int layers = 1 + r.nextInt(3);
        int[] n = new int[layers + 1];
        for (int i = 0; i <= layers; i++) {
            n[i] = 1 + r.nextInt(8);
        }
        return n;
    }

    static int[] counts(Random r, int inputs, int steps, int maxCount) {
        int rows = r.nextInt(steps + 1);
        int[] c = new int[rows * inputs];
        double density = r.nextDouble();
        for (int k = 0; k < c.length; k++) {
            if (r.nextDouble() < density) {
                c[k] = 1 + r.nextInt(maxCount);
            }
        }
        return c;
    }

    static Case floatCase(long seed) {
        Random r = new Random(seed);
        int[] n = sizes(r);
        List<DeployedLayer> layers = new ArrayList<>();
        for (int l = 1; l < n.length; l++) {
            int[][] s = synapses(r, n[l - 1], n[l], 6, true);
            int[] w = new int[s[0].length];
            for (int k = 0; k < w.length; k++) {
                w[k] = floatWeight(r);
            }
            boolean readout = l == n.length - 1;
            double threshold;
            if (readout) {
                threshold = Double.POSITIVE_INFINITY;
            } else if (w.length > 0 && r.nextBoolean()) {
                // exactly reachable: one weight, or the sum of two (edge of v >= threshold)
                double a = Math.abs(FloatLif.decodeWeight(w[r.nextInt(w.length)]));
                threshold = r.nextBoolean() ? a : a + Math.abs(FloatLif.decodeWeight(w[r.nextInt(w.length)]));
            } else {
                threshold = 0.05 + r.nextDouble() * 1.5;
            }
            double[] bias = new double[n[l]];
            if (r.nextInt(3) == 0) {
                for (int i = 0; i < bias.length; i++) {
                    bias[i] = r.nextInt(3) == 0 ? 0 : r.nextDouble() * 0.6 - 0.3;
                }
            }
            double tau = r.nextInt(4) == 0 ? 1.005 : 1 + r.nextDouble() * 4;
            layers.add(new DeployedLayer("l" + l, n[l - 1], n[l], new SparseSynapses(s[0], s[1], w, s[2]),
                    FloatLif.params(tau, threshold, bias), new TreeMap<>()));
        }
        DeployedNetwork net = new DeployedNetwork(n[0], 10, "float", "float", "", new InputEncoding(InputEncoding.Kind.GRADED, 32),
                layers, 0, PROVENANCE, Decoding.SOFTMAX_SUM);
        int steps = 1 + r.nextInt(40);
        Platform platform = Platform.of(r.nextInt(3) == 0 ? 1 : 0, r.nextInt(3) == 0 ? 1 : 0, new TreeMap<>());
        return new Case(net, platform, counts(r, n[0], steps, 3), steps);
    }

    /** A float32 weight in [-1.2, 1.2), sometimes tiny. */
    static int floatWeight(Random r) {
        // sometimes tiny: float32 terms whose exponents differ by more than 53 bits make double sums
        // depend on their order, which the engine and the reference must share
        double scale = r.nextInt(4) == 0 ? Math.scalb(1.0, -r.nextInt(100)) : 1.0;
        return FloatLif.encodeWeight((r.nextDouble() * 2.4 - 1.2) * scale);
    }

    static Case loihiCase(long seed) {
        Random r = new Random(seed);
        int[] n = sizes(r);
        List<DeployedLayer> layers = new ArrayList<>();
        for (int l = 1; l < n.length; l++) {
            int[][] s = synapses(r, n[l - 1], n[l], 6, false);
            int[] w = new int[s[0].length];
            for (int k = 0; k < w.length; k++) {
                w[k] = r.nextInt(512) - 256;
            }
            boolean readout = l == n.length - 1;
            SortedMap<String, long[]> p = new TreeMap<>();
            p.put(Loihi2Lif.DU, new long[] {decay(r)});
            p.put(Loihi2Lif.DV, new long[] {decay(r)});
            long vth = readout ? (r.nextBoolean() ? 131071 : r.nextInt(131072)) : r.nextInt(4) == 0 ? r.nextInt(131072) : r.nextInt(300);
            p.put(Loihi2Lif.VTH, new long[] {vth});
            long[] mant = new long[n[l]];
            if (r.nextInt(3) == 0) {
                for (int i = 0; i < mant.length; i++) {
                    mant[i] = r.nextInt(3) == 0 ? 0 : r.nextInt(8192) - 4096;
                }
            }
            p.put(Loihi2Lif.BIAS_MANT, mant);
            p.put(Loihi2Lif.BIAS_EXP, new long[] {r.nextInt(8)});
            p.put(Loihi2Lif.WEIGHT_EXP, new long[] {r.nextInt(3) == 0 ? r.nextInt(16) - 8 : r.nextInt(5) - 2});
            p.put(Loihi2Lif.NUM_WEIGHT_BITS, new long[] {8});
            p.put(Loihi2Lif.SIGN_MODE, new long[] {Loihi2Lif.SignMode.MIXED.code()});
            SortedMap<String, Double> q = new TreeMap<>();
            q.put("v_scale", 1.0 / 64);
            if (readout) {
                q.put("output_scale", Math.scalb(0.37 + r.nextDouble(), -6));
            }
            layers.add(new DeployedLayer("l" + l, n[l - 1], n[l], new SparseSynapses(s[0], s[1], w, s[2]),
                    new NeuronParams(Loihi2Lif.NAME, p), q));
        }
        DeployedNetwork net = new DeployedNetwork(n[0], 10, "loihi", "loihi", "", new InputEncoding(InputEncoding.Kind.GRADED, 24),
                layers, 0, PROVENANCE);
        int steps = 1 + r.nextInt(40);
        int pipeline = r.nextInt(4) == 0 ? r.nextInt(3) : 1;
        Platform platform = Platform.of(0, pipeline, java.util.Map.of("u", 24, "v", 24));
        return new Case(net, platform, counts(r, n[0], steps, r.nextBoolean() ? 3 : 200), steps);
    }

    static Case spinnakerCase(long seed) {
        Random r = new Random(seed);
        int[] n = sizes(r);
        List<DeployedLayer> layers = new ArrayList<>();
        for (int l = 1; l < n.length; l++) {
            int[][] s = synapses(r, n[l - 1], n[l], 6, false);
            int[] w = new int[s[0].length];
            int range = r.nextBoolean() ? 65535 : 1 + r.nextInt(2000);
            for (int k = 0; k < w.length; k++) {
                w[k] = r.nextInt(2 * range + 1) - range;
            }
            boolean readout = l == n.length - 1;
            SortedMap<String, long[]> p = new TreeMap<>();
            p.put(SpinnakerLif.EXP_TC, new long[] {switch (r.nextInt(5)) {
                case 0 -> 0;
                case 1 -> SpinnakerLif.ONE;
                case 2 -> 163;
                default -> r.nextInt((int) SpinnakerLif.ONE + 1);
            }});
            p.put(SpinnakerLif.R_MEMBRANE, new long[] {r.nextInt(3) == 0 ? r.nextInt(1 << 17) : SpinnakerLif.ONE});
            p.put(SpinnakerLif.V_REST, new long[] {r.nextInt(4) == 0 ? r.nextInt(1 << 16) - (1 << 15) : 0});
            long vth = readout ? (r.nextBoolean() ? Integer.MAX_VALUE : r.nextInt(1 << 24))
                    : r.nextInt(4) == 0 ? r.nextInt(1 << 28) : r.nextInt(1 << 20);
            p.put(SpinnakerLif.V_THRESH, new long[] {vth});
            p.put(SpinnakerLif.V_RESET, new long[] {r.nextInt(4) == 0 ? r.nextInt(1 << 16) - (1 << 15) : 0});
            long[] offset = new long[n[l]];
            if (r.nextInt(3) == 0) {
                for (int i = 0; i < offset.length; i++) {
                    offset[i] = r.nextInt(3) == 0 ? 0 : r.nextInt(1 << 18) - (1 << 17);
                }
            }
            p.put(SpinnakerLif.I_OFFSET, offset);
            p.put(SpinnakerLif.SHIFT_EXC, new long[] {r.nextInt(SpinnakerLif.MAX_SHIFT + 1)});
            p.put(SpinnakerLif.SHIFT_INH, new long[] {r.nextInt(SpinnakerLif.MAX_SHIFT + 1)});
            SortedMap<String, Double> q = new TreeMap<>();
            q.put("v_scale", Math.scalb(1.0, -15));
            if (readout) {
                q.put("output_scale", Math.scalb(0.37 + r.nextDouble(), -15));
            }
            layers.add(new DeployedLayer("l" + l, n[l - 1], n[l], new SparseSynapses(s[0], s[1], w, s[2]),
                    new NeuronParams(SpinnakerLif.NAME, p), q));
        }
        DeployedNetwork net = new DeployedNetwork(n[0], 1, "spinnaker", "spinnaker", "",
                new InputEncoding(InputEncoding.Kind.BINARY, 0), layers, 0, PROVENANCE);
        int steps = 1 + r.nextInt(40);
        Platform platform = Platform.of(r.nextInt(4) == 0 ? r.nextInt(3) : 1, r.nextInt(4) == 0 ? 1 : 0, new TreeMap<>());
        return new Case(net, platform, counts(r, n[0], steps, r.nextBoolean() ? 3 : 200), steps);
    }

    /** A 12-bit decay, often at its edges. */
    private static int decay(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> 4095;
            case 2 -> 2048;
            default -> r.nextInt(4096);
        };
    }
}
