package org.spikeport.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.spikeport.core.data.SyntheticDataset.Split;

class SyntheticDatasetTest {

    private static final SyntheticSpec SMALL = SyntheticSpec.defaults().withSamples(60, 25);

    @Test
    void sameSpecAndSeedGiveIdenticalRecordings() {
        SyntheticDataset a = new SyntheticDataset(SMALL);
        SyntheticDataset b = new SyntheticDataset(SMALL);
        assertEquals(a.train(), b.train());
        assertEquals(a.test(), b.test());
        assertEquals(a.classNames(), b.classNames());
    }

    @Test
    void aSampleDoesNotDependOnGenerationOrder() {
        SyntheticDataset a = new SyntheticDataset(SMALL);
        SpikeRecording alone = new SyntheticDataset(SMALL).sample(Split.TEST, 17);
        List<SpikeRecording> test = a.test();
        assertEquals(test.get(17), alone);
        assertEquals(SMALL.testSamples(), test.size());
        assertEquals(SMALL.trainSamples(), a.train().size());
    }

    @Test
    void differentSeedsOrSplitsGiveDifferentRecordings() {
        SyntheticDataset a = new SyntheticDataset(SMALL);
        SyntheticDataset b = new SyntheticDataset(SMALL.withSeed(2));
        List<SpikeRecording> ta = a.train();
        List<SpikeRecording> tb = b.train();
        for (int i = 0; i < ta.size(); i++) {
            assertNotEquals(ta.get(i), tb.get(i), "train sample " + i);
        }
        assertNotEquals(a.sample(Split.TRAIN, 0).times()[0], a.sample(Split.TEST, 0).times()[0]);
        assertNotEquals(a.classNames(), b.classNames());
    }

    @Test
    void theGeneratorStreamIsStable() {
        SyntheticDataset d = SyntheticDataset.defaults();
        assertEquals(List.of("A>B>E>D>C", "E>B>A>C>D", "B>C>E>A>D", "A>E>C>B>D", "D>A>C>B>E"), d.classNames());
        SpikeRecording first = d.sample(Split.TRAIN, 0);
        assertEquals(1, first.label());
        assertEquals(1658, first.size());
        assertEquals(4.651860976845252E-4, first.times()[0]);
        assertEquals(103, first.units()[0]);
        assertEquals(-504929577, first.hashCode());
        SpikeRecording last = d.sample(Split.TEST, 399);
        assertEquals(1623, last.size());
        assertEquals(-1806104718, last.hashCode());
    }

    @Test
    void classOrdersAreDistinctAndWellSeparated() {
        SyntheticDataset d = SyntheticDataset.defaults();
        int groups = d.spec().groups();
        int[][] slots = new int[d.classes()][groups];
        for (int c = 0; c < d.classes(); c++) {
            Set<Integer> seen = new HashSet<>();
            for (int g = 0; g < groups; g++) {
                slots[c][g] = d.slot(c, g);
                seen.add(slots[c][g]);
            }
            assertEquals(groups, seen.size(), "class " + c + " is not a permutation of the slots");
        }
        int pairs = groups * (groups - 1) / 2;
        int min = Integer.MAX_VALUE;
        for (int a = 0; a < slots.length; a++) {
            for (int b = a + 1; b < slots.length; b++) {
                min = Math.min(min, SyntheticDataset.lagDistance(slots[a], slots[b]));
            }
        }
        System.out.println("minimum pairwise-lag distance between default classes: " + min + " of " + pairs);
        assertTrue(min >= pairs / 2, "classes share too many pairwise lags: min distance " + min);
        assertEquals(d.classes(), new HashSet<>(d.classNames()).size());
    }

    @Property(tries = 40)
    void everyRecordingIsValid(@ForAll("specs") SyntheticSpec spec) {
        assertValidSplits(new SyntheticDataset(spec), spec);
    }

