package org.spikeport.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResamplerTest {

    /** A tone below both Nyquist frequencies comes out as the same tone at the new rate (away from the ends). */
    @Test
    void tonesKeepTheirFrequencyAndLevel() {
        int[][] rates = {{22_050, 48_000}, {16_000, 48_000}, {96_000, 48_000}, {44_100, 48_000}};
        for (int[] r : rates) {
            int from = r[0];
            int to = r[1];
            double hz = 1234.5;
            double[] x = new double[from / 5];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.sin(2 * Math.PI * hz * i / from);
            }
            double[] y = Resampler.resample(x, from, to);
            assertEquals((long) x.length * to / from, y.length);
            for (int k = y.length / 4; k < 3 * y.length / 4; k++) {
                assertEquals(Math.sin(2 * Math.PI * hz * k / to), y[k], 1e-3, from + " -> " + to + " at " + k);
            }
        }
    }

    /** Above the new Nyquist frequency a tone is removed, not aliased. */
    @Test
    void downsamplingRemovesWhatTheNewRateCannotHold() {
        int from = 96_000;
        double[] x = new double[from / 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(2 * Math.PI * 30_000 * i / from);
        }
        double[] y = Resampler.resample(x, from, 48_000);
        for (int k = y.length / 4; k < 3 * y.length / 4; k++) {
            assertEquals(0, y[k], 1e-3);
        }
    }

    @Test
    void equalRatesCopy() {
        double[] x = {1, 2, 3};
        assertArrayEquals(x, Resampler.resample(x, 8000, 8000));
    }
}
