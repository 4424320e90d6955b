package org.spikeport.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A built-in labelled spike dataset whose classes differ only in the relative timing of unit groups,
 * generated from a {@link SyntheticSpec} without any download.
 *
 * <h2>Generative model</h2>
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
 * <h2>Determinism</h2>
 *
 * <p>The same spec (including its seed) gives the same recordings bit for bit, on any JVM:
 * randomness comes from SplitMix64 streams whose seeds are derived from {@code (seed, purpose)} for
 * the class orders and burst template, {@code (seed, split)} for the label order, and
 * {@code (seed, split, index)} for each sample; Gaussian and exponential draws use {@link StrictMath}.
 * A sample therefore does not depend on which other samples were generated or in what order. Labels
 * are balanced by construction: each split holds {@code floor} or {@code ceil} of
 * {@code size / classes} samples of every class, in a seeded random order.
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
    private final List<String> classNames;

    /** Builds the class orders, burst template and label order of {@code spec}; samples are made on demand. */
    public SyntheticDataset(SyntheticSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.slots = chooseOrders(spec.groups(), spec.classes(), new SplitMix(stream(spec.seed(), STREAM_ORDERS)));
        SplitMix phaseRng = new SplitMix(stream(spec.seed(), STREAM_PHASES));
        this.phases = new double[spec.unitsPerGroup()];
        for (int j = 0; j < phases.length; j++) {
            phases[j] = phaseRng.nextDouble();
        }
        this.labels = new int[Split.values().length][];
        for (Split split : Split.values()) {
            labels[split.ordinal()] = balancedLabels(size(split), spec.classes(),
                    new SplitMix(stream(stream(spec.seed(), STREAM_LABELS), split.ordinal())));
        }
        List<String> names = new ArrayList<>(spec.classes());
        for (int[] slot : slots) {
            names.add(name(slot));
        }
        this.classNames = Collections.unmodifiableList(names);
    }

    /** The dataset of {@link SyntheticSpec#defaults()}. */
    public static SyntheticDataset defaults() {
        return new SyntheticDataset(SyntheticSpec.defaults());
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

    /** One name per class: its groups in firing order, e.g. {@code "B>D>A>C>E"}. */
    public List<String> classNames() {
        return classNames;
    }

    /** The group of {@code unit}: {@code unit / unitsPerGroup}. */
    public int groupOf(int unit) {
        Objects.checkIndex(unit, spec.channels());
        return unit / spec.unitsPerGroup();
    }

    /**
     * The slot in which {@code group} bursts in class {@code label}: its burst starts
     * {@code slot * gap} after the onset, scaled by the sample's speed factor.
     */
    public int slot(int label, int group) {
        return slots[Objects.checkIndex(label, slots.length)][Objects.checkIndex(group, spec.groups())];
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
        SplitMix rng = new SplitMix(stream(stream(stream(spec.seed(), STREAM_SAMPLE), split.ordinal()), index));
        double duration = spec.durationSeconds();
        double onset = spec.onsetMinSeconds() + (spec.onsetMaxSeconds() - spec.onsetMinSeconds()) * rng.nextDouble();
        double speed = 1 + spec.warp() * (2 * rng.nextDouble() - 1);
        int perGroup = spec.unitsPerGroup();
        int n = spec.spikesPerBurst();
        double spacing = spec.burstSeconds() / n;
        double drop = spec.dropProbability();
        double jitter = spec.jitterSeconds();

        EventBuffer events = new EventBuffer(spec.channels() * n);
        for (int g = 0; g < spec.groups(); g++) {
            double burstStart = slots[label][g] * spec.gapSeconds();
            for (int j = 0; j < perGroup; j++) {
                int unit = g * perGroup + j;
                for (int k = 0; k < n; k++) {
                    if (drop > 0 && rng.nextDouble() < drop) {
                        continue;
                    }
                    double t = onset + speed * (burstStart + (k + phases[j]) * spacing);
                    if (jitter > 0) {
                        t += jitter * rng.nextGaussian();
                    }
                    events.addIfWithin(t, unit, duration);
                }
            }
        }
        double totalRate = spec.backgroundRateHz() * spec.channels();
        if (totalRate > 0) {
            double t = rng.nextExponential() / totalRate;
            while (t < duration) {
                events.addIfWithin(t, rng.nextInt(spec.channels()), duration);
                t += rng.nextExponential() / totalRate;
            }
        }
        return events.toRecording(label);
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
