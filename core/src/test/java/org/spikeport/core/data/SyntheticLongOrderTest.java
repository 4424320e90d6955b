package org.spikeport.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.spikeport.core.data.SyntheticDataset.Split;

/**
 * The long-order task: the class is a relation between two cue words further apart than a
 * feed-forward delay network reaches back. These tests check the construction exactly (no window of
 * that reach holds both cues; counts and population rate do not depend on the class) and measure it
 * with classifiers that see one window or the whole sample.
 */
class SyntheticLongOrderTest {

    /**
     * Steps a 3-layer feed-forward network with delays 0..24 per layer sees at once: its output at step
     * {@code t} depends on the input at steps {@code t - 72 .. t}.
     */
    private static final int REACH = 3 * 24 + 1;

    private static final SyntheticSpec LONG = SyntheticSpec.longOrderDefaults();
    private static final SyntheticSpec SMALL = LONG.withSamples(48, 24);

    @Test
    void sameSpecAndSeedGiveIdenticalRecordings() {
        SyntheticDataset a = new SyntheticDataset(SMALL);
        SyntheticDataset b = new SyntheticDataset(SMALL);
        assertEquals(a.train(), b.train());
        assertEquals(a.test(), b.test());
        assertEquals(a.test().get(5), new SyntheticDataset(SMALL).sample(Split.TEST, 5));
        assertFalse(a.train().get(0).equals(new SyntheticDataset(SMALL.withSeed(2)).train().get(0)));
    }

    @Test
    void theGeneratorStreamIsStable() {
        SyntheticDataset d = SyntheticDataset.longOrderDefaults();
        System.out.println("long-order class names " + d.classNames() + ", cue words " + d.wordNames());
        SpikeRecording first = d.sample(Split.TRAIN, 0);
        SpikeRecording last = d.sample(Split.TEST, 399);
        System.out.printf("train 0: label %d, first word %d, %d events, t0 %s, u0 %d, hash %d; test 399: %d events,"
                + " hash %d%n", first.label(), d.firstWord(Split.TRAIN, 0), first.size(), first.times()[0],
                first.units()[0], first.hashCode(), last.size(), last.hashCode());
        assertEquals(List.of("cue2=cue1+0 mod 4", "cue2=cue1+1 mod 4", "cue2=cue1+2 mod 4", "cue2=cue1+3 mod 4"),
                d.classNames());
        assertEquals(List.of("A>D>C>B", "B>A>C>D", "D>B>C>A", "C>D>A>B"), d.wordNames());
        assertEquals(2, first.label());
        assertEquals(0, d.firstWord(Split.TRAIN, 0));
        assertEquals(4847, first.size());
        assertEquals(0.0019714607126925846, first.times()[0]);
        assertEquals(632, first.units()[0]);
        assertEquals(2124505248, first.hashCode());
        assertEquals(4860, last.size());
        assertEquals(-1026164714, last.hashCode());
    }

    @Test
    void wordsAreTheOrderTasksClassOrdersAndAccessorsMatchTheTask() {
        SyntheticDataset longOrder = new SyntheticDataset(SMALL);
        SyntheticDataset order = new SyntheticDataset(SyntheticSpec.defaults().withClasses(4, 4));
        assertEquals(order.classNames(), longOrder.wordNames());
        for (int w = 0; w < 4; w++) {
            for (int g = 0; g < 4; g++) {
                assertEquals(order.slot(w, g), longOrder.wordSlot(w, g));
            }
        }
        assertThrows(IllegalStateException.class, () -> longOrder.slot(0, 0));
        assertThrows(IllegalStateException.class, () -> order.wordSlot(0, 0));
        assertThrows(IllegalStateException.class, () -> order.firstWord(Split.TRAIN, 0));
        assertThrows(IllegalStateException.class, order::wordNames);
    }

    @Test
    void everyPairOfFirstWordAndClassIsEquallyFrequent() {
        SyntheticDataset d = new SyntheticDataset(LONG.withSamples(1500, 37));
        int k = d.classes();
        for (Split split : Split.values()) {
            int[][] pairs = new int[k][k];
            for (int i = 0; i < d.size(split); i++) {
                int w = d.firstWord(split, i);
                int y = d.label(split, i);
                assertEquals((w + y) % k, d.secondWord(split, i));
                pairs[w][y]++;
            }
            int lo = d.size(split) / (k * k);
            for (int[] row : pairs) {
                for (int n : row) {
                    assertTrue(n == lo || n == lo + 1, split + ": " + Arrays.deepToString(pairs));
                }
            }
        }
    }

