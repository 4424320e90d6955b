package org.spikeport.trainer.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.files.FileHashes;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.BatchNorm;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.DelayRounding;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.trainer.importer.DelRecImport.Layout;
import org.spikeport.trainer.importer.DelRecImport.Settings;

/**
 * {@link DelRecImport} on the archives of {@code make_delrec_npz.py}: where each key lands, the readout
 * kinds, the settings, and that the imported network computes what numpy computes from DelRec's
 * definition (so the orientation of the recurrent weights and the lag convention are checked, not
 * assumed); then each kind of bad file.
 */
class DelRecImportTest {

    private static final int INPUTS = 7;
    private static final int STEPS = 24;

    @TempDir
    static Path dir;

    private static NpzScripts.Expected expected;

    @BeforeAll
    static void generate() throws IOException {
        NpzScripts.generate("make_delrec_npz.py", dir);
        expected = NpzScripts.expected(dir);
    }

    /** The published settings with the script's sizes (7 channels, no grouping, its own hidden sizes). */
    private static Settings fitted(Settings s) {
        Map<String, String> config = new java.util.TreeMap<>(s.config());
        config.put("input_units", Integer.toString(INPUTS));
        config.remove("hidden");
        return new Settings(s.layout(), s.kind(), s.tau(), s.reset(), s.threshold(), s.sigma(), s.dtMs(), 1, INPUTS,
                s.seed(), config, "spikeport import --from delrec");
    }

    /** The settings of each script network. */
    private static Settings settings(String net) {
        return switch (net) {
            case "shd" -> fitted(Settings.shd(149));
            case "ssc" -> fitted(Settings.ssc(99));
            case "small" -> fitted(Settings.small(29));
            case "synaptic" -> fitted(Settings.small(29)).withKind(Recurrence.Kind.SYNAPTIC);
            default -> throw new IllegalArgumentException(net);
        };
    }

    private static ImportResult importNet(String net) {
        return DelRecImport.read(dir.resolve(net + ".npz"), settings(net));
    }

    private static float[] values(String net, String key) {
        return expected.floats(net + "/" + key);
    }

    /** Checks a layer's feed-forward part: weights (out, in) as stored, no delays, no mask, the bias if any. */
    private static void assertLinear(String net, int index, boolean bias, TrainedLayer layer) {
        assertArrayEquals(values(net, "layers." + index + ".weight"), layer.weights(), layer.name() + " weights");
        assertEquals(0, layer.maxDelay());
        assertArrayEquals(new float[layer.inputs() * layer.outputs()], layer.delays(), layer.name() + " delays");
        assertNull(layer.mask());
        if (bias) {
            assertArrayEquals(values(net, "layers." + index + ".bias"), layer.bias(), layer.name() + " bias");
        } else {
            assertNull(layer.bias(), layer.name() + " bias");
        }
    }

    private static void assertBatchNorm(String net, int index, BatchNorm bn) {
        String k = "layers." + index + ".";
        assertArrayEquals(values(net, k + "weight"), bn.gamma());
        assertArrayEquals(values(net, k + "bias"), bn.beta());
        assertArrayEquals(values(net, k + "running_mean"), bn.mean());
        assertArrayEquals(values(net, k + "running_var"), bn.variance());
        assertEquals(1e-5, bn.eps());
    }

