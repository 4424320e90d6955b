package org.spikeport.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DclsKernelTest {

    @Property
    void kernelSumsToTheWeight(@ForAll @DoubleRange(min = -3, max = 3) double w,
                               @ForAll @DoubleRange(min = 0, max = 24) double d,
                               @ForAll @DoubleRange(min = 0, max = 12) double sigma) {
        double sum = 0;
        for (double k : DclsKernel.taps(w, d, sigma, 25)) {
            sum += k;
        }
        assertEquals(w, sum, 1e-6 * Math.max(1, Math.abs(w)));
    }

    @Property
    void integerDelayPeaksAtItsTap(@ForAll @IntRange(min = 0, max = 24) int d,
                                   @ForAll @DoubleRange(min = 0, max = 3) double sigma) {
        double[] k = DclsKernel.taps(1.0, d, sigma, 25);
        int peak = 0;
        for (int n = 1; n < k.length; n++) {
            if (k[n] > k[peak]) {
                peak = n;
            }
        }
        assertEquals(24 - d, peak);
    }

    @Test
    void narrowKernelMatchesClosedForm() {
        // 5 taps, d = 3: centre c = 5 - 1 - 3 = 1. sigma = 0.23 gives width 0.5, so g(n) = exp(-2 (n - 1)^2).
        double[] k = DclsKernel.taps(2.0, 3.0, 0.23, 5);
        double[] g = {Math.exp(-2), 1, Math.exp(-2), Math.exp(-8), Math.exp(-18)};
        double sum = g[0] + g[1] + g[2] + g[3] + g[4];
        for (int n = 0; n < 5; n++) {
            assertEquals(2.0 * g[n] / (sum + 1e-7), k[n], 1e-15, "tap " + n);
        }
    }

    @Test
    void halfwayDelaySplitsEvenly() {
        double[] k = DclsKernel.taps(1.0, 2.5, 0.0, 8);
        assertEquals(k[4], k[5], 1e-15);
        assertTrue(k[4] > k[3] && k[5] > k[6]);
    }

    @Test
    void rejectsEmptyKernel() {
        assertThrows(IllegalArgumentException.class, () -> DclsKernel.taps(1, 0, 1, 0));
    }
}
