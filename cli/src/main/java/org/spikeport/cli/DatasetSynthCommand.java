package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
                + "Seeded and deterministic: the same options always write the same samples."})
public final class DatasetSynthCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write train.h5 and test.h5 into (created if missing).")
    Path out;

    @Option(names = "--classes", paramLabel = "N", description = "Number of classes (default: ${DEFAULT-VALUE}).")
    int classes = SyntheticSpec.defaults().classes();

    @Option(names = "--groups", paramLabel = "G", description = "Unit groups whose order in time makes a class; G! must be >= classes and 700 units must split into G groups of whole 5-unit channels (2, 4, 5, 7, 10, 14, 20; default: ${DEFAULT-VALUE}).")
    int groups = SyntheticSpec.defaults().groups();

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
        SyntheticSpec s;
        try {
            s = SyntheticSpec.defaults().withClasses(classes, groups).withSamples(train, test).withSeed(seed);
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
            o.println(Json.write(r));
        } else {
            o.printf("wrote %s (%d samples) and %s (%d samples): %d classes over %d input units, %.2f s each, seed %d%n",
                    trainFile, train, testFile, test, classes, data.inputChannels(), s.durationSeconds(), seed);
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
