package org.spikeport.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    private static final Binning REF = Binning.SHD.withMode(Binning.Mode.REFERENCE);

    private static SpikeRecording events(double... times) {
        return new SpikeRecording(times, new int[times.length], 0);
    }

    @Test
    void referenceWindowsAreAnchoredAtTheNextEventAndClosedAtBothEnds() {
        // ms: 500, 505, 510, 510.1, 900, 950, 960.1. Window 0 opens at 500 and takes 505 and 510 (10 <= 10);
        // 510.1 is 10.1 ms after 500 and opens window 1; 900, 950 and 960.1 (10.1 after 950) each open one.
        SpikeRecording r = events(0.5, 0.505, 0.51, 0.5101, 0.9, 0.95, 0.9601);
        assertArrayEquals(new int[] {0, 0, 0, 1, 2, 3, 4}, REF.eventSteps(r));
        assertEquals(5, REF.steps(r));
        assertArrayEquals(new int[] {50, 50, 51, 51, 90, 95, 96}, Binning.SHD.eventSteps(r), "floor(t / 10 ms)");
        assertEquals(97, Binning.SHD.steps(r));
    }

    @Test
    void referenceBinningSkipsLeadingAndInnerSilence() {
        // Events 1 s apart: floor gives 201 steps, 199 of them empty; the reference one step per event.
        SpikeRecording r = new SpikeRecording(new double[] {1.0, 2.0, 3.0}, new int[] {0, 12, 699}, 4);
        CountFrame f = REF.bin(r);
        assertEquals(3, f.steps());
        assertEquals(1, f.count(0, 0));
        assertEquals(1, f.count(1, 2));
        assertEquals(1, f.count(2, 139));
        assertEquals(3, java.util.Arrays.stream(f.counts()).sum());
        assertEquals(4, f.label());
        assertEquals(301, Binning.SHD.bin(r).steps());
    }

    @Test
    void referenceWindowSumsTheEventsOfOneWindowPerChannelGroup() {
        // One window of 10 ms from 0.2 s holds four events: units 0, 4 (channel 0), 5 (channel 1), and 0 again.
        SpikeRecording r = new SpikeRecording(new double[] {0.2, 0.203, 0.207, 0.21, 0.2105},
                new int[] {0, 4, 5, 0, 0}, 0);
        CountFrame f = REF.bin(r);
        assertEquals(2, f.steps());
        assertEquals(3, f.count(0, 0));
        assertEquals(1, f.count(0, 1));
        assertEquals(1, f.count(1, 0));
    }

    @Test
    void referenceBinningComputesFloat32TimesInFloat32() {
        // Both times are float32 values (as SHD's float16 times are); 1000 t rounds to float32 values exactly
        // 10 ms apart, so both events share a window, though the exact difference is 10.0000016 ms. The same
        // events, one of them moved by 1e-12 s off the float32 grid, are computed in float64 and split.
        double t0 = 0.04133867099881172f;
        double t1 = 0.05133867263793945f;
        assertEquals(10.0, (float) (1000.0 * t1) - (float) (1000.0 * t0));
        assertTrue(1000.0 * t1 - 1000.0 * t0 > 10.0);
        assertArrayEquals(new int[] {0, 0}, REF.eventSteps(events(t0, t1)));
        assertArrayEquals(new int[] {0, 1}, REF.eventSteps(events(t0 + 1e-12, t1)));
    }

    @Test
    void referenceBinningOfNoEventsHasNoSteps() {
        assertEquals(0, REF.steps(events()));
        assertEquals(0, REF.eventSteps(events()).length);
    }

    @Test
    void modeNamesRoundTrip() {
        for (Binning.Mode m : Binning.Mode.values()) {
            assertEquals(m, Binning.Mode.of(m.id()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Binning.Mode.of("ceil"));
        assertEquals("unknown binning 'ceil' (expected floor or reference)", e.getMessage());
        assertEquals(Binning.Mode.FLOOR, new Binning(0.01, 5, 700).mode());
    }
}