    @Property(tries = 30)
    void everyRecordingIsValid(@ForAll("specs") SyntheticSpec spec) {
        SyntheticDatasetTest.assertValidSplits(new SyntheticDataset(spec), spec);
    }

    @Provide
    Arbitrary<SyntheticSpec> specs() {
        Arbitrary<Integer> groups = Arbitraries.of(2, 4, 5, 7);
        Arbitrary<Double> retention = Arbitraries.doubles().between(0.08, 0.5);
        Arbitrary<Double> jitter = Arbitraries.doubles().between(0, 0.01);
        Arbitrary<Double> warp = Arbitraries.doubles().between(0, 0.3);
        Arbitrary<Double> drop = Arbitraries.doubles().between(0, 0.9);
        Arbitrary<Double> background = Arbitraries.doubles().between(0, 20);
        Arbitrary<Long> seed = Arbitraries.longs();
        return Combinators.combine(groups, retention, jitter, warp, drop, background, seed)
                .as((g, r, j, w, p, bg, s) -> {
                    int channels = g * SyntheticDataset.UNIT_ALIGNMENT * 2;
                    int classes = g == 2 ? 2 : 5;
                    double gap = 0.02;
                    double onsetMax = 0.05;
                    double duration = onsetMax + 2 * (1 + w) * ((g - 1) * gap + 0.01) + 2 * r + 0.001;
                    return new SyntheticSpec(SyntheticSpec.Task.LONG_ORDER, classes, g, 27, 13, channels, duration,
                            0.0, onsetMax, gap, 0.01, 2, r, 2 * r, j, w, p, bg, s);
                });
    }

    /**
     * Without nuisances, every unit emits exactly three bursts in every sample, and the population count
     * of every step is the same for every class and every first word (given the sample's other draws).
     */
    @Test
    void countsAndPopulationRateDoNotDependOnClassOrWords() {
        SyntheticDataset d = new SyntheticDataset(LONG.withoutNuisances());
        int k = d.classes();
        int steps = Binning.SHD.step(LONG.durationSeconds());
        for (int s = 0; s < 20; s++) {
            long stream = 1000 + s;
            int[] refPop = null;
            for (int y = 0; y < k; y++) {
                for (int w = 0; w < k; w++) {
                    SpikeRecording r = d.longOrderSample(y, w, stream);
                    int[] perUnit = new int[d.inputChannels()];
                    for (int u : r.units()) {
                        perUnit[u]++;
                    }
                    int[] expected = new int[d.inputChannels()];
                    Arrays.fill(expected, 3 * LONG.spikesPerBurst());
                    assertArrayEquals(expected, perUnit, "per-unit counts, class " + y + ", first word " + w);
                    int[] pop = populationCounts(Binning.SHD.bin(r, steps));
                    if (refPop == null) {
                        refPop = pop;
                    } else {
                        assertArrayEquals(refPop, pop, "population count over time, class " + y + ", first word " + w);
                    }
                }
            }
        }
    }

    /**
     * With every nuisance on: for each random stream, generate the sample for every (class, first word)
     * pair. {@code L} is the first step at which the class changes anything given the first word, and
     * {@code R} the last step at which the first word changes anything given the second word. Steps
     * before {@code L} are thus a function of the first word alone and steps after {@code R} of the
     * second word alone; with {@code L - R >= REACH} every window of {@code REACH} steps lies on one side,
     * and since both words are uniform whatever the class, no such window tells the class.
     */
    @Test
    void noWindowOfTheFeedForwardReachHoldsBothCues() {
        SyntheticDataset d = new SyntheticDataset(LONG);
        int k = d.classes();
        int steps = Binning.SHD.step(LONG.durationSeconds());
        int minSeparation = Integer.MAX_VALUE;
        int streams = 300;
        for (int s = 0; s < streams; s++) {
            long stream = 77_000 + 31L * s;
            int[][][] frames = new int[k][k][];
            for (int y = 0; y < k; y++) {
                for (int w = 0; w < k; w++) {
                    frames[y][w] = Binning.SHD.bin(d.longOrderSample(y, w, stream), steps).counts();
                }
            }
            int channels = Binning.SHD.channels();
            int firstClassStep = Integer.MAX_VALUE;
            for (int w = 0; w < k; w++) {
                for (int y = 1; y < k; y++) {
                    firstClassStep = Math.min(firstClassStep, firstDifference(frames[0][w], frames[y][w], channels));
                }
            }
            int lastFirstWordStep = -1;
            for (int second = 0; second < k; second++) {
                int[] ref = frames[Math.floorMod(second, k)][0];
                for (int w = 1; w < k; w++) {
                    int y = Math.floorMod(second - w, k);
                    lastFirstWordStep = Math.max(lastFirstWordStep, lastDifference(ref, frames[y][w], channels));
                }
            }
            assertTrue(firstClassStep < steps && lastFirstWordStep >= 0, "the words never change the sample");
            minSeparation = Math.min(minSeparation, firstClassStep - lastFirstWordStep);
        }
        System.out.printf("over %d random samples x %d (class, first word) pairs: the first step the class"
                + " changes is at least %d steps after the last step the first word changes (reach %d)%n",
                streams, k * k, minSeparation, REACH);
        assertTrue(minSeparation >= REACH, "a window of " + REACH + " steps can hold both cues: " + minSeparation);
    }

