package org.spikeport.trainer.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.Binning;
import org.spikeport.core.files.FileHashes;
import org.spikeport.core.ir.BatchNorm;
import org.spikeport.core.ir.DelayRounding;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.TimeConvention;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.importer.StateDict.Module;

/**
 * Imports a network trained with the reference PyTorch implementation of DCLS delay learning
 * (github.com/Thvnvtos/SNN-delays, {@code snn_delays.py}) from its {@code state_dict} saved as a NumPy
 * archive:
 *
 * <pre>
 *   numpy.savez(path, **{k: v.cpu().numpy() for k, v in model.state_dict().items()})
 * </pre>
 *
 * ({@code numpy.savez_compressed} works too). The reference keeps its layers in one flat
 * {@code nn.Sequential} attribute named {@code model}: per hidden layer a {@code Dcls1d}, a
 * {@code BatchNorm1d}, a {@code LIFNode} and a {@code Dropout}, then the readout's {@code Dcls1d} and
 * {@code LIFNode}. Only the first two have entries, so with two hidden layers the keys are
 * {@code model.0.*} (DCLS), {@code model.1.*} (BatchNorm), {@code model.4.*}, {@code model.5.*} and
 * {@code model.8.*} (readout DCLS).
 *
 * <h2>Keys read</h2>
 *
 * <table>
 *   <caption>Keys of the archive ({@code i} = position in the Sequential; out/in = neurons of the layer
 *   and of the layer before)</caption>
 *   <tr><th>key</th><th>shape</th><th>becomes</th></tr>
 *   <tr><td>{@code model.i.weight} (DCLS)</td><td>(out, in, 1) or (out, in)</td>
 *       <td>synaptic weights, row-major {@code (out, in)}</td></tr>
 *   <tr><td>{@code model.i.P}</td><td>(1, out, in, 1), or any shape of out * in elements</td>
 *       <td>delays {@code d = Td/2 - P}, see below</td></tr>
 *   <tr><td>{@code model.i.SIG}</td><td>as {@code P}</td>
 *       <td>the network's sigma, {@code |SIG|}</td></tr>
 *   <tr><td>{@code model.i.bias} (DCLS, optional)</td><td>(out,)</td>
 *       <td>must be all zero (the reference trains with {@code bias=False})</td></tr>
 *   <tr><td>{@code model.i.weight} (BatchNorm)</td><td>(out,)</td><td>BatchNorm gamma</td></tr>
 *   <tr><td>{@code model.i.bias} (BatchNorm)</td><td>(out,)</td><td>BatchNorm beta</td></tr>
 *   <tr><td>{@code model.i.running_mean}</td><td>(out,)</td><td>BatchNorm mean</td></tr>
 *   <tr><td>{@code model.i.running_var}</td><td>(out,)</td><td>BatchNorm variance (eps 1e-5)</td></tr>
 *   <tr><td>{@code model.i.num_batches_tracked}</td><td>()</td><td>ignored</td></tr>
 * </table>
 *
 * <p>The layer order comes from the indices {@code i} (compared as numbers), not from fixed positions:
 * an index with a {@code P} entry is a DCLS layer, one with a {@code running_mean} entry is a BatchNorm
 * layer and belongs to the DCLS layer before it. Every DCLS layer but the last is a hidden layer (with
 * or without BatchNorm); the last is the readout and has none. Keys may carry the {@code model.} prefix
 * or not. Other keys (not of the form {@code [model.]<i>.<name>}) are ignored and listed in the
 * warnings; an index with parameters of any other kind (e.g. a ParametricLIFNode's {@code w}) is an
 * error. Floating-point parameters may be float32 or float64 (rounded to float32).
 *
 * <h2>Conversion</h2>
 *
 * <p>The reference's {@code Dcls1d} stores the centred kernel position {@code P}: the Gaussian of a
 * synapse is centred on tap {@code P + Td/2} of its {@code Td} taps (integer division; {@code Td} is
 * odd, 25 for SHD, 31 for SSC and GSC), and tap {@code n} sees the input {@code Td - 1 - n} steps in
 * the past. So the delay in steps is
 *
 * <pre>
 *   d = Td/2 - P          (P = 0: d = Td/2;  P = Td/2: d = 0;  P = -Td/2: d = Td - 1)
 * </pre>
 *
 * <p>{@code Td} is {@link TrainConfig#taps()} of the given configuration; it must equal the
 * reference's {@code max_delay} in steps. The reference clamps {@code P} into
 * {@code [-Td/2, Td/2]} after every step, so the delays lie in {@code [0, Td - 1]}; any outside are
 * clamped into it and counted in {@link ImportResult#clampedDelays()}. Sigma is one value for the
 * whole network: {@code |SIG|} of the readout's first synapse (the value the reference logs), with a
 * warning when other synapses hold different values. The reference deploys {@code Td/2 - rint(P)}
 * with {@code P} a float32; the stored float delay is chosen so that {@link DelayRounding#round} gives
 * that same integer ({@link #roundingAsReference}).
 *
 * <p>The neurons take the configuration's {@code tau}; hidden neurons fire at threshold 1 and reset to
 * zero, the readout neurons never fire ({@link Lif#readout(double)}). Input and hidden sizes are taken
 * from the file, with a warning when they differ from the configuration's. The model's configuration
 * is {@link TrainConfig#toMap()} (with the file's sizes) plus
 * {@code imported_from = snn-delays}, {@code time_convention = reference} and
 * {@code binning = reference} (the reference trains with its per-layer cut, {@link TimeConvention}, on
 * its loader's event-anchored frames, {@link Binning.Mode#REFERENCE}, so {@code evaluate} uses both by
 * default); it has no metrics; its provenance holds the configuration's
 * seed, an empty dataset fingerprint and the SHA-256 of the archive.
 */
