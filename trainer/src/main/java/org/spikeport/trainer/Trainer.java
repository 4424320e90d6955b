package org.spikeport.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.Binning;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.EpochMetrics;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TimeConvention;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainingState;
import org.spikeport.trainer.data.Batch;
import org.spikeport.trainer.data.BinnedSamples;
import org.spikeport.trainer.optim.Adam;
import org.spikeport.trainer.optim.CosineAnnealing;
import org.spikeport.trainer.optim.OneCycle;
import org.spikeport.trainer.optim.SigmaSchedule;

/**
 * Trains a {@link DelayNetwork} as the reference code of DCLS (feed-forward delays) and of DelRec
 * (recurrent delays) does, epoch by epoch:
 *
 * <ul>
 *   <li>Adam or AdamW ({@link Architecture#optimizer()}) groups: synaptic weights, biases and recurrent
 *       weights (weight decay), BatchNorm parameters (no decay), both on the one-cycle schedule (learning
 *       rate and {@code beta1}); feed-forward delays and recurrent delays with their width parameters
 *       (two groups, no decay) on the architecture's delay schedule (cosine annealing or one-cycle); a
 *       group whose learning rate is 0 (an ablation) is not updated;
 *   <li>the Gaussian width follows the {@link SigmaSchedule}, the recurrent triangles' width DelRec's
 *       ({@link Architecture.Recurrent#sigma}); gradients are clipped when the architecture says so; delays
 *       are clamped after every step;
 *   <li>after each epoch the recurrent delays are rounded in place (DelRec's evaluation does this, so
 *       its training continues from rounded delays), the test (and validation) samples are scored with
 *       rounded delays ({@link Evaluation}; a fine-tuning run scores the test samples after its last epoch
 *       only, with rounded delays only), the selected model is written to the model file and a
 *       checkpoint beside it ({@code <model>.ckpt}), both atomically; the checkpoint is removed when the
 *       run completes.
 * </ul>
 *
 * Everything random in epoch {@code e} (sample order, dropout masks) is derived from
 * {@code (seed, e)}, and the checkpoint holds the float32 parameters, BatchNorm statistics and Adam
 * moments exactly, so a resumed run computes the same model as an uninterrupted one.
 *
 * <p>Model selection: with validation samples, the epoch with the best rounded-delay validation
 * accuracy; without, the last epoch (the SHD dataset has no validation split).
 */
public final class Trainer {

    /**
     * The data of a run: training samples, and optionally test and validation samples, binned with
     * {@code binning}; the per-epoch test and validation scores run under time convention {@code time}.
     * Both are recorded in the model's config ({@link TrainedModel#BINNING},
     * {@link TrainedModel#TIME_CONVENTION}).
     */
    public record Data(BinnedSamples train, BinnedSamples test, BinnedSamples validation, String fingerprint,
                       Binning.Mode binning, TimeConvention time) {

        /** Data binned by {@code floor(t / dt)}, scored under spikeport's time convention. */
        public Data(BinnedSamples train, BinnedSamples test, BinnedSamples validation, String fingerprint) {
            this(train, test, validation, fingerprint, Binning.Mode.FLOOR, TimeConvention.SPIKEPORT);
        }

        public Data {
            java.util.Objects.requireNonNull(binning, "binning");
            java.util.Objects.requireNonNull(time, "time");
        }
    }

    private static final DataType DTYPE = DataType.FLOAT;

    private final TrainConfig config;
    private final Data data;
    private final Path modelFile;
    private final String toolVersion;
    private final String commandLine;
    private final TrainingListener listener;
    private final ChipTraining chip;
    private Integer copies;
    private BatchGradients gradients = BatchGradients.LOCAL;

    public Trainer(TrainConfig config, Data data, Path modelFile, String toolVersion, String commandLine,
                   TrainingListener listener) {
        this(config, data, modelFile, toolVersion, commandLine, listener, null);
    }

    /**
     * A run kept inside a chip's limits ({@link ChipTraining}; {@code null} for none). The model records the
     * profile it was trained for ({@link TrainedModel#TRAINED_FOR}, {@link TrainedModel#TRAINED_FOR_SHA256}).
     */
    public Trainer(TrainConfig config, Data data, Path modelFile, String toolVersion, String commandLine,
                   TrainingListener listener, ChipTraining chip) {
        this.config = config;
        this.data = data;
        this.modelFile = modelFile;
        this.toolVersion = toolVersion;
        this.commandLine = commandLine;
        this.listener = listener;
        this.chip = chip;
    }