    /**
     * The evidence: classifiers that see one window of {@code REACH} steps, at every position, score near
     * chance at their best position, while the same classifier on the whole sample scores near 1, and on a
     * control dataset whose retention interval fits in one window the windowed classifier scores near 1
     * too (so it would find the relation if a window held it).
     */
    @Test
    void onlyMemoryAcrossTheRetentionIntervalTellsTheClass() {
        SyntheticDataset d = new SyntheticDataset(LONG);
        long start = System.nanoTime();
        Prepared data = prepare(d);
        System.out.printf("generated %d + %d long-order samples, %.1f events per sample, in %.2f s%n",
                data.trainY.length, data.testY.length, data.eventsPerSample, (System.nanoTime() - start) / 1e9);
        double chance = 1.0 / d.classes();

        Scan bag = scanWindows(data, Feature.CHANNEL_TOTALS);
        Scan timing = scanWindows(data, Feature.BURST_TIMES);
        double wholeBag = classify(data, Feature.CHANNEL_TOTALS, 0, data.steps);
        double wholeTiming = classify(data, Feature.BURST_TIMES, 0, data.steps);

        SyntheticDataset controlData = new SyntheticDataset(LONG.withRetention(0.1, 0.2));
        Prepared control = prepare(controlData);
        Scan controlTiming = scanWindows(control, Feature.BURST_TIMES);

        System.out.printf("long-order test accuracy (chance %.3f), windows of %d steps at %d positions:%n",
                chance, REACH, bag.accuracy.length);
        System.out.printf("  window, channel totals (nearest centroid):      best %.3f at step %d, mean %.3f%n",
                bag.best(), bag.bestPosition(), bag.mean());
        System.out.printf("  window, per-group burst times (5-NN):           best %.3f at step %d, mean %.3f%n",
                timing.best(), timing.bestPosition(), timing.mean());
        System.out.printf("  whole sample, channel totals (nearest centroid): %.3f%n", wholeBag);
        System.out.printf("  whole sample, per-group burst times (5-NN):      %.3f%n", wholeTiming);
        System.out.printf("  control, retention 0.1-0.2 s, window burst times (5-NN): best %.3f at step %d,"
                + " mean %.3f%n", controlTiming.best(), controlTiming.bestPosition(), controlTiming.mean());

        assertTrue(bag.best() < chance + 0.1, "a window's channel totals classify " + bag.best());
        assertTrue(timing.best() < chance + 0.1, "a window's burst times classify " + timing.best());
        assertTrue(wholeBag < chance + 0.1, "the whole sample's channel totals classify " + wholeBag);
        assertTrue(wholeTiming > 0.95, "the whole sample's burst times classify only " + wholeTiming);
        assertTrue(controlTiming.best() > 0.95, "with both cues in one window, the windowed classifier scores only "
                + controlTiming.best() + ": it could not have found the relation");
        assertTrue(wholeTiming - Math.max(bag.best(), timing.best()) > 0.6, "margin");
    }

    // ---------------------------------------------------------------------------------------------
    // Classifiers and features

    private enum Feature {
        /** Total count per binned channel inside the window: a bag of frames. Nearest centroid. */
        CHANNEL_TOTALS,
        /**
         * For each group, the time of its first and of its last burst inside the window, each relative to
         * the earliest such time over groups (so independent of where the pattern sits); 5 nearest
         * neighbours, which can learn any relation between the two.
         */
        BURST_TIMES
    }

