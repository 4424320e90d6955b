package org.spikeport.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.spikeport.core.arith.SenecaBf16Lif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.SparseSynapses;

/** Random small {@code seneca-bf16-lif} networks and inputs for the property tests. */
final class SenecaRandomNetworks {

    private SenecaRandomNetworks() {
    }

    /** A bf16 weight: usually moderate, sometimes tiny (lost in a sum), rarely huge (overflows a sum). */
    static int weight(Random r) {
        double w = r.nextDouble() * 2.4 - 1.2;
        return switch (r.nextInt(12)) {
            case 0 -> SenecaBf16Lif.fromDouble(w * Math.scalb(1.0, -r.nextInt(140)));
            case 1 -> SenecaBf16Lif.fromDouble(w * 0x1p126);
            case 2 -> SenecaBf16Lif.fromDouble(Math.scalb(1.0, -9 - r.nextInt(3)));
            default -> SenecaBf16Lif.fromDouble(w);
        };
    }

    static RandomNetworks.Case senecaCase(long seed) {
        Random r = new Random(seed);
        int layerCount = 1 + r.nextInt(3);
        int[] n = new int[layerCount + 1];
        for (int i = 0; i <= layerCount; i++) {
            n[i] = 1 + r.nextInt(8);
        }
        List<DeployedLayer> layers = new ArrayList<>();
        for (int l = 1; l < n.length; l++) {
            double density = r.nextDouble();
            List<int[]> syn = new ArrayList<>();
            for (int i = 0; i < n[l]; i++) {
                for (int j = 0; j < n[l - 1]; j++) {
                    if (r.nextDouble() < density) {
                        syn.add(new int[] {j, i, r.nextInt(7), weight(r)});
                        if (r.nextInt(5) == 0) {
                            syn.add(new int[] {j, i, r.nextInt(7), weight(r)});
                        }
                    }
                }
            }
            Collections.shuffle(syn, r);
            int[][] a = new int[4][syn.size()];
            for (int k = 0; k < syn.size(); k++) {
                for (int c = 0; c < 4; c++) {
                    a[c][k] = syn.get(k)[c];
                }
            }
            boolean readout = l == n.length - 1;
            int threshold;
            if (readout) {
                threshold = SenecaBf16Lif.POSITIVE_INFINITY;
            } else if (a[3].length > 0 && r.nextBoolean()) {
                // exactly reachable: one weight or the bf16 sum of two
                int w1 = a[3][r.nextInt(a[3].length)] & 0x7FFF;
                threshold = r.nextBoolean() ? w1 : SenecaBf16Lif.add(w1, a[3][r.nextInt(a[3].length)] & 0x7FFF);
            } else if (r.nextInt(8) == 0) {
                threshold = SenecaBf16Lif.fromDouble(-r.nextDouble() * 0.2);
            } else {
                threshold = SenecaBf16Lif.fromDouble(0.05 + r.nextDouble() * 1.5);
            }
            int[] bias = new int[n[l]];
            if (r.nextInt(3) == 0) {
                for (int i = 0; i < bias.length; i++) {
                    bias[i] = r.nextInt(3) == 0 ? 0 : SenecaBf16Lif.fromDouble(r.nextDouble() * 0.6 - 0.3);
                }
            }
            double tau = switch (r.nextInt(5)) {
                case 0 -> 1.0;
                case 1 -> Double.POSITIVE_INFINITY;
                default -> 1 + r.nextDouble() * 20;
            };
            int decay = SenecaBf16Lif.fromDouble(1 - 1 / tau);
            layers.add(new DeployedLayer("l" + l, n[l - 1], n[l], new SparseSynapses(a[0], a[1], a[3], a[2]),
                    SenecaBf16Lif.params(decay, threshold, bias), new TreeMap<>()));
        }
        DeployedNetwork net = new DeployedNetwork(n[0], 1, "seneca", "seneca", "",
                new InputEncoding(InputEncoding.Kind.GRADED, 16), layers, 0, RandomNetworks.PROVENANCE);
        int steps = 1 + r.nextInt(40);
        Platform platform = Platform.of(r.nextInt(4) == 0 ? 1 : 0, r.nextInt(4) == 0 ? 1 : 0,
                Map.of(SenecaBf16Lif.ACCUMULATOR, r.nextBoolean() ? 16 : 32));
        int maxCount = r.nextInt(4) == 0 ? 65535 : 3;
        int rows = r.nextInt(steps + 1);
        int[] counts = new int[rows * n[0]];
        double inputDensity = r.nextDouble();
        for (int k = 0; k < counts.length; k++) {
            if (r.nextDouble() < inputDensity) {
                counts[k] = 1 + r.nextInt(maxCount);
            }
        }
        return new RandomNetworks.Case(net, platform, counts, steps);
    }
}