public final class ReferenceImport {

    /** The value of the config entry {@code imported_from}. */
    public static final String IMPORTED_FROM = "snn-delays";
    /** BatchNorm epsilon of the reference ({@code torch.nn.BatchNorm1d}'s default). */
    public static final double BATCH_NORM_EPS = StateDict.BATCH_NORM_EPS;
    /** Firing threshold of the hidden neurons. */
    public static final double HIDDEN_THRESHOLD = 1.0;

    private static final Set<String> DCLS_PARAMS = Set.of("weight", "P", "SIG", "bias");

    private ReferenceImport() {
    }

    /**
     * Reads a reference {@code state_dict} archive and converts it.
     *
     * @param npz         the {@code .npz} file
     * @param config      the configuration the network was trained with (taps, tau, dt, seed, sizes)
     * @param commandLine recorded in the provenance
     * @throws SpikeportException a one-line message naming the file and, where one is at fault, the key:
     *                            unreadable archive, missing key, wrong shape or dtype, non-finite
     *                            value, sizes that differ from the configuration
     */
    public static ImportResult fromNpz(Path npz, TrainConfig config, String commandLine) {
        Map<String, NpyArray> arrays = Npz.read(npz);
        return convert(arrays, npz.toString(), FileHashes.sha256(npz), config, commandLine);
    }

    /** A DCLS layer and the BatchNorm module that follows it, if any. */
    private record Stage(Module dcls, Module batchNorm) {
    }