    private record Prepared(int steps, int channels, int groups, double threshold, int[][][] trainGroups,
                            int[][] trainFrames, int[] trainY, int[][][] testGroups, int[][] testFrames, int[] testY,
                            int classes, double eventsPerSample) {
    }

    private record Scan(double[] accuracy) {
        double best() {
            return Arrays.stream(accuracy).max().orElseThrow();
        }

        int bestPosition() {
            int b = 0;
            for (int p = 1; p < accuracy.length; p++) {
                if (accuracy[p] > accuracy[b]) {
                    b = p;
                }
            }
            return b;
        }

        double mean() {
            return Arrays.stream(accuracy).average().orElseThrow();
        }
    }

    private static Prepared prepare(SyntheticDataset d) {
        int steps = Binning.SHD.step(d.spec().durationSeconds());
        int channels = Binning.SHD.channels();
        int groups = d.spec().groups();
        List<SpikeRecording> train = d.train();
        List<SpikeRecording> test = d.test();
        long events = 0;
        for (SpikeRecording r : train) {
            events += r.size();
        }
        for (SpikeRecording r : test) {
            events += r.size();
        }
        int[][] trainFrames = new int[train.size()][];
        int[][][] trainGroups = new int[train.size()][][];
        int[] trainY = new int[train.size()];
        for (int i = 0; i < train.size(); i++) {
            CountFrame f = Binning.SHD.bin(train.get(i), steps);
            trainFrames[i] = f.counts();
            trainGroups[i] = groupCounts(f, groups);
            trainY[i] = f.label();
        }
        int[][] testFrames = new int[test.size()][];
        int[][][] testGroups = new int[test.size()][][];
        int[] testY = new int[test.size()];
        for (int i = 0; i < test.size(); i++) {
            CountFrame f = Binning.SHD.bin(test.get(i), steps);
            testFrames[i] = f.counts();
            testGroups[i] = groupCounts(f, groups);
            testY[i] = f.label();
        }
        double threshold = d.spec().unitsPerGroup() * d.spec().spikesPerBurst() / 8.0;
        return new Prepared(steps, channels, groups, threshold, trainGroups, trainFrames, trainY, testGroups,
                testFrames, testY, d.classes(), (double) events / (train.size() + test.size()));
    }

    private static Scan scanWindows(Prepared data, Feature feature) {
        double[] accuracy = new double[data.steps - REACH + 1];
        for (int p = 0; p < accuracy.length; p++) {
            accuracy[p] = classify(data, feature, p, p + REACH);
        }
        return new Scan(accuracy);
    }

    /** Test accuracy of {@code feature}'s classifier trained and tested on steps {@code [from, to)} only. */
    private static double classify(Prepared data, Feature feature, int from, int to) {
        double[][] trainX = new double[data.trainY.length][];
        double[][] testX = new double[data.testY.length][];
        for (int i = 0; i < trainX.length; i++) {
            trainX[i] = feature == Feature.CHANNEL_TOTALS
                    ? channelTotals(data.trainFrames[i], data.channels, from, to)
                    : burstTimes(data.trainGroups[i], from, to, data.threshold);
        }
        for (int i = 0; i < testX.length; i++) {
            testX[i] = feature == Feature.CHANNEL_TOTALS
                    ? channelTotals(data.testFrames[i], data.channels, from, to)
                    : burstTimes(data.testGroups[i], from, to, data.threshold);
        }
        return feature == Feature.CHANNEL_TOTALS
                ? nearestCentroid(data.classes, trainX, data.trainY, testX, data.testY)
                : nearestNeighbours(5, data.classes, trainX, data.trainY, testX, data.testY);
    }

    private static double[] channelTotals(int[] frame, int channels, int from, int to) {
        double[] out = new double[channels];
        for (int t = from; t < to; t++) {
            for (int c = 0; c < channels; c++) {
                out[c] += frame[t * channels + c];
            }
        }
        return out;
    }

    /** Value of a burst-time feature when the group has no burst in the window. */
    private static final double ABSENT = -20;

