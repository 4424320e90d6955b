package org.spikeport.trainer.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.files.FileHashes;
import org.spikeport.core.ir.BatchNorm;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.trainer.Architecture;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.importer.StateDict.Module;
import org.spikeport.trainer.optim.RecurrentSigmaSchedule;

/**
 * Imports a network trained by DelRec's code (github.com/alexmaxad/DelRec: learned delays on recurrent
 * connections) from its {@code state_dict} saved as a NumPy archive:
 *
 * <pre>
 *   numpy.savez(path, **{k: v.cpu().numpy() for k, v in model.state_dict().items()})
 * </pre>
 *
 * (of the model; a checkpoint {@code best.pth} holds it as {@code torch.load(...)['net']}). The models
 * are {@code SNN_recurrent_delays}, {@code SNN_vanilla_recurrent} and {@code SNN_fixed_recurrent_delays}
 * of {@code src/SHD/snn.py} or {@code src/SSC/snn.py}, which have the same keys; the feed-forward-delay
 * variants ({@code SNN_feedforward_delays}, {@code SNN_recurrent_and_feedforward_delays}, whose
 * {@code Dcls1d} layers have keys {@code P} and {@code SIG}) are rejected.
 *
 * <h2>Layouts</h2>
 *
 * DelRec keeps its modules in one {@code nn.Sequential} named {@code layers}; only {@code nn.Linear},
 * {@code BatchNorm1d} and the recurrent neurons have entries, so their positions show where the
 * others are. Per hidden layer, with its {@code nn.Linear} at position {@code i} ({@link Layout}):
 *
 * <table>
 *   <caption>Positions of a hidden layer's modules</caption>
 *   <tr><th>layout</th><th>modules</th><th>next layer at</th></tr>
 *   <tr><td>{@link Layout#SHD}</td>
 *       <td>{@code i} Linear, [{@code i+1} BatchNorm1d], then the neuron ({@code LIFNode} without
 *       entries, or a recurrent neuron) at {@code i+1} ({@code i+2} after a BatchNorm1d),
 *       spike_registrator, Dropout</td>
 *       <td>{@code i+4} ({@code i+5} with BatchNorm1d)</td></tr>
 *   <tr><td>{@link Layout#SSC}</td>
 *       <td>{@code i} Linear, {@code i+1} Dropout, {@code i+2} neuron, {@code i+3} spike_registrator,
 *       [{@code i+4} BatchNorm1d: rejected, see below]</td>
 *       <td>{@code i+4}</td></tr>
 * </table>
 *
 * The readout is the last {@code nn.Linear}; nothing with entries follows it (SHD: a {@code LIFNode}
 * with {@code v_threshold = 1e8}; SSC: nothing). So {@code perf_SHD} (BN, bias, layer 1 plain LIF) has
 * keys {@code layers.0.*} (Linear), {@code layers.1.*} (BN), {@code layers.5.*} (Linear),
 * {@code layers.6.*} (BN), {@code layers.7.*} (recurrent neuron) and {@code layers.10.*} (readout);
 * {@code equiparam_SHD} (no BN, no bias) {@code layers.0.weight}, {@code layers.4.weight},
 * {@code layers.5.*} (recurrent) and {@code layers.8.weight}; {@code perf_SSC} (three recurrent layers)
 * {@code layers.0.*}, {@code layers.2.*}, {@code layers.4.*}, {@code layers.6.*}, {@code layers.8.*},
 * {@code layers.10.*} and {@code layers.12.*} (readout).
 *
 * <p>A {@code BatchNorm1d} after the spikes (the SSC layout with {@code use_batch_norm = True};
 * {@code perf_SSC} has {@code False}) is rejected: a spikeport layer is "Linear (+ bias) -> BatchNorm ->
 * neurons", with no normalisation of the spikes it sends.
 *
 * <h2>Keys read</h2>
 *
 * <table>
 *   <caption>Keys of the archive ({@code i} = position in {@code layers}; out/in = neurons of the layer and
 *   of the layer before; n = neurons of a recurrent layer)</caption>
 *   <tr><th>key</th><th>shape</th><th>becomes</th></tr>
 *   <tr><td>{@code layers.i.weight} (Linear)</td><td>(out, in)</td>
 *       <td>{@link TrainedLayer#weights()}, row-major {@code (out, in)}; delays all 0, {@code maxDelay} 0,
 *       no mask</td></tr>
 *   <tr><td>{@code layers.i.bias} (Linear, when trained with {@code bias = True})</td><td>(out,)</td>
 *       <td>{@link TrainedLayer#bias()} as stored (zeros included); absent: {@code null}</td></tr>
 *   <tr><td>{@code layers.i.weight}, {@code .bias}, {@code .running_mean}, {@code .running_var}
 *       (BatchNorm1d)</td><td>(out,)</td>
 *       <td>{@link BatchNorm} gamma, beta, mean, variance; eps 1e-5</td></tr>
 *   <tr><td>{@code layers.i.num_batches_tracked}</td><td>()</td><td>not read</td></tr>
 *   <tr><td>{@code layers.i.recurrent_weights}</td><td>(n, n)</td>
 *       <td>{@link Recurrence#weights()}: entry {@code [i, o]} is the weight from neuron {@code o} to
 *       neuron {@code i} (DelRec computes {@code X_rec[b, i] = sum_o W[i, o] y[b, o] k_o}), which is
 *       spikeport's {@code W[post, pre]}: the array is taken as it is</td></tr>
 *   <tr><td>{@code layers.i.recurrent_delays}</td><td>(n,): {@code axonal_recdel}</td>
 *       <td>{@link Recurrence.Kind#AXONAL} delays {@code d_o}, by presynaptic neuron</td></tr>
 *   <tr><td>{@code layers.i.recurrent_delays}</td><td>(n, n): {@code synaptic_recdel}</td>
 *       <td>{@link Recurrence.Kind#SYNAPTIC} delays {@code d[i, o]} (receiving neuron first), as they are</td></tr>
 *   <tr><td>{@code layers.i.p_spread} (when trained with {@code use_sig_p})</td><td>(n,)</td>
 *       <td>{@link Recurrence#spread()}, per presynaptic neuron: width {@code 1 + 2 sigma sigmoid(p_o)};
 *       absent: {@code null}, width {@code 1 + sigma}</td></tr>
 * </table>
 *
 * <p>A delay of {@code o -> i} deploys as the lag {@code D = 1 + round(d) >= 1} steps: DelRec adds
 * neuron {@code o}'s spike of step {@code t} into its ring buffer at lag {@code n = 1 + d} (kernel tap
 * {@code n}, read at step {@code t + n}); see {@link Recurrence}. DelRec clamps delays at 0 after every
 * optimiser step and rounds them (half to even) at every evaluation, so a checkpoint written after an
 * evaluation holds non-negative integers; negative values in the file are clamped to 0 and counted in
 * {@link ImportResult#clampedDelays()}, with a warning per layer. Other values are kept as they are.
 *
 * <p>What the archive does not hold comes from {@link Settings}: the neurons' tau, reset and threshold,
 * the readout (from the layout), sigma, dt and the input binning. Floating-point parameters may be
 * float32 or float64 (rounded to float32). A Linear weight must have rank 2 and
 * {@code recurrent_delays} rank 1 or 2 (the rank tells the kind); the other arrays are checked by their
 * number of elements. The network's {@link TrainedNetwork#sigma()} is 0 (it has no
 * feed-forward kernels); each {@link Recurrence} holds the settings' sigma.
 *
 * <h2>Errors</h2>
 *
 * One line each, naming the file and, where one is at fault, the key: an unreadable archive, a missing
 * key, a key that is not {@code layers.<i>.<name>} or a parameter no module of these models has, a
 * {@code Dcls1d} ({@code P}, {@code SIG}), a module at a position the layout does not have (with a hint
 * when the keys fit the other layout), a BatchNorm1d after the spikes, a wrong shape or dtype, a
 * non-finite value, sizes that do not chain from one layer to the next, delays whose kind differs from
 * the settings'.
 */
