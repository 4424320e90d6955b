package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.FlatDatasetWriter;
import org.spikeport.core.data.SpikeRecording;
import org.spikeport.core.data.SyntheticDataset;
import org.spikeport.core.data.SyntheticSpec;
import org.spikeport.core.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spikeport dataset synth}: writes the built-in synthetic dataset. */
@Command(
        name = "synth",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Write the built-in synthetic dataset (train.h5, test.h5).", "",
            "Write the built-in synthetic spike dataset (no download): DIR/train.h5 and DIR/test.h5 "
                + "in spikeport's flat SHD layout. Classes are orders in time of bursts of 700 input units, "
                + "with equal per-unit spike counts across classes, so only the relative timing tells them "
                + "apart. Jitter, time warping, dropped and extra spikes and a random onset make it noisy. "
                + "Seeded and deterministic: the same options always write the same samples.", "",
            "--task long-order writes a task whose information outlasts the reach of feed-forward delays: "
                + "samples of 1.5 s (150 steps of 10 ms) hold two cue words, each an order in time of bursts "
                + "of the unit groups (4 groups within 100 ms by default), separated by a retention interval "
                + "(0.8 to 1.0 s by default) with a distractor burst of every group in it. The class is "
                + "(second word - first word) mod K over K cue words (K = --classes). Each cue alone is uniform "
                + "whatever the class, and with the default retention no 73 steps (what 3 layers with delays "
                + "of at most 24 steps see at once) hold both cues: only memory of the first cue tells the "
                + "class."})
public final class DatasetSynthCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write train.h5 and test.h5 into (created if missing).")
    Path out;

    @Option(names = "--task", paramLabel = "NAME", description = "order or long-order (default: ${DEFAULT-VALUE}).")
    String task = SyntheticSpec.Task.ORDER.id();

    @Option(names = "--classes", paramLabel = "N", description = "Number of classes (default: 5; long-order: 4, "
            + "which is also its number of cue words).")
    Integer classes;

    @Option(names = "--groups", paramLabel = "G", description = "Unit groups whose order in time makes a class "
            + "(long-order: a cue word); G! must be >= classes and 700 units must split into G groups of whole "
            + "5-unit channels (2, 4, 5, 7, 10, 14, 20; default: 5; long-order: 4).")
    Integer groups;

    @Option(names = "--retention-min", paramLabel = "SECONDS", description = "long-order: shortest time from the "
            + "end of the first cue to the start of the second (default: 0.8).")
    Double retentionMin;

    @Option(names = "--retention-max", paramLabel = "SECONDS", description = "long-order: retention times are "
            + "uniform between --retention-min and this (default: 1.0; the second cue must end within the 1.5 s "
            + "sample, which allows up to about 1.03 with 4 groups).")
    Double retentionMax;

    @Option(names = "--train", paramLabel = "N", description = "Training samples (default: ${DEFAULT-VALUE}).")
    int train = SyntheticSpec.defaults().trainSamples();

    @Option(names = "--test", paramLabel = "N", description = "Test samples (default: ${DEFAULT-VALUE}).")
    int test = SyntheticSpec.defaults().testSamples();

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = SyntheticSpec.defaults().seed();

    @Option(names = "--force", description = "Overwrite existing train.h5/test.h5 in DIR.")
    boolean force;

    @Override
    public Integer call() {
        SyntheticSpec.Task t;
        try {
            t = SyntheticSpec.Task.ofId(task);
        } catch (IllegalArgumentException e) {
            throw new SpikeportException("unknown synthetic task '" + task + "' for --task; known: order, long-order");
        }
        if (t == SyntheticSpec.Task.ORDER && (retentionMin != null || retentionMax != null)) {
            throw new SpikeportException("--retention-min and --retention-max apply to --task long-order only");
        }
        SyntheticSpec base = SyntheticSpec.defaults(t);
        SyntheticSpec s;
        try {
            s = base.withClasses(classes != null ? classes : base.classes(), groups != null ? groups : base.groups())
                    .withSamples(train, test).withSeed(seed);
            if (t == SyntheticSpec.Task.LONG_ORDER) {
                s = s.withRetention(retentionMin != null ? retentionMin : base.retentionMinSeconds(),
                        retentionMax != null ? retentionMax : base.retentionMaxSeconds());
            }
        } catch (IllegalArgumentException e) {
            throw new SpikeportException("invalid synthetic dataset option: " + e.getMessage());
        }
        Path trainFile = out.resolve("train.h5");
        Path testFile = out.resolve("test.h5");
        for (Path f : List.of(trainFile, testFile)) {
            if (Files.exists(f) && !force) {
                throw new SpikeportException(f + ": already exists; use --force to overwrite it");
            }
        }
        SyntheticDataset data = new SyntheticDataset(s);
        PrintWriter err = spec.commandLine().getErr();
        write(err, data, SyntheticDataset.Split.TRAIN, trainFile);
        write(err, data, SyntheticDataset.Split.TEST, testFile);

        PrintWriter o = spec.commandLine().getOut();
        boolean longOrder = t == SyntheticSpec.Task.LONG_ORDER;
        if (json.enabled()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("train", trainFile.toString());
            r.put("test", testFile.toString());
            r.put("train_samples", train);
            r.put("test_samples", test);
            r.put("classes", data.classNames());
            r.put("input_channels", data.inputChannels());
            r.put("duration_s", s.durationSeconds());
            r.put("seed", seed);
            if (longOrder) {
                r.put("task", t.id());
                r.put("cue_words", data.wordNames());
                r.put("retention_s", List.of(s.retentionMinSeconds(), s.retentionMaxSeconds()));
            }
            o.println(Json.write(r));
        } else {
            o.printf("wrote %s (%d samples) and %s (%d samples): %d classes over %d input units, %.2f s each, seed %d%n",
                    trainFile, train, testFile, test, s.classes(), data.inputChannels(), s.durationSeconds(), seed);
            if (longOrder) {
                o.printf(Locale.ROOT, "task long-order: class = (second cue word - first cue word) mod %d; cue words %s;"
                        + " retention %.2f-%.2f s%n", s.classes(), String.join(" ", data.wordNames()),
                        s.retentionMinSeconds(), s.retentionMaxSeconds());
            }
        }
        o.flush();
        return 0;
    }

    private static void write(PrintWriter err, SyntheticDataset data, SyntheticDataset.Split split, Path file) {
        int n = data.size(split);
        Progress p = new Progress(err, "generating " + file.getFileName(), n);
        List<SpikeRecording> samples = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            samples.add(data.sample(split, i));
            p.update(i + 1);
        }
        FlatDatasetWriter.write(file, samples, data.classNames(), data.inputChannels());
        p.finish();
    }
}
