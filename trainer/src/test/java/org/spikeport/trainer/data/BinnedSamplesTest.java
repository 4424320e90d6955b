package org.spikeport.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.data.SpikeRecording;

class BinnedSamplesTest {

    @Test
    void batchEqualsBinnedFramesPaddedTimeMajor() {
        Binning binning = new Binning(0.01, 5, 20);
        List<SpikeRecording> recs = List.of(
                new SpikeRecording(new double[] {0.0, 0.004, 0.031}, new int[] {0, 4, 19}, 1),
                new SpikeRecording(new double[] {0.012}, new int[] {7}, 0));
        int[][] cells = new int[recs.size()][];
        int[] steps = new int[recs.size()];
        int[] labels = new int[recs.size()];
        for (int i = 0; i < recs.size(); i++) {
            SpikeRecording r = recs.get(i);
            cells[i] = new int[r.size()];
            for (int k = 0; k < r.size(); k++) {
                cells[i][k] = binning.step(r.times()[k]) * binning.channels() + r.units()[k] / binning.groupSize();
            }
            steps[i] = binning.steps(r);
            labels[i] = r.label();
        }
        BinnedSamples s = BinnedSamples.of(binning.channels(), 2, cells, steps, labels);
        Batch b = s.batch(new int[] {1, 0});
        assertEquals(4, b.steps());
        assertArrayEquals(new int[] {0, 1}, b.labels());
        assertArrayEquals(new int[] {2, 4}, b.lengths());
        for (int k = 0; k < 2; k++) {
            CountFrame f = binning.bin(recs.get(b.indices()[k]), b.steps());
            for (int t = 0; t < b.steps(); t++) {
                for (int c = 0; c < 4; c++) {
                    assertEquals(f.count(t, c), b.data()[(t * 2 + k) * 4 + c], "t=" + t + " b=" + k + " c=" + c);
                }
            }
        }
        assertEquals(2f, b.data()[(0 * 2 + 1) * 4], "two events of sample 0 in step 0, channel 0");
        assertEquals(4, s.longest(new int[] {1, 0}));
        assertEquals(2, s.longest(new int[] {1}));
        assertEquals(1, s.longest(new int[0]));
        assertEquals(6, s.batch(new int[] {1, 0}, 6).steps());
        assertEquals(4, s.batch(new int[] {1, 0}, 3).steps());
    }

    @Test
    void orderDependsOnlyOnSeedAndEpoch() {
        int n = 50;
        BinnedSamples s = BinnedSamples.of(1, 1, new int[n][0], filled(n, 1), new int[n]);
        assertArrayEquals(s.order(3, 7, true), s.order(3, 7, true));
        assertFalse(Arrays.equals(s.order(3, 7, true), s.order(3, 8, true)));
        int[] sorted = s.order(3, 7, true).clone();
        Arrays.sort(sorted);
        assertArrayEquals(s.order(0, 0, false), sorted);
        int[][] batches = BinnedSamples.batches(s.order(0, 0, false), 16);
        assertEquals(4, batches.length);
        assertEquals(2, batches[3].length);
    }

    @Test
    void cellsOutsideTheFrameAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> BinnedSamples.of(4, 2, new int[][] {{8}}, new int[] {2}, new int[] {0}));
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void clippingLimitsEveryCellsCount() {
        // 2 channels, 2 steps: cell 0 three times, cell 3 twice, cell 1 once
        BinnedSamples s = BinnedSamples.of(2, 1, new int[][] {{3, 0, 1, 0, 3, 0}}, new int[] {2}, new int[] {0});
        assertArrayEquals(new float[] {3, 1, 0, 2}, s.batch(new int[] {0}).data());
        assertArrayEquals(new float[] {2, 1, 0, 2}, s.clipped(2).batch(new int[] {0}).data());
        assertArrayEquals(new float[] {1, 1, 0, 1}, s.clipped(1).batch(new int[] {0}).data());
        assertEquals(2, s.clipped(1).steps(0));
    }
}