public final class DelRecImport {

    /** The value of the config entry {@code imported_from}. */
    public static final String IMPORTED_FROM = "delrec";
    /**
     * The attribute name of DelRec's Sequential, the start of its keys ({@code layers.0.weight}); keys
     * without it ({@code 0.weight}, as in {@code model.layers.state_dict()}) are read too.
     */
    public static final String PREFIX = "layers";

    private static final Set<String> LINEAR_PARAMS = Set.of("weight", "bias");
    private static final Set<String> RECURRENT_PARAMS = Set.of("recurrent_weights", "recurrent_delays", "p_spread");
    private static final Set<String> BN_STATISTICS = Set.of("running_mean", "running_var", "num_batches_tracked");

    private DelRecImport() {
    }

    /**
     * The order of DelRec's {@code layers} Sequential, fixed by the {@code snn.py} that built the model,
     * and with it the readout.
     */
    public enum Layout {
        /**
         * {@code src/SHD/snn.py}: per hidden layer Linear, [BatchNorm1d], neuron, spike_registrator,
         * Dropout; the readout is Linear then a {@code LIFNode} with {@code v_threshold = 1e8} (it never
         * fires) whose membrane is the output, with the hidden neurons' tau: {@link Lif#readout(double)}
         * with tau, decoded by {@link Decoding#SOFTMAX_SUM}.
         */
        SHD("src/SHD/snn.py", Decoding.SOFTMAX_SUM),
        /**
         * {@code src/SSC/snn.py} (SSC and PS-MNIST): per hidden layer Linear, Dropout, neuron,
         * spike_registrator, [BatchNorm1d]; the readout is a bare Linear whose outputs are summed over
         * the steps ({@code logits = sum_t out[t]}): a readout with {@code tau = 1}
         * ({@code v[t] = I[t]}) decoded by {@link Decoding#SUM}.
         */
        SSC("src/SSC/snn.py", Decoding.SUM);