    /**
     * Every recording of every split: labels as the dataset says and below the class count, times
     * increasing inside the sample's duration, units inside the channels, classes balanced to within one.
     */
    static void assertValidSplits(SyntheticDataset d, SyntheticSpec spec) {
        for (Split split : Split.values()) {
            List<SpikeRecording> rs = d.samples(split);
            int[] perClass = new int[spec.classes()];
            for (int i = 0; i < rs.size(); i++) {
                SpikeRecording r = rs.get(i);
                SpikeRecording copy = new SpikeRecording(r.times().clone(), r.units().clone(), r.label());
                assertEquals(r, copy);
                assertEquals(d.label(split, i), r.label());
                assertTrue(r.label() < spec.classes());
                perClass[r.label()]++;
                double previous = 0;
                for (int e = 0; e < r.size(); e++) {
                    double t = r.times()[e];
                    assertTrue(t >= previous && t < spec.durationSeconds(), "time " + t);
                    assertTrue(r.units()[e] >= 0 && r.units()[e] < spec.channels(), "unit " + r.units()[e]);
                    previous = t;
                }
            }
            int lo = rs.size() / spec.classes();
            for (int c = 0; c < spec.classes(); c++) {
                assertTrue(perClass[c] == lo || perClass[c] == lo + 1,
                        split + ": class " + c + " has " + perClass[c] + " of " + rs.size());
            }
        }
    }

    @Provide
    Arbitrary<SyntheticSpec> specs() {
        Arbitrary<Integer> groups = Arbitraries.of(2, 4, 5, 7);
        Arbitrary<Integer> channelBlocks = Arbitraries.integers().between(1, 3);
        Arbitrary<Double> jitter = Arbitraries.doubles().between(0, 0.01);
        Arbitrary<Double> warp = Arbitraries.doubles().between(0, 0.3);
        Arbitrary<Double> drop = Arbitraries.doubles().between(0, 0.9);
        Arbitrary<Double> background = Arbitraries.doubles().between(0, 20);
        Arbitrary<Long> seed = Arbitraries.longs();
        return Combinators.combine(groups, channelBlocks, jitter, warp, drop, background, seed)
                .as((g, blocks, j, w, p, bg, s) -> {
                    int channels = g * SyntheticDataset.UNIT_ALIGNMENT * blocks * 2;
                    int classes = g == 2 ? 2 : 5;
                    double gap = 0.03;
                    double onsetMax = 0.1;
                    double duration = onsetMax + (1 + w) * ((g - 1) * gap + 0.01) + 0.001;
                    return new SyntheticSpec(classes, g, 23, 12, channels, duration, 0.0, onsetMax, gap, 0.01, 3,
                            j, w, p, bg, s);
                });
    }

    @Test
    void withoutNuisancesEveryClassHasTheSameCountsAndTheSameBagOfFrames() {
        SyntheticSpec offGrid = new SyntheticSpec(5, 5, 20, 10, 700, 0.5, 0.0237, 0.25, 0.04, 0.01, 2,
                0.002, 0.1, 0.1, 1.0, 1);
        SyntheticDataset d = new SyntheticDataset(offGrid.withoutNuisances());
        List<SpikeRecording> train = d.train();
        int steps = Binning.SHD.step(d.spec().durationSeconds());
        SpikeRecording[] byClass = new SpikeRecording[d.classes()];
        for (SpikeRecording r : train) {
            if (byClass[r.label()] == null) {
                byClass[r.label()] = r;
            } else {
                assertEquals(byClass[r.label()], r, "samples of one class differ without nuisances");
            }
        }
        SpikeRecording ref = byClass[0];
        int[] refUnitCounts = unitCounts(ref, d.inputChannels());
        CountFrame refFrame = Binning.SHD.bin(ref, steps);
        for (int c = 0; c < d.classes(); c++) {
            SpikeRecording r = byClass[c];
            assertEquals(d.spec().spikesPerBurst() * d.inputChannels(), r.size());
            assertArrayEquals(refUnitCounts, unitCounts(r, d.inputChannels()), "per-unit counts of class " + c);
            CountFrame f = Binning.SHD.bin(r, steps);
            assertArrayEquals(channelTotals(refFrame), channelTotals(f), "per-channel counts of class " + c);
            int[] refPop = populationCounts(refFrame);
            int[] pop = populationCounts(f);
            assertArrayEquals(refPop, pop, "population count over time of class " + c);
            Arrays.sort(refPop);
            Arrays.sort(pop);
            assertArrayEquals(refPop, pop, "multiset of per-step population counts of class " + c);
            assertArrayEquals(sortedRows(refFrame), sortedRows(f), "bag of frames of class " + c);
            if (c > 0) {
                assertFalse(Arrays.equals(refFrame.counts(), f.counts()), "class " + c + " equals class 0");
            }
        }
    }

