package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.SpikeDataset;
import org.spikeport.core.data.SpikeDatasets;
import org.spikeport.core.files.AtomicFiles;
import org.spikeport.core.files.FileHashes;
import org.spikeport.core.ir.EpochMetrics;
import org.spikeport.core.ir.TimeConvention;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.json.Json;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.limits.ChipLimits;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.cli.spark.SparkBackend;
import org.spikeport.trainer.Architecture;
import org.spikeport.trainer.BatchGradients;
import org.spikeport.trainer.ChipTraining;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.Trainer;
import org.spikeport.trainer.TrainingListener;
import org.spikeport.trainer.data.BinnedSamples;
import org.spikeport.trainer.nn.Surrogate;
import org.spikeport.trainer.plots.TrainingPlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spikeport train}: learn weights and delays with DCLS. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Train weights and delays (DCLS feed-forward, DelRec recurrent) on a spike dataset.", "",
            "Train a spiking network with learned synaptic delays on a spike dataset: feed-forward delays "
                + "with DCLS (Gaussian kernels), recurrent delays with DelRec (triangular kernels), or both. "
                + "model.pb is written after every epoch, with a checkpoint for --resume, a per-epoch metrics file "
                + "(<model>.metrics.jsonl) and, at the end, plots beside the model (curves, delay histograms, "
                + "kernels). Accuracy is measured with rounded integer delays, the "
                + "network that will be deployed; the accuracy with the training kernels is reported beside it."},
        footer = {"", "Presets: shd, ssc, gsc (the DCLS paper's hyper-parameters), small (the synthetic demo),",
            "delrec-shd, delrec-ssc (DelRec's published configurations) and delrec-small (DelRec's ~10 k-parameter",
            "study: 140-42-42-20, layer 2 recurrent). Every option below defaults to the preset's value.",
            "Ablations: --delays none|fixed-random, --sigma constant, --train-weights false, --fan-in K,",
            "--recurrent-delays fixed-random|none (none: vanilla recurrence, lag 1; weight, bias and BatchNorm",
            "gradients are then clipped to [-1, 1] as DelRec does, unless --grad-clip says otherwise).",
            "Add recurrence to any preset with --recurrent 2 (hidden layer 2) or --recurrent 1,2."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    SparkOption spark;

    @Option(names = "--data", required = true, paramLabel = "DIR|FILE.h5",
            description = "Training data: a dataset file, or a directory with train.h5 (and test.h5, valid.h5 when present).")
    Path data;

    @Option(names = "--test", paramLabel = "FILE.h5", description = "Test data (default: test.h5 beside the training data, if any).")
    Path test;

    @Option(names = "--validation", paramLabel = "FILE.h5",
            description = "Validation data used to select the best epoch (default: valid.h5 in the data directory, if any).")
    Path validation;

    @Option(names = "--config", paramLabel = "NAME",
            description = "Preset: shd, ssc, gsc, small, delrec-shd, delrec-ssc or delrec-small (default: ${DEFAULT-VALUE}).")
    String preset = "small";

    @Option(names = "--out", paramLabel = "FILE", description = "Model file to write (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("model.pb");

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the preset's).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Batch size (default: the preset's).")
    Integer batchSize;

    @Option(names = "--hidden", paramLabel = "N[,N...]", split = ",", description = "Hidden layer sizes (default: the preset's).")
    int[] hidden;

    @Option(names = "--max-delay", paramLabel = "STEPS",
            description = "Largest feed-forward delay in steps, Td - 1; 0 = a plain linear map (default: the preset's).")
    Integer maxDelay;

    @Option(names = "--tau", paramLabel = "STEPS", description = "LIF time constant in steps (default: the preset's).")
    Double tau;

    @Option(names = "--dropout", paramLabel = "P", description = "Dropout probability (default: the preset's).")
    Double dropout;

    @Option(names = "--max-lr-weights", paramLabel = "LR", description = "Peak of the one-cycle schedule (default: the preset's).")
    Double maxLrWeights;

    @Option(names = "--lr-delays", paramLabel = "LR", description = "Learning rate of delays (default: the preset's).")
    Double lrDelays;

    @Option(names = "--weight-decay", paramLabel = "L2", description = "Weight decay of synaptic weights (default: the preset's).")
    Double weightDecay;

    @Option(names = "--dt", paramLabel = "MS", description = "Time step in ms (default: the preset's).")
    Double dtMs;

    @Option(names = "--group", paramLabel = "N", description = "Input units summed into one channel (default: the preset's).")
    Integer group;

    @Option(names = "--input-units", paramLabel = "N", description = "Input units of the dataset (default: the preset's, 700).")
    Integer inputUnits;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--delays", paramLabel = "MODE", description = "Feed-forward delays: learned, fixed-random or none "
            + "(default: the preset's). 'none' on a preset with delays enlarges the hidden layers to the same parameter count.")
    String delays;

    @Option(names = "--sigma", paramLabel = "MODE", description = "decreasing or constant (default: ${DEFAULT-VALUE}).")
    String sigma = "decreasing";

    @Option(names = "--train-weights", paramLabel = "BOOL", arity = "1",
            description = "false trains the delays only (default: ${DEFAULT-VALUE}).")
    boolean trainWeights = true;

    @Option(names = "--fan-in", paramLabel = "K", description = "Keep K random inputs per neuron; 0 = dense (default: ${DEFAULT-VALUE}).")
    int fanIn = 0;

    @Option(names = "--recurrent", paramLabel = "L[,L...]|none", split = ",",
            description = "Hidden layers (1-based) with recurrent synapses, or none (default: the preset's).")
    String[] recurrent;

    @Option(names = "--recurrent-delays", paramLabel = "MODE",
            description = "Recurrent delays: learned, fixed-random or none (vanilla recurrence, lag 1) (default: the preset's).")
    String recurrentDelays;

    @Option(names = "--recurrent-kind", paramLabel = "KIND",
            description = "axonal (one delay per presynaptic neuron) or synaptic (one per synapse) (default: the preset's).")
    String recurrentKind;

    @Option(names = "--recurrent-width", paramLabel = "MODE",
            description = "Recurrent kernel width: fixed (1 + sigma) or learned (1 + 2 sigma sigmoid(p) per neuron) "
                    + "(default: the preset's).")
    String recurrentWidth;

    @Option(names = "--recurrent-init", paramLabel = "uniform:LO:HI|half-normal:S",
            description = "How recurrent delays are drawn, in steps (default: the preset's, or uniform:10:30).")
    String recurrentInit;

    @Option(names = "--recurrent-dropout", paramLabel = "P",
            description = "Recurrent dropout, one mask per sequence (default: the preset's).")
    Double recurrentDropout;

    @Option(names = "--recurrent-sigma", paramLabel = "S",
            description = "Recurrent kernel width parameter in epoch 0, decaying as sigma * 0.95^(100 e / epochs) "
                    + "(default: the preset's, 10).")
    Double recurrentSigma;

    @Option(names = "--reset", paramLabel = "MODE", description = "Hidden neurons' reset: zero or subtract (default: the preset's).")
    String reset;

    @Option(names = "--surrogate", paramLabel = "NAME", description = "Surrogate gradient: atan or triangle (default: the preset's).")
    String surrogate;

    @Option(names = "--bias", paramLabel = "BOOL", arity = "1",
            description = "A learned bias after every feed-forward map (default: the preset's).")
    Boolean bias;

    @Option(names = "--batch-norm", paramLabel = "BOOL", arity = "1",
            description = "BatchNorm in the hidden layers (default: the preset's).")
    Boolean batchNorm;

    @Option(names = "--readout", paramLabel = "KIND",
            description = "lif (leaky membrane, summed softmax) or linear (current summed over time) (default: the preset's).")
    String readout;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "adam or adamw (default: the preset's).")
    String optimizer;

    @Option(names = "--delay-schedule", paramLabel = "NAME",
            description = "Learning-rate schedule of the delays: cosine or one-cycle (default: the preset's).")
    String delaySchedule;

    @Option(names = "--grad-clip", paramLabel = "G",
            description = "Clip weight, bias and BatchNorm gradients to [-G, G]; 0 = off (default: the preset's).")
    Double gradClip;

    @Option(names = "--binning", paramLabel = "NAME",
            description = "floor: step = floor(t / dt); reference: the reference loader's dt windows, each anchored at "
                    + "the next event, empty time skipped. Recorded in the model (default: ${DEFAULT-VALUE}).")
    String binningName = Binning.Mode.FLOOR.id();

    @Option(names = "--time-convention", paramLabel = "NAME",
            description = "How the per-epoch test and validation scores run: spikeport (every layer to T + L*(Td-1)/2) "
                    + "or reference (layer l cut at T + l*(Td-1)/2). Training itself always pads as the reference. "
                    + "Recorded in the model (default: ${DEFAULT-VALUE}).")
    String timeConvention = TimeConvention.SPIKEPORT.id();

    @Option(names = "--for", paramLabel = "PROFILE",
            description = "Train inside this hardware profile's limits (a bundled name or a YAML file): its delay range, "
                    + "fan-in and, in the last quarter of the epochs, its weight precision; the model records it.")
    String forProfile;

    @Option(names = "--resume", description = "Continue an interrupted run from its checkpoint (<out>.ckpt), exactly.")
    boolean resume;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path trainFile = Files.isDirectory(data) ? data.resolve("train.h5") : data;
        Path testFile = test != null ? test : inDataDirectory("test.h5");
        Path validFile = validation != null ? validation : inDataDirectory("valid.h5");

        TrainConfig config;
        try {
            config = configure(TrainConfig.preset(preset));
        } catch (IllegalArgumentException e) {
            throw new SpikeportException("invalid training option: " + e.getMessage());
        }
        Binning.Mode mode;
        TimeConvention time;
        try {
            mode = Binning.Mode.of(binningName);
            time = TimeConvention.of(timeConvention);
        } catch (IllegalArgumentException e) {
            throw new SpikeportException("invalid training option: " + e.getMessage());
        }
        Binning binning = new Binning(config.dtMs() / 1000.0, config.groupSize(), config.inputUnits(), mode);
        BinnedSamples train = load(trainFile, binning, err);
        BinnedSamples testSamples = testFile == null ? null : load(testFile, binning, err);
        BinnedSamples validSamples = validFile == null ? null : load(validFile, binning, err);
        if (config.delays() == TrainConfig.DelayMode.NONE && TrainConfig.preset(preset).maxDelay() > 0) {
            config = config.withoutDelaysMatchingParameters(train.classes());
            err.println("no delays: hidden layers enlarged to " + Arrays.toString(config.hidden())
                    + " to match the parameter count");
        }
        ChipTraining chip = null;
        if (forProfile != null && spark.enabled()) {
            throw new SpikeportException("--for trains in one process; leave out --spark or --for");
        }
        if (forProfile != null) {
            ChipLimits limits = ChipLimits.of(HardwareProfiles.resolve(forProfile));
            try {
                config = ChipTraining.fit(config, limits);
            } catch (IllegalArgumentException e) {
                throw new SpikeportException("--for " + forProfile + ": " + e.getMessage());
            }
            chip = new ChipTraining(limits, null, config.epochs() - Math.max(1, config.epochs() / 4));
            err.println(describe(limits, config, chip));
        }
        String fingerprint = FileHashes.sha256(trainFile);
        err.printf(Locale.ROOT, "training %s: %d samples, %d classes, %d parameters, %d epochs%n", config.name(),
                train.size(), train.classes(), config.parameters(train.classes()), config.epochs());
        Trainer.Data d = new Trainer.Data(train, testSamples, validSamples, fingerprint, mode, time);
        if (!spark.enabled()) {
            return run(spec, json.enabled(), config, d, out, resume, chip);
        }
        try (SparkBackend.Cluster cluster = spark.connect("spikeport train " + config.name())) {
            BatchGradients gradients = cluster.gradients(config, train);
            err.printf(Locale.ROOT, "data-parallel on Spark %s: each batch split into %d parts%n", cluster.master(),
                    Math.min(cluster.parallelism(), config.batchSize()));
            int code = run(spec, json.enabled(), config, d, out, resume, null, gradients);
            SparkBackend.Traffic t = cluster.traffic();
            err.printf(Locale.ROOT, "Spark traffic: %d steps, %d jobs; per step %.1f kB parameters out, %.1f kB tasks out, "
                    + "%.1f kB sums and gradients back%n", t.steps(), t.rounds(), kb(t.broadcastBytes(), t.steps()),
                    kb(t.taskBytes(), t.steps()), kb(t.resultBytes(), t.steps()));
            return code;
        }
    }

    private static double kb(long bytes, long steps) {
        return bytes / 1000.0 / Math.max(1, steps);
    }

    /** One line on how a run is kept inside a chip's limits. */
    static String describe(ChipLimits limits, TrainConfig config, ChipTraining chip) {
        return String.format(Locale.ROOT, "training for profile %s: feed-forward delays 0..%d, recurrent lags %d..%s, "
                        + "fan-in %s, the chip's precision from epoch %d of %d", limits.profile(),
                limits.feedForwardDelay(config.maxDelay()), limits.minLag(),
                limits.maxLag() == null ? "unbounded" : limits.maxLag().toString(),
                config.fanIn() == 0 ? "dense" : config.fanIn() + " per neuron", chip.quantizeFrom() + 1, config.epochs());
    }

    /**
     * Runs {@code config} on {@code data} into {@code out} ({@link Trainer}; {@code chip} may be null), writes the
     * metrics file and the plots, and prints the result through {@code spec}'s writers; returns the exit code.
     */
    static int run(CommandSpec spec, boolean json, TrainConfig config, Trainer.Data data, Path out, boolean resume,
                   ChipTraining chip) {
        return run(spec, json, config, data, out, resume, chip, BatchGradients.LOCAL);
    }

    /** {@link #run(CommandSpec, boolean, TrainConfig, Trainer.Data, Path, boolean, ChipTraining)} with each batch's gradient from {@code gradients}. */
    static int run(CommandSpec spec, boolean json, TrainConfig config, Trainer.Data data, Path out, boolean resume,
                   ChipTraining chip, BatchGradients gradients) {
        PrintWriter err = spec.commandLine().getErr();
        String commandLine = CommandLines.of(spec);
        Path metricsFile = out.resolveSibling(out.getFileName() + ".metrics.jsonl");
        Listener listener = new Listener(err, config.epochs(), data.train().size(), config.maxDelay() > 0);
        Trainer trainer = new Trainer(config, data, out, VersionProvider.version(), commandLine, new TrainingListener() {
                    @Override
                    public void batch(int epoch, int done, int total, double rate, double loss, double accuracy) {
                        listener.batch(epoch, done, rate, loss, accuracy);
                    }

                    @Override
                    public void epoch(int epoch, Map<String, Double> metrics, boolean selected) {
                        listener.epoch(epoch, metrics);
                    }

                    @Override
                    public void note(String message) {
                        err.println(message);
                    }
                }, chip).gradients(gradients);
        TrainedModel model = trainer.run(resume);
        writeMetrics(metricsFile, model.metrics());
        List<Path> plots = TrainingPlots.write(model, out);

        PrintWriter o = spec.commandLine().getOut();
        Map<String, Double> last = model.metrics().get(model.metrics().size() - 1).values();
        if (json) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("model", out.toString());
            r.put("metrics_file", metricsFile.toString());
            r.put("plots", plots.stream().map(Path::toString).toList());
            r.put("config", model.config());
            r.put("selected_epoch", Integer.parseInt(model.config().get("epoch")));
            r.put("final", last);
            o.println(Json.write(r));
        } else {
            boolean kernels = last.containsKey("test_accuracy_float");
            o.printf(Locale.ROOT, "wrote %s (epoch %s): test accuracy %s with rounded delays%s%s%n",
                    out, model.config().get("epoch"), percent(last.get("test_accuracy")),
                    kernels ? ", " + percent(last.get("test_accuracy_float")) + " with the training kernels" : "",
                    chip == null ? "" : " (" + (kernels ? "both " : "") + "at profile " + chip.limits().profile()
                            + "'s precision)");
            o.printf("metrics in %s; plots: %s%n", metricsFile,
                    String.join(", ", plots.stream().map(p -> p.getFileName().toString()).toList()));
        }
        o.flush();
        return 0;
    }

    /** Feed-forward delay range a delay-less preset gets when delays are asked for without --max-delay. */
    private static final int DEFAULT_MAX_DELAY = 24;

    private TrainConfig configure(TrainConfig p) {
        TrainConfig.DelayMode mode;
        if (delays != null) {
            mode = Choices.of("delays", delays, TrainConfig.DelayMode.class);
        } else if (p.delays() == TrainConfig.DelayMode.NONE && maxDelay != null && maxDelay > 0) {
            mode = TrainConfig.DelayMode.LEARNED;
        } else {
            mode = p.delays();
        }
        TrainConfig.SigmaMode sigmaMode = Choices.of("sigma", sigma, TrainConfig.SigmaMode.class);
        int delay = mode == TrainConfig.DelayMode.NONE ? 0
                : maxDelay != null ? maxDelay : p.maxDelay() > 0 ? p.maxDelay() : DEFAULT_MAX_DELAY;
        return new TrainConfig(p.name(), hidden != null ? hidden : p.hidden(), delay, tau != null ? tau : p.tau(),
                epochs != null ? epochs : p.epochs(), batchSize != null ? batchSize : p.batchSize(),
                dropout != null ? dropout : p.dropout(), p.lrWeights(),
                maxLrWeights != null ? maxLrWeights : p.maxLrWeights(),
                weightDecay != null ? weightDecay : p.weightDecay(),
                lrDelays != null ? lrDelays : p.lrDelays(), mode, sigmaMode, trainWeights, fanIn,
                dtMs != null ? dtMs : p.dtMs(), group != null ? group : p.groupSize(),
                inputUnits != null ? inputUnits : p.inputUnits(), seed, architecture(p.architecture()));
    }

    private Architecture architecture(Architecture a) {
        Architecture.Recurrent r = a.recurrent();
        int[] layers = r.layers();
        if (recurrent != null) {
            layers = recurrent.length == 1 && recurrent[0].trim().equalsIgnoreCase("none") ? new int[0]
                    : Arrays.stream(recurrent).mapToInt(v -> integer("recurrent", v)).sorted().distinct().toArray();
        }
        Architecture.RecurrentDelays recDelays = recurrentDelays != null
                ? Choices.of("recurrent-delays", recurrentDelays, Architecture.RecurrentDelays.class) : r.delays();
        Architecture.DelayInit init = r.init();
        double initA = r.initA();
        double initB = r.initB();
        if (recurrentInit != null) {
            String[] parts = recurrentInit.trim().toLowerCase(Locale.ROOT).split(":");
            init = Choices.of("recurrent-init", parts[0], Architecture.DelayInit.class);
            int expected = init == Architecture.DelayInit.UNIFORM ? 3 : 2;
            if (parts.length != expected) {
                throw new IllegalArgumentException("recurrent-init must be uniform:LO:HI or half-normal:SCALE, got '"
                        + recurrentInit + "'");
            }
            initA = number("recurrent-init", parts[1]);
            initB = expected == 3 ? number("recurrent-init", parts[2]) : 0;
        }
        Architecture.Recurrent rec = new Architecture.Recurrent(layers, recDelays,
                recurrentKind != null ? Choices.of("recurrent-kind", recurrentKind, Recurrence.Kind.class) : r.kind(),
                recurrentWidth != null ? Choices.of("recurrent-width", recurrentWidth, Width.class) == Width.LEARNED
                        : r.learnedWidth(),
                init, initA, initB, recurrentDropout != null ? recurrentDropout : r.dropout(),
                recurrentSigma != null ? recurrentSigma : r.sigma0(), r.sigmaDecay());
        double clip = gradClip != null ? gradClip
                : recDelays == Architecture.RecurrentDelays.NONE && rec.any() ? VANILLA_GRAD_CLIP : a.gradClip();
        return new Architecture(bias != null ? bias : a.bias(), batchNorm != null ? batchNorm : a.batchNorm(),
                a.dropoutAt(), reset != null ? Choices.of("reset", reset, ResetMode.class) : a.reset(),
                surrogate != null ? Choices.of("surrogate", surrogate, Surrogate.class) : a.surrogate(), a.weightInit(),
                readout != null ? Choices.of("readout", readout, Architecture.Readout.class) : a.readout(),
                optimizer != null ? Choices.of("optimizer", optimizer, Architecture.Optimizer.class) : a.optimizer(),
                delaySchedule != null ? Choices.of("delay-schedule", delaySchedule, Architecture.Schedule.class)
                        : a.delaySchedule(), clip, rec);
    }

    /** Gradient clipping DelRec applies to its vanilla recurrent network (its SHD trainer). */
    private static final double VANILLA_GRAD_CLIP = 1.0;

    private enum Width {
        FIXED,
        LEARNED
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be layer numbers or none, got '" + value + "'");
        }
    }

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs numbers, got '" + value + "'");
        }
    }

    /** {@code name} in the data directory when {@code --data} is a directory holding it, else null. */
    private Path inDataDirectory(String name) {
        Path p = data.resolve(name);
        return Files.isDirectory(data) && Files.exists(p) ? p : null;
    }

    static BinnedSamples load(Path file, Binning binning, PrintWriter err) {
        try (SpikeDataset d = SpikeDatasets.open(file)) {
            Progress p = new Progress(err, "reading " + file.getFileName(), d.size());
            BinnedSamples s = BinnedSamples.load(d, binning, p::update);
            p.finish();
            return s;
        }
    }

    static void writeMetrics(Path file, List<EpochMetrics> metrics) {
        StringBuilder sb = new StringBuilder();
        for (EpochMetrics e : metrics) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("epoch", e.epoch());
            line.putAll(e.values());
            sb.append(Json.write(line).replaceAll("\\s*\\n\\s*", " ")).append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String percent(Double v) {
        return v == null || v.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.2f %%", 100 * v);
    }

    /** Draws one progress line per epoch and prints each epoch's summary. */
    private static final class Listener {
        private final PrintWriter err;
        private final int epochs;
        private final int samples;
        private final boolean delays;
        private final List<Progress> bars = new ArrayList<>();

        Listener(PrintWriter err, int epochs, int samples, boolean delays) {
            this.err = err;
            this.epochs = epochs;
            this.samples = samples;
            this.delays = delays;
        }

        void batch(int epoch, int done, double rate, double loss, double accuracy) {
            while (bars.size() <= epoch) {
                bars.add(null);
            }
            if (bars.get(epoch) == null) {
                bars.set(epoch, new Progress(err, String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs), samples));
            }
            bars.get(epoch).update(done, String.format(Locale.ROOT, "%.0f samples/s loss %.4f acc %.3f", rate, loss, accuracy));
        }

        void epoch(int epoch, Map<String, Double> m) {
            Progress bar = epoch < bars.size() ? bars.get(epoch) : null;
            if (bar != null) {
                bar.finish();
            }
            StringBuilder widths = new StringBuilder();
            if (delays) {
                widths.append(String.format(Locale.ROOT, ", sigma %.3f", m.get("sigma")));
            }
            if (m.containsKey("recurrent_sigma")) {
                widths.append(String.format(Locale.ROOT, ", recurrent sigma %.3f", m.get("recurrent_sigma")));
            }
            String test = !m.containsKey("test_accuracy") ? ""
                    : ", test " + percent(m.get("test_accuracy")) + " (rounded delays)"
                            + (m.containsKey("test_accuracy_float")
                                    ? " / " + percent(m.get("test_accuracy_float")) + " (training kernels)" : "");
            err.printf(Locale.ROOT, "epoch %d/%d: loss %.4f, train %s%s%s%n", epoch + 1, epochs, m.get("train_loss"),
                    percent(m.get("train_accuracy")), test, widths);
            err.flush();
        }
    }
}
