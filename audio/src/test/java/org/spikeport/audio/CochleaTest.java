package org.spikeport.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CochleaTest {

    private static double[] tone(double hz, int rate, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.sin(2 * Math.PI * hz * i / rate);
        }
        return x;
    }

    @Test
    void sameSeedSameSpikesOtherSeedOtherSpikes() {
        Cochlea c = new Cochlea(40);
        double[] x = tone(1000, 48_000, 2400);
        Cochlea.Spikes a = c.encode(x, 48_000, 5);
        Cochlea.Spikes b = c.encode(x, 48_000, 5);
        Cochlea.Spikes other = c.encode(x, 48_000, 6);
        assertTrue(a.times().length > 0);
        assertArrayEquals(a.times(), b.times());
        assertArrayEquals(a.channels(), b.channels());
        assertFalse(java.util.Arrays.equals(a.channels(), other.channels()) && java.util.Arrays.equals(a.times(), other.times()));
    }

    @Test
    void aSharedTransferFunctionGivesTheSameSpikes() {
        Cochlea c = new Cochlea(41);
        double[] x = tone(2000, 44_100, 1999);
        Cochlea.Transfer t = c.transfer(x.length, 44_100, 2);
        Cochlea.Spikes without = c.encode(x, 44_100, 3);
        Cochlea.Spikes with = c.encode(x, 44_100, 3, t);
        assertArrayEquals(without.times(), with.times());
        assertArrayEquals(without.channels(), with.channels());
        Cochlea.Spikes otherLength = c.encode(tone(2000, 44_100, 2001), 44_100, 3, t);
        assertArrayEquals(c.encode(tone(2000, 44_100, 2001), 44_100, 3).times(), otherLength.times());
    }

    @Test
    void spikesAreSortedByTimeThenChannelOnTheHalfRateGrid() {
        Cochlea.Spikes s = new Cochlea(60).encode(tone(3000, 48_000, 4800), 48_000, 1);
        for (int i = 0; i < s.times().length; i++) {
            double step = s.times()[i] * 24_000;
            assertEquals(Math.rint(step), step, 1e-6);
            assertTrue(s.channels()[i] >= 0 && s.channels()[i] < 60);
            if (i > 0) {
                assertTrue(s.times()[i] > s.times()[i - 1]
                        || s.times()[i] == s.times()[i - 1] && s.channels()[i] > s.channels()[i - 1]);
            }
        }
    }

    /** The membrane is tonotopic: a high tone drives channels near the base (low indices), a low one the apex. */
    @Test
    void highTonesExciteTheBaseLowTonesTheApex() {
        Cochlea c = new Cochlea();
        assertTrue(meanChannel(c.encode(tone(8000, 48_000, 4800), 48_000, 1))
                < meanChannel(c.encode(tone(300, 48_000, 4800), 48_000, 1)));
    }

    private static double meanChannel(Cochlea.Spikes s) {
        double sum = 0;
        for (int ch : s.channels()) {
            sum += ch;
        }
        return sum / s.channels().length;
    }

    @Test
    void silenceShortAndNonFiniteAudioAreRefused() {
        Cochlea c = new Cochlea(10);
        assertThrows(IllegalArgumentException.class, () -> c.encode(new double[100], 48_000, 1));
        assertThrows(IllegalArgumentException.class, () -> c.encode(new double[] {1, 2, 3}, 48_000, 1));
        double[] x = tone(100, 48_000, 100);
        x[5] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> c.encode(x, 48_000, 1));
    }
}
