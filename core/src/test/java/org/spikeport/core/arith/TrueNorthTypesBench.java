package org.spikeport.core.arith;

import java.util.Random;

/**
 * Times {@link TrueNorthTypes#centroids} against the exhaustive programme ({@link ExhaustiveTypes}) on the
 * weights of one neuron (4 types, Gaussian weights), alternating the two. Run by hand (see BENCHMARKS.md);
 * not part of the test suite.
 *
 * <p>Arguments: {@code [WEIGHTS [ROUNDS]]}, default 140 weights (the demo model's first layer) and 5 rounds.
 */
public final class TrueNorthTypesBench {

    private TrueNorthTypesBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 140;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Random r = new Random(1);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = r.nextGaussian();
        }
        int calls = 2000;
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                TrueNorthTypes.centroids(w, 4);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                ExhaustiveTypes.centroids(w, 4);
            }
            long t2 = System.nanoTime();
            System.out.printf("round %d: divide and conquer %.4f ms, exhaustive %.4f ms per neuron of %d weights%n",
                    round + 1, (t1 - t0) / 1e6 / calls, (t2 - t1) / 1e6 / calls, n);
        }
    }
}
