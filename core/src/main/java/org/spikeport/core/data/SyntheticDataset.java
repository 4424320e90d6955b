package org.spikeport.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A built-in labelled spike dataset whose classes differ only in the relative timing of unit groups,
 * generated from a {@link SyntheticSpec} without any download. It has two tasks
 * ({@link SyntheticSpec.Task}): {@code order}, the default, whose class is an order in time of bursts
 * within about 170 ms, inside the reach of the feed-forward delays; and {@code long-order}, whose class
 * is a relation between two such orders ("cue words") separated by a retention interval of 0.8 to
 * 1.0 s, beyond that reach (see the section below).
 *
 * <h2>Generative model (task {@code order})</h2>
 *
 * <p>Notation: {@code G = spec.groups()}, {@code U = spec.unitsPerGroup() = channels / G},
 * {@code n = spikesPerBurst}, {@code gap}, {@code burst}, {@code T = durationSeconds}.
 *
 * <ul>
 *   <li><b>Groups.</b> Group {@code g} is the contiguous unit block {@code [g U, (g + 1) U)}. {@code U}
 *       is a multiple of {@link #UNIT_ALIGNMENT} (the 5-unit grouping of {@link Binning#SHD}), so a group
 *       is a whole set of binned channels and no binned channel mixes two groups.</li>
 *   <li><b>Classes.</b> Class {@code y} is a permutation {@code slot_y} of {@code 0..G-1}: group
 *       {@code g} bursts in slot {@code slot_y(g)}, i.e. at pattern time {@code slot_y(g) * gap}. Every
 *       class uses the same slots, only the assignment of groups to slots differs. The permutations are
 *       chosen from the seed by farthest-point selection under the <i>pairwise-lag distance</i>
 *       {@code D(p, q) = #{g < h : p(g) - p(h) != q(g) - q(h)}}, the number of group pairs whose
 *       relative lag differs: the first order is random, each next one maximises its minimum distance
 *       to those already chosen (over all {@code G!} orders when {@code G! <= 8192}, else over 8192
 *       random ones). Distinct orders are never equal up to a time shift, because the slot set
 *       {@code {0..G-1}} is mapped onto itself only by the zero shift. {@link #classNames()} lists the
 *       groups, lettered {@code A, B, ...}, in firing order, e.g. {@code "C>A>E>B>D"}.</li>
 *   <li><b>Burst template.</b> Unit {@code j} of a group ({@code 0 <= j < U}) has a phase
 *       {@code phi_j ~ U[0, 1)} drawn once from the seed and shared by all groups and classes; its
 *       {@code k}-th spike ({@code 0 <= k < n}) in a burst sits at {@code (k + phi_j) * burst / n} after
 *       the burst start.</li>
 *   <li><b>One sample</b> of label {@code y}: onset {@code o ~ U[onsetMin, onsetMax)}, speed factor
 *       {@code w ~ U[1 - warp, 1 + warp)}; unit {@code u = g U + j} emits, for each {@code k}, unless
 *       the spike is dropped with probability {@code dropProbability}, a spike at
 *       <pre>   t = o + w * (slot_y(g) * gap + (k + phi_j) * burst / n) + jitter * N(0, 1)</pre>
 *       and on top of the pattern a homogeneous Poisson background of rate
 *       {@code backgroundRateHz * channels} over {@code [0, T)} with uniformly chosen units. Spikes
 *       falling outside {@code [0, T)} are discarded (the spec guarantees that the un-jittered pattern
 *       ends before {@code T}; with the defaults this never happens in practice).</li>
 * </ul>
 *
 * <h2>Why only timing carries the class</h2>
 *
 * <p>Before drops and background every unit emits exactly {@code n} spikes in every sample, so
 * per-unit and per-channel counts are identical across classes, and with drop, jitter, warp and
 * background being class-independent they stay equal in expectation. The population rate over time
 * is the same sum of {@code G} identical bursts at the same slots for every class. When
 * {@code gap - burst} is at least one 10 ms step (30 ms with the defaults), no step holds spikes of
 * two groups (up to jitter and background), so the unordered set of a sample's frames is the same for
 * every class: a memoryless observer that sees one step at a time (an LIF layer with {@code tau ~ 1}
 * step and no delays) is at chance. A neuron whose synapse from group {@code g} has a delay of
 * {@code (slot(h) - slot(g)) * gap / dt} steps sees the bursts of {@code g} and {@code h} coincide only
 * in the classes with that lag (up to warp), which identifies the class. A class and its time reversal
 * may both be chosen; every lag changes sign between them, so delays tell them apart as well.
 *
 * <h2>Task {@code long-order}: the information outlasts the feed-forward delay range</h2>
 *
 * <p>A feed-forward DCLS network of 3 layers (2 hidden and the readout) with delays {@code 0..24} steps
 * per layer computes its output at step {@code t} from the input steps {@code t - 72 .. t} (73 steps,
 * 720 ms at 10 ms): whatever it decides at one step, it decides from one such window. In this task the
 * class is a relation between two events more than that apart, and every window of 73 steps is, in
 * distribution, the same for every class.
 *
 * <ul>
 *   <li><b>Groups, template, nuisances</b> as in the order task; notation {@code G}, {@code U},
 *       {@code n}, {@code gap}, {@code burst}, {@code T} as above, {@code K = spec.classes()}.</li>
 *   <li><b>Cue words.</b> {@code K} permutations {@code word_0 .. word_{K-1}} of {@code 0..G-1}, chosen
 *       exactly as the class orders of the order task (same farthest-point selection, same seed stream).
 *       Word {@code w} played from time {@code s} at speed {@code v} bursts group {@code g} from
 *       {@code s + v * word_w(g) * gap}; it ends {@code v * span} after {@code s}, with
 *       {@code span = (G - 1) * gap + burst}. {@link #wordNames()} lists each word's groups in firing
 *       order.</li>
 *   <li><b>Classes.</b> Class {@code y} in {@code 0..K-1}: the second cue is word {@code (i + y) mod K}
 *       when the first cue is word {@code i}; {@link #classNames()} says so, e.g.
 *       {@code "cue2=cue1+1 mod 4"}. Each split holds {@code floor} or {@code ceil} of
 *       {@code size / K^2} samples of every pair (first word {@code i}, class {@code y}), in a seeded
 *       random order, so the first word is uniform and independent of the class, and so is the second,
 *       {@code (i + y) mod K}: neither cue alone says anything about the class, only the two together
 *       do.</li>
 *   <li><b>One sample</b> of class {@code y} and first word {@code i}: onset {@code o ~ U[onsetMin,
 *       onsetMax)}, speed {@code v ~ U[1 - warp, 1 + warp)}, retention {@code R ~ U[retentionMin,
 *       retentionMax)}. The first cue plays word {@code i} from {@code o} and ends at
 *       {@code e1 = o + v * span}; the second cue plays word {@code (i + y) mod K} from
 *       {@code e1 + R}. <i>Distractors:</i> during the retention interval every group bursts once more,
 *       group {@code g} from {@code e1 + gap + u_g * (R - 2 * gap - v * burst)}, {@code u_g ~ U[0, 1)}
 *       independently, so in no fixed order and at least {@code gap} away from both cues. Every burst
 *       uses the burst template at speed {@code v}, with the same jitter and drops as the order task;
 *       then the Poisson background over {@code [0, T)}.</li>
 * </ul>
 *
 * <p><b>Why no window of 73 steps tells the class.</b> Before drops and background, every unit emits
 * exactly {@code 3 n} spikes in every sample (two cues and one distractor burst), so per-unit counts are
 * identical across classes, and the population rate over time does not depend on the class or the words
 * (the cues use the same slots whatever the word; nothing else depends on either). With the defaults,
 * the last spike of the first cue and the first spike of the second are {@code retentionMin = 0.8 s}
 * (80 steps) apart or more, up to the 2 ms jitter, so a window of 73 steps holds events of at most one
 * cue. The distractors, onset, speed, retention and noise do not depend on the class or the words, and
 * the random draws of a sample are attached to groups and units, not to words: the part of a sample
 * before the second cue is the same for every class given the first word, and the part after the first
 * cue is the same for every first word given the second. A window's content therefore depends on the
 * class only through one cue word, which is uniform whatever the class. (SyntheticLongOrderTest checks
 * this exactly on 300 samples with every nuisance on: the first step the class changes is at least 79
 * steps after the last step the first word changes.) A classifier that sees the whole sample decodes both
 * words from their relative burst times, and their difference modulo {@code K} is the class.
 *
 * <p><b>Caveat for a summing readout.</b> spikeport's readout decides on {@code sum_t softmax(v[t])},
 * which is not restricted to one window: it can add what the windows around the first cue say about
 * the first word to what those around the second cue say about the second. The best such additive rule
 * {@code argmax_c a_c(first word) + b_c(second word)} is right on 12 of the 16 word pairs for
 * {@code K = 4} (9 of 16 if the readout cannot tell the cues apart; {@code scripts/synth_additive_bound.py}),
 * so a feed-forward network is bounded by that, not by chance; only memory of the first word decides all
 * pairs.
 *
 * <h2>Determinism</h2>
 *
 * <p>The same spec (including its seed) gives the same recordings bit for bit, on any JVM:
 * randomness comes from SplitMix64 streams whose seeds are derived from {@code (seed, purpose)} for
 * the class orders and burst template, {@code (seed, split)} for the label order, and
 * {@code (seed, split, index)} for each sample; Gaussian and exponential draws use {@link StrictMath}.
 * A sample therefore does not depend on which other samples were generated or in what order. Labels
 * are balanced by construction: each split holds {@code floor} or {@code ceil} of
 * {@code size / classes} samples of every class, in a seeded random order (long-order: of every pair of
 * first word and class, see above).
 *
 * <p>Recordings have times sorted by (time, unit), all in {@code [0, durationSeconds)}, units in
 * {@code [0, channels)} and labels in {@code [0, classes)}. Instances are immutable and thread-safe.
 */
public final class SyntheticDataset {

    /** Number of consecutive units that form one binned channel; group sizes are multiples of it. */
    public static final int UNIT_ALIGNMENT = Binning.SHD.groupSize();

    /** The two splits; they are independent draws from the same generative model. */
    public enum Split {
        TRAIN,
        TEST
    }

    private static final int ORDER_POOL = 8192;
    private static final long STREAM_ORDERS = 0x4F52444552L;
    private static final long STREAM_PHASES = 0x5048415345L;
    private static final long STREAM_LABELS = 0x4C4142454CL;
    private static final long STREAM_SAMPLE = 0x53414D504CL;

    private final SyntheticSpec spec;
    private final int[][] slots;
    private final double[] phases;
    private final int[][] labels;
    private final int[][] firstWords;
    private final List<String> classNames;

    /**
     * Builds the class orders (long-order: cue words), burst template and label order of {@code spec};
     * samples are made on demand.
     */
    public SyntheticDataset(SyntheticSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.slots = chooseOrders(spec.groups(), spec.classes(), new SplitMix(stream(spec.seed(), STREAM_ORDERS)));
        SplitMix phaseRng = new SplitMix(stream(spec.seed(), STREAM_PHASES));
        this.phases = new double[spec.unitsPerGroup()];
        for (int j = 0; j < phases.length; j++) {
            phases[j] = phaseRng.nextDouble();
        }
        this.labels = new int[Split.values().length][];
        this.firstWords = new int[Split.values().length][];
        int k = spec.classes();
        for (Split split : Split.values()) {
            SplitMix labelRng = new SplitMix(stream(stream(spec.seed(), STREAM_LABELS), split.ordinal()));
            if (spec.task() == SyntheticSpec.Task.ORDER) {
                labels[split.ordinal()] = balancedLabels(size(split), k, labelRng);
            } else {
                int[] pairs = balancedLabels(size(split), k * k, labelRng);
                int[] l = new int[pairs.length];
                int[] w = new int[pairs.length];
                for (int i = 0; i < pairs.length; i++) {
                    l[i] = pairs[i] % k;
                    w[i] = pairs[i] / k;
                }
                labels[split.ordinal()] = l;
                firstWords[split.ordinal()] = w;
            }
        }
        List<String> names = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            names.add(spec.task() == SyntheticSpec.Task.ORDER ? name(slots[c]) : "cue2=cue1+" + c + " mod " + k);
        }
        this.classNames = Collections.unmodifiableList(names);
    }

    /** The dataset of {@link SyntheticSpec#defaults()}. */
    public static SyntheticDataset defaults() {
        return new SyntheticDataset(SyntheticSpec.defaults());
    }

    /** The dataset of {@link SyntheticSpec#longOrderDefaults()}. */
    public static SyntheticDataset longOrderDefaults() {
        return new SyntheticDataset(SyntheticSpec.longOrderDefaults());
    }

    public SyntheticSpec spec() {
        return spec;
    }

    /** Number of input units; every unit index is below this. */
    public int inputChannels() {
        return spec.channels();
    }

    /** Number of classes; every label is below this. */
    public int classes() {
        return spec.classes();
    }

    /**
     * One name per class. Order task: its groups in firing order, e.g. {@code "B>D>A>C>E"}; long-order
     * task: the relation of the two cue words, e.g. {@code "cue2=cue1+1 mod 4"}.
     */
    public List<String> classNames() {
        return classNames;
    }

    /** Long-order task: one name per cue word, its groups in firing order, e.g. {@code "B>D>A>C"}. */
    public List<String> wordNames() {
        requireLongOrder("wordNames");
        List<String> names = new ArrayList<>(slots.length);
        for (int[] slot : slots) {
            names.add(name(slot));
        }
        return Collections.unmodifiableList(names);
    }

    /** The group of {@code unit}: {@code unit / unitsPerGroup}. */
    public int groupOf(int unit) {
        Objects.checkIndex(unit, spec.channels());
        return unit / spec.unitsPerGroup();
    }

    /**
     * Order task: the slot in which {@code group} bursts in class {@code label}: its burst starts
     * {@code slot * gap} after the onset, scaled by the sample's speed factor.
     */
    public int slot(int label, int group) {
        if (spec.task() != SyntheticSpec.Task.ORDER) {
            throw new IllegalStateException("slot is defined for the order task; the long-order task has wordSlot");
        }
        return slots[Objects.checkIndex(label, slots.length)][Objects.checkIndex(group, spec.groups())];
    }

    /**
     * Long-order task: the slot in which {@code group} bursts in cue word {@code word}; its burst starts
     * {@code slot * gap} after the cue's start, scaled by the sample's speed factor.
     */
    public int wordSlot(int word, int group) {
        requireLongOrder("wordSlot");
        return slots[Objects.checkIndex(word, slots.length)][Objects.checkIndex(group, spec.groups())];
    }

    /** Long-order task: the cue word the first cue of sample {@code index} of {@code split} plays. */
    public int firstWord(Split split, int index) {
        requireLongOrder("firstWord");
        int[] w = firstWords[split.ordinal()];
        return w[Objects.checkIndex(index, w.length)];
    }

    /** Long-order task: the cue word the second cue plays, {@code (firstWord + label) mod classes}. */
    public int secondWord(Split split, int index) {
        return (firstWord(split, index) + label(split, index)) % spec.classes();
    }

    /** Number of samples in {@code split}. */
    public int size(Split split) {
        return split == Split.TRAIN ? spec.trainSamples() : spec.testSamples();
    }

    /** The label of sample {@code index} of {@code split}, without generating its events. */
    public int label(Split split, int index) {
        int[] l = labels[split.ordinal()];
        return l[Objects.checkIndex(index, l.length)];
    }

    /** Generates sample {@code index} of {@code split}; the same call always returns an equal recording. */
    public SpikeRecording sample(Split split, int index) {
        int label = label(split, index);
        long sampleStream = stream(stream(stream(spec.seed(), STREAM_SAMPLE), split.ordinal()), index);
        if (spec.task() == SyntheticSpec.Task.LONG_ORDER) {
            return longOrderSample(label, firstWord(split, index), sampleStream);
        }
        SplitMix rng = new SplitMix(sampleStream);
        double onset = spec.onsetMinSeconds() + (spec.onsetMaxSeconds() - spec.onsetMinSeconds()) * rng.nextDouble();
        double speed = 1 + spec.warp() * (2 * rng.nextDouble() - 1);
        EventBuffer events = new EventBuffer(spec.channels() * spec.spikesPerBurst());
        for (int g = 0; g < spec.groups(); g++) {
            burst(rng, events, g, onset, slots[label][g] * spec.gapSeconds(), speed);
        }
        background(rng, events);
        return events.toRecording(label);
    }

    /**
     * The long-order sample of class {@code label} whose first cue plays word {@code firstWord}, drawn
     * from the random stream {@code sampleStream}. Two calls with the same stream differ only where the
     * words differ: the draws are attached to groups and units, not to words (see the class comment).
     */
    SpikeRecording longOrderSample(int label, int firstWord, long sampleStream) {
        int k = spec.classes();
        Objects.checkIndex(label, k);
        Objects.checkIndex(firstWord, k);
        int secondWord = (firstWord + label) % k;
        SplitMix rng = new SplitMix(sampleStream);
        double gap = spec.gapSeconds();
        double onset = spec.onsetMinSeconds() + (spec.onsetMaxSeconds() - spec.onsetMinSeconds()) * rng.nextDouble();
        double speed = 1 + spec.warp() * (2 * rng.nextDouble() - 1);
        double retention = spec.retentionMinSeconds()
                + (spec.retentionMaxSeconds() - spec.retentionMinSeconds()) * rng.nextDouble();
        double firstEnd = onset + speed * ((spec.groups() - 1) * gap + spec.burstSeconds());
        double secondStart = firstEnd + retention;
        double distractorRoom = retention - 2 * gap - speed * spec.burstSeconds();
        double[] distractorStart = new double[spec.groups()];
        for (int g = 0; g < distractorStart.length; g++) {
            distractorStart[g] = firstEnd + gap + distractorRoom * rng.nextDouble();
        }
        EventBuffer events = new EventBuffer(3 * spec.channels() * spec.spikesPerBurst());
        for (int g = 0; g < spec.groups(); g++) {
            burst(rng, events, g, onset, slots[firstWord][g] * gap, speed);
        }
        for (int g = 0; g < spec.groups(); g++) {
            burst(rng, events, g, secondStart, slots[secondWord][g] * gap, speed);
        }
        for (int g = 0; g < spec.groups(); g++) {
            burst(rng, events, g, distractorStart[g], 0.0, speed);
        }
        background(rng, events);
        return events.toRecording(label);
    }

    /**
     * One burst of group {@code g}: unit {@code j}'s spike {@code k} at
     * {@code origin + speed * (offset + (k + phi_j) * burst / n)} plus jitter, unless dropped.
     */
    private void burst(SplitMix rng, EventBuffer events, int g, double origin, double offset, double speed) {
        int perGroup = spec.unitsPerGroup();
        int n = spec.spikesPerBurst();
        double spacing = spec.burstSeconds() / n;
        double drop = spec.dropProbability();
        double jitter = spec.jitterSeconds();
        double duration = spec.durationSeconds();
        for (int j = 0; j < perGroup; j++) {
            int unit = g * perGroup + j;
            for (int k = 0; k < n; k++) {
                if (drop > 0 && rng.nextDouble() < drop) {
                    continue;
                }
                double t = origin + speed * (offset + (k + phases[j]) * spacing);
                if (jitter > 0) {
                    t += jitter * rng.nextGaussian();
                }
                events.addIfWithin(t, unit, duration);
            }
        }
    }

    /** The homogeneous Poisson background over {@code [0, durationSeconds)}. */
    private void background(SplitMix rng, EventBuffer events) {
        double duration = spec.durationSeconds();
        double totalRate = spec.backgroundRateHz() * spec.channels();
        if (totalRate > 0) {
            double t = rng.nextExponential() / totalRate;
            while (t < duration) {
                events.addIfWithin(t, rng.nextInt(spec.channels()), duration);
                t += rng.nextExponential() / totalRate;
            }
        }
    }

    private void requireLongOrder(String what) {
        if (spec.task() != SyntheticSpec.Task.LONG_ORDER) {
            throw new IllegalStateException(what + " is defined for the long-order task only");
        }
    }

    /** Generates every sample of {@code split}, in index order, into a new unmodifiable list. */
    public List<SpikeRecording> samples(Split split) {
        int size = size(split);
        List<SpikeRecording> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(sample(split, i));
        }
        return Collections.unmodifiableList(out);
    }

    /** Generates the training split; see {@link #samples(Split)}. */
    public List<SpikeRecording> train() {
        return samples(Split.TRAIN);
    }

    /** Generates the test split; see {@link #samples(Split)}. */
    public List<SpikeRecording> test() {
        return samples(Split.TEST);
    }

    /** Pairwise-lag distance between two slot assignments (see the class comment). */
    static int lagDistance(int[] p, int[] q) {
        int d = 0;
        for (int g = 0; g < p.length; g++) {
            for (int h = g + 1; h < p.length; h++) {
                if (p[g] - p[h] != q[g] - q[h]) {
                    d++;
                }
            }
        }
        return d;
    }

    private static int[][] chooseOrders(int groups, int classes, SplitMix rng) {
        int[][] pool = orderPool(groups, rng);
        int[] minDistance = new int[pool.length];
        Arrays.fill(minDistance, Integer.MAX_VALUE);
        int[][] chosen = new int[classes][];
        int next = 0;
        for (int c = 0; c < classes; c++) {
            chosen[c] = pool[next];
            int best = -1;
            for (int i = 0; i < pool.length; i++) {
                minDistance[i] = Math.min(minDistance[i], lagDistance(pool[i], chosen[c]));
                if (best < 0 || minDistance[i] > minDistance[best]) {
                    best = i;
                }
            }
            next = best;
        }
        return chosen;
    }

    private static int[][] orderPool(int groups, SplitMix rng) {
        long all = 1;
        for (int i = 2; i <= groups && all <= ORDER_POOL; i++) {
            all *= i;
        }
        if (all <= ORDER_POOL) {
            List<int[]> perms = new ArrayList<>((int) all);
            permutations(new int[groups], new boolean[groups], 0, perms);
            int[][] pool = perms.toArray(new int[0][]);
            for (int i = pool.length - 1; i > 0; i--) {
                int k = rng.nextInt(i + 1);
                int[] tmp = pool[i];
                pool[i] = pool[k];
                pool[k] = tmp;
            }
            return pool;
        }
        int[][] pool = new int[ORDER_POOL][];
        for (int p = 0; p < ORDER_POOL; p++) {
            int[] perm = new int[groups];
            for (int i = 0; i < groups; i++) {
                perm[i] = i;
            }
            for (int i = groups - 1; i > 0; i--) {
                int k = rng.nextInt(i + 1);
                int tmp = perm[i];
                perm[i] = perm[k];
                perm[k] = tmp;
            }
            pool[p] = perm;
        }
        return pool;
    }

    private static void permutations(int[] perm, boolean[] used, int position, List<int[]> out) {
        if (position == perm.length) {
            out.add(perm.clone());
            return;
        }
        for (int v = 0; v < perm.length; v++) {
            if (!used[v]) {
                used[v] = true;
                perm[position] = v;
                permutations(perm, used, position + 1, out);
                used[v] = false;
            }
        }
    }

    private static int[] balancedLabels(int size, int classes, SplitMix rng) {
        int[] l = new int[size];
        for (int i = 0; i < size; i++) {
            l[i] = i % classes;
        }
        for (int i = size - 1; i > 0; i--) {
            int k = rng.nextInt(i + 1);
            int tmp = l[i];
            l[i] = l[k];
            l[k] = tmp;
        }
        return l;
    }

    private static String name(int[] slot) {
        int[] groupAt = new int[slot.length];
        for (int g = 0; g < slot.length; g++) {
            groupAt[slot[g]] = g;
        }
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < groupAt.length; s++) {
            if (s > 0) {
                sb.append('>');
            }
            sb.append((char) ('A' + groupAt[s]));
        }
        return sb.toString();
    }

    private static long stream(long seed, long purpose) {
        return SplitMix.mix(SplitMix.mix(seed) + SplitMix.GOLDEN * (purpose + 1));
    }

    /** Growable parallel arrays of events, sorted by (time, unit) on conversion. */
    private static final class EventBuffer {
        private double[] times;
        private int[] units;
        private int size;

        EventBuffer(int capacity) {
            times = new double[Math.max(capacity, 16)];
            units = new int[times.length];
        }

        void addIfWithin(double time, int unit, double duration) {
            double t = time + 0.0;
            if (!(t >= 0 && t < duration)) {
                return;
            }
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                units = Arrays.copyOf(units, size * 2);
            }
            times[size] = t;
            units[size] = unit;
            size++;
        }

        SpikeRecording toRecording(int label) {
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            int[] buffer = new int[size];
            for (int width = 1; width < size; width *= 2) {
                for (int lo = 0; lo < size - width; lo += 2 * width) {
                    merge(order, buffer, lo, lo + width, Math.min(lo + 2 * width, size));
                }
            }
            double[] t = new double[size];
            int[] u = new int[size];
            for (int i = 0; i < size; i++) {
                t[i] = times[order[i]];
                u[i] = units[order[i]];
            }
            return new SpikeRecording(t, u, label);
        }

        private void merge(int[] order, int[] buffer, int lo, int mid, int hi) {
            System.arraycopy(order, lo, buffer, lo, hi - lo);
            int i = lo;
            int j = mid;
            for (int k = lo; k < hi; k++) {
                if (j >= hi || (i < mid && !before(buffer[j], buffer[i]))) {
                    order[k] = buffer[i++];
                } else {
                    order[k] = buffer[j++];
                }
            }
        }

        private boolean before(int a, int b) {
            return times[a] < times[b] || (times[a] == times[b] && units[a] < units[b]);
        }
    }

    /**
     * SplitMix64 (Steele, Lea and Flood 2014) with fixed derivations of doubles, bounded integers,
     * Box-Muller normals and exponentials, so that the stream is the same on every JVM.
     */
    private static final class SplitMix {
        static final long GOLDEN = 0x9E3779B97F4A7C15L;
        private long state;

        SplitMix(long seed) {
            state = seed;
        }

        static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        long nextLong() {
            state += GOLDEN;
            return mix(state);
        }

        /** Uniform in {@code [0, 1)} with 53 random bits. */
        double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }

        /** Uniform in {@code [0, bound)}: a 63-bit draw modulo {@code bound}, rejecting the incomplete last block. */
        int nextInt(int bound) {
            long u = nextLong() >>> 1;
            long r = u % bound;
            while (u - r + (bound - 1) < 0) {
                u = nextLong() >>> 1;
                r = u % bound;
            }
            return (int) r;
        }

        /** Standard normal by the cosine branch of Box-Muller; two uniforms per draw. */
        double nextGaussian() {
            double u1 = 1.0 - nextDouble();
            double u2 = nextDouble();
            return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
        }

        /** Exponential with mean 1. */
        double nextExponential() {
            return -StrictMath.log(1.0 - nextDouble());
        }
    }
}
