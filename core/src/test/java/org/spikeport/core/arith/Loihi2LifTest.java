package org.spikeport.core.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spikeport.core.arith.Loihi2Lif.SignMode.EXCITATORY;
import static org.spikeport.core.arith.Loihi2Lif.SignMode.INHIBITORY;
import static org.spikeport.core.arith.Loihi2Lif.SignMode.MIXED;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.testing.TestPython;

/**
 * Closed-form golden values for {@link Loihi2Lif}, and a cross-check of random trajectories against
 * {@code src/test/python/loihi2_lif_reference.py} (a NumPy transcription of Lava's bit-accurate models)
 * run with the interpreter named by the system property {@code spikeport.python}.
 */
class Loihi2LifTest {

    private static final int BITS = 24;

    /** One neuron's trajectory: rows of (u, v before reset, spike). */
    private static long[][] run(int du, int dv, long vth, long biasMant, int biasExp, long[] a) {
        long u = 0;
        long v = 0;
        long bias = Loihi2Lif.bias(biasMant, biasExp);
        long[][] out = new long[a.length][];
        for (int t = 0; t < a.length; t++) {
            u = Loihi2Lif.updateU(u, a[t], du, BITS);
            v = Loihi2Lif.updateV(v, u, bias, dv, BITS);
            boolean s = Loihi2Lif.spikes(v, vth);
            out[t] = new long[] {u, v, s ? 1 : 0};
            if (s) {
                v = 0;
            }
        }
        return out;
    }

