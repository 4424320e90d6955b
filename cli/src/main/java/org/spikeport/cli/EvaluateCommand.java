package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.SpikeDataset;
import org.spikeport.core.data.SpikeDatasets;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.TimeConvention;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.json.Json;
import org.spikeport.trainer.DelayNetwork;
import org.spikeport.trainer.Evaluation;
import org.spikeport.trainer.data.BinnedSamples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spikeport evaluate}: accuracy of a trained model on a dataset. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Score a trained model on a dataset (rounded delays).", "",
            "Score a trained model on a dataset: accuracy with rounded integer delays (the network "
                + "that will be deployed; every report uses it), accuracy with the kernels of the last "
                + "training epoch (Gaussian feed-forward kernels; for recurrent delays DelRec's triangles, "
                + "1 + sigma wide: the figure DelRec itself reports), and accuracy per class. Each sample runs "
                + "on its own length."})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The trained model (model.pb).")
    Path modelFile;

    @Option(names = "--data", required = true, paramLabel = "FILE.h5", description = "The dataset to score.")
    Path data;

    @Option(names = "--batch-size", paramLabel = "N", description = "Samples per batch (default: ${DEFAULT-VALUE}).")
    int batchSize = 128;

    @Option(names = "--predictions", paramLabel = "FILE.csv",
            description = "Write each sample's decision with rounded delays as CSV, replacing an existing file: "
                    + "sample,label,prediction,score_0..score_{C-1} (scores: the readout's summed softmax or plain "
                    + "sum over the sample's steps, as the decision ranks them; the format of 'replay --predictions').")
    Path predictions;

    @Option(names = "--time-convention", paramLabel = "NAME",
            description = "spikeport: every layer runs to T + L*(Td-1)/2 steps; reference: layer l's output is cut at "
                    + "T + l*(Td-1)/2 steps, as the reference code (default: the model's recorded convention).")
    String timeConvention;

    @Option(names = "--binning", paramLabel = "NAME",
            description = "floor: step = floor(t / dt); reference: the reference loader's dt windows, each anchored "
                    + "at the next event, empty time skipped (default: the model's recorded binning).")
    String binningName;

    @Option(names = "--padding", paramLabel = "NAME",
            description = "sample: each sample is scored on its own length; batch: on its batch's longest length "
                    + "(batches of --batch-size in the file's order, zero-padded), as the reference code evaluates "
                    + "(default: ${DEFAULT-VALUE}).")
    String paddingName = Evaluation.Padding.SAMPLE.id();

    @Override
    public Integer call() {
        if (batchSize < 1) {
            throw new SpikeportException("--batch-size must be >= 1, got " + batchSize);
        }
        TrainedModel model = ModelFiles.readTrained(modelFile);
        TimeConvention time;
        Binning.Mode mode;
        Evaluation.Padding padding;
        try {
            time = TimeConvention.of(timeConvention != null ? timeConvention : model.timeConvention().id());
            mode = Binning.Mode.of(binningName != null ? binningName : model.binning());
            padding = Evaluation.Padding.of(paddingName);
        } catch (IllegalArgumentException e) {
            throw new SpikeportException("invalid option: " + e.getMessage());
        }
        Binning binning = new Binning(model.network().dtMs() / 1000.0, model.groupSize(), model.inputUnits(), mode);
        PrintWriter err = spec.commandLine().getErr();
        BinnedSamples read;
        List<String> names;
        try (SpikeDataset d = SpikeDatasets.open(data)) {
            if (d.classes() > model.network().outputs()) {
                throw new SpikeportException(data + ": has " + d.classes() + " classes, the model has "
                        + model.network().outputs() + " outputs");
            }
            Progress p = new Progress(err, "reading " + data.getFileName(), d.size());
            read = BinnedSamples.load(d, binning, p::update);
            p.finish();
            names = d.classNames();
        }
        BinnedSamples samples = model.inputCountLimit() == null ? read : read.clipped(model.inputCountLimit());
        if (model.inputCountLimit() != null) {
            err.println("input counts limited to " + model.inputCountLimit() + " per channel and step, as the model was "
                    + "trained (for " + model.trainedFor() + ")");
        }
        DelayNetwork net;
        try {
            net = DelayNetwork.fromModel(model.network(), DataType.FLOAT);
        } catch (IllegalArgumentException e) {
            throw new SpikeportException(modelFile + ": cannot be evaluated: " + e.getMessage());
        }
        double sigma = model.network().sigma();
        Progress p = new Progress(err, "evaluating", 2L * samples.size());
        Evaluation rounded = Evaluation.of(net, samples, sigma, true, batchSize, DataType.FLOAT, time, padding,
                p::update);
        Evaluation gaussian = Evaluation.of(net, samples, sigma, false, batchSize, DataType.FLOAT, time, padding,
                done -> p.update(samples.size() + done));
        p.finish();

        if (predictions != null) {
            int[] labels = new int[samples.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = samples.label(i);
            }
            PredictionsCsv.write(predictions, model.network().outputs(), labels, rounded.predictions(), rounded.scores());
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json.enabled()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("model", modelFile.toString());
            r.put("data", data.toString());
            r.put("samples", samples.size());
            r.put("time_convention", time.id());
            r.put("padding", padding.id());
            r.put("binning", mode.id());
            r.put("trained_with", Map.of("time_convention", model.timeConvention().id(), "binning", model.binning()));
            r.put("accuracy", rounded.accuracy());
            r.put("accuracy_float", gaussian.accuracy());
            if (net.recurrent()) {
                r.put("recurrent_kernel_width", 1 + net.recurrentSigma());
            }
            r.put("loss", rounded.loss());
            Map<String, Object> perClass = new LinkedHashMap<>();
            for (int c = 0; c < rounded.perClassAccuracy().length; c++) {
                perClass.put(c < names.size() ? names.get(c) : Integer.toString(c), rounded.perClassAccuracy()[c]);
            }
            r.put("per_class_accuracy", perClass);
            r.put("predictions", Arrays.stream(rounded.predictions()).boxed().toList());
            List<Integer> labels = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                labels.add(samples.label(i));
            }
            r.put("labels", labels);
            o.println(Json.write(r));
        } else {
            o.printf(Locale.ROOT, "%s on %s (%d samples)%n", modelFile, data, samples.size());
            o.printf(Locale.ROOT, "  time convention %s, binning %s (%s)%n", time.id(), mode.id(),
                    conventionSource(model, time, mode));
            if (padding == Evaluation.Padding.BATCH) {
                o.printf(Locale.ROOT, "  padding batch: each sample scored on its batch's longest length (batches of %d "
                        + "in file order)%n", batchSize);
            }
            o.printf(Locale.ROOT, "  accuracy, rounded delays    %s%n", TrainCommand.percent(rounded.accuracy()));
            List<String> kernels = new ArrayList<>();
            if (model.network().maxDelay() > 0) {
                kernels.add(String.format(Locale.ROOT, "Gaussian sigma %.3f", sigma));
            }
            if (net.recurrent()) {
                kernels.add(String.format(Locale.ROOT, "recurrent triangles 1 + %.3f wide, the figure DelRec reports",
                        net.recurrentSigma()));
            }
            o.printf(Locale.ROOT, "  accuracy, training kernels  %s%s%n", TrainCommand.percent(gaussian.accuracy()),
                    kernels.isEmpty() ? "" : " (" + String.join("; ", kernels) + ")");
            for (int c = 0; c < rounded.perClassAccuracy().length; c++) {
                o.printf(Locale.ROOT, "    %-20s %s%n", c < names.size() ? names.get(c) : Integer.toString(c),
                        TrainCommand.percent(rounded.perClassAccuracy()[c]));
            }
            if (predictions != null) {
                o.printf(Locale.ROOT, "wrote %s%n", predictions);
            }
        }
        o.flush();
        return 0;
    }

    /** Where the conventions in use came from: the model's record, or options that differ from it. */
    private String conventionSource(TrainedModel model, TimeConvention time, Binning.Mode mode) {
        String trained = "the model was trained with time convention " + model.timeConvention().id() + ", binning "
                + model.binning();
        if (time == model.timeConvention() && mode.id().equals(model.binning())) {
            return timeConvention == null && binningName == null ? "the model's, by default" : trained;
        }
        return "options; " + trained;
    }
}