    /**
     * Computes each batch's gradient with {@code gradients} in place of {@link BatchGradients#LOCAL} (e.g.
     * data-parallel over a cluster); not with a chip's limits. Returns this trainer.
     */
    public Trainer gradients(BatchGradients gradients) {
        if (chip != null && gradients != BatchGradients.LOCAL) {
            throw new IllegalArgumentException("training for a chip computes its gradients in this process");
        }
        this.gradients = java.util.Objects.requireNonNull(gradients, "gradients");
        return this;
    }

    /** The checkpoint file of a model file: {@code <model>.ckpt} beside it. */
    public static Path checkpointOf(Path modelFile) {
        return modelFile.resolveSibling(modelFile.getFileName() + ".ckpt");
    }

    /**
     * Runs all epochs (or the remaining ones when {@code resume} and a checkpoint exists) and returns
     * the selected model, which is also in the model file. Sets ND4J's threads first ({@link Nd4jThreads}).
     */
    public TrainedModel run(boolean resume) {
        Nd4jThreads.applyConfigured();
        int classes = data.train().classes();
        Path ckpt = checkpointOf(modelFile);
        DelayNetwork net;
        Adam adam;
        int start;
        List<EpochMetrics> metrics = new ArrayList<>();
        TrainedModel selected = null;
        int selectedEpoch = -1;
        double selectedScore = Double.NEGATIVE_INFINITY;
        if (resume) {
            if (!Files.exists(ckpt)) {
                throw new SpikeportException(ckpt + ": no checkpoint to resume from (the run finished, or never "
                        + "completed an epoch); start without --resume");
            }
            TrainingState state = ModelFiles.readCheckpoint(ckpt);
            checkSameConfig(ckpt, state.current().config());
            net = DelayNetwork.resume(state.current().network(), config, DTYPE);
            adam = optimizer(net);
            restore(adam, state, ckpt);
            start = state.epochsDone();
            metrics.addAll(state.current().metrics());
            selected = state.selected();
            selectedEpoch = state.selectedEpoch();
            selectedScore = state.selectedScore();
            listener.note("resuming after epoch " + start + " of " + config.epochs() + " from " + ckpt);
        } else if (chip != null && chip.start() != null) {
            net = DelayNetwork.resume(chip.start(), config, DTYPE);
            net.clampDelays(chip.limits());
            adam = optimizer(net);
            start = 0;
        } else {
            net = DelayNetwork.create(config, classes, DTYPE);
            adam = optimizer(net);
            start = 0;
        }
        boolean fineTuning = chip != null && chip.start() != null;
        BinnedSamples train = data.train();
        BinnedSamples test = data.test();
        BinnedSamples validation = data.validation();
        copies = chip == null ? null : chip.inputCopies(net.toIR(config.dtMs(), 0));
        if (copies != null) {
            listener.note("input counts limited to " + copies + " spikes per channel and step, as the chip delivers them");
            train = train.clipped(copies);
            test = test == null ? null : test.clipped(copies);
            validation = validation == null ? null : validation.clipped(copies);
            if (fineTuning && start == 0) {
                recalibrate(net, train, chip.start().sigma());
                listener.note("BatchNorm statistics re-estimated on the limited counts");
            }
        }
        double startRecurrentSigma = net.recurrentSigma();
        if (data.validation() == null) {
            listener.note("no validation split: the model of the last epoch is kept (the SHD dataset has none; "
                    + "the paper reported its best test epoch)");
        }
        OneCycle oneCycle = OneCycle.of(config.maxLrWeights(), config.epochs());
        Architecture arch = config.architecture();
        boolean delaysOneCycle = arch.delaySchedule() == Architecture.Schedule.ONE_CYCLE;
        OneCycle delayCycle = OneCycle.of(Math.max(config.lrDelays(), Double.MIN_NORMAL), config.epochs());
        CosineAnnealing cosine = new CosineAnnealing(config.lrDelays(), 0, config.epochs());
        SigmaSchedule sigmas = fineTuning ? SigmaSchedule.constant(chip.start().sigma())
                : config.sigma() == TrainConfig.SigmaMode.CONSTANT ? SigmaSchedule.constant(SigmaSchedule.FLOOR)
                : SigmaSchedule.decreasing(config.sigma0(), config.epochs());
        boolean feedForwardDelays = config.delays() == TrainConfig.DelayMode.LEARNED && config.maxDelay() > 0;
        boolean recurrentDelays = arch.recurrent().delays() == Architecture.RecurrentDelays.LEARNED;

        for (int epoch = start; epoch < config.epochs(); epoch++) {
            double sigma = sigmas.sigma(epoch);
            double recurrentSigma = fineTuning ? startRecurrentSigma : arch.recurrent().sigma(epoch, config.epochs());
            Runnable restore = null;
            net.setRecurrentSigma(recurrentSigma);
            double lrWeights = !config.trainWeights() ? 0 : fineTuning ? config.lrWeights() : oneCycle.lr(epoch);
            double lrDelays = config.lrDelays() == 0 ? 0 : fineTuning ? config.lrDelays()
                    : delaysOneCycle ? delayCycle.lr(epoch) : cosine.lr(epoch);
            double delayBeta1 = delaysOneCycle && !fineTuning ? delayCycle.momentum(epoch) : 0.9;
            double weightBeta1 = fineTuning ? 0.9 : oneCycle.momentum(epoch);
            for (Adam.Group g : adam.groups()) {
                boolean delays = g.name().equals(DELAYS) || g.name().equals(RECURRENT_DELAYS);
                boolean learned = g.name().equals(DELAYS) ? feedForwardDelays : recurrentDelays;
                g.lr(delays ? (learned ? lrDelays : 0) : lrWeights);
                g.beta1(delays ? delayBeta1 : weightBeta1);
            }
            Map<String, Double> m = trainEpoch(net, adam, epoch, sigma, train);
            m.put("sigma", sigma);
            m.put("lr_weights", lrWeights);
            m.put("lr_delays", lrDelays);
            if (net.recurrent()) {
                m.put("recurrent_sigma", recurrentSigma);
                net.roundRecurrentDelays();
            }
            if (chip != null && chip.quantizes(epoch)) {
                restore = net.realise(chip.limits().quantizer());
            }
            if (test != null && (!fineTuning || epoch == config.epochs() - 1)) {
                Evaluation rounded = Evaluation.of(net, test, sigma, true, config.batchSize(), DTYPE, data.time(),
                        d -> { });
                m.put("test_accuracy", rounded.accuracy());
                m.put("test_loss", rounded.loss());
                if (!fineTuning) {
                    Evaluation gaussian = Evaluation.of(net, test, sigma, false, config.batchSize(), DTYPE,
                            data.time(), d -> { });
                    m.put("test_accuracy_float", gaussian.accuracy());
                }
            }
            double score = Double.NaN;
            if (validation != null) {
                score = Evaluation.of(net, validation, sigma, true, config.batchSize(), DTYPE, data.time(),
                        d -> { }).accuracy();
                m.put("validation_accuracy", score);
            }
            if (restore != null) {
                restore.run();
            }
            metrics.add(EpochMetrics.of(epoch, m));
            TrainedModel current = model(net, sigma, metrics, epoch);
            boolean pick = data.validation() == null || selected == null || score > selectedScore;
            if (pick) {
                selected = current;
                selectedEpoch = epoch;
                selectedScore = score;
            } else {
                selected = withMetrics(selected, metrics);
            }
            ModelFiles.write(modelFile, selected);
            if (epoch + 1 < config.epochs()) {
                ModelFiles.write(ckpt, new TrainingState(current, epoch + 1, save(adam), selected, selectedEpoch,
                        selectedScore));
            }
            listener.epoch(epoch, m, pick);
        }
        try {
            Files.deleteIfExists(ckpt);
        } catch (IOException e) {
            listener.note("could not remove the finished run's checkpoint " + ckpt + ": " + e.getMessage());
        }
        return selected;
    }

