package org.spikeport.core.data;

import java.util.Locale;

/**
 * Parameters of the built-in {@link SyntheticDataset}. The generative model they control is described
 * in the Javadoc of {@link SyntheticDataset}; every time is in seconds.
 *
 * <p>Two tasks ({@link Task}): {@link Task#ORDER} (the default) and {@link Task#LONG_ORDER}.
 *
 * <p>{@link #defaults()} (task {@code order}) gives 5 classes over 5 groups of 140 units (28 binned
 * channels each), 1500 training and 400 test samples of 0.5 s (50 steps of 10 ms). The pattern spans
 * {@code 4 * 40 + 10 = 170 ms}, i.e. 17 steps, within the delay range of the SHD network
 * ({@code Td - 1 = 24} steps). Nuisances: 2 ms jitter, speed factor in {@code [0.9, 1.1)},
 * 10 % dropped spikes, 1 Hz background per unit, onset in {@code [20, 250) ms}.
 *
 * <p>{@link #longOrderDefaults()} (task {@code long-order}) gives 4 classes over a vocabulary of 4 cue
 * words, each an order of 4 groups of 175 units (35 binned channels each), 1500 training and 400 test
 * samples of 1.5 s (150 steps of 10 ms). A cue word spans {@code 3 * 30 + 10 = 100 ms} (10 steps); the
 * retention interval from the end of the first cue to the start of the second is uniform in
 * {@code [0.8, 1.0) s}, longer than the 72 steps a 3-layer feed-forward network with delays of at most
 * 24 steps per layer reaches back. Same nuisances as the default task.
 *
 * <p>The constructor rejects every invalid combination with an {@link IllegalArgumentException}
 * whose message names the offending parameter.
 *
 * @param task                 which task the generator builds
 * @param classes              number of classes, {@code 2 <= classes <= min(groups!, 256)}; in the
 *                             long-order task also the number of cue words
 * @param groups               number of unit groups, {@code 2..26}; each group is a contiguous block of
 *                             {@code channels / groups} units, which must be a multiple of
 *                             {@link SyntheticDataset#UNIT_ALIGNMENT} so a group maps onto whole binned channels
 * @param trainSamples         number of training samples, {@code >= 0}
 * @param testSamples          number of test samples, {@code >= 0}
 * @param channels             number of input units; every unit index is below this
 * @param durationSeconds      length of every sample; all event times are in {@code [0, durationSeconds)}
 * @param onsetMinSeconds      earliest pattern onset (long-order: of the first cue), {@code >= 0}
 * @param onsetMaxSeconds      onsets are uniform in {@code [onsetMinSeconds, onsetMaxSeconds)}; equal bounds
 *                             give a fixed onset
 * @param gapSeconds           time between consecutive slots of a pattern (long-order: of a cue word),
 *                             {@code > burstSeconds}
 * @param burstSeconds         width of one group's burst, {@code > 0}
 * @param spikesPerBurst       spikes each unit emits in each burst of its group, {@code >= 1}
 * @param retentionMinSeconds  long-order: shortest time from the end of the first cue to the start of the
 *                             second, {@code > 2 * gapSeconds + (1 + warp) * burstSeconds} (room for the
 *                             distractors); order: must be 0
 * @param retentionMaxSeconds  long-order: retention times are uniform in
 *                             {@code [retentionMinSeconds, retentionMaxSeconds)}; order: must be 0
 * @param jitterSeconds        standard deviation of the Gaussian time jitter of every pattern spike, {@code >= 0}
 * @param warp                 speed factors are uniform in {@code [1 - warp, 1 + warp)}, {@code 0 <= warp < 1}
 * @param dropProbability      probability that a pattern spike is deleted, {@code 0 <= p < 1}
 * @param backgroundRateHz     rate of the homogeneous Poisson background per unit, {@code >= 0}
 * @param seed                 seed of everything random: class orders or cue words, burst template,
 *                             every sample
 */
