package org.spikeport.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Transforms of every length up to 70 and a few larger ones against the defining sums. */
class FftTest {

    @Test
    void forwardAndInverseEqualTheDefiningSums() {
        Random r = new Random(5);
        for (int n = 1; n <= 140; n += n < 70 ? 1 : 23) {
            double[] re = new double[n];
            double[] im = new double[n];
            for (int j = 0; j < n; j++) {
                re[j] = r.nextGaussian();
                im[j] = r.nextGaussian();
            }
            for (boolean inverse : new boolean[] {false, true}) {
                double[] gr = re.clone();
                double[] gi = im.clone();
                if (inverse) {
                    Fft.of(n).inverse(gr, gi);
                } else {
                    Fft.of(n).forward(gr, gi);
                }
                double sign = inverse ? 1 : -1;
                for (int k = 0; k < n; k++) {
                    double sr = 0;
                    double si = 0;
                    for (int j = 0; j < n; j++) {
                        double a = sign * 2 * Math.PI * ((long) j * k % n) / n;
                        sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
                        si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
                    }
                    if (inverse) {
                        sr /= n;
                        si /= n;
                    }
                    assertEquals(sr, gr[k], 1e-10 * n, "n = " + n + ", bin " + k + " (re), inverse " + inverse);
                    assertEquals(si, gi[k], 1e-10 * n, "n = " + n + ", bin " + k + " (im), inverse " + inverse);
                }
            }
        }
    }
}