        private final String source;
        private final Decoding decoding;

        Layout(String source, Decoding decoding) {
            this.source = source;
            this.decoding = decoding;
        }

        /** How the readout's membranes give the answer. */
        public Decoding decoding() {
            return decoding;
        }

        /** The readout's tau given the hidden neurons' tau. */
        public double readoutTau(double tau) {
            return this == SHD ? tau : 1.0;
        }

        /** Position of a hidden layer's neuron after its Linear. */
        int neuronOffset(boolean batchNorm) {
            return this == SHD ? (batchNorm ? 2 : 1) : 2;
        }

        /** Position of the next layer's Linear after this one's. */
        int stride(boolean batchNorm) {
            return batchNorm ? 5 : 4;
        }

        String order() {
            return this == SHD
                    ? source + " puts a hidden layer's nn.Linear at i, its optional BatchNorm1d at i+1, its neuron at "
                            + "i+1 (i+2 after a BatchNorm1d) and the next nn.Linear at i+4 (i+5)"
                    : source + " puts a hidden layer's nn.Linear at i, its neuron at i+2, its optional BatchNorm1d at "
                            + "i+4 and the next nn.Linear at i+4 (i+5)";
        }
    }

    /**
     * What the import needs that a DelRec {@code state_dict} does not hold.
     *
     * @param layout      which {@code snn.py} built the model (layer order and readout)
     * @param kind        {@link Recurrence.Kind#AXONAL} for {@code axonal_recdel} (every published run),
     *                    {@link Recurrence.Kind#SYNAPTIC} for {@code synaptic_recdel}; checked against the
     *                    shape of every {@code recurrent_delays}
     * @param tau         the hidden neurons' membrane time constant in steps ({@code config.tau}), {@code >= 1}
     * @param reset       {@link ResetMode#ZERO} ({@code v_reset = 0.}) or {@link ResetMode#SUBTRACT}
     *                    ({@code v_reset = None})
     * @param threshold   the hidden neurons' threshold ({@code config.v_threshold}), positive
     * @param sigma       the kernel width parameter the recurrent layers were last trained with, {@code >= 0}
     *                    ({@link #sigmaAt})
     * @param dtMs        the length of one step in milliseconds
     * @param groupSize   input units summed into one input channel ({@code config.n_bins})
     * @param inputUnits  input units before grouping (700 for SHD and SSC)
     * @param seed        the training seed ({@code config.seed}), recorded in the provenance
     * @param config      further entries for the model's configuration (the importer's own entries replace
     *                    any with the same key, with a warning when the value differs)
     * @param commandLine recorded in the provenance
     */
    public record Settings(Layout layout, Recurrence.Kind kind, double tau, ResetMode reset, double threshold,
                           double sigma, double dtMs, int groupSize, int inputUnits, long seed,
                           Map<String, String> config, String commandLine) {

        /** @throws IllegalArgumentException when a value is missing or out of range */
        public Settings {
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(commandLine, "commandLine");
            require(tau >= 1 && Double.isFinite(tau), "tau must be >= 1 step, got " + tau);
            require(reset == ResetMode.ZERO || reset == ResetMode.SUBTRACT,
                    "reset must be ZERO or SUBTRACT, got " + reset);
            require(threshold > 0 && Double.isFinite(threshold), "threshold must be positive, got " + threshold);
            require(sigma >= 0 && Double.isFinite(sigma), "sigma must be >= 0, got " + sigma);
            require(dtMs > 0 && Double.isFinite(dtMs), "dt must be a positive number of ms, got " + dtMs);
            require(groupSize >= 1, "group size must be >= 1, got " + groupSize);
            require(inputUnits >= 1, "input units must be >= 1, got " + inputUnits);
            config = Map.copyOf(config);
        }

        /**
         * DelRec's sigma at the start of epoch {@code epoch} (counted from 0) of {@code epochs}, as set by
         * {@code axonal_recdel.update_sigma} ({@link RecurrentSigmaSchedule}). The training loops
         * ({@code perf_SHD.py}, {@code perf_SSC.py}, {@code equiparam_SHD.py}) set it at the start of epoch
         * {@code e}, train and validate with it, then save {@code last.pth} and, when the validation
         * accuracy is the best so far, {@code best.pth}, both with {@code 'epoch': e}: a checkpoint holds the
         * weights of the sigma of its own {@code 'epoch'} entry. The last epoch of {@code perf_SHD}
         * ({@code e = 149}) has sigma 0.0613. {@code SNN_vanilla_recurrent} and
         * {@code SNN_fixed_recurrent_delays} set {@code sigma_init = 0}: their sigma is 0 at every epoch.
         *
         * @throws IllegalArgumentException unless {@code sigmaInit >= 0}, {@code 0 < decay <= 1} and
         *                                  {@code 0 <= epoch < epochs}
         */
        public static double sigmaAt(double sigmaInit, double decay, int epochs, int epoch) {
            require(epochs >= 1 && epoch >= 0 && epoch < epochs,
                    "epoch must be in [0, " + epochs + "), got " + epoch + " (epochs " + epochs + ")");
            try {
                return new RecurrentSigmaSchedule(sigmaInit, decay, epochs).sigma(epoch);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DelRec import settings: " + e.getMessage());
            }
        }

        /**
         * The settings of a model trained with {@code config} (a recurrent configuration such as the DelRec
         * presets of {@link TrainConfig#preset}, which follow DelRec's config files) and saved after epoch
         * {@code epoch}: its tau, reset, input binning and seed, the layout its dropout placement implies
         * ({@link Layout#SSC} for dropout on the current, else {@link Layout#SHD}), the kind of its recurrent
         * delays, threshold 1 and the recurrent sigma of that epoch ({@link Architecture.Recurrent#sigma}:
         * 0 for fixed and vanilla recurrent delays). The configuration map is {@code config.toMap()} with the
         * epoch, and {@code delrec_config} naming DelRec's file for its presets.
         */
        public static Settings of(TrainConfig config, int epoch) {
            Architecture a = config.architecture();
            require(epoch >= 0 && epoch < config.epochs(),
                    "epoch must be in [0, " + config.epochs() + "), got " + epoch + " (epochs " + config.epochs() + ")");
            Map<String, String> map = new TreeMap<>(config.toMap());
            map.put("epoch", Integer.toString(epoch));
            String file = DELREC_FILES.get(config.name());
            if (file != null) {
                map.put("delrec_config", file);
            }
            Layout layout = a.dropoutAt() == Architecture.DropoutAt.CURRENT ? Layout.SSC : Layout.SHD;
            return new Settings(layout, a.recurrent().kind(), config.tau(), a.reset(), 1.0,
                    a.recurrent().sigma(epoch, config.epochs()), config.dtMs(), config.groupSize(), config.inputUnits(),
                    config.seed(), map, "");
        }

        /** DelRec's config file behind each of spikeport's DelRec presets. */
        private static final Map<String, String> DELREC_FILES = Map.of("delrec-shd", "configs/perf_SHD.py",
                "delrec-ssc", "configs/perf_SSC.py", "delrec-small", "configs/equiparam_SHD.py");

        /** {@link #of} the {@code delrec-shd} preset (DelRec's {@code configs/perf_SHD.py}). */
        public static Settings shd(int epoch) {
            return of(TrainConfig.preset("delrec-shd"), epoch);
        }

        /** {@link #of} the {@code delrec-ssc} preset (DelRec's {@code configs/perf_SSC.py}). */
        public static Settings ssc(int epoch) {
            return of(TrainConfig.preset("delrec-ssc"), epoch);
        }

        /** {@link #of} the {@code delrec-small} preset (DelRec's {@code configs/equiparam_SHD.py}). */
        public static Settings small(int epoch) {
            return of(TrainConfig.preset("delrec-small"), epoch);
        }

        /** These settings with another sigma. */
        public Settings withSigma(double sigma) {
            return new Settings(layout, kind, tau, reset, threshold, sigma, dtMs, groupSize, inputUnits, seed, config,
                    commandLine);
        }

        /** These settings with another kind of recurrent delays. */
        public Settings withKind(Recurrence.Kind kind) {
            return new Settings(layout, kind, tau, reset, threshold, sigma, dtMs, groupSize, inputUnits, seed, config,
                    commandLine);
        }

        /** These settings with another seed. */
        public Settings withSeed(long seed) {
            return new Settings(layout, kind, tau, reset, threshold, sigma, dtMs, groupSize, inputUnits, seed, config,
                    commandLine);
        }

        /** These settings with another command line. */
        public Settings withCommandLine(String commandLine) {
            return new Settings(layout, kind, tau, reset, threshold, sigma, dtMs, groupSize, inputUnits, seed, config,
                    commandLine);
        }

        /** The hidden neurons. */
        Lif hiddenNeuron() {
            return reset == ResetMode.ZERO ? Lif.spiking(tau, threshold) : Lif.subtracting(tau, threshold);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException("DelRec import settings: " + message);
            }
        }
    }

    /**
     * Reads a DelRec {@code state_dict} archive and converts it.
     *
     * @param npz      the {@code .npz} file
     * @param settings what the archive does not hold
     * @return the model (configuration: {@link Settings#config()} plus the importer's entries, among them
     *         {@code imported_from = delrec}; no metrics; provenance with the settings' seed and command
     *         line and the archive's SHA-256), the number of clamped delays and the warnings
     * @throws SpikeportException a one-line message naming the file and, where one is at fault, the key
     */
    public static ImportResult read(Path npz, Settings settings) {
        Map<String, NpyArray> arrays = Npz.read(npz);
        return convert(arrays, npz.toString(), FileHashes.sha256(npz), settings);
    }

    /** What a module with entries is, from its parameter names. */
    private enum Part { LINEAR, BATCH_NORM, RECURRENT }

    /** A hidden layer or the readout: its Linear and the modules with entries that belong to it. */
    private record Stage(Module linear, Module batchNorm, Module recurrent) {
    }

    static ImportResult convert(Map<String, NpyArray> arrays, String file, String sha256, Settings settings) {
        StateDict dict = StateDict.of(arrays, PREFIX, file);
        if (!dict.otherKeys().isEmpty()) {
            throw dict.error("key '" + dict.otherKeys().get(0) + "': unexpected; a state_dict of DelRec's SNN has only "
                    + "keys '" + PREFIX + ".<i>.<name>', parameters of the modules of its Sequential '" + PREFIX + "'");
        }
        List<Stage> stages = stagesWithHint(dict, settings.layout());
        List<String> warnings = new ArrayList<>();
        List<TrainedLayer> layers = new ArrayList<>();
        int clamped = 0;
        int inputs = inputsOf(stages.get(0).linear());
        for (int l = 0; l < stages.size(); l++) {
            Stage stage = stages.get(l);
            boolean readout = l == stages.size() - 1;
            String name = readout ? "readout" : "hidden" + (l + 1);
            Module m = stage.linear();
            int outputs = outputsOf(m, inputs);
            float[] weights = m.floats("weight", (long) outputs * inputs, StateDict.shape(outputs, inputs));
            float[] bias = m.has("bias") ? m.floats("bias", outputs, StateDict.shape(outputs)) : null;
            BatchNorm bn = stage.batchNorm() == null ? null : stage.batchNorm().batchNorm(outputs);
            Recurrence recurrence = null;
            if (stage.recurrent() != null) {
                Module r = stage.recurrent();
                float[] recurrentWeights = r.floats("recurrent_weights", (long) outputs * outputs,
                        StateDict.shape(outputs, outputs));
                float[] delays = delays(r, outputs, settings.kind());
                int clampedHere = clampNegative(delays);
                if (clampedHere > 0) {
                    warnings.add("layer '" + name + "' (" + r.prefix() + "recurrent_delays): " + clampedHere + " of "
                            + delays.length + " delays were negative and were clamped to 0 (DelRec clamps them at 0 "
                            + "after every optimiser step)");
                }
                clamped += clampedHere;
                float[] spread = r.has("p_spread") ? r.floats("p_spread", outputs, StateDict.shape(outputs)) : null;
                recurrence = r.build(() -> new Recurrence(settings.kind(), outputs, recurrentWeights, delays, spread,
                        settings.sigma()));
            }
            Lif neuron = readout ? Lif.readout(settings.layout().readoutTau(settings.tau())) : settings.hiddenNeuron();
            int in = inputs;
            Recurrence rec = recurrence;
            layers.add(m.build(() -> new TrainedLayer(name, in, outputs, weights, new float[weights.length], 0, null,
                    bn, neuron, bias, rec)));
            inputs = outputs;
        }
        int fileInputs = layers.get(0).inputs();
        TrainedNetwork network;
        try {
            network = new TrainedNetwork(fileInputs, settings.dtMs(), 0.0, layers, settings.layout().decoding());
        } catch (IllegalArgumentException e) {
            throw dict.error(e.getMessage());
        }
        Map<String, String> config = config(network, settings, warnings);
        return ImportResult.of(network, config, IMPORTED_FROM, settings.commandLine(), settings.seed(), sha256, clamped,
                warnings);
    }

    /** The model's configuration: the settings' entries, then the importer's, which win. */
    private static Map<String, String> config(TrainedNetwork network, Settings s, List<String> warnings) {
        int inputs = network.inputs();
        int inputUnits = s.inputUnits();
        if (inputUnits / s.groupSize() != inputs) {
            inputUnits = inputs * s.groupSize();
            warnings.add("the file has " + inputs + " inputs, the settings " + s.inputUnits() + " input units in groups "
                    + "of " + s.groupSize() + " (" + s.inputUnits() / s.groupSize() + " inputs); the file's size is used "
                    + "(input units " + inputs + " x " + s.groupSize() + ")");
        }
        int[] hidden = new int[network.layers().size() - 1];
        for (int l = 0; l < hidden.length; l++) {
            hidden[l] = network.layers().get(l).outputs();
        }
        Map<String, String> own = new TreeMap<>();
        own.put("layout", lower(s.layout()));
        own.put("hidden", Arrays.toString(hidden));
        own.put("recurrent_kind", lower(s.kind()));
        own.put("tau", Double.toString(s.tau()));
        own.put("reset", lower(s.reset()));
        own.put("threshold", Double.toString(s.threshold()));
        own.put("decoding", lower(s.layout().decoding()));
        own.put("recurrent_sigma", Double.toString(s.sigma()));
        own.put("dt_ms", Double.toString(s.dtMs()));
        own.put("group_size", Integer.toString(s.groupSize()));
        own.put("input_units", Integer.toString(inputUnits));
        own.put("seed", Long.toString(s.seed()));
        Map<String, String> config = new TreeMap<>(s.config());
        own.forEach((key, value) -> {
            String given = config.put(key, value);
            if (given != null && !given.equals(value) && FROM_THE_FILE.contains(key)) {
                warnings.add("config entry '" + key + "' is " + value + " (from the file and the settings' fields), "
                        + "not the given " + given);
            }
        });
        return config;
    }

    /**
     * Configuration entries the archive decides (its hidden sizes; a differing input size has its own
     * warning): a given entry that differs is replaced with a
     * warning. The other entries the importer writes restate the settings' own fields and replace the
     * given ones silently.
     */
    private static final Set<String> FROM_THE_FILE = Set.of("hidden");

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@link #stages} in {@code layout}; when the keys do not fit it but fit the other layout, the
     * error says so.
     */
    private static List<Stage> stagesWithHint(StateDict dict, Layout layout) {
        try {
            return stages(dict, layout);
        } catch (SpikeportException e) {
            Layout other = layout == Layout.SHD ? Layout.SSC : Layout.SHD;
            try {
                stages(dict, other);
            } catch (SpikeportException notOther) {
                throw e;
            }
            throw new SpikeportException(e.getMessage() + "; the keys fit " + other.source + " (layout " + other + ")", e);
        }
    }

    /** Assigns every module with entries to a layer, checking its position against the layout. */
    private static List<Stage> stages(StateDict dict, Layout layout) {
        List<Stage> stages = new ArrayList<>();
        Stage open = null;
        for (Module m : dict.modules().values()) {
            Part part = part(m);
            if (part == Part.LINEAR) {
                int expected = open == null ? 0 : open.linear().index() + layout.stride(open.batchNorm() != null);
                if (m.index() != expected) {
                    throw misplaced(m, "weight", "an nn.Linear", layout, open,
                            ", where " + (open == null ? "the first" : "the next") + " belongs at " + expected);
                }
                if (open != null) {
                    stages.add(open);
                }
                open = new Stage(m, null, null);
                continue;
            }
            String key = part == Part.BATCH_NORM ? "running_mean" : "recurrent_weights";
            String what = part == Part.BATCH_NORM ? "a BatchNorm1d" : "a recurrent neuron";
            if (open == null) {
                throw misplaced(m, key, what, layout, null, "");
            }
            int base = open.linear().index();
            if (part == Part.BATCH_NORM) {
                if (layout == Layout.SSC && m.index() == base + 4) {
                    throw m.error(key, "a BatchNorm1d after the spikes (" + layout.source + " with use_batch_norm = "
                            + "True) cannot be represented: a spikeport layer is Linear (+ bias) -> BatchNorm -> "
                            + "neurons, and nothing normalises the spikes between layers");
                }
                if (layout != Layout.SHD || m.index() != base + 1) {
                    throw misplaced(m, key, what, layout, open, "");
                }
                open = new Stage(open.linear(), m, null);
            } else {
                if (open.recurrent() != null || m.index() != base + layout.neuronOffset(open.batchNorm() != null)) {
                    throw misplaced(m, key, what, layout, open, "");
                }
                open = new Stage(open.linear(), open.batchNorm(), m);
            }
        }
        if (open == null) {
            throw dict.error("has no nn.Linear layer (no key '" + PREFIX + ".0.weight'); is it a state_dict of DelRec's "
                    + "SNN?");
        }
        if (open.batchNorm() != null || open.recurrent() != null) {
            Module after = open.recurrent() != null ? open.recurrent() : open.batchNorm();
            throw dict.error("the last nn.Linear ('" + open.linear().prefix() + "') is followed by '" + after.prefix()
                    + "*', so there is no readout: DelRec's readout is a last nn.Linear with nothing after it that has "
                    + "parameters");
        }
        stages.add(open);
        return stages;
    }

    /** A module at a position the layout does not have; {@code detail} adds what was expected, if anything. */
    private static SpikeportException misplaced(Module m, String key, String what, Layout layout, Stage open,
                                                String detail) {
        String where = open == null ? "before the first nn.Linear" : "after the nn.Linear '" + open.linear().prefix() + "'";
        return m.error(key, what + " at position " + m.index() + ", " + where + detail + "; " + layout.order()
                + " (layout " + layout + ")");
    }

    /** Classifies a module by its parameter names, rejecting any that none of DelRec's supported modules has. */
    private static Part part(Module m) {
        for (String dcls : List.of("P", "SIG")) {
            if (m.has(dcls)) {
                throw m.error(dcls, "a Dcls1d layer (feed-forward delays, as in DelRec's SNN_feedforward_delays and "
                        + "SNN_recurrent_and_feedforward_delays) is not supported by this importer; it reads "
                        + "SNN_recurrent_delays, SNN_vanilla_recurrent and SNN_fixed_recurrent_delays, whose "
                        + "feed-forward connections are nn.Linear");
            }
        }
        Set<String> names = m.params().keySet();
        if (names.stream().anyMatch(BN_STATISTICS::contains)) {
            m.allowOnly(StateDict.BN_PARAMS, "BatchNorm1d");
            return Part.BATCH_NORM;
        }
        if (names.stream().anyMatch(RECURRENT_PARAMS::contains)) {
            m.allowOnly(RECURRENT_PARAMS, "recurrent (axonal_recdel or synaptic_recdel)");
            return Part.RECURRENT;
        }
        if (names.stream().anyMatch(LINEAR_PARAMS::contains)) {
            m.allowOnly(LINEAR_PARAMS, "torch.nn.Linear");
            return Part.LINEAR;
        }
        String first = names.iterator().next();
        throw m.error(first, "unexpected: not a parameter of an nn.Linear " + sorted(LINEAR_PARAMS) + ", a BatchNorm1d "
                + sorted(StateDict.BN_PARAMS) + " or a recurrent neuron " + sorted(RECURRENT_PARAMS) + " (the "
                + "importer reads models whose neurons are LIFNode)");
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    /** The number of inputs of the first layer, from its weight's shape. */
    private static int inputsOf(Module linear) {
        return matrix(linear).shape()[1];
    }

    /** The number of outputs of a Linear, whose weight must be (out, in) with in = the layer before's outputs. */
    private static int outputsOf(Module linear, int inputs) {
        NpyArray w = matrix(linear);
        int in = w.shape()[1];
        if (in != inputs) {
            throw linear.error("weight", "has shape " + w.shapeText() + ", " + in + " inputs, but the layer before has "
                    + inputs + " outputs");
        }
        return w.shape()[0];
    }

    private static NpyArray matrix(Module linear) {
        NpyArray w = linear.param("weight");
        if (w.shape().length != 2) {
            throw linear.error("weight", "has shape " + w.shapeText() + "; expected (out, in), an nn.Linear weight");
        }
        return w;
    }

    /**
     * The recurrent delays of a layer of {@code n} neurons: shape (n,) for axonal, (n, n) for synaptic
     * delays, which must be the settings' kind.
     */
    private static float[] delays(Module r, int n, Recurrence.Kind kind) {
        NpyArray d = r.param("recurrent_delays");
        int rank = d.shape().length;
        if (rank != 1 && rank != 2) {
            throw r.error("recurrent_delays", "has shape " + d.shapeText() + "; expected " + StateDict.shape(n)
                    + " (axonal_recdel) or " + StateDict.shape(n, n) + " (synaptic_recdel)");
        }
        Recurrence.Kind found = rank == 1 ? Recurrence.Kind.AXONAL : Recurrence.Kind.SYNAPTIC;
        float[] delays = found == Recurrence.Kind.AXONAL
                ? r.floats("recurrent_delays", n, StateDict.shape(n))
                : r.floats("recurrent_delays", (long) n * n, StateDict.shape(n, n));
        if (found != kind) {
            throw r.error("recurrent_delays", "has shape " + d.shapeText() + ", one delay per "
                    + (found == Recurrence.Kind.AXONAL ? "presynaptic neuron (axonal_recdel)" : "synapse (synaptic_recdel)")
                    + ", but the settings say " + kind);
        }
        return delays;
    }

    /** Sets negative delays to 0 (and -0 to 0) and returns how many were negative. */
    private static int clampNegative(float[] delays) {
        int clamped = 0;
        for (int k = 0; k < delays.length; k++) {
            if (delays[k] < 0) {
                clamped++;
            }
            if (delays[k] <= 0) {
                delays[k] = 0;
            }
        }
        return clamped;
    }
}
