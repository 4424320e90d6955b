package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.Binning;
import org.spikeport.core.files.FileHashes;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.limits.ChipLimits;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.trainer.ChipTraining;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.Trainer;
import org.spikeport.trainer.data.BinnedSamples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spikeport fine-tune}: a trained model trained on inside a chip's limits. */
@Command(
        name = "fine-tune",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Continue training a model inside a hardware profile's limits (delays, precision).", "",
            "Start from a trained model and train it on for a few epochs inside a hardware profile's limits: "
                + "delays clamped to the chip's range after every step, BatchNorm at its running statistics, and every "
                + "forward pass computing with the weights and biases the chip's exporter deploys (its own rounding "
                + "rule), the gradient passing straight through to the float weights. The model keeps its "
                + "architecture and records the profile; export it to that target."},
        footer = {"", "Defaults: epochs a quarter of the model's (at least 1), the model's base weight learning rate "
                + "and a tenth of its delay learning rate, both constant. The test samples are scored after the last "
                + "epoch, with rounded delays."})
public final class FineTuneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The trained model (model.pb) to start from.")
    Path model;

    @Option(names = "--for", required = true, paramLabel = "PROFILE",
            description = "The hardware profile to fit: a bundled name or a YAML file.")
    String forProfile;

    @Option(names = "--data", required = true, paramLabel = "DIR|FILE.h5",
            description = "Training data: a dataset file, or a directory with train.h5 (and test.h5 when present).")
    Path data;

    @Option(names = "--test", paramLabel = "FILE.h5", description = "Test data (default: test.h5 beside the training data, if any).")
    Path test;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Model file to write.")
    Path out;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: a quarter of the model's, at least 1).")
    Integer epochs;

    @Option(names = "--lr-weights", paramLabel = "LR", description = "Constant learning rate of weights (default: the model's base rate).")
    Double lrWeights;

    @Option(names = "--lr-delays", paramLabel = "LR", description = "Constant learning rate of delays (default: a tenth of the model's).")
    Double lrDelays;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of shuffling and dropout (default: the model's).")
    Long seed;

    /** The share of the model's delay learning rate fine-tuning uses by default. */
    private static final double DELAY_LR_SHARE = 0.1;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (out.toAbsolutePath().normalize().equals(model.toAbsolutePath().normalize())) {
            throw new SpikeportException("--out " + out + ": is the model fine-tuning starts from; give another file");
        }
        TrainedModel start = ModelFiles.readTrained(model);
        ChipLimits limits = ChipLimits.of(HardwareProfiles.resolve(forProfile));
        TrainConfig base;
        try {
            base = TrainConfig.fromMap(new TreeMap<>(start.config()));
        } catch (IllegalArgumentException e) {
            throw new SpikeportException(model + ": " + e.getMessage() + "; fine-tune a model written by spikeport train");
        }
        TrainConfig config;
        try {
            config = new TrainConfig(base.name(), base.hidden(), base.maxDelay(), base.tau(),
                    epochs != null ? epochs : Math.max(1, base.epochs() / 4), base.batchSize(), base.dropout(),
                    lrWeights != null ? lrWeights : base.lrWeights(), base.maxLrWeights(), base.weightDecay(),
                    lrDelays != null ? lrDelays : base.lrDelays() * DELAY_LR_SHARE, base.delays(), base.sigma(),
                    base.trainWeights(), base.fanIn(), base.dtMs(), base.groupSize(), base.inputUnits(),
                    seed != null ? seed : base.seed(), base.architecture());
        } catch (IllegalArgumentException e) {
            throw new SpikeportException("invalid fine-tuning option: " + e.getMessage());
        }
        Integer fanIn = limits.fanIn();
        if (fanIn != null) {
            start.network().layers().forEach(l -> {
                int inputs = l.inputs() + (l.recurrent() == null ? 0 : l.recurrent().neurons());
                if (inputs > fanIn && (l.mask() == null || config.fanIn() == 0 || config.fanIn() > fanIn)) {
                    throw new SpikeportException(model + ": layer '" + l.name() + "' has " + inputs + " inputs per "
                            + "neuron, profile " + limits.profile() + " allows " + fanIn + "; train a new model with "
                            + "--for " + forProfile);
                }
            });
        }
        Path trainFile = Files.isDirectory(data) ? data.resolve("train.h5") : data;
        Path testFile = test != null ? test : Files.isDirectory(data) && Files.exists(data.resolve("test.h5"))
                ? data.resolve("test.h5") : null;
        Binning.Mode mode = Binning.Mode.of(start.binning());
        Binning binning = new Binning(config.dtMs() / 1000.0, config.groupSize(), config.inputUnits(), mode);
        BinnedSamples train = TrainCommand.load(trainFile, binning, err);
        BinnedSamples testSamples = testFile == null ? null : TrainCommand.load(testFile, binning, err);
        ChipTraining chip = new ChipTraining(limits, start.network(), 0);
        err.println(TrainCommand.describe(limits, config, chip));
        err.printf(Locale.ROOT, "fine-tuning %s: %d samples, %d epochs%n", model, train.size(), config.epochs());
        return TrainCommand.run(spec, json.enabled(), config, new Trainer.Data(train, testSamples, null,
                FileHashes.sha256(trainFile), mode, start.timeConvention()), out, false, chip);
    }
}
