package org.spikeport.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hankel functions against scipy 1.13.1's {@code hankel1} (AMOS) at points in every branch of {@link Bessel}. */
class BesselTest {

    /** z re, z im, H0 re, H0 im, H1 re, H1 im (scipy.special.hankel1). */
    private static final double[][] SCIPY = {
        {0.5, 0.25, 0.6060013460060022, -0.43583551611943205, -0.25239845227059193, -1.126009151874939},
        {1.9, 0.1, 0.26528880105199426, 0.4415535387775065, 0.5248420515159037, -0.16588167170223145},
        {2.1, 0.0, 0.16660698033199015, 0.5182937375137608, 0.5682921357570387, -0.05167861213042335},
        {3.0, 4.0, -0.0010666528746791273, 0.006321791757978726, 0.006757842292905921, 0.001504189593694734},
        {10.0, 0.5, -0.1480982082242241, 0.03742179504243951, 0.03020934392259462, 0.1505033956624158},
        {0.3, 20.0, 1.1059054470117306e-10, -3.4834501011029083e-10, -3.569074460871816e-10, -1.1344931140315283e-10},
        {25.0, 5.0, 0.0005552043719802571, -0.000907206492538485, -0.0009002200466150362, -0.0005748096433939791},
        {40.0, 1.0, 0.0032879478180926213, 0.04628110795114858, 0.046340214952089905, -0.00271134790114538},
        {14.9, 45.6, 1.0937599509132844e-21, 1.4362410690831663e-21, 1.4539147002419672e-21, -1.0999441385484989e-21},
        {4.7, 0.0, -0.2693307894197528, -0.24938764724497198, -0.2790807358433353, 0.24450129684713723},
    };

    @Test
    void hankelFunctionsEqualScipysToTwelveDigits() {
        for (double[] r : SCIPY) {
            Complex z = new Complex(r[0], r[1]);
            Complex h0 = Bessel.h0(z);
            Complex h1 = Bessel.h1(z);
            Complex e0 = new Complex(r[2], r[3]);
            Complex e1 = new Complex(r[4], r[5]);
            assertTrue(h0.minus(e0).abs() <= 1e-12 * e0.abs(), "H0(" + z + ") = " + h0 + ", scipy " + e0);
            assertTrue(h1.minus(e1).abs() <= 1e-12 * e1.abs(), "H1(" + z + ") = " + h1 + ", scipy " + e1);
        }
    }

    @Test
    void branchesAgreeWhereTheyMeet() {
        for (double angle = 0; angle <= Math.PI; angle += Math.PI / 16) {
            for (double radius : new double[] {2.0, 32.0}) {
                Complex below = new Complex((radius - 1e-9) * Math.cos(angle), (radius - 1e-9) * Math.sin(angle));
                Complex above = new Complex(radius * Math.cos(angle), radius * Math.sin(angle));
                Complex a = Bessel.h0(below);
                Complex b = Bessel.h0(above);
                assertTrue(a.minus(b).abs() <= 1e-8 * b.abs(), "H0 jumps at " + above + ": " + a + " vs " + b);
            }
        }
    }
}
