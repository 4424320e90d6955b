package org.spikeport.trainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.trainer.nn.Surrogate;

/**
 * Every hyper-parameter of a training run. Presets follow the papers and their reference code
 * ({@link #preset(String)}): DCLS ({@code shd}, {@code ssc}, {@code gsc}, {@code small}) and DelRec
 * ({@code delrec-shd}, {@code delrec-ssc}, {@code delrec-small}); each value can be overridden.
 *
 * @param name          preset name the run started from
 * @param hidden        sizes of the hidden layers
 * @param maxDelay      largest feed-forward delay in steps, {@code Td - 1} ({@code Td} kernel taps); 0 = no
 *                      feed-forward delays (a plain linear map)
 * @param tau           LIF membrane time constant in steps
 * @param epochs        number of epochs
 * @param batchSize     samples per batch
 * @param dropout       dropout probability after each hidden layer
 * @param lrWeights     Adam learning rate of weights (replaced by the one-cycle schedule's values)
 * @param maxLrWeights  peak of the one-cycle schedule for weights and BatchNorm parameters
 * @param weightDecay   L2 weight decay of the synaptic weights (none on BatchNorm)
 * @param lrDelays      learning rate of every delay parameter, on the architecture's delay schedule
 * @param delays        how feed-forward delays are obtained (learned, fixed random, none)
 * @param sigma         the kernel-width schedule (decreasing, constant)
 * @param trainWeights  false trains delays only (the "fixed weights" ablation)
 * @param fanIn         0 for dense layers, else each neuron keeps this many random inputs
 * @param dtMs          time step in milliseconds
 * @param groupSize     input units summed into one channel
 * @param inputUnits    input units of the dataset (700 for SHD/SSC)
 * @param seed          seed of every random choice (initialisation, shuffling, dropout)
 * @param architecture  the layers' building blocks, recurrent synapses and optimiser ({@link Architecture#DCLS}
 *                      for the DCLS presets)
 */