    @Test
    void onlyTimingCarriesTheClass() {
        SyntheticDataset d = SyntheticDataset.defaults();
        long start = System.nanoTime();
        List<SpikeRecording> train = d.train();
        List<SpikeRecording> test = d.test();
        double seconds = (System.nanoTime() - start) / 1e9;
        long events = train.stream().mapToLong(SpikeRecording::size).sum()
                + test.stream().mapToLong(SpikeRecording::size).sum();
        System.out.printf("generated %d + %d samples, %.1f events per sample, in %.2f s%n",
                train.size(), test.size(), (double) events / (train.size() + test.size()), seconds);

        int steps = Binning.SHD.step(d.spec().durationSeconds());
        List<CountFrame> trainFrames = train.stream().map(r -> Binning.SHD.bin(r, steps)).toList();
        List<CountFrame> testFrames = test.stream().map(r -> Binning.SHD.bin(r, steps)).toList();
        int groups = d.spec().groups();
        int channelsPerGroup = d.spec().unitsPerGroup() / Binning.SHD.groupSize();

        double chance = 1.0 / d.classes();
        double channelTotals = nearestCentroid(d.classes(), trainFrames, testFrames,
                SyntheticDatasetTest::channelTotalsFeature);
        double coActivity = nearestCentroid(d.classes(), trainFrames, testFrames,
                f -> groupCoActivity(f, groups, channelsPerGroup));
        double timing = nearestCentroid(d.classes(), trainFrames, testFrames,
                f -> relativePeakSteps(f, groups, channelsPerGroup));
        System.out.printf("test accuracy (chance %.3f): channel totals %.3f, within-step group co-activity %.3f,"
                + " relative group peak steps %.3f%n", chance, channelTotals, coActivity, timing);

        assertTrue(channelTotals < chance + 0.1, "channel totals classify " + channelTotals);
        assertTrue(coActivity < chance + 0.1, "within-step co-activity classifies " + coActivity);
        assertTrue(timing > 0.9, "timing classifies only " + timing);
        assertTrue(timing - Math.max(channelTotals, coActivity) > 0.5, "margin");
    }

    private interface Feature {
        double[] of(CountFrame frame);
    }

