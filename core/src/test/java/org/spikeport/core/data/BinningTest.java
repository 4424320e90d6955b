package org.spikeport.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BinningTest {

    private final Binning b = new Binning(0.25, 5, 700);

    @Test
    void eventAtExactlyAStepBoundaryLandsInThatStep() {
        SpikeRecording r = new SpikeRecording(new double[] {0.0, 0.25, 0.5, 0.75}, new int[] {0, 0, 0, 0}, 0);
        CountFrame f = b.bin(r, 4);
        for (int k = 0; k < 4; k++) {
            assertEquals(1, f.count(k, 0), "step " + k);
        }
        CountFrame shd = Binning.SHD.bin(new SpikeRecording(new double[] {0.5}, new int[] {0}, 0), 60);
        assertEquals(1, shd.count(50, 0));
    }

    @Test
    void lastUnitMapsToLastChannel() {
        CountFrame f = Binning.SHD.bin(new SpikeRecording(new double[] {0.0}, new int[] {699}, 3));
        assertEquals(140, f.channels());
        assertEquals(1, f.count(0, 139));
        assertEquals(3, f.label());
    }

    @Test
    void countsAccumulateWithinAStepAndChannelGroup() {
        SpikeRecording r = new SpikeRecording(new double[] {0.1, 0.1, 0.2, 0.3}, new int[] {5, 9, 6, 4}, 0);
        CountFrame f = b.bin(r);
        assertEquals(2, f.steps());
        assertEquals(3, f.count(0, 1));
        assertEquals(1, f.count(1, 0));
        assertEquals(0, f.count(1, 1));
    }

    @Test
    void eventsPastTheRequestedStepsAreDropped() {
        SpikeRecording r = new SpikeRecording(new double[] {0.1, 0.6, 2.0}, new int[] {0, 0, 0}, 0);
        CountFrame f = b.bin(r, 3);
        assertEquals(3, f.steps());
        int sum = 0;
        for (int c : f.counts()) {
            sum += c;
        }
        assertEquals(2, sum);
        assertEquals(1, f.count(2, 0));
        assertEquals(9, b.steps(r));
    }

    @Test
    void aStepBeyondIntThrowsInsteadOfWrapping() {
        Binning half = new Binning(0.5, 5, 700);
        assertEquals(Integer.MAX_VALUE - 1, half.step((Integer.MAX_VALUE - 1) * 0.5 + 0.25));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> half.step(2.0e9));
        assertEquals("time 2.0E9 s is step 4.0E9 at 0.5 s per step, beyond the last step 2147483646",
                e.getMessage());
    }

    @Test
    void unitOutOfRangeThrows() {
        SpikeRecording r = new SpikeRecording(new double[] {0.1}, new int[] {700}, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.bin(r));
        assertTrue(e.getMessage().contains("unit 700"), e.getMessage());
    }
}
