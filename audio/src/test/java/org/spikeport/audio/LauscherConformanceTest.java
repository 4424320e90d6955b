package org.spikeport.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cochlea encoder against the real lauscher 1.0.1 (the SHD encoder) in the test venv, on clips generated
 * here (tones, a chirp, a square wave and seeded noise: licence-clean). lauscher's pure-Python loops need
 * minutes for a second of audio, so the clips are tens of milliseconds.
 *
 * <ul>
 *   <li>Deterministic stages (normalisation and window, basilar membrane, hair cells) must equal lauscher's on
 *       the same input to within {@value #STAGE_TOLERANCE} of each channel's largest magnitude.</li>
 *   <li>The bushy cells must match in distribution: for each of four firing-probability profiles, many seeded
 *       draws on both sides give the same mean spike count (within 4.5 standard errors of the difference),
 *       the same spike counts per 10 ms (PSTH bins, within 4.5 standard errors), inter-spike intervals and
 *       first-spike times from the same distribution (two-sample Kolmogorov-Smirnov at significance 1e-3)
 *       and, where lauscher's shortest inter-spike interval occurs at least 20 times (strong drive), the same
 *       shortest interval, which the refractory time sets.</li>
 * </ul>
 */
class LauscherConformanceTest {

    /** Largest difference allowed per channel, relative to the channel's largest magnitude. */
    static final double STAGE_TOLERANCE = 1e-9;

    @TempDir
    Path dir;

    @Test
    void deterministicStagesEqualLauschersAt48kHz() throws IOException {
        int rate = 48_000;
        int n = 1440;
        Random noise = new Random(1);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            x[i] = Math.sin(2 * Math.PI * 300 * t) + 0.5 * Math.sin(2 * Math.PI * (1000 + 40000 * t) * t)
                    + 0.3 * Math.sin(2 * Math.PI * 5000 * t) + 0.05 * noise.nextGaussian();
        }
        compareStages(x, rate);
    }

    @Test
    void deterministicStagesEqualLauschersForAnOddLengthAt44100Hz() throws IOException {
        int rate = 44_100;
        int n = 1103;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            x[i] = Math.sin(2 * Math.PI * 700 * t) * Math.exp(-30 * t) + 0.2 * Math.signum(Math.sin(2 * Math.PI * 2500 * t));
        }
        compareStages(x, rate);
    }

    private void compareStages(double[] x, int rate) throws IOException {
        Path wave = dir.resolve("wave.f64");
        LauscherPython.writeDoubles(wave, x);
        LauscherPython.run("stages", wave.toString(), Integer.toString(rate), dir.toString());

        double[] prepared = Cochlea.prepare(x, rate);
        double[] refPrepared = LauscherPython.readDoubles(dir.resolve("prepared.f64"));
        assertArrayEquals(refPrepared, prepared, 1e-12 * 0.3 * Math.sqrt(x.length), "normalised, windowed samples");

        Cochlea cochlea = new Cochlea();
        double[][] membrane = cochlea.membrane(prepared, rate);
        double[][] hair = Cochlea.hairCells(membrane, rate / 2);
        int samples = x.length / 2 + 1;
        assertEquals(samples, membrane[0].length);
        double[] refMembrane = LauscherPython.readDoubles(dir.resolve("membrane.f64"));
        double[] refHair = LauscherPython.readDoubles(dir.resolve("haircell.f64"));
        assertEquals(Cochlea.CHANNELS * samples, refMembrane.length, "lauscher's membrane output size");
        assertEquals(Cochlea.CHANNELS * samples, refHair.length, "lauscher's hair cell output size");
        double worstMembrane = 0;
        double worstHair = 0;
        for (int c = 0; c < Cochlea.CHANNELS; c++) {
            worstMembrane = Math.max(worstMembrane, relativeDifference(refMembrane, c * samples, membrane[c]));
            worstHair = Math.max(worstHair, relativeDifference(refHair, c * samples, hair[c]));
        }
        System.out.printf("cochlea vs lauscher at %d Hz, %d samples: basilar membrane %.2e, hair cells %.2e "
                + "(largest difference per channel relative to the channel's largest magnitude)%n", rate, x.length,
                worstMembrane, worstHair);
        assertTrue(worstMembrane <= STAGE_TOLERANCE, "basilar membrane differs from lauscher's by " + worstMembrane);
        assertTrue(worstHair <= STAGE_TOLERANCE, "hair cells differ from lauscher's by " + worstHair);
    }

    /** Largest {@code |ref - got|} over the channel, divided by the channel's largest {@code |ref|}. */
    private static double relativeDifference(double[] ref, int offset, double[] got) {
        double scale = 0;
        double diff = 0;
        for (int k = 0; k < got.length; k++) {
            scale = Math.max(scale, Math.abs(ref[offset + k]));
            diff = Math.max(diff, Math.abs(ref[offset + k] - got[k]));
        }
        assertTrue(scale > 0, "a reference channel is all zero");
        return diff / scale;
    }

    @Test
    void bushyCellsMatchLauschersInDistribution() throws IOException {
        int rate = 24_000;
        int n = 2400;
        int draws = 150;
        double[][] profiles = new double[4][n];
        for (int k = 0; k < n; k++) {
            double t = (double) k / rate;
            profiles[0][k] = 0.008;
            profiles[1][k] = 0.05;
            profiles[2][k] = 0.02 * (1 + Math.sin(2 * Math.PI * 50 * t));
            profiles[3][k] = t > 0.03 && t < 0.04 ? 0.3 : 0.0;
        }
        double[] all = new double[profiles.length * draws * n];
        for (int p = 0; p < profiles.length; p++) {
            for (int d = 0; d < draws; d++) {
                System.arraycopy(profiles[p], 0, all, (p * draws + d) * n, n);
            }
        }
        Path prob = dir.resolve("prob.f64");
        Path spikes = dir.resolve("spikes.u8");
        LauscherPython.writeDoubles(prob, all);
        LauscherPython.run("bushy", prob.toString(), Integer.toString(profiles.length * draws),
                Integer.toString(rate), "7", spikes.toString());
        byte[] ref = Files.readAllBytes(spikes);
        assertEquals(all.length, ref.length, "lauscher's spike matrix size");

        for (int p = 0; p < profiles.length; p++) {
            List<boolean[]> python = new ArrayList<>();
            List<boolean[]> java = new ArrayList<>();
            for (int d = 0; d < draws; d++) {
                boolean[] row = new boolean[n];
                for (int k = 0; k < n; k++) {
                    row[k] = ref[(p * draws + d) * n + k] != 0;
                }
                python.add(row);
                java.add(BushyCell.process(profiles[p], rate, new SplittableRandom(Cochlea.channelSeed(11, p * draws + d))));
            }
            compareDistributions("profile " + p, python, java, rate / 100);
        }
    }

    private static void compareDistributions(String what, List<boolean[]> python, List<boolean[]> java, int bin) {
        SpikeStats a = SpikeStats.of(python, bin);
        SpikeStats b = SpikeStats.of(java, bin);
        System.out.printf("%s: mean spikes per draw lauscher %.3f, spikeport %.3f; shortest ISI %d, %d samples; "
                + "KS ISI %.4f (critical %.4f)%n", what, a.meanCount(), b.meanCount(), a.minIsi(), b.minIsi(),
                ks(a.isis, b.isis), ksCritical(a.isis.size(), b.isis.size()));
        double se = Math.sqrt(a.countVariance() / a.draws + b.countVariance() / b.draws);
        assertTrue(Math.abs(a.meanCount() - b.meanCount()) <= 4.5 * se + 1e-9,
                what + ": mean spike count " + b.meanCount() + " vs lauscher's " + a.meanCount() + " (se " + se + ")");
        for (int k = 0; k < a.psth.length; k++) {
            double sek = Math.sqrt(a.binVariance(k) / a.draws + b.binVariance(k) / b.draws);
            double ma = a.psth[k] / a.draws;
            double mb = b.psth[k] / b.draws;
            assertTrue(Math.abs(ma - mb) <= 4.5 * sek + 1e-9,
                    what + ": spikes in bin " + k + " " + mb + " vs lauscher's " + ma + " (se " + sek + ")");
        }
        if (a.isis.size() > 20) {
            int atMin = (int) a.isis.stream().filter(i -> i == a.minIsi()).count();
            if (atMin >= 20) {
                assertEquals(a.minIsi(), b.minIsi(), what + ": shortest inter-spike interval");
            }
            assertTrue(ks(a.isis, b.isis) <= ksCritical(a.isis.size(), b.isis.size()),
                    what + ": inter-spike intervals differ in distribution (KS " + ks(a.isis, b.isis) + ")");
        }
        assertTrue(a.firsts.size() > 20 && b.firsts.size() > 20, what + ": too few draws with spikes");
        assertTrue(ks(a.firsts, b.firsts) <= ksCritical(a.firsts.size(), b.firsts.size()),
                what + ": first-spike times differ in distribution (KS " + ks(a.firsts, b.firsts) + ")");
    }

    /** Two-sample Kolmogorov-Smirnov statistic. */
    static double ks(List<Integer> x, List<Integer> y) {
        int[] a = x.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] b = y.stream().mapToInt(Integer::intValue).sorted().toArray();
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            int v = Math.min(a[i], b[j]);
            while (i < a.length && a[i] == v) {
                i++;
            }
            while (j < b.length && b[j] == v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    /** The asymptotic two-sample KS critical value at significance 1e-3: {@code 1.949 sqrt((n+m)/(nm))}. */
    static double ksCritical(int n, int m) {
        return 1.949 * Math.sqrt((double) (n + m) / ((double) n * m));
    }

    /** Spike counts, PSTH, inter-spike intervals and first-spike times of a set of draws. */
    record SpikeStats(int draws, double[] counts, double[] psth, double[] psthSquares, List<Integer> isis,
            List<Integer> firsts) {

        static SpikeStats of(List<boolean[]> rows, int bin) {
            int n = rows.get(0).length;
            int bins = (n + bin - 1) / bin;
            double[] counts = new double[rows.size()];
            double[] psth = new double[bins];
            double[] squares = new double[bins];
            List<Integer> isis = new ArrayList<>();
            List<Integer> firsts = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                boolean[] row = rows.get(r);
                int last = -1;
                int[] perBin = new int[bins];
                for (int k = 0; k < n; k++) {
                    if (row[k]) {
                        counts[r]++;
                        perBin[k / bin]++;
                        if (last >= 0) {
                            isis.add(k - last);
                        } else {
                            firsts.add(k);
                        }
                        last = k;
                    }
                }
                for (int k = 0; k < bins; k++) {
                    psth[k] += perBin[k];
                    squares[k] += (double) perBin[k] * perBin[k];
                }
            }
            return new SpikeStats(rows.size(), counts, psth, squares, isis, firsts);
        }

        double meanCount() {
            double s = 0;
            for (double c : counts) {
                s += c;
            }
            return s / draws;
        }

        double countVariance() {
            double m = meanCount();
            double s = 0;
            for (double c : counts) {
                s += (c - m) * (c - m);
            }
            return s / Math.max(1, draws - 1);
        }

        double binVariance(int k) {
            double m = psth[k] / draws;
            return Math.max(0, (psthSquares[k] - draws * m * m) / Math.max(1, draws - 1));
        }

        int minIsi() {
            return isis.stream().mapToInt(Integer::intValue).min().orElse(-1);
        }
    }
}