    @Test
    void shdKeysLandInPlace() {
        ImportResult result = importNet("shd");
        assertEquals(0, result.clampedDelays());
        assertEquals(List.of(), result.warnings());
        TrainedNetwork net = result.model().network();
        assertEquals(INPUTS, net.inputs());
        assertEquals(10.0, net.dtMs());
        assertEquals(0.0, net.sigma());
        assertEquals(Decoding.SOFTMAX_SUM, net.decoding());
        assertEquals(List.of("hidden1", "hidden2", "readout"), net.layers().stream().map(TrainedLayer::name).toList());

        TrainedLayer h1 = net.layers().get(0);
        assertLinear("shd", 0, true, h1);
        assertBatchNorm("shd", 1, h1.batchNorm());
        assertNull(h1.recurrent(), "layer 1 of perf_SHD is a plain LIF");
        assertEquals(Lif.spiking(1.05, 1.0), h1.neuron());

        TrainedLayer h2 = net.layers().get(1);
        assertLinear("shd", 5, true, h2);
        assertBatchNorm("shd", 6, h2.batchNorm());
        assertEquals(Lif.spiking(1.05, 1.0), h2.neuron());
        Recurrence r = h2.recurrent();
        assertEquals(Recurrence.Kind.AXONAL, r.kind());
        assertEquals(5, r.neurons());
        float[] w = values("shd", "layers.7.recurrent_weights");
        assertArrayEquals(w, r.weights());
        assertEquals(w[1 * 5 + 3], r.weight(1, 3), "W[i, o] is the weight o -> i");
        assertEquals(w[3 * 5 + 1], r.weight(3, 1));
        assertNotEquals(r.weight(1, 3), r.weight(3, 1));
        assertArrayEquals(new float[] {4, 0, 2.5f, 11, 1.4f}, r.delays());
        assertEquals(11f, r.delay(0, 3), "axonal: the delay of the presynaptic neuron");
        assertEquals(11f, r.delay(4, 3));
        assertNull(r.spread());
        assertEquals(Settings.sigmaAt(10, 0.95, 150, 149), r.sigma());

        TrainedLayer readout = net.layers().get(2);
        assertLinear("shd", 10, true, readout);
        assertNull(readout.batchNorm());
        assertNull(readout.recurrent());
        assertEquals(Lif.readout(1.05), readout.neuron());
    }

    @Test
    void sscKeysLandInPlace() {
        ImportResult result = importNet("ssc");
        assertEquals(List.of(), result.warnings());
        TrainedNetwork net = result.model().network();
        assertEquals(Decoding.SUM, net.decoding());
        assertEquals(1400.0 / 249, net.dtMs());
        int[] positions = {0, 4, 8};
        for (int l = 0; l < 3; l++) {
            TrainedLayer layer = net.layers().get(l);
            int p = positions[l];
            assertLinear("ssc", p, true, layer);
            assertNull(layer.batchNorm());
            assertEquals(Lif.subtracting(2.0, 1.0), layer.neuron());
            assertEquals(ResetMode.SUBTRACT, layer.neuron().reset());
            Recurrence r = layer.recurrent();
            assertEquals(Recurrence.Kind.AXONAL, r.kind());
            assertArrayEquals(values("ssc", "layers." + (p + 2) + ".recurrent_weights"), r.weights());
            assertArrayEquals(values("ssc", "layers." + (p + 2) + ".recurrent_delays"), r.delays());
            float[] spread = values("ssc", "layers." + (p + 2) + ".p_spread");
            assertArrayEquals(spread, r.spread());
            double sigma = Settings.sigmaAt(10, 0.95, 100, 99);
            assertEquals(sigma, r.sigma());
            assertEquals(1 + 2 * sigma / (1 + Math.exp(-spread[1])), r.width(1), 1e-12);
        }
        assertEquals(0.5f, net.layers().get(1).recurrent().delay(2, 1));
        TrainedLayer readout = net.layers().get(3);
        assertLinear("ssc", 12, true, readout);
        assertEquals(Lif.readout(1.0), readout.neuron(), "a bare Linear: v[t] = I[t]");
    }

    @Test
    void smallHasNoBiasNoBatchNormAndAPlainFirstLayer() {
        ImportResult result = importNet("small");
        assertEquals(List.of(), result.warnings());
        List<TrainedLayer> layers = result.model().network().layers();
        assertLinear("small", 0, false, layers.get(0));
        assertLinear("small", 4, false, layers.get(1));
        assertLinear("small", 8, false, layers.get(2));
        for (TrainedLayer layer : layers) {
            assertNull(layer.batchNorm());
        }
        assertNull(layers.get(0).recurrent());
        assertArrayEquals(values("small", "layers.5.recurrent_weights"), layers.get(1).recurrent().weights());
        assertEquals(Lif.spiking(2.0, 1.0), layers.get(1).neuron());
        assertEquals(Lif.readout(2.0), layers.get(2).neuron());
        assertEquals(Decoding.SOFTMAX_SUM, result.model().network().decoding());
    }