    private Map<String, Double> trainEpoch(DelayNetwork net, Adam adam, int epoch, double sigma, BinnedSamples train) {
        net.setTraining(true);
        boolean quantized = chip != null && chip.quantizes(epoch);
        if (quantized) {
            net.freezeBatchNorm();
        }
        net.reseedDropout(config.seed() * 1_000_003L + epoch);
        int[][] batches = BinnedSamples.batches(train.order(config.seed(), epoch, true), config.batchSize());
        double lossSum = 0;
        int right = 0;
        int done = 0;
        long startNanos = System.nanoTime();
        for (int[] indices : batches) {
            Runnable restore = quantized ? net.realise(chip.limits().quantizer()) : null;
            BatchGradients.Result r = gradients.compute(net, train, indices, sigma);
            clip(net);
            if (restore != null) {
                restore.run();
            }
            adam.step();
            if (chip != null) {
                net.clampDelays(chip.limits());
            } else {
                net.clampDelays();
            }
            lossSum += r.loss() * indices.length;
            right += r.right();
            done += indices.length;
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            listener.batch(epoch, done, train.size(), done / Math.max(seconds, 1e-9), lossSum / done,
                    (double) right / done);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("train_loss", lossSum / Math.max(1, done));
        m.put("train_accuracy", (double) right / Math.max(1, done));
        return m;
    }

    /**
     * One pass over {@code train} in training mode without steps: BatchNorm's running statistics follow the
     * currents of these samples ({@link org.spikeport.trainer.nn.BatchNormTime#MOMENTUM} per batch), as a
     * network that starts from statistics of other inputs needs before its BatchNorm is frozen.
     */
    private void recalibrate(DelayNetwork net, BinnedSamples train, double sigma) {
        net.setTraining(true);
        net.reseedDropout(config.seed() * 1_000_003L - 1);
        for (int[] indices : BinnedSamples.batches(train.order(config.seed(), -1, true), config.batchSize())) {
            Batch b = train.batch(indices);
            net.forwardTraining(Nd4j.create(b.data(), new long[] {b.steps(), b.size(), b.channels()}, 'c').castTo(DTYPE),
                    sigma);
        }
    }

    /** Clips every weight, bias and BatchNorm gradient to {@code [-gradClip, gradClip]} (when positive). */
    private void clip(DelayNetwork net) {
        double c = config.architecture().gradClip();
        if (c > 0) {
            for (INDArray g : net.weightGrads()) {
                Transforms.min(Transforms.max(g, -c, false), c, false);
            }
            for (INDArray g : net.normGrads()) {
                Transforms.min(Transforms.max(g, -c, false), c, false);
            }
        }
    }

    private static final String DELAYS = "delays";
    private static final String RECURRENT_DELAYS = "recurrent_delays";

    /**
     * Parameter groups: weights (with their biases and recurrent weights), BatchNorm, feed-forward delays,
     * and, for a network with recurrent synapses, recurrent delays with their width parameters. A DCLS
     * network has the first three, as checkpoints of earlier versions do. Learning rates are set per
     * epoch by {@link #run}.
     */
    private Adam optimizer(DelayNetwork net) {
        return optimizer(config, net);
    }

    /** The optimiser {@code config} trains {@code net} with (see {@link #optimizer(DelayNetwork)}'s groups). */
    public static Adam optimizer(TrainConfig config, DelayNetwork net) {
        Adam.WeightDecay decay = config.architecture().optimizer() == Architecture.Optimizer.ADAMW
                ? Adam.WeightDecay.DECOUPLED : Adam.WeightDecay.L2;
        List<Adam.Group> groups = new ArrayList<>();
        groups.add(new Adam.Group("weights", net.weights(), net.weightGrads(), config.lrWeights(), config.weightDecay(),
                decay));
        groups.add(new Adam.Group("batch_norm", net.normParams(), net.normGrads(), config.lrWeights(), 0, decay));
        groups.add(new Adam.Group(DELAYS, net.delays(), net.delayGrads(), config.lrDelays(), 0, decay));
        if (net.recurrent()) {
            groups.add(new Adam.Group(RECURRENT_DELAYS, net.recurrentDelays(), net.recurrentDelayGrads(),
                    config.lrDelays(), 0, decay));
        }
        return new Adam(groups);
    }

    private TrainedModel model(DelayNetwork net, double sigma, List<EpochMetrics> metrics, int epoch) {
        SortedMap<String, String> cfg = new TreeMap<>(config.toMap());
        cfg.put("epoch", Integer.toString(epoch));
        cfg.put(TrainedModel.TIME_CONVENTION, data.time().id());
        cfg.put(TrainedModel.BINNING, data.binning().id());
        if (chip != null) {
            cfg.put(TrainedModel.TRAINED_FOR, chip.limits().profile());
            cfg.put(TrainedModel.TRAINED_FOR_SHA256, chip.limits().sha256());
            if (copies != null) {
                cfg.put(TrainedModel.INPUT_COUNT_LIMIT, Integer.toString(copies));
            }
        }
        Provenance p = new Provenance(toolVersion, commandLine, config.seed(), data.fingerprint(), Instant.now(), "");
        return new TrainedModel(net.toIR(config.dtMs(), sigma), cfg, metrics, p);
    }

    private static TrainedModel withMetrics(TrainedModel m, List<EpochMetrics> metrics) {
        return new TrainedModel(m.network(), m.config(), metrics, m.provenance());
    }

    private void checkSameConfig(Path ckpt, SortedMap<String, String> saved) {
        SortedMap<String, String> now = config.toMap();
        now.put(TrainedModel.TIME_CONVENTION, data.time().id());
        now.put(TrainedModel.BINNING, data.binning().id());
        saved = new TreeMap<>(saved);
        saved.putIfAbsent(TrainedModel.TIME_CONVENTION, TimeConvention.SPIKEPORT.id());
        saved.putIfAbsent(TrainedModel.BINNING, Binning.Mode.FLOOR.id());
        for (Map.Entry<String, String> e : now.entrySet()) {
            String before = saved.get(e.getKey());
            if (!e.getValue().equals(before)) {
                throw new SpikeportException(ckpt + ": was written with " + e.getKey() + " = " + before
                        + ", this run has " + e.getValue() + "; resume with the same options");
            }
        }
        String savedFor = saved.get(TrainedModel.TRAINED_FOR);
        String nowFor = chip == null ? null : chip.limits().profile();
        if (!Objects.equals(savedFor, nowFor)) {
            throw new SpikeportException(ckpt + ": was written by a run " + (savedFor == null ? "without --for"
                    : "for profile " + savedFor) + ", this run has " + (nowFor == null ? "no --for" : "--for " + nowFor)
                    + "; resume with the same --for");
        }
        if (nowFor != null && !chip.limits().sha256().equals(saved.get(TrainedModel.TRAINED_FOR_SHA256))) {
            throw new SpikeportException(ckpt + ": was written for profile " + nowFor + " with file hash "
                    + saved.get(TrainedModel.TRAINED_FOR_SHA256) + ", the profile now has " + chip.limits().sha256()
                    + "; resume with the profile the run started with, or start again without --resume");
        }
    }

    private static List<TrainingState.OptimizerGroup> save(Adam adam) {
        List<TrainingState.OptimizerGroup> out = new ArrayList<>();
        for (Adam.Group g : adam.groups()) {
            out.add(new TrainingState.OptimizerGroup(g.name(), g.steps(), tensors(g.firstMoments()),
                    tensors(g.secondMoments())));
        }
        return out;
    }

    private static List<TrainingState.Tensor> tensors(List<INDArray> arrays) {
        List<TrainingState.Tensor> out = new ArrayList<>();
        for (INDArray a : arrays) {
            out.add(new TrainingState.Tensor(a.shape(), a.dup('c').reshape(-1).toFloatVector()));
        }
        return out;
    }

    private static void restore(Adam adam, TrainingState state, Path ckpt) {
        if (state.optimizer().size() != adam.groups().size()) {
            throw new SpikeportException(ckpt + ": has " + state.optimizer().size() + " optimizer groups, expected "
                    + adam.groups().size());
        }
        for (int i = 0; i < adam.groups().size(); i++) {
            Adam.Group g = adam.groups().get(i);
            TrainingState.OptimizerGroup s = state.optimizer().get(i);
            if (!g.name().equals(s.name()) || s.firstMoments().size() != g.firstMoments().size()) {
                throw new SpikeportException(ckpt + ": optimizer group " + i + " is '" + s.name() + "' with "
                        + s.firstMoments().size() + " parameters, expected '" + g.name() + "' with "
                        + g.firstMoments().size());
            }
            g.steps(s.steps());
            for (int k = 0; k < s.firstMoments().size(); k++) {
                assign(g.firstMoments().get(k), s.firstMoments().get(k), ckpt);
                assign(g.secondMoments().get(k), s.secondMoments().get(k), ckpt);
            }
        }
    }

    private static void assign(INDArray target, TrainingState.Tensor t, Path ckpt) {
        if (!java.util.Arrays.equals(target.shape(), t.shape())) {
            throw new SpikeportException(ckpt + ": optimizer state of shape " + java.util.Arrays.toString(t.shape())
                    + " does not fit a parameter of shape " + java.util.Arrays.toString(target.shape()));
        }
        target.assign(Nd4j.createFromArray(t.values()).castTo(target.dataType()).reshape('c', t.shape()));
    }
}