    private static long[] column(long[][] rows, int c) {
        long[] r = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            r[i] = rows[i][c];
        }
        return r;
    }

    private static long[] impulse(long a, int steps) {
        long[] x = new long[steps];
        x[0] = a;
        return x;
    }

    @Test
    void currentWithDuOf4095IsClearedEveryStep() {
        // decay constant du + 1 = 4096: u * (4096 - 4096) / 4096 = 0 whatever u is
        assertEquals(0, Loihi2Lif.decayU(8_388_607, 4095));
        assertEquals(0, Loihi2Lif.decayU(-8_388_607, 4095));
        assertArrayEquals(new long[] {64, 0, 0, 0}, column(run(4095, 0, 100_000, 0, 0, impulse(1, 4)), 0));
    }

    @Test
    void currentImpulseResponses() {
        // du = 2047: factor (4096 - 2048) / 4096 = 1/2, exact halving of 64 = 1 << 6
        assertArrayEquals(new long[] {64, 32, 16, 8, 4, 2, 1, 0},
                column(run(2047, 4096, 100_000, 0, 0, impulse(1, 8)), 0));
        // du = 0: factor 4095/4096; trunc0(u - u/4096) = u - 1 for 0 < u <= 4096
        assertArrayEquals(new long[] {64, 63, 62, 61, 60}, column(run(0, 4096, 100_000, 0, 0, impulse(1, 5)), 0));
        // du = 3071: factor 1/4; 640 -> 160 -> 40 -> 10 -> 2 (2.5 truncated) -> 0 (0.5 truncated)
        assertArrayEquals(new long[] {640, 160, 40, 10, 2, 0}, column(run(3071, 4096, 100_000, 0, 0,
                impulse(10, 6)), 0));
    }

    @Test
    void voltageImpulseResponsesTruncateTowardZero() {
        // u cleared each step, dv = 1024: v <- trunc0(v * 3/4): 64, 48, 36, 27, 20.25, 15, 11.25, 8.25, 6
        assertArrayEquals(new long[] {64, 48, 36, 27, 20, 15, 11, 8, 6},
                column(run(4095, 1024, 100_000, 0, 0, impulse(1, 9)), 1));
        // the negative response is the mirror image (floor would give -21 at the fifth step)
        assertArrayEquals(new long[] {-64, -48, -36, -27, -20, -15, -11, -8, -6},
                column(run(4095, 1024, 100_000, 0, 0, impulse(-1, 9)), 1));
        // dv = 2048: v halves; 3 * 64 = 192 -> 96 -> 48 -> 24
        assertArrayEquals(new long[] {192, 96, 48, 24}, column(run(4095, 2048, 100_000, 0, 0, impulse(3, 4)), 1));
        // dv = 0 keeps v; du = 2047 lets u feed v for several steps: v = 64, 96, 112, 120
        assertArrayEquals(new long[] {64, 96, 112, 120}, column(run(2047, 0, 100_000, 0, 0, impulse(1, 4)), 1));
        assertEquals(-3, Loihi2Lif.decayV(-7, 2048));
        assertEquals(3, Loihi2Lif.decayV(7, 2048));
    }

    @Test
    void thresholdIsStrictOnTheShiftedVth() {
        // vth = 2 -> 128; input 1 per step adds 64; no leak: 64, 128 (equal: no spike), 192 -> spike, reset
        long[] a = {1, 1, 1, 1, 1, 1};
        long[][] r = run(4095, 0, 2, 0, 0, a);
        assertArrayEquals(new long[] {0, 0, 1, 0, 0, 1}, column(r, 2));
        assertArrayEquals(new long[] {64, 128, 192, 64, 128, 192}, column(r, 1));
        // u is not reset by a spike
        assertArrayEquals(new long[] {64, 64, 64, 64, 64, 64}, column(r, 0));
        // one unit of bias above 128 spikes: 65, 130
        assertArrayEquals(new long[] {0, 1}, column(run(4095, 0, 2, 1, 0, new long[] {1, 1}), 2));
        assertFalse(Loihi2Lif.spikes(128, 2));
        assertTrue(Loihi2Lif.spikes(129, 2));
        assertEquals(129, Loihi2Lif.firstSpikingV(2));
    }

    @Test
    void currentWrapsOnceAt24Bits() {
        // 2^17 << 6 = 2^23: kept (the wrap is strict above 2^23)
        assertEquals(8_388_608, Loihi2Lif.updateU(0, 1 << 17, 4095, BITS));
        // (2^17 + 1) << 6 = 2^23 + 64 -> 64 - 2^23
        assertEquals(-8_388_544, Loihi2Lif.updateU(0, (1 << 17) + 1, 4095, BITS));
        // -2^23 is at the limit and wraps to +2^23
        assertEquals(8_388_608, Loihi2Lif.updateU(0, -(1 << 17), 4095, BITS));
        assertEquals(-8_388_544, Loihi2Lif.updateU(0, -(1 << 17) + 1, 4095, BITS));
        // decay then input: u = 2^23 - 64 with du = 4094 (factor 1/4096) -> 2047 + 2^23 - 64
        assertEquals(2047 + 8_388_544 - 16_777_216,
                Loihi2Lif.updateU(8_388_544, (1 << 17) - 1, 4094, BITS));
        assertEquals(5, Loihi2Lif.wrapU(5, BITS));
    }

    @Test
    void voltageSaturatesAt24Bits() {
        long[][] r = run(4095, 0, 131_071, 0, 0, new long[] {1 << 17, 1 << 17});
        assertArrayEquals(new long[] {8_388_607, 8_388_607}, column(r, 1));
        assertArrayEquals(new long[] {1, 1}, column(r, 2)); // 2^23 - 1 > 131071 << 6 = 2^23 - 64
        long[][] n = run(4095, 0, 131_071, 0, 0, new long[] {-(1 << 17) + 1, -(1 << 17) + 1});
        assertArrayEquals(new long[] {-8_388_544, -8_388_607}, column(n, 1));
        assertEquals(-8_388_607, Loihi2Lif.saturateV(-9_000_000, BITS));
    }

    @Test
    void biasIsMantissaShiftedByExponent() {
        assertEquals(192, Loihi2Lif.bias(3, 6));
        assertEquals(-10, Loihi2Lif.bias(-5, 1));
        assertEquals(-3, Loihi2Lif.bias(-5, -1));
        // bias 192 per step with no leak and no input: 192, 384
        assertArrayEquals(new long[] {192, 384}, column(run(4095, 0, 100, 3, 6, new long[] {0, 0}), 1));
    }

    @Test
    void weightExponentShiftsTheSum() {
        assertEquals(20, Loihi2Lif.activation(5, 2));
        assertEquals(2, Loihi2Lif.activation(5, -1));
        assertEquals(-3, Loihi2Lif.activation(-5, -1)); // arithmetic shift: floor
        assertEquals(-5, Loihi2Lif.activation(-5, 0));
        // the shift applies to the sum: (3 + 3) >> 1 = 3, not (3 >> 1) + (3 >> 1) = 2
        assertEquals(3, Loihi2Lif.activation(3 + 3, -1));
    }

    @Test
    void signModeRangesAndTruncation() {
        assertEquals(0, Loihi2Lif.minWeight(EXCITATORY, 8));
        assertEquals(255, Loihi2Lif.maxWeight(EXCITATORY, 8));
        assertEquals(-255, Loihi2Lif.minWeight(INHIBITORY, 8));
        assertEquals(0, Loihi2Lif.maxWeight(INHIBITORY, 8));
        assertEquals(-256, Loihi2Lif.minWeight(MIXED, 8));
        assertEquals(254, Loihi2Lif.maxWeight(MIXED, 8));

        assertEquals(255, Loihi2Lif.register(255, EXCITATORY, 8, 8));
        assertEquals(255, Loihi2Lif.register(300, EXCITATORY, 8, 8));
        assertEquals(0, Loihi2Lif.register(-3, EXCITATORY, 8, 8));
        assertEquals(252, Loihi2Lif.register(255, EXCITATORY, 6, 8)); // 2 low bits dropped
        assertEquals(-255, Loihi2Lif.register(-255, INHIBITORY, 8, 8));
        assertEquals(-255, Loihi2Lif.register(-256, INHIBITORY, 8, 8));
        assertEquals(0, Loihi2Lif.register(5, INHIBITORY, 8, 8));
        assertEquals(-4, Loihi2Lif.register(-7, INHIBITORY, 6, 8)); // magnitude truncated: 7 -> 4
        assertEquals(254, Loihi2Lif.register(255, MIXED, 8, 8)); // LSB dropped
        assertEquals(254, Loihi2Lif.register(300, MIXED, 8, 8));
        assertEquals(-256, Loihi2Lif.register(-256, MIXED, 8, 8));
        assertEquals(-256, Loihi2Lif.register(-300, MIXED, 8, 8));
        assertEquals(2, Loihi2Lif.register(3, MIXED, 8, 8));
        assertEquals(-4, Loihi2Lif.register(-3, MIXED, 8, 8)); // arithmetic shift rounds down
        assertEquals(4, Loihi2Lif.register(7, MIXED, 7, 8));
        assertEquals(-8, Loihi2Lif.register(-7, MIXED, 7, 8));

        assertEquals(EXCITATORY, Loihi2Lif.signMode(0, 0));
        assertEquals(EXCITATORY, Loihi2Lif.signMode(0, 1));
        assertEquals(INHIBITORY, Loihi2Lif.signMode(-1, 0));
        assertEquals(MIXED, Loihi2Lif.signMode(-1, 1));
        assertEquals(MIXED, Loihi2Lif.SignMode.ofCode(1));
        assertEquals(3, INHIBITORY.code());
    }

    @Test
    void quantizeWeightRoundsHalfAwayAndKeepsMixedEven() {
        assertEquals(3, Loihi2Lif.quantizeWeight(0.3125, 0.125, EXCITATORY)); // 2.5 -> 3
        assertEquals(2, Loihi2Lif.quantizeWeight(0.28125, 0.125, EXCITATORY)); // 2.25 -> 2
        assertEquals(-3, Loihi2Lif.quantizeWeight(-0.3125, 0.125, INHIBITORY));
        assertEquals(2, Loihi2Lif.quantizeWeight(0.3125, 0.125, MIXED)); // 1.25 pairs -> 1 -> 2
        assertEquals(4, Loihi2Lif.quantizeWeight(0.375, 0.125, MIXED)); // 1.5 pairs -> 2 -> 4
        assertEquals(-4, Loihi2Lif.quantizeWeight(-0.375, 0.125, MIXED));
        assertEquals(300, Loihi2Lif.quantizeWeight(37.5, 0.125, EXCITATORY)); // not clipped
    }

    @Test
    void matchesLavaTranscriptionOnRandomCases(@TempDir Path dir) throws IOException {
        Random rnd = new Random(20240601L);
        List<String> cases = new ArrayList<>();
        List<long[][]> lifExpected = new ArrayList<>();
        List<long[]> denseExpected = new ArrayList<>();
        for (int c = 0; c < 12; c++) {
            int du = c == 0 ? 4095 : rnd.nextInt(4096);
            int dv = rnd.nextInt(4096);
            long vth = rnd.nextInt(c < 6 ? 400 : 131_072);
            long biasMant = rnd.nextInt(8192) - 4096;
            int biasExp = rnd.nextInt(8);
            if (c % 3 == 0) {
                biasMant = rnd.nextInt(64) - 32;
                biasExp = 0;
            }
            int steps = 40;
            long[] a = new long[steps];
            for (int t = 0; t < steps; t++) {
                int k = rnd.nextInt(10);
                a[t] = k < 6 ? rnd.nextInt(512) - 200 : k < 9 ? 0 : rnd.nextInt(1 << 19) - (1 << 18);
            }
            StringBuilder sb = new StringBuilder("lif " + du + " " + dv + " " + vth + " " + biasMant + " " + biasExp
                    + " " + steps);
            for (long x : a) {
                sb.append(' ').append(x);
            }
            cases.add(sb.toString());
            lifExpected.add(run(du, dv, vth, biasMant, biasExp, a));
        }
        Loihi2Lif.SignMode[] modes = Loihi2Lif.SignMode.values();
        for (int c = 0; c < 30; c++) {
            Loihi2Lif.SignMode mode = modes[c % 3];
            int nwb = 5 + rnd.nextInt(4);
            int exp = rnd.nextInt(9) - 4;
            int n = 16;
            int[] w = new int[n];
            int[] p = new int[n];
            long acc = 0;
            long[] expected = new long[n + 1];
            StringBuilder sb = new StringBuilder("dense " + mode.code() + " " + nwb + " " + exp + " " + n);
            for (int i = 0; i < n; i++) {
                w[i] = rnd.nextInt(700) - 350;
                sb.append(' ').append(w[i]);
            }
            for (int i = 0; i < n; i++) {
                p[i] = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(8);
                sb.append(' ').append(p[i]);
                expected[i] = Loihi2Lif.register(w[i], mode, nwb, 8);
                acc += expected[i] * p[i];
            }
            expected[n] = Loihi2Lif.activation(acc, exp);
            cases.add(sb.toString());
            denseExpected.add(expected);
        }
        Path in = dir.resolve("cases.txt");
        Path out = dir.resolve("out.txt");
        Files.write(in, cases, StandardCharsets.US_ASCII);
        String python = TestPython.interpreter("the Lava cross-check", "numpy");
        TestPython.Result r = TestPython.run(List.of(python, TestPython.script("core", "loihi2_lif_reference.py")
                .toString(), in.toString(), out.toString()), Map.of());
        assertEquals(0, r.exit(), () -> "loihi2_lif_reference.py failed:\n" + r.output());
        List<String> lines = Files.readAllLines(out, StandardCharsets.US_ASCII);
        assertEquals(cases.size(), lines.size());
        int steps = 0;
        for (int c = 0; c < lifExpected.size(); c++) {
            String[] f = lines.get(c).split(" ");
            long[][] e = lifExpected.get(c);
            assertEquals("lif", f[0]);
            for (int t = 0; t < e.length; t++) {
                for (int k = 0; k < 3; k++) {
                    String where = "case '" + cases.get(c) + "' step " + t + " field " + k;
                    assertEquals(Long.parseLong(f[1 + 3 * t + k]), e[t][k], where);
                }
                steps++;
            }
        }
        assertTrue(steps >= 400);
        for (int c = 0; c < denseExpected.size(); c++) {
            String[] f = lines.get(lifExpected.size() + c).split(" ");
            long[] e = denseExpected.get(c);
            assertEquals("dense", f[0]);
            for (int i = 0; i < e.length; i++) {
                assertEquals(Long.parseLong(f[1 + i]), e[i], "dense case " + c + " value " + i);
            }
        }
    }
}