    @Test
    void synapticDelaysAreIndexedReceivingNeuronFirst() {
        Recurrence r = importNet("synaptic").model().network().layers().get(1).recurrent();
        assertEquals(Recurrence.Kind.SYNAPTIC, r.kind());
        float[] d = values("synaptic", "layers.5.recurrent_delays");
        assertArrayEquals(d, r.delays());
        assertEquals(4.5f, r.delay(0, 1), "d[i, o]: to neuron 0 from neuron 1");
        assertEquals(d[1 * 5 + 0], r.delay(1, 0));
        assertEquals(d[3 * 5 + 4], r.delay(3, 4));
        assertArrayEquals(values("synaptic", "layers.5.p_spread"), r.spread());
    }

    @Test
    void negativeDelaysAreClampedAndCounted() {
        ImportResult result = DelRecImport.read(dir.resolve("clamped.npz"), settings("small"));
        assertEquals(2, result.clampedDelays());
        assertArrayEquals(new float[] {3, 0, 2.5f, 0, 1.4f}, result.model().network().layers().get(1).recurrent().delays());
        assertEquals(List.of("layer 'hidden2' (layers.5.recurrent_delays): 2 of 5 delays were negative and were clamped "
                + "to 0 (DelRec clamps them at 0 after every optimiser step)"), result.warnings());
    }

    /**
     * The readout membranes of the imported network, evaluated here in double precision from the IR
     * ({@link Recurrence#weight}, {@link Recurrence#delay}, lag {@link DelayRounding#recurrent}), equal
     * those numpy computed from the state_dict as DelRec defines the layers.
     */
    @ParameterizedTest
    @ValueSource(strings = {"shd", "small", "ssc", "synaptic"})
    void importedNetworkComputesWhatNumpyComputes(String name) {
        TrainedNetwork net = importNet(name).model().network();
        double[][] x = matrix(expected.get("input"), INPUTS);
        double[] numpy = expected.get(name + "/readout");
        double[] java = flatten(readoutMembranes(net, x, false));
        assertEquals(STEPS * net.outputs(), numpy.length);
        for (int k = 0; k < numpy.length; k++) {
            assertEquals(numpy[k], java[k], 1e-9 * Math.max(1, Math.abs(numpy[k])), name + " v[" + k / net.outputs()
                    + "][" + k % net.outputs() + "]");
        }
        double[] transposed = flatten(readoutMembranes(net, x, true));
        double largest = 0;
        for (int k = 0; k < numpy.length; k++) {
            largest = Math.max(largest, Math.abs(numpy[k] - transposed[k]));
        }
        assertTrue(largest > 1e-3, name + ": reading W as W[pre, post] must give another output, so the comparison "
                + "checks the orientation; largest difference " + largest);
    }

