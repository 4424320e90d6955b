package org.spikeport.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BushyCellTest {

    /**
     * The binomial count of non-refractory fibres has the distribution of 40 fibres drawn one by one with
     * lauscher's refractory correction (drop a spike less than {@code tau_ref fs} samples after the fibre's
     * last kept spike): mean spikes per sample agree within 4.5 standard errors.
     */
    @Test
    void fibreCountsMatchFibresDrawnOneByOne() {
        double rate = 22_050;
        int n = 400;
        double[] p = new double[n];
        for (int k = 0; k < n; k++) {
            p[k] = k < 200 ? 0.03 : 0.2 * Math.abs(Math.sin(k / 20.0));
        }
        int draws = 2000;
        double[] binomialSum = new double[n];
        double[] directSum = new double[n];
        SplittableRandom r = new SplittableRandom(3);
        double refrac = BushyCell.TAU_REFRAC * rate;
        for (int d = 0; d < draws; d++) {
            int[] counts = BushyCell.fibreSpikes(p, rate, r);
            for (int k = 0; k < n; k++) {
                binomialSum[k] += counts[k];
            }
            for (int f = 0; f < BushyCell.FIBRES; f++) {
                double last = -refrac;
                for (int k = 0; k < n; k++) {
                    if (r.nextDouble() < p[k] && !(k - last < refrac)) {
                        last = k;
                        directSum[k]++;
                    }
                }
            }
        }
        for (int k = 0; k < n; k += 10) {
            double window = 0;
            double windowDirect = 0;
            for (int j = k; j < k + 10; j++) {
                window += binomialSum[j];
                windowDirect += directSum[j];
            }
            double se = Math.sqrt(window + windowDirect);
            assertTrue(Math.abs(window - windowDirect) <= 4.5 * se, "samples " + k + ".." + (k + 9) + ": "
                    + window + " vs " + windowDirect + " fibre spikes");
        }
    }

    @Test
    void positiveBinomialDrawsHaveTheirConditionalMean() {
        SplittableRandom r = new SplittableRandom(9);
        int draws = 200_000;
        for (double p : new double[] {0.001, 0.1, 0.6, 0.97}) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < draws; i++) {
                int k = BushyCell.positiveBinomial(40, p, r);
                assertTrue(k >= 1 && k <= 40);
                sum += k;
                squares += (double) k * k;
            }
            double p0 = Math.pow(1 - p, 40);
            double mean = 40 * p / (1 - p0);
            double second = (40 * p * (1 - p) + 1600 * p * p) / (1 - p0);
            double sd = Math.sqrt(Math.max(second - mean * mean, 1e-12));
            assertEquals(mean, sum / draws, 4.5 * sd / Math.sqrt(draws) + 1e-12, "p = " + p);
        }
    }

    @Test
    void hazardIsMinusLogOfTheMiss() {
        for (double p : new double[] {1e-9, 1e-4, 0.0099, 0.01, 0.5}) {
            assertEquals(-Math.log1p(-p), BushyCell.hazard(p), 1e-15 * -Math.log1p(-p));
        }
    }

    /**
     * The neuron: a strong input makes it fire at the step before the one that sees {@code V >= 1}, then it
     * stays silent for the refractory time; no input, no spikes.
     */
    @Test
    void neuronFiresAndStaysRefractory() {
        double rate = 24_000;
        int[] counts = new int[100];
        Arrays.fill(counts, 40);
        boolean[] spikes = BushyCell.lif(counts, rate);
        // 40 fibre spikes at step 0 give V = 40 * 325 / 24000 = 0.54; step 1 exceeds 1 and is capped; step 2 sees
        // V >= 1 and emits the spike at step 1; V is held at 0 for 24 samples (steps 2..25), so the next
        // crossing is at step 27 (V = 40 * 325 * (I) / 24000 with the accumulated current), spike at 26.
        assertTrue(spikes[1]);
        assertTrue(!spikes[0] && !spikes[2]);
        int next = -1;
        for (int k = 2; k < spikes.length; k++) {
            if (spikes[k]) {
                next = k;
                break;
            }
        }
        assertEquals(26, next, "second spike");
        assertArrayEquals(new boolean[50], BushyCell.lif(new int[50], rate));
    }
}