public record TrainConfig(
        String name,
        int[] hidden,
        int maxDelay,
        double tau,
        int epochs,
        int batchSize,
        double dropout,
        double lrWeights,
        double maxLrWeights,
        double weightDecay,
        double lrDelays,
        DelayMode delays,
        SigmaMode sigma,
        boolean trainWeights,
        int fanIn,
        double dtMs,
        int groupSize,
        int inputUnits,
        long seed,
        Architecture architecture) {

    /** How a run obtains its delays. */
    public enum DelayMode {
        /** Delays are learned with DCLS. */
        LEARNED,
        /** Delays are drawn uniformly at initialisation and never updated. */
        FIXED_RANDOM,
        /** No delays ({@code Td = 1}); hidden layers are enlarged to match the parameter count. */
        NONE
    }

    /** How the Gaussian width evolves. */
    public enum SigmaMode {
        /** From {@code Td / 2} down to 0.23 over the first quarter of the epochs. */
        DECREASING,
        /** Fixed at 0.23 (a kernel width of 0.5 steps) throughout. */
        CONSTANT
    }

    /** Names of the presets. */
    public static final List<String> PRESETS = List.of("shd", "ssc", "gsc", "small", "delrec-shd", "delrec-ssc",
            "delrec-small");

    public TrainConfig {
        hidden = hidden.clone();
        require(hidden.length >= 1, "hidden", "needs at least one hidden layer");
        for (int h : hidden) {
            require(h >= 1, "hidden", "layer sizes must be positive, got " + Arrays.toString(hidden));
        }
        require(maxDelay >= 0, "max-delay", "must be >= 0, got " + maxDelay);
        require(tau >= 1 && Double.isFinite(tau), "tau", "must be a number of steps >= 1, got " + tau);
        require(epochs >= 1, "epochs", "must be >= 1, got " + epochs);
        require(batchSize >= 1, "batch-size", "must be >= 1, got " + batchSize);
        require(dropout >= 0 && dropout < 1, "dropout", "must be in [0, 1), got " + dropout);
        require(lrWeights > 0, "lr-weights", "must be positive, got " + lrWeights);
        require(maxLrWeights > 0, "max-lr-weights", "must be positive, got " + maxLrWeights);
        require(weightDecay >= 0, "weight-decay", "must be >= 0, got " + weightDecay);
        require(lrDelays >= 0, "lr-delays", "must be >= 0, got " + lrDelays);
        require(delays != null, "delays", "is missing");
        require(sigma != null, "sigma", "is missing");
        require(fanIn >= 0, "fan-in", "must be >= 0 (0 = dense), got " + fanIn);
        require(dtMs > 0, "dt", "must be positive, got " + dtMs);
        require(groupSize >= 1, "group", "must be >= 1, got " + groupSize);
        require(inputUnits >= 1, "input-units", "must be >= 1, got " + inputUnits);
        require(delays != DelayMode.NONE || maxDelay == 0, "max-delay",
                "must be 0 when delays are 'none', got " + maxDelay);
        require(trainWeights || delays == DelayMode.LEARNED, "train-weights",
                "false trains delays only, which needs --delays learned");
        require(architecture != null, "architecture", "is missing");
        int[] rec = architecture.recurrent().layers();
        require(rec.length == 0 || rec[rec.length - 1] <= hidden.length, "recurrent",
                "layers " + Arrays.toString(rec) + " name hidden layers beyond the " + hidden.length + " there are");
    }

    /** A feed-forward DCLS configuration ({@link Architecture#DCLS}). */
    public TrainConfig(String name, int[] hidden, int maxDelay, double tau, int epochs, int batchSize, double dropout,
                       double lrWeights, double maxLrWeights, double weightDecay, double lrDelays, DelayMode delays,
                       SigmaMode sigma, boolean trainWeights, int fanIn, double dtMs, int groupSize, int inputUnits,
                       long seed) {
        this(name, hidden, maxDelay, tau, epochs, batchSize, dropout, lrWeights, maxLrWeights, weightDecay, lrDelays,
                delays, sigma, trainWeights, fanIn, dtMs, groupSize, inputUnits, seed, Architecture.DCLS);
    }

    private static void require(boolean ok, String option, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(option + " " + problem);
        }
    }

    /**
     * A preset by name. DCLS ({@code shd}, {@code ssc}, {@code gsc}: the paper's hyper-parameters;
     * {@code small}: the synthetic demo) and DelRec's configurations read from its code
     * ({@code ../shared/DELREC.md}):
     *
     * <ul>
     *   <li>{@code delrec-shd} ({@code configs/perf_SHD.py}): 140-256-256-20, layer 2 recurrent with axonal
     *       delays drawn in {@code [10, 30]}, Linear with bias, BatchNorm, tau 1.05, hard reset, ATan,
     *       dropout 0.4 on spikes, recurrent dropout 0.2, LIF readout; AdamW 5e-3 (weight decay 1e-5,
     *       one-cycle) and 5e-2 for delays (cosine); 150 epochs of 256.
     *   <li>{@code delrec-ssc} ({@code configs/perf_SSC.py}): 140-256-256-256-35, every hidden layer recurrent
     *       with axonal delays drawn half-normal (scale 12) and learned widths, Linear with bias (PyTorch's
     *       default init), dropout 0.1 on the current, recurrent dropout 0.3, tau 2, reset by subtraction,
     *       Triangle surrogate, linear readout summed over time; Adam 1e-3 (weight decay 1e-5) and 5e-2,
     *       both one-cycle; 100 epochs of 128; steps of 1400 / 249 ms (DelRec bins spike times against
     *       {@code np.linspace(0, 1.4, 250)}).
     *   <li>{@code delrec-small} ({@code configs/equiparam_SHD.py}): 140-42-42-20 (about 10.3 k parameters),
     *       layer 2 recurrent with axonal delays in {@code [10, 30]}, no bias, no BatchNorm, tau 2, hard
     *       reset, ATan, dropout 0.4, recurrent dropout 0.2, PyTorch's default init; AdamW 5e-3 and 0.1,
     *       both one-cycle; 30 epochs of 256.
     * </ul>
     */
    public static TrainConfig preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "shd" -> new TrainConfig("shd", new int[] {256, 256}, 24, 1.005, 150, 256, 0.4,
                    1e-3, 5e-3, 1e-5, 0.1, DelayMode.LEARNED, SigmaMode.DECREASING, true, 0, 10, 5, 700, 0);
            case "ssc" -> new TrainConfig("ssc", new int[] {512, 512}, 30, 1.5, 60, 128, 0.25,
                    1e-3, 5e-3, 1e-5, 0.1, DelayMode.LEARNED, SigmaMode.DECREASING, true, 0, 10, 5, 700, 0);
            case "gsc" -> new TrainConfig("gsc", new int[] {512, 512}, 30, 1.5, 60, 128, 0.25,
                    1e-3, 5e-3, 1e-5, 0.1, DelayMode.LEARNED, SigmaMode.DECREASING, true, 0, 10, 5, 700, 0);
            case "small" -> new TrainConfig("small", new int[] {64, 64}, 24, 1.005, 8, 64, 0.1,
                    1e-3, 5e-3, 1e-5, 0.1, DelayMode.LEARNED, SigmaMode.DECREASING, true, 0, 10, 5, 700, 0);
            case "delrec-shd" -> new TrainConfig("delrec-shd", new int[] {256, 256}, 0, 1.05, 150, 256, 0.4,
                    5e-3, 5e-3, 1e-5, 5e-2, DelayMode.NONE, SigmaMode.DECREASING, true, 0, 10, 5, 700, 0,
                    new Architecture(true, true, Architecture.DropoutAt.SPIKES, ResetMode.ZERO, Surrogate.ATAN,
                            Architecture.WeightInit.KAIMING, Architecture.Readout.LIF, Architecture.Optimizer.ADAMW,
                            Architecture.Schedule.COSINE, 0,
                            new Architecture.Recurrent(new int[] {2}, Architecture.RecurrentDelays.LEARNED,
                                    Recurrence.Kind.AXONAL, false, Architecture.DelayInit.UNIFORM, 10, 30, 0.2, 10, 0.95)));
            case "delrec-ssc" -> new TrainConfig("delrec-ssc", new int[] {256, 256, 256}, 0, 2.0, 100, 128, 0.1,
                    1e-3, 1e-3, 1e-5, 5e-2, DelayMode.NONE, SigmaMode.DECREASING, true, 0, 1400.0 / 249, 5, 700, 0,
                    new Architecture(true, false, Architecture.DropoutAt.CURRENT, ResetMode.SUBTRACT,
                            Surrogate.TRIANGLE, Architecture.WeightInit.LINEAR_DEFAULT, Architecture.Readout.LINEAR,
                            Architecture.Optimizer.ADAM, Architecture.Schedule.ONE_CYCLE, 0,
                            new Architecture.Recurrent(new int[] {1, 2, 3}, Architecture.RecurrentDelays.LEARNED,
                                    Recurrence.Kind.AXONAL, true, Architecture.DelayInit.HALF_NORMAL, 12, 0, 0.3, 10,
                                    0.95)));
            case "delrec-small" -> new TrainConfig("delrec-small", new int[] {42, 42}, 0, 2.0, 30, 256, 0.4,
                    5e-3, 5e-3, 1e-5, 0.1, DelayMode.NONE, SigmaMode.DECREASING, true, 0, 10, 5, 700, 0,
                    new Architecture(false, false, Architecture.DropoutAt.SPIKES, ResetMode.ZERO, Surrogate.ATAN,
                            Architecture.WeightInit.LINEAR_DEFAULT, Architecture.Readout.LIF,
                            Architecture.Optimizer.ADAMW, Architecture.Schedule.ONE_CYCLE, 0,
                            new Architecture.Recurrent(new int[] {2}, Architecture.RecurrentDelays.LEARNED,
                                    Recurrence.Kind.AXONAL, false, Architecture.DelayInit.UNIFORM, 10, 30, 0.2, 10, 0.95)));
            default -> throw new IllegalArgumentException("unknown config '" + name + "'; known: " + PRESETS);
        };
    }

    /** Sizes of the hidden layers (a copy). */
    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** Number of input channels after grouping: {@code ceil(inputUnits / groupSize)}. */
    public int inputs() {
        return (inputUnits + groupSize - 1) / groupSize;
    }

    /** Kernel taps {@code Td = maxDelay + 1}. */
    public int taps() {
        return maxDelay + 1;
    }

    /** Initial Gaussian width {@code Td / 2} (integer division), as the reference. */
    public double sigma0() {
        return taps() / 2;
    }

    /**
     * Trainable parameters of a network with these settings and {@code classes} outputs: per feed-forward
     * synapse a weight, plus a delay when delays exist; 2 BatchNorm parameters per hidden neuron with
     * BatchNorm; a bias per neuron with biases; per recurrent layer of {@code N} neurons {@code N^2}
     * weights, plus its learned delays ({@code N} axonal, {@code N^2} synaptic) and learned widths
     * ({@code N}). Delays that are not learned (fixed random, none) are not parameters.
     */
    public long parameters(int classes) {
        long total = 0;
        int in = inputs();
        int perSynapse = delays == DelayMode.LEARNED && maxDelay > 0 ? 2 : 1;
        Architecture.Recurrent rec = architecture.recurrent();
        List<Integer> sizes = new ArrayList<>();
        for (int h : hidden) {
            sizes.add(h);
        }
        sizes.add(classes);
        for (int i = 0; i < sizes.size(); i++) {
            int out = sizes.get(i);
            long synapses = fanIn > 0 ? (long) Math.min(fanIn, in) * out : (long) in * out;
            total += synapses * perSynapse;
            boolean hidden = i < sizes.size() - 1;
            if (hidden && architecture.batchNorm()) {
                total += 2L * out;
            }
            if (architecture.bias()) {
                total += out;
            }
            if (hidden && rec.has(i + 1)) {
                long square = (long) out * out;
                total += square;
                if (rec.delays() == Architecture.RecurrentDelays.LEARNED) {
                    total += rec.kind() == Recurrence.Kind.AXONAL ? out : square;
                    total += rec.learnedWidth() ? out : 0;
                }
            }
            in = out;
        }
        return total;
    }

    /**
     * For the no-delay ablation: the same config with delays removed and every hidden layer scaled by
     * one common factor so that the parameter count is as close as possible to this config's with
     * learned delays.
     */
    public TrainConfig withoutDelaysMatchingParameters(int classes) {
        TrainConfig withDelays = withDelays(DelayMode.LEARNED, maxDelay == 0 ? 24 : maxDelay);
        long target = withDelays.parameters(classes);
        TrainConfig best = null;
        long bestGap = Long.MAX_VALUE;
        int base = Arrays.stream(hidden).max().orElse(1);
        for (int h = 1; h <= 4 * base; h++) {
            int[] scaled = new int[hidden.length];
            for (int i = 0; i < hidden.length; i++) {
                scaled[i] = Math.max(1, (int) Math.round((double) hidden[i] * h / base));
            }
            TrainConfig c = with(scaled, 0, DelayMode.NONE);
            long gap = Math.abs(c.parameters(classes) - target);
            if (gap < bestGap) {
                bestGap = gap;
                best = c;
            }
        }
        return best;
    }

    private TrainConfig withDelays(DelayMode mode, int maxDelay) {
        return with(hidden, maxDelay, mode);
    }

    private TrainConfig with(int[] hidden, int maxDelay, DelayMode mode) {
        return new TrainConfig(name, hidden, maxDelay, tau, epochs, batchSize, dropout, lrWeights, maxLrWeights,
                weightDecay, lrDelays, mode, sigma, trainWeights, fanIn, dtMs, groupSize, inputUnits, seed, architecture);
    }

    /**
     * The configuration as key/value strings, stored in the model file. A DCLS configuration gives exactly
     * the keys it always had (so earlier checkpoints resume); any other architecture adds its settings.
     */
    /**
     * The configuration a model file records ({@link #toMap}); a setting it lacks is the named preset's (or
     * the {@code small} preset's when the file names none).
     *
     * @throws IllegalArgumentException naming the entry that is not a valid setting
     */
    public static TrainConfig fromMap(Map<String, String> m) {
        String name = m.getOrDefault("config", "small");
        TrainConfig p = PRESETS.contains(name) ? preset(name) : preset("small");
        Architecture arch = Architecture.fromMap(m, p.architecture());
        return new TrainConfig(name, m.containsKey("hidden") ? ConfigValues.ints(m, "hidden") : p.hidden(),
                ConfigValues.integer(m, "max_delay", p.maxDelay()), ConfigValues.number(m, "tau", p.tau()),
                ConfigValues.integer(m, "epochs", p.epochs()), ConfigValues.integer(m, "batch_size", p.batchSize()),
                ConfigValues.number(m, "dropout", p.dropout()), ConfigValues.number(m, "lr_weights", p.lrWeights()),
                ConfigValues.number(m, "max_lr_weights", p.maxLrWeights()),
                ConfigValues.number(m, "weight_decay", p.weightDecay()),
                ConfigValues.number(m, "lr_delays", p.lrDelays()),
                ConfigValues.choice(m, "delays", DelayMode.class, p.delays()),
                ConfigValues.choice(m, "sigma", SigmaMode.class, p.sigma()),
                ConfigValues.bool(m, "train_weights", p.trainWeights()), ConfigValues.integer(m, "fan_in", p.fanIn()),
                ConfigValues.number(m, "dt_ms", p.dtMs()), ConfigValues.integer(m, "group_size", p.groupSize()),
                ConfigValues.integer(m, "input_units", p.inputUnits()),
                m.containsKey("seed") ? (long) ConfigValues.number(m, "seed", 0) : p.seed(), arch);
    }

    public SortedMap<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("config", name);
        m.put("hidden", Arrays.toString(hidden));
        m.put("max_delay", Integer.toString(maxDelay));
        m.put("tau", Double.toString(tau));
        m.put("epochs", Integer.toString(epochs));
        m.put("batch_size", Integer.toString(batchSize));
        m.put("dropout", Double.toString(dropout));
        m.put("lr_weights", Double.toString(lrWeights));
        m.put("max_lr_weights", Double.toString(maxLrWeights));
        m.put("weight_decay", Double.toString(weightDecay));
        m.put("lr_delays", Double.toString(lrDelays));
        m.put("delays", delays.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("sigma", sigma.name().toLowerCase(Locale.ROOT));
        m.put("train_weights", Boolean.toString(trainWeights));
        m.put("fan_in", Integer.toString(fanIn));
        m.put("dt_ms", Double.toString(dtMs));
        m.put("group_size", Integer.toString(groupSize));
        m.put("input_units", Integer.toString(inputUnits));
        m.put("seed", Long.toString(seed));
        if (!architecture.equals(Architecture.DCLS)) {
            m.putAll(architecture.toMap());
        }
        return new TreeMap<>(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainConfig c && toMap().equals(c.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "TrainConfig" + toMap();
    }
}