    static ImportResult convert(Map<String, NpyArray> arrays, String file, String sha256, TrainConfig config,
                                String commandLine) {
        List<String> warnings = new ArrayList<>();
        List<Stage> stages = stages(StateDict.of(arrays, "model", file), warnings);
        int taps = config.taps();
        if (taps % 2 == 0) {
            throw new SpikeportException(file + ": the configuration has an even number of kernel taps (" + taps
                    + ", max delay " + config.maxDelay() + "); the reference code always uses an odd number");
        }
        config = withFileSizes(stages, config, warnings);

        int half = taps / 2;
        int maxDelay = taps - 1;
        List<TrainedLayer> layers = new ArrayList<>();
        int clamped = 0;
        float sigma = 0;
        float sigmaMin = Float.POSITIVE_INFINITY;
        float sigmaMax = 0;
        int inputs = config.inputs();
        for (int l = 0; l < stages.size(); l++) {
            Stage stage = stages.get(l);
            boolean readout = l == stages.size() - 1;
            String name = readout ? "readout" : "hidden" + (l + 1);
            Module m = stage.dcls();
            NpyArray weightArray = m.param("weight");
            int outputs = weightArray.shape()[0];
            checkChained(m, weightArray, inputs);
            int synapses = outputs * inputs;
            float[] weights = m.floats("weight", synapses, shape(outputs, inputs, 1));
            float[] positions = m.floats("P", synapses, shape(1, outputs, inputs, 1));
            float[] sig = m.floats("SIG", synapses, shape(1, outputs, inputs, 1));
            if (m.has("bias")) {
                float[] bias = m.floats("bias", outputs, shape(outputs));
                for (float b : bias) {
                    if (b != 0) {
                        throw m.error("bias", "is nonzero; spikeport's DCLS layers have no bias (train the reference "
                                + "with bias=False)");
                    }
                }
            }
            float[] delays = new float[synapses];
            int clampedHere = 0;
            for (int k = 0; k < synapses; k++) {
                double exact = half - (double) positions[k];
                float d = (float) exact;
                if (d < 0 || d > maxDelay) {
                    d = Math.max(0, Math.min(maxDelay, d));
                    clampedHere++;
                } else {
                    d = roundingAsReference(d, exact, taps);
                }
                delays[k] = d;
                float s = Math.abs(sig[k]);
                sigmaMin = Math.min(sigmaMin, s);
                sigmaMax = Math.max(sigmaMax, s);
            }
            if (readout) {
                sigma = Math.abs(sig[0]);
            }
            if (clampedHere > 0) {
                warnings.add("layer '" + name + "' (" + m.prefix() + "P): " + clampedHere + " of " + synapses
                        + " delays were outside [0, " + maxDelay + "] steps (P outside [-" + half + ", " + half
                        + "]) and were clamped; check that the configuration's max delay (" + maxDelay
                        + ") is the one the model was trained with");
            }
            clamped += clampedHere;
            BatchNorm bn = stage.batchNorm() == null ? null : stage.batchNorm().batchNorm(outputs);
            Lif neuron = readout ? Lif.readout(config.tau()) : Lif.spiking(config.tau(), HIDDEN_THRESHOLD);
            int in = inputs;
            layers.add(m.build(() -> new TrainedLayer(name, in, outputs, weights, delays, maxDelay, null, bn, neuron)));
            inputs = outputs;
        }
        if (sigmaMin != sigmaMax) {
            warnings.add("SIG differs between synapses (|SIG| from " + sigmaMin + " to " + sigmaMax + "); using "
                    + sigma + ", the readout's first value, which the reference code logs as sigma");
        }

        TrainedNetwork network;
        try {
            network = new TrainedNetwork(config.inputs(), config.dtMs(), sigma, layers);
        } catch (IllegalArgumentException e) {
            throw new SpikeportException(file + ": " + e.getMessage(), e);
        }
        java.util.SortedMap<String, String> configMap = config.toMap();
        configMap.put(TrainedModel.TIME_CONVENTION, TimeConvention.REFERENCE.id());
        configMap.put(TrainedModel.BINNING, Binning.Mode.REFERENCE.id());
        return ImportResult.of(network, configMap, IMPORTED_FROM, commandLine, config.seed(), sha256, clamped,
                warnings);
    }

    /**
     * The float delay {@code d = (float) exact} ({@code exact = Td/2 - P} in double precision, where it
     * is exact), moved by one float ulp towards the reference's integer delay {@code Td/2 - rint(P)}
     * when {@link DelayRounding#round} of the float would give another integer. This happens when
     * {@code P} is a float32 within one ulp of a half-integer and the float of {@code Td/2 - P}, having
     * fewer fractional bits, rounds onto the half-integer itself, where the tie goes the other way.
     */
    static float roundingAsReference(float d, double exact, int taps) {
        int reference = DelayRounding.round(exact, taps);
        if (DelayRounding.round(d, taps) == reference) {
            return d;
        }
        return Math.nextAfter(d, reference);
    }