    /**
     * Runs the network on {@code x[t][j]} with one-hot recurrent kernels and returns the readout's
     * membranes {@code v[t][k]}: per layer {@code I_i[t] = BN(sum_j w_ij s_j[t] + b_i) + sum_o W[i, o]
     * s_o[t - D_io]}, then the LIF step of {@link Lif}. {@code transposed} reads {@code W[o, i]} instead.
     */
    static double[][] readoutMembranes(TrainedNetwork net, double[][] x, boolean transposed) {
        int steps = x.length;
        double[][] in = x;
        for (TrainedLayer layer : net.layers()) {
            int inputs = layer.inputs();
            int outputs = layer.outputs();
            Recurrence r = layer.recurrent();
            Lif lif = layer.neuron();
            double[][] out = new double[steps][outputs];
            double[] v = new double[outputs];
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < outputs; i++) {
                    double a = layer.bias() == null ? 0 : layer.bias()[i];
                    for (int j = 0; j < inputs; j++) {
                        assertEquals(0f, layer.delays()[i * inputs + j]);
                        a += layer.weights()[i * inputs + j] * in[t][j];
                    }
                    BatchNorm bn = layer.batchNorm();
                    if (bn != null) {
                        a = bn.gamma()[i] * (a - bn.mean()[i]) / Math.sqrt(bn.variance()[i] + bn.eps()) + bn.beta()[i];
                    }
                    if (r != null) {
                        for (int o = 0; o < outputs; o++) {
                            int lag = DelayRounding.recurrent(r.delay(i, o));
                            if (t - lag >= 0) {
                                a += (transposed ? r.weight(o, i) : r.weight(i, o)) * out[t - lag][o];
                            }
                        }
                    }
                    double h = v[i] - v[i] / lif.tau() + a;
                    boolean spike = h >= lif.threshold();
                    v[i] = switch (lif.reset()) {
                        case NONE -> h;
                        case ZERO -> spike ? 0 : h;
                        case SUBTRACT -> spike ? h - lif.threshold() : h;
                    };
                    out[t][i] = lif.isReadout() ? v[i] : (spike ? 1 : 0);
                }
            }
            in = out;
        }
        return in;
    }

    private static double[][] matrix(double[] values, int columns) {
        double[][] m = new double[values.length / columns][];
        for (int r = 0; r < m.length; r++) {
            m[r] = Arrays.copyOfRange(values, r * columns, (r + 1) * columns);
        }
        return m;
    }

    private static double[] flatten(double[][] m) {
        return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
    }

    @Test
    void sigmaFollowsDelRecsSchedule() {
        assertEquals(10.0, Settings.sigmaAt(10, 0.95, 150, 0));
        assertEquals(10 * Math.pow(0.95, 100.0 * 149 / 150), Settings.sigmaAt(10, 0.95, 150, 149), 1e-12);
        assertEquals(0.0613, Settings.sigmaAt(10, 0.95, 150, 149), 5e-5);
        assertEquals(10 * Math.pow(0.95, 100.0 * 29 / 30), Settings.small(29).sigma(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Settings.sigmaAt(10, 0.95, 150, 150));
        assertThrows(IllegalArgumentException.class, () -> Settings.shd(-1));
        assertEquals(0.0, Settings.small(3).withSigma(0).sigma());
    }

    @Test
    void publishedSettingsFollowDelRecsConfigs() {
        Settings shd = Settings.shd(10);
        assertEquals(Layout.SHD, shd.layout());
        assertEquals(Recurrence.Kind.AXONAL, shd.kind());
        assertEquals(1.05, shd.tau());
        assertEquals(ResetMode.ZERO, shd.reset());
        assertEquals(1.0, shd.threshold());
        assertEquals(10.0, shd.dtMs());
        assertEquals(5, shd.groupSize());
        assertEquals(700, shd.inputUnits());
        assertEquals(0, shd.seed());
        assertEquals("150", shd.config().get("epochs"));
        assertEquals("10", shd.config().get("epoch"));
        Settings ssc = Settings.ssc(0);
        assertEquals(Layout.SSC, ssc.layout());
        assertEquals(2.0, ssc.tau());
        assertEquals(ResetMode.SUBTRACT, ssc.reset());
        assertEquals(1400.0 / 249, ssc.dtMs());
        assertEquals(10.0, ssc.sigma());
        assertEquals(Decoding.SUM, ssc.layout().decoding());
        assertEquals(1.0, ssc.layout().readoutTau(2.0));
        Settings small = Settings.small(0);
        assertEquals(Layout.SHD, small.layout());
        assertEquals(2.0, small.tau());
        assertEquals(ResetMode.ZERO, small.reset());
        assertEquals("30", small.config().get("epochs"));
        assertThrows(IllegalArgumentException.class, () -> new Settings(Layout.SHD, Recurrence.Kind.AXONAL, 2.0,
                ResetMode.NONE, 1.0, 0, 10, 5, 700, 0, Map.of(), ""));
    }

    @Test
    void recordsConfigAndProvenance() {
        TrainedModel model = importNet("small").model();
        Map<String, String> c = model.config();
        assertEquals("delrec", c.get("imported_from"));
        assertEquals("delrec-small", c.get("config"));
        assertEquals("configs/equiparam_SHD.py", c.get("delrec_config"));
        assertEquals("29", c.get("epoch"));
        assertEquals("shd", c.get("layout"));
        assertEquals("[6, 5]", c.get("hidden"));
        assertEquals("axonal", c.get("recurrent_kind"));
        assertEquals("2.0", c.get("tau"));
        assertEquals("zero", c.get("reset"));
        assertEquals("1.0", c.get("threshold"));
        assertEquals("softmax_sum", c.get("decoding"));
        assertEquals(Double.toString(Settings.small(29).sigma()), c.get("recurrent_sigma"));
        assertEquals("10.0", c.get("dt_ms"));
        assertEquals("1", c.get("group_size"));
        assertEquals("7", c.get("input_units"));
        assertEquals("0", c.get("seed"));
        assertEquals(List.of(), model.metrics());
        assertEquals("spikeport import --from delrec", model.provenance().commandLine());
        assertEquals(0, model.provenance().seed());
        assertEquals("", model.provenance().datasetFingerprint());
        assertEquals(FileHashes.sha256(dir.resolve("small.npz")), model.provenance().sourceSha256());
    }

    @Test
    void fileSizesAndImporterEntriesWinOverTheSettingsWithWarnings() {
        Settings published = Settings.small(29);
        Map<String, String> config = new java.util.TreeMap<>(published.config());
        config.put("hidden", "[42, 42]");
        Settings s = new Settings(published.layout(), published.kind(), published.tau(), published.reset(),
                published.threshold(), published.sigma(), published.dtMs(), published.groupSize(),
                published.inputUnits(), 7, config, "import");
        ImportResult result = DelRecImport.read(dir.resolve("small.npz"), s);
        assertEquals("35", result.model().config().get("input_units"));
        assertEquals("[6, 5]", result.model().config().get("hidden"));
        assertEquals(7, result.model().provenance().seed());
        assertEquals(List.of(
                "the file has 7 inputs, the settings 700 input units in groups of 5 (140 inputs); the file's size is "
                        + "used (input units 7 x 5)",
                "config entry 'hidden' is [6, 5] (from the file and the settings' fields), not the given [42, 42]"),
                result.warnings());
    }

    @Test
    void importedModelRoundTripsThroughModelFiles() {
        for (String net : List.of("shd", "ssc", "synaptic")) {
            TrainedModel model = importNet(net).model();
            Path file = dir.resolve(net + ".pb");
            ModelFiles.write(file, model);
            TrainedModel back = ModelFiles.readTrained(file);
            assertEquals(model.network(), back.network(), net);
            assertEquals(model.config(), back.config(), net);
            assertEquals(model.provenance(), back.provenance(), net);
        }
    }

    /** The message of the import's failure on {@code file}, after checking it is one line naming the file. */
    private static String failure(String file, Settings settings) {
        Path path = dir.resolve(file);
        SpikeportException e = assertThrows(SpikeportException.class, () -> DelRecImport.read(path, settings));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        String prefix = path + ": ";
        assertTrue(m.startsWith(prefix), "names the file: " + m);
        return m.substring(prefix.length());
    }

    private static String failure(String file) {
        return failure(file, settings("small"));
    }

    @Test
    void foreignFileIsReported() throws IOException {
        Files.writeString(dir.resolve("text.npz"), "recurrent_weights\n1,2\n");
        assertTrue(failure("text.npz").startsWith("is not a NumPy .npz archive: not a zip file, or truncated"));
    }

    @Test
    void truncatedArchiveIsReported() throws IOException {
        byte[] whole = Files.readAllBytes(dir.resolve("small.npz"));
        Files.write(dir.resolve("cut.npz"), Arrays.copyOf(whole, whole.length / 2));
        assertTrue(failure("cut.npz").startsWith("is not a NumPy .npz archive: not a zip file, or truncated"));
    }

    @Test
    void declaredShapeBeyondTheDataIsRejectedBeforeAllocating() throws IOException {
        Path file = dir.resolve("huge.npz");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("layers.5.recurrent_weights.npy"));
            zip.write(NpyTest.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (50000, 50000), }",
                    new byte[100]));
            zip.closeEntry();
        }
        assertEquals("key 'layers.5.recurrent_weights': is too large to load: shape [50000, 50000]", failure("huge.npz"));
    }

    @Test
    void missingKeyIsNamed() {
        assertEquals("key 'layers.6.running_var' is missing (the layer has [layers.6.weight, layers.6.bias, "
                + "layers.6.running_mean, layers.6.num_batches_tracked])", failure("missing.npz", settings("shd")));
    }

    @Test
    void keyOutsideTheSequentialIsRejected() {
        assertEquals("key 'epoch': unexpected; a state_dict of DelRec's SNN has only keys 'layers.<i>.<name>', "
                + "parameters of the modules of its Sequential 'layers'", failure("unexpected_key.npz"));
    }

    @Test
    void parameterOfAnotherNeuronModelIsRejected() {
        assertEquals("key 'layers.1.w': unexpected: not a parameter of an nn.Linear [bias, weight], a BatchNorm1d "
                + "[bias, num_batches_tracked, running_mean, running_var, weight] or a recurrent neuron [p_spread, "
                + "recurrent_delays, recurrent_weights] (the importer reads models whose neurons are LIFNode)",
                failure("plif.npz"));
    }

    @Test
    void wrongShapeIsNamed() {
        assertEquals("key 'layers.5.recurrent_weights': has shape (5, 4) (20 elements); expected (5, 5) (25 elements)",
                failure("wrong_shape.npz"));
    }

    @Test
    void wrongDtypeIsNamed() {
        assertEquals("key 'layers.0.weight': has dtype <i4; expected float32 or float64", failure("wrong_dtype.npz"));
    }

    @Test
    void nonFiniteValueIsNamed() {
        assertEquals("key 'layers.5.recurrent_delays': element 2 is NaN", failure("nonfinite.npz"));
    }

    @Test
    void sizesThatDoNotChainAreNamed() {
        assertEquals("key 'layers.4.weight': has shape (5, 7), 7 inputs, but the layer before has 6 outputs",
                failure("unchained.npz"));
    }

    @Test
    void feedForwardDelaysAreRejected() {
        assertEquals("key 'layers.4.P': a Dcls1d layer (feed-forward delays, as in DelRec's SNN_feedforward_delays and "
                + "SNN_recurrent_and_feedforward_delays) is not supported by this importer; it reads "
                + "SNN_recurrent_delays, SNN_vanilla_recurrent and SNN_fixed_recurrent_delays, whose feed-forward "
                + "connections are nn.Linear", failure("dcls.npz"));
    }

    @Test
    void batchNormAfterTheSpikesIsRejected() {
        assertEquals("key 'layers.4.running_mean': a BatchNorm1d after the spikes (src/SSC/snn.py with use_batch_norm "
                + "= True) cannot be represented: a spikeport layer is Linear (+ bias) -> BatchNorm -> neurons, and "
                + "nothing normalises the spikes between layers", failure("bn_after_spikes.npz", settings("ssc")));
    }

    @Test
    void delayKindMustMatchTheSettings() {
        assertEquals("key 'layers.5.recurrent_delays': has shape (5, 5), one delay per synapse (synaptic_recdel), but "
                + "the settings say AXONAL", failure("synaptic.npz", settings("small")));
        assertEquals("key 'layers.5.recurrent_delays': has shape (5,), one delay per presynaptic neuron "
                + "(axonal_recdel), but the settings say SYNAPTIC", failure("small.npz", settings("synaptic")));
    }

    @Test
    void otherLayoutIsNamedWhenTheKeysFitIt() {
        assertEquals("key 'layers.1.running_mean': a BatchNorm1d at position 1, after the nn.Linear 'layers.0.'; "
                + "src/SSC/snn.py puts a hidden layer's nn.Linear at i, its neuron at i+2, its optional BatchNorm1d "
                + "at i+4 and the next nn.Linear at i+4 (i+5) (layout SSC); the keys fit src/SHD/snn.py (layout SHD)",
                failure("shd.npz", settings("ssc")));
        assertEquals("key 'layers.2.recurrent_weights': a recurrent neuron at position 2, after the nn.Linear "
                + "'layers.0.'; src/SHD/snn.py puts a hidden layer's nn.Linear at i, its optional BatchNorm1d at "
                + "i+1, its neuron at i+1 (i+2 after a BatchNorm1d) and the next nn.Linear at i+4 (i+5) (layout SHD); "
                + "the keys fit src/SSC/snn.py (layout SSC)", failure("ssc.npz", settings("small")));
    }

    @Test
    void missingReadoutIsReported() {
        assertEquals("the last nn.Linear ('layers.4.') is followed by 'layers.5.*', so there is no readout: DelRec's "
                + "readout is a last nn.Linear with nothing after it that has parameters", failure("no_readout.npz"));
    }
}
