package org.spikeport.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.SparseSynapses;

/** Random small {@code truenorth-lif} networks and inputs for the property tests. */
final class TrueNorthNetworks {

    private TrueNorthNetworks() {
    }

    static RandomNetworks.Case randomCase(long seed) {
        Random r = new Random(seed);
        int bits = r.nextInt(3) == 0 ? 6 + r.nextInt(6) : 20;
        int layers = 1 + r.nextInt(3);
        int[] n = new int[layers + 1];
        for (int i = 0; i <= layers; i++) {
            n[i] = 1 + r.nextInt(8);
        }
        List<DeployedLayer> out = new ArrayList<>();
        for (int l = 1; l <= layers; l++) {
            boolean readout = l == layers;
            int in = n[l - 1];
            int size = n[l];
            long[][] typeWeights = new long[4][size];
            for (int i = 0; i < size; i++) {
                for (int k = 0; k < 4; k++) {
                    typeWeights[k][i] = r.nextInt(512) - 256;
                }
            }
            double density = r.nextDouble();
            List<int[]> syn = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < in; j++) {
                    if (r.nextDouble() < density) {
                        int type = r.nextInt(4);
                        syn.add(new int[] {j, i, (int) typeWeights[type][i], r.nextInt(7)});
                    }
                }
            }
            java.util.Collections.shuffle(syn, r);
            int[][] a = new int[4][syn.size()];
            for (int k = 0; k < syn.size(); k++) {
                for (int c = 0; c < 4; c++) {
                    a[c][k] = syn.get(k)[c];
                }
            }
            SortedMap<String, long[]> p = new TreeMap<>();
            long[] leak = new long[size];
            long[] alpha = new long[size];
            long[] beta = new long[size];
            long[] reset = new long[size];
            long[] mode = new long[size];
            long lo = TrueNorthLif.min(bits);
            long hi = TrueNorthLif.max(bits);
            for (int i = 0; i < size; i++) {
                leak[i] = r.nextInt(3) == 0 ? 0 : r.nextInt(512) - 256;
                alpha[i] = readout && r.nextBoolean() ? hi : r.nextInt(4) == 0 ? r.nextInt(20) - 5 : r.nextInt(600);
                beta[i] = readout && r.nextBoolean() ? lo : r.nextInt(3) == 0 ? 0 : -r.nextInt(600);
                reset[i] = r.nextInt(3) == 0 ? 0 : r.nextInt(100) - 50;
                mode[i] = r.nextInt(2);
            }
            p.put(TrueNorthLif.LEAK, leak);
            p.put(TrueNorthLif.POSITIVE_THRESHOLD, alpha);
            p.put(TrueNorthLif.NEGATIVE_THRESHOLD, beta);
            p.put(TrueNorthLif.RESET_POTENTIAL, reset);
            p.put(TrueNorthLif.RESET_MODE, mode);
            p.put(TrueNorthLif.INPUT_COPIES, new long[] {1 + r.nextInt(4)});
            for (int k = 0; k < 4; k++) {
                p.put(TrueNorthLif.TYPE_WEIGHTS[k], typeWeights[k]);
            }
            SortedMap<String, Double> q = new TreeMap<>();
            q.put("v_scale", 0.01);
            if (readout && r.nextInt(4) != 0) {
                q.put(TrueNorthLif.OUTPUT_SCALE, 0.003 + r.nextDouble() * 0.01);
                q.put(TrueNorthLif.OUTPUT_DECAY, r.nextBoolean() ? 0.0 : r.nextDouble());
            }
            out.add(new DeployedLayer("l" + l, in, size, new SparseSynapses(a[0], a[1], a[2], a[3]),
                    new NeuronParams(TrueNorthLif.NAME, p), q));
        }
        DeployedNetwork net = new DeployedNetwork(n[0], 10, "truenorth-like", "truenorth-like", "",
                new InputEncoding(InputEncoding.Kind.BINARY, 0), out, 0, RandomNetworks.PROVENANCE);
        int steps = 1 + r.nextInt(40);
        int rows = r.nextInt(steps + 1);
        int[] counts = new int[rows * n[0]];
        double density = r.nextDouble();
        for (int k = 0; k < counts.length; k++) {
            if (r.nextDouble() < density) {
                counts[k] = 1 + r.nextInt(6);
            }
        }
        Platform platform = r.nextInt(3) == 0 ? Platform.of(r.nextInt(2), r.nextInt(2), Map.of("membrane", bits))
                : Platform.of(1, 1, Map.of("membrane", bits));
        return new RandomNetworks.Case(net, platform, counts, steps);
    }
}