    /** Nearest class centroid after z-scoring each feature with the training statistics; returns test accuracy. */
    private static double nearestCentroid(int classes, List<CountFrame> train, List<CountFrame> test, Feature feature) {
        double[][] x = train.stream().map(feature::of).toArray(double[][]::new);
        int dims = x[0].length;
        double[] mean = new double[dims];
        double[] sd = new double[dims];
        for (double[] v : x) {
            for (int k = 0; k < dims; k++) {
                mean[k] += v[k] / x.length;
            }
        }
        for (double[] v : x) {
            for (int k = 0; k < dims; k++) {
                sd[k] += (v[k] - mean[k]) * (v[k] - mean[k]) / x.length;
            }
        }
        for (int k = 0; k < dims; k++) {
            sd[k] = Math.sqrt(sd[k]) + 1e-9;
        }
        double[][] centroid = new double[classes][dims];
        int[] count = new int[classes];
        for (int i = 0; i < x.length; i++) {
            int c = train.get(i).label();
            count[c]++;
            for (int k = 0; k < dims; k++) {
                centroid[c][k] += (x[i][k] - mean[k]) / sd[k];
            }
        }
        for (int c = 0; c < classes; c++) {
            for (int k = 0; k < dims; k++) {
                centroid[c][k] /= count[c];
            }
        }
        int correct = 0;
        for (CountFrame f : test) {
            double[] v = feature.of(f);
            int best = -1;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double dist = 0;
                for (int k = 0; k < dims; k++) {
                    double z = (v[k] - mean[k]) / sd[k] - centroid[c][k];
                    dist += z * z;
                }
                if (dist < bestDistance) {
                    bestDistance = dist;
                    best = c;
                }
            }
            if (best == f.label()) {
                correct++;
            }
        }
        return (double) correct / test.size();
    }

    /** Bag-of-frames feature: total count per binned channel. */
    private static double[] channelTotalsFeature(CountFrame f) {
        return Arrays.stream(channelTotals(f)).asDoubleStream().toArray();
    }

    /**
     * Bag-of-frames feature: per-group totals and, for every pair of groups, the sum over steps of the
     * product of their counts in the same step. Invariant to any permutation of the steps.
     */
    private static double[] groupCoActivity(CountFrame f, int groups, int channelsPerGroup) {
        int[][] g = groupCounts(f, groups, channelsPerGroup);
        double[] out = new double[groups + groups * (groups + 1) / 2];
        int k = groups;
        for (int a = 0; a < groups; a++) {
            for (int t = 0; t < f.steps(); t++) {
                out[a] += g[a][t];
            }
            for (int b = a; b < groups; b++) {
                for (int t = 0; t < f.steps(); t++) {
                    out[k] += (double) g[a][t] * g[b][t];
                }
                k++;
            }
        }
        return out;
    }

    /** Timing feature: each group's peak step minus the mean peak step over groups. */
    private static double[] relativePeakSteps(CountFrame f, int groups, int channelsPerGroup) {
        int[][] g = groupCounts(f, groups, channelsPerGroup);
        double[] peak = new double[groups];
        double mean = 0;
        for (int a = 0; a < groups; a++) {
            int best = 0;
            for (int t = 1; t < f.steps(); t++) {
                if (g[a][t] > g[a][best]) {
                    best = t;
                }
            }
            peak[a] = best;
            mean += best / (double) groups;
        }
        for (int a = 0; a < groups; a++) {
            peak[a] -= mean;
        }
        return peak;
    }

    private static int[][] groupCounts(CountFrame f, int groups, int channelsPerGroup) {
        int[][] g = new int[groups][f.steps()];
        for (int t = 0; t < f.steps(); t++) {
            for (int c = 0; c < f.channels(); c++) {
                g[c / channelsPerGroup][t] += f.count(t, c);
            }
        }
        return g;
    }

    private static int[] unitCounts(SpikeRecording r, int channels) {
        int[] counts = new int[channels];
        for (int u : r.units()) {
            counts[u]++;
        }
        return counts;
    }

    private static int[] channelTotals(CountFrame f) {
        int[] totals = new int[f.channels()];
        for (int t = 0; t < f.steps(); t++) {
            for (int c = 0; c < f.channels(); c++) {
                totals[c] += f.count(t, c);
            }
        }
        return totals;
    }

    private static int[] populationCounts(CountFrame f) {
        int[] pop = new int[f.steps()];
        for (int t = 0; t < f.steps(); t++) {
            for (int c = 0; c < f.channels(); c++) {
                pop[t] += f.count(t, c);
            }
        }
        return pop;
    }

    private static String[] sortedRows(CountFrame f) {
        String[] rows = new String[f.steps()];
        for (int t = 0; t < f.steps(); t++) {
            rows[t] = Arrays.toString(Arrays.copyOfRange(f.counts(), t * f.channels(), (t + 1) * f.channels()));
        }
        Arrays.sort(rows);
        return rows;
    }
}