    /** Pairs each DCLS module with the BatchNorm after it. */
    private static List<Stage> stages(StateDict dict, List<String> warnings) {
        if (!dict.otherKeys().isEmpty()) {
            warnings.add("ignored keys that are not parameters of the reference's layer list: " + dict.otherKeys());
        }
        List<Stage> stages = new ArrayList<>();
        Module open = null;
        for (Module m : dict.modules().values()) {
            Set<String> names = m.params().keySet();
            if (names.contains("P")) {
                m.allowOnly(DCLS_PARAMS, "Dcls1d");
                if (open != null) {
                    stages.add(new Stage(open, null));
                }
                open = m;
            } else if (names.contains("running_mean")) {
                m.allowOnly(StateDict.BN_PARAMS, "BatchNorm1d");
                if (open == null) {
                    throw dict.error("the BatchNorm1d at '" + m.prefix() + "' does not follow a Dcls1d layer (keys with "
                            + "'P')");
                }
                stages.add(new Stage(open, m));
                open = null;
            } else {
                throw dict.error("keys '" + m.prefix() + "*' hold " + names + ", neither a Dcls1d layer (which has 'P') "
                        + "nor a BatchNorm1d (which has 'running_mean'); only the reference's LIF model with DCLS "
                        + "layers can be imported");
            }
        }
        if (open == null) {
            if (stages.isEmpty()) {
                throw dict.error("has no Dcls1d layer (no key like 'model.0.P'); is it a state_dict of the reference "
                        + "SNN-delays model?");
            }
            Stage last = stages.get(stages.size() - 1);
            throw dict.error("the last Dcls1d layer ('" + last.dcls().prefix() + "') is followed by a BatchNorm1d ('"
                    + last.batchNorm().prefix() + "'), but the readout has none");
        }
        stages.add(new Stage(open, null));
        return stages;
    }

    /**
     * Checks every DCLS weight's rank and returns {@code config} with the file's input and hidden sizes
     * (the archive is the authority on shapes; the configuration supplies what it does not hold), with a
     * warning when they differ from the configuration's.
     */
    private static TrainConfig withFileSizes(List<Stage> stages, TrainConfig config, List<String> warnings) {
        for (Stage stage : stages) {
            Module m = stage.dcls();
            NpyArray weight = m.param("weight");
            int[] s = weight.shape();
            if (s.length == 3 && s[2] != 1) {
                throw m.error("weight", "has shape " + weight.shapeText() + ", " + s[2] + " kernel positions per synapse (kernel_count > 1); spikeport needs one");
            }
            if (s.length != 2 && s.length != 3) {
                throw m.error("weight", "has shape " + weight.shapeText() + "; expected (out, in, 1)");
            }
        }
        int[] hidden = new int[stages.size() - 1];
        for (int l = 0; l < hidden.length; l++) {
            hidden[l] = stages.get(l).dcls().param("weight").shape()[0];
        }
        int inputs = stages.get(0).dcls().param("weight").shape()[1];
        if (Arrays.equals(hidden, config.hidden()) && inputs == config.inputs()) {
            return config;
        }
        warnings.add("the file has " + inputs + " inputs and hidden layers " + Arrays.toString(hidden)
                + ", the configuration '" + config.name() + "' " + config.inputs() + " and "
                + Arrays.toString(config.hidden()) + "; the file's sizes are used (input units " + inputs + " x "
                + config.groupSize() + ")");
        return new TrainConfig(config.name(), hidden, config.maxDelay(), config.tau(), config.epochs(),
                config.batchSize(), config.dropout(), config.lrWeights(), config.maxLrWeights(), config.weightDecay(),
                config.lrDelays(), config.delays(), config.sigma(), config.trainWeights(), config.fanIn(), config.dtMs(),
                config.groupSize(), inputs * config.groupSize(), config.seed());
    }

    private static void checkChained(Module m, NpyArray weight, int inputs) {
        int in = weight.shape()[1];
        if (in != inputs) {
            throw m.error("weight", "has shape " + weight.shapeText() + ", " + in + " inputs, but the layer before has " + inputs + " outputs");
        }
    }

    private static String shape(int... dims) {
        return StateDict.shape(dims);
    }
}