    /**
     * Bursts of a group are runs of consecutive steps whose count reaches {@code threshold}; a burst's
     * time is the count-weighted mean step of its run.
     */
    private static double[] burstTimes(int[][] groupCounts, int from, int to, double threshold) {
        int groups = groupCounts.length;
        double[] first = new double[groups];
        double[] last = new double[groups];
        Arrays.fill(first, Double.NaN);
        Arrays.fill(last, Double.NaN);
        for (int a = 0; a < groups; a++) {
            int[] g = groupCounts[a];
            int t = from;
            while (t < to) {
                if (g[t] < threshold) {
                    t++;
                    continue;
                }
                double weighted = 0;
                double total = 0;
                while (t < to && g[t] >= threshold) {
                    weighted += (double) t * g[t];
                    total += g[t];
                    t++;
                }
                double time = weighted / total;
                if (Double.isNaN(first[a])) {
                    first[a] = time;
                }
                last[a] = time;
            }
        }
        double[] out = new double[2 * groups];
        relative(first, out, 0);
        relative(last, out, groups);
        return out;
    }

    private static void relative(double[] times, double[] out, int at) {
        double min = Double.POSITIVE_INFINITY;
        for (double t : times) {
            if (!Double.isNaN(t)) {
                min = Math.min(min, t);
            }
        }
        for (int a = 0; a < times.length; a++) {
            out[at + a] = Double.isNaN(times[a]) ? ABSENT : times[a] - min;
        }
    }

    /** Nearest class centroid after z-scoring each feature with the training statistics; returns test accuracy. */
    private static double nearestCentroid(int classes, double[][] x, int[] y, double[][] testX, int[] testY) {
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
            count[y[i]]++;
            for (int k = 0; k < dims; k++) {
                centroid[y[i]][k] += (x[i][k] - mean[k]) / sd[k];
            }
        }
        for (int c = 0; c < classes; c++) {
            for (int k = 0; k < dims; k++) {
                centroid[c][k] /= count[c];
            }
        }
        int correct = 0;
        for (int i = 0; i < testX.length; i++) {
            int best = -1;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double dist = 0;
                for (int k = 0; k < dims; k++) {
                    double z = (testX[i][k] - mean[k]) / sd[k] - centroid[c][k];
                    dist += z * z;
                }
                if (dist < bestDistance) {
                    bestDistance = dist;
                    best = c;
                }
            }
            if (best == testY[i]) {
                correct++;
            }
        }
        return (double) correct / testX.length;
    }

    /**
     * {@code k} nearest training samples by Euclidean distance vote; a tie goes to the tied class of the
     * nearest of them. Returns test accuracy.
     */
    private static double nearestNeighbours(int k, int classes, double[][] x, int[] y, double[][] testX, int[] testY) {
        int correct = 0;
        double[] bestDistance = new double[k];
        int[] bestIndex = new int[k];
        for (int i = 0; i < testX.length; i++) {
            Arrays.fill(bestDistance, Double.POSITIVE_INFINITY);
            Arrays.fill(bestIndex, -1);
            for (int j = 0; j < x.length; j++) {
                double dist = 0;
                for (int f = 0; f < x[j].length; f++) {
                    double diff = testX[i][f] - x[j][f];
                    dist += diff * diff;
                }
                if (dist < bestDistance[k - 1]) {
                    int at = k - 1;
                    while (at > 0 && bestDistance[at - 1] > dist) {
                        bestDistance[at] = bestDistance[at - 1];
                        bestIndex[at] = bestIndex[at - 1];
                        at--;
                    }
                    bestDistance[at] = dist;
                    bestIndex[at] = j;
                }
            }
            int[] votes = new int[classes];
            int top = 0;
            for (int n = 0; n < k; n++) {
                top = Math.max(top, ++votes[y[bestIndex[n]]]);
            }
            int predicted = -1;
            for (int n = 0; n < k && predicted < 0; n++) {
                if (votes[y[bestIndex[n]]] == top) {
                    predicted = y[bestIndex[n]];
                }
            }
            if (predicted == testY[i]) {
                correct++;
            }
        }
        return (double) correct / testX.length;
    }

    private static int[][] groupCounts(CountFrame f, int groups) {
        int channelsPerGroup = f.channels() / groups;
        int[][] g = new int[groups][f.steps()];
        for (int t = 0; t < f.steps(); t++) {
            for (int c = 0; c < f.channels(); c++) {
                g[c / channelsPerGroup][t] += f.count(t, c);
            }
        }
        return g;
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

    /** First step at which two row-major frames of {@code channels} columns differ, or MAX_VALUE. */
    private static int firstDifference(int[] a, int[] b, int channels) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return i / channels;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** Last step at which two row-major frames of {@code channels} columns differ, or -1. */
    private static int lastDifference(int[] a, int[] b, int channels) {
        for (int i = a.length - 1; i >= 0; i--) {
            if (a[i] != b[i]) {
                return i / channels;
            }
        }
        return -1;
    }
}