public record SyntheticSpec(
        Task task,
        int classes,
        int groups,
        int trainSamples,
        int testSamples,
        int channels,
        double durationSeconds,
        double onsetMinSeconds,
        double onsetMaxSeconds,
        double gapSeconds,
        double burstSeconds,
        int spikesPerBurst,
        double retentionMinSeconds,
        double retentionMaxSeconds,
        double jitterSeconds,
        double warp,
        double dropProbability,
        double backgroundRateHz,
        long seed) {

    /** Upper bound on {@link #classes()}; bounds the cost of choosing well-separated class orders. */
    public static final int MAX_CLASSES = 256;

    /** Upper bound on {@link #groups()}; groups are named by the letters A to Z. */
    public static final int MAX_GROUPS = 26;

    /** The generator's tasks; {@link #id()} is the name the command line uses. */
    public enum Task {
        /** Each class is one order in time of bursts of all groups, within about 170 ms. */
        ORDER("order"),
        /**
         * Each class is a relation between two cue words (orders of all groups) separated by a
         * retention interval longer than a feed-forward delay network reaches back.
         */
        LONG_ORDER("long-order");

        private final String id;

        Task(String id) {
            this.id = id;
        }

        /** The task's name on the command line: {@code order} or {@code long-order}. */
        public String id() {
            return id;
        }

        /**
         * The task called {@code id}.
         *
         * @throws IllegalArgumentException naming the known tasks if there is none
         */
        public static Task ofId(String id) {
            for (Task t : values()) {
                if (t.id.equals(id)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("task must be one of order, long-order, got '" + id + "'");
        }
    }

    /**
     * The parameters of the {@link Task#ORDER} task, which has no retention interval; see the class
     * comment for each parameter.
     */
    public SyntheticSpec(int classes, int groups, int trainSamples, int testSamples, int channels,
            double durationSeconds, double onsetMinSeconds, double onsetMaxSeconds, double gapSeconds,
            double burstSeconds, int spikesPerBurst, double jitterSeconds, double warp, double dropProbability,
            double backgroundRateHz, long seed) {
        this(Task.ORDER, classes, groups, trainSamples, testSamples, channels, durationSeconds, onsetMinSeconds,
                onsetMaxSeconds, gapSeconds, burstSeconds, spikesPerBurst, 0.0, 0.0, jitterSeconds, warp,
                dropProbability, backgroundRateHz, seed);
    }

    public SyntheticSpec {
        if (task == null) {
            throw new IllegalArgumentException("task must be given (order or long-order)");
        }
        if (groups < 2 || groups > MAX_GROUPS) {
            throw new IllegalArgumentException("groups must be in 2.." + MAX_GROUPS + ", got " + groups);
        }
        long orders = factorial(groups);
        if (classes < 2 || classes > Math.min(orders, MAX_CLASSES)) {
            throw new IllegalArgumentException("classes must be in 2.." + Math.min(orders, MAX_CLASSES)
                    + " for " + groups + " groups, got " + classes);
        }
        if (trainSamples < 0) {
            throw new IllegalArgumentException("trainSamples must be >= 0, got " + trainSamples);
        }
        if (testSamples < 0) {
            throw new IllegalArgumentException("testSamples must be >= 0, got " + testSamples);
        }
        if (channels < 1 || channels % (groups * SyntheticDataset.UNIT_ALIGNMENT) != 0) {
            throw new IllegalArgumentException("channels must be a positive multiple of groups * "
                    + SyntheticDataset.UNIT_ALIGNMENT + " = " + groups * SyntheticDataset.UNIT_ALIGNMENT
                    + ", got " + channels);
        }
        requirePositive("durationSeconds", durationSeconds);
        requirePositive("gapSeconds", gapSeconds);
        requirePositive("burstSeconds", burstSeconds);
        if (!(burstSeconds < gapSeconds)) {
            throw new IllegalArgumentException("burstSeconds " + burstSeconds
                    + " must be below gapSeconds " + gapSeconds + " so that bursts do not overlap");
        }
        if (spikesPerBurst < 1) {
            throw new IllegalArgumentException("spikesPerBurst must be >= 1, got " + spikesPerBurst);
        }
        requireNonNegative("onsetMinSeconds", onsetMinSeconds);
        requireNonNegative("onsetMaxSeconds", onsetMaxSeconds);
        if (onsetMaxSeconds < onsetMinSeconds) {
            throw new IllegalArgumentException("onsetMaxSeconds " + onsetMaxSeconds
                    + " must not be below onsetMinSeconds " + onsetMinSeconds);
        }
        requireNonNegative("jitterSeconds", jitterSeconds);
        if (!(warp >= 0 && warp < 1)) {
            throw new IllegalArgumentException("warp must be in [0, 1), got " + warp);
        }
        if (!(dropProbability >= 0 && dropProbability < 1)) {
            throw new IllegalArgumentException("dropProbability must be in [0, 1), got " + dropProbability);
        }
        requireNonNegative("backgroundRateHz", backgroundRateHz);
        if (task == Task.ORDER) {
            if (retentionMinSeconds != 0) {
                throw new IllegalArgumentException("retentionMinSeconds must be 0 for the order task, got "
                        + retentionMinSeconds);
            }
            if (retentionMaxSeconds != 0) {
                throw new IllegalArgumentException("retentionMaxSeconds must be 0 for the order task, got "
                        + retentionMaxSeconds);
            }
            double latestEnd = onsetMaxSeconds + (1 + warp) * ((groups - 1) * gapSeconds + burstSeconds);
            if (!(latestEnd < durationSeconds)) {
                throw new IllegalArgumentException("durationSeconds " + durationSeconds
                        + " must exceed the latest pattern end onsetMaxSeconds + (1 + warp) * ((groups - 1)"
                        + " * gapSeconds + burstSeconds) = " + latestEnd);
            }
        } else {
            requirePositive("retentionMinSeconds", retentionMinSeconds);
            requirePositive("retentionMaxSeconds", retentionMaxSeconds);
            double room = 2 * gapSeconds + (1 + warp) * burstSeconds;
            if (!(retentionMinSeconds > room)) {
                throw new IllegalArgumentException("retentionMinSeconds " + retentionMinSeconds
                        + " must exceed 2 * gapSeconds + (1 + warp) * burstSeconds = " + room
                        + " to leave room for the distractor bursts");
            }
            if (retentionMaxSeconds < retentionMinSeconds) {
                throw new IllegalArgumentException("retentionMaxSeconds " + retentionMaxSeconds
                        + " must not be below retentionMinSeconds " + retentionMinSeconds);
            }
            double latestEnd = onsetMaxSeconds + 2 * (1 + warp) * ((groups - 1) * gapSeconds + burstSeconds)
                    + retentionMaxSeconds;
            if (!(latestEnd < durationSeconds)) {
                throw new IllegalArgumentException("durationSeconds " + durationSeconds
                        + " must exceed the latest end of the second cue onsetMaxSeconds + 2 * (1 + warp)"
                        + " * ((groups - 1) * gapSeconds + burstSeconds) + retentionMaxSeconds = "
                        + String.format(Locale.ROOT, "%.6g", latestEnd));
            }
        }
    }

    /** The documented defaults of the {@link Task#ORDER} task (see the class comment), seed 1. */
    public static SyntheticSpec defaults() {
        return new SyntheticSpec(5, 5, 1500, 400, 700, 0.5, 0.02, 0.25, 0.04, 0.01, 2,
                0.002, 0.1, 0.1, 1.0, 1L);
    }

    /** The documented defaults of the {@link Task#LONG_ORDER} task (see the class comment), seed 1. */
    public static SyntheticSpec longOrderDefaults() {
        return new SyntheticSpec(Task.LONG_ORDER, 4, 4, 1500, 400, 700, 1.5, 0.02, 0.25, 0.03, 0.01, 2,
                0.8, 1.0, 0.002, 0.1, 0.1, 1.0, 1L);
    }

    /** The documented defaults of {@code task}: {@link #defaults()} or {@link #longOrderDefaults()}. */
    public static SyntheticSpec defaults(Task task) {
        return task == Task.ORDER ? defaults() : longOrderDefaults();
    }

    /** This spec with another seed. */
    public SyntheticSpec withSeed(long newSeed) {
        return new SyntheticSpec(task, classes, groups, trainSamples, testSamples, channels, durationSeconds,
                onsetMinSeconds, onsetMaxSeconds, gapSeconds, burstSeconds, spikesPerBurst, retentionMinSeconds,
                retentionMaxSeconds, jitterSeconds, warp, dropProbability, backgroundRateHz, newSeed);
    }

    /** This spec with another number of classes over another number of unit groups. */
    public SyntheticSpec withClasses(int newClasses, int newGroups) {
        return new SyntheticSpec(task, newClasses, newGroups, trainSamples, testSamples, channels,
                durationSeconds, onsetMinSeconds, onsetMaxSeconds, gapSeconds, burstSeconds, spikesPerBurst,
                retentionMinSeconds, retentionMaxSeconds, jitterSeconds, warp, dropProbability,
                backgroundRateHz, seed);
    }

    /** This spec with other split sizes. */
    public SyntheticSpec withSamples(int train, int test) {
        return new SyntheticSpec(task, classes, groups, train, test, channels, durationSeconds, onsetMinSeconds,
                onsetMaxSeconds, gapSeconds, burstSeconds, spikesPerBurst, retentionMinSeconds,
                retentionMaxSeconds, jitterSeconds, warp, dropProbability, backgroundRateHz, seed);
    }

    /** This spec with other nuisance parameters; the onset range is unchanged. */
    public SyntheticSpec withNuisances(double jitter, double speedWarp, double drop, double backgroundHz) {
        return new SyntheticSpec(task, classes, groups, trainSamples, testSamples, channels, durationSeconds,
                onsetMinSeconds, onsetMaxSeconds, gapSeconds, burstSeconds, spikesPerBurst, retentionMinSeconds,
                retentionMaxSeconds, jitter, speedWarp, drop, backgroundHz, seed);
    }

    /** This spec with another retention interval (long-order task), uniform in {@code [min, max)} seconds. */
    public SyntheticSpec withRetention(double min, double max) {
        return new SyntheticSpec(task, classes, groups, trainSamples, testSamples, channels, durationSeconds,
                onsetMinSeconds, onsetMaxSeconds, gapSeconds, burstSeconds, spikesPerBurst, min, max,
                jitterSeconds, warp, dropProbability, backgroundRateHz, seed);
    }

    /**
     * This spec with every nuisance off: no jitter, no warp, no drops, no background and a fixed onset
     * at {@link #onsetMinSeconds()}. In the order task all samples of one class are then identical; in
     * the long-order task the first cue word, the retention time and the distractor times still vary.
     */
    public SyntheticSpec withoutNuisances() {
        return new SyntheticSpec(task, classes, groups, trainSamples, testSamples, channels, durationSeconds,
                onsetMinSeconds, onsetMinSeconds, gapSeconds, burstSeconds, spikesPerBurst, retentionMinSeconds,
                retentionMaxSeconds, 0.0, 0.0, 0.0, 0.0, seed);
    }

    /** Units per group: {@code channels / groups}. */
    public int unitsPerGroup() {
        return channels / groups;
    }

    private static long factorial(int n) {
        long f = 1;
        for (int i = 2; i <= n; i++) {
            if (f > Long.MAX_VALUE / i) {
                return Long.MAX_VALUE;
            }
            f *= i;
        }
        return f;
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive finite number, got " + value);
        }
    }

    private static void requireNonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a non-negative finite number, got " + value);
        }
    }
}
