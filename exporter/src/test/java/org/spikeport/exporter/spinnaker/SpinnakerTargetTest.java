package org.spikeport.exporter.spinnaker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.arith.ResetParameter;
import org.spikeport.core.arith.SpinnakerLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.CorePartition;
import org.spikeport.exporter.Feature;
import org.spikeport.exporter.FoldedNetwork;
import org.spikeport.exporter.ProfileChecks;
import org.spikeport.exporter.Violation;

class SpinnakerTargetTest {

    private static final double EPS = 1e-12;
    private static final HardwareProfile PROFILE = bundledProfile();

    /** The bundled profile file, read from the source tree (the exporter does not depend on hw-profiles). */
    static HardwareProfile bundledProfile() {
        Path rel = Path.of("hw-profiles", "src", "main", "resources", "org", "spikeport", "profiles", "spinnaker.yaml");
        String root = System.getProperty("spikeport.root");
        Path p = root != null ? Path.of(root).resolve(rel) : Path.of("..").resolve(rel);
        if (!Files.isRegularFile(p)) {
            p = Path.of("..").resolve(rel);
        }
        return HardwareProfiles.load(p);
    }

    /** Hidden 3 -> 2 (tau 1.005) and readout 2 -> 2 (tau 2); {@code hiddenDelay} on synapse 2. */
    static FoldedNetwork network(int hiddenDelay) {
        FoldedNetwork.Layer h = new FoldedNetwork.Layer("h", 3, 2, new int[] {0, 1, 2}, new int[] {0, 0, 1},
                new double[] {0.5, 0.25, -0.1}, new int[] {0, 3, hiddenDelay}, new double[] {0.05, -0.02}, 1.005, 1.0,
                24);
        FoldedNetwork.Layer out = new FoldedNetwork.Layer("out", 2, 2, new int[] {0, 0, 1}, new int[] {0, 1, 1},
                new double[] {1.0, 0.3, -0.5}, new int[] {1, 0, 2}, new double[] {0, 0}, 2.0,
                Double.POSITIVE_INFINITY, 24);
        return new FoldedNetwork(3, 10, List.of(h, out));
    }

    static DeployedNetwork deploy(FoldedNetwork net) {
        return new SpinnakerTarget().deploy(net, PROFILE, new Provenance("dev", "test", 0, "", Instant.EPOCH, ""));
    }

    @Test
    void quantizesAHandMadeNetworkToTheExpectedIntegers() {
        DeployedNetwork d = deploy(network(7));
        assertEquals("spinnaker", d.target());
        assertEquals(10.0, d.dtMs(), 0.0, "the model's step, for binning recordings");
        assertEquals(new InputEncoding(InputEncoding.Kind.BINARY, 0), d.input());

        // Hidden: exp_tc = round(32768 (1 - 1/1.005)) = round(163.03) = 163; gain g = 1 - 163/32768.
        // Largest load (0.75 + 0.05) / g = 0.804 -> u = 2^-13 (8192 * 1 / 0.804 > 2^13, capped at j = 13).
        // Excitatory sum 0.75 / (g 2^-13) = 6174.7 nA -> shift 13, unit g 2^-15:
        // 0.5 -> 16465.9 -> 16466, 0.25 -> 8232.95 -> 8233.
        // Inhibitory sum 0.1 / (g 2^-13) = 823.3 nA -> shift 10, unit g 2^-18: 0.1 -> 26345.45 -> -26345.
        // Bias b / (g 2^-13) in s16.15: 0.05 -> 13488871.37 -> 13488871, -0.02 -> -5395548.55 -> -5395549.
        // Threshold 1.0 / 2^-13 = 8192 mV = 2^28 raw.
        DeployedLayer h = d.layers().get(0);
        double g = 1 - 163 / 32768.0;
        assertArrayEquals(new int[] {16466, 8233, -26345}, h.synapses().weight());
        assertArrayEquals(new int[] {0, 3, 7}, h.synapses().delay());
        assertEquals(SpinnakerLif.NAME, h.neuron().model());
        assertEquals(163, h.neuron().value(SpinnakerLif.EXP_TC, 0));
        assertEquals(SpinnakerLif.ONE, h.neuron().value(SpinnakerLif.R_MEMBRANE, 0));
        assertEquals(1L << 28, h.neuron().value(SpinnakerLif.V_THRESH, 0));
        assertEquals(0, h.neuron().value(SpinnakerLif.V_RESET, 0));
        assertEquals(13, h.neuron().value(SpinnakerLif.SHIFT_EXC, 0));
        assertEquals(10, h.neuron().value(SpinnakerLif.SHIFT_INH, 0));
        assertArrayEquals(new long[] {13488871, -5395549}, h.neuron().values().get(SpinnakerLif.I_OFFSET));
        assertEquals(Math.scalb(1.0, -13), h.quantization().get("v_unit"), 0.0);
        assertEquals(Math.scalb(1.0, -28), h.quantization().get("v_scale"), 0.0);
        assertEquals(g * Math.scalb(1.0, -15), h.quantization().get("weight_scale_exc"), EPS);
        assertEquals(g * Math.scalb(1.0, -18), h.quantization().get("weight_scale_inh"), EPS);
        assertEquals(1.0, h.quantization().get("threshold_effective"), 0.0);
        assertEquals(0.0, h.quantization().get("threshold_error"), 0.0);
        assertEquals(163 / 32768.0 - (1 - 1 / 1.005), h.quantization().get("v_decay_error"), EPS);
        assertEquals(0.75 / (g * Math.scalb(1.0, -13)), h.quantization().get("summed_weight_exc"), 1e-9);
        assertEquals(65535.0 / 26345, h.quantization().get("ring_headroom"), EPS, "the inhibitory 26345 is the largest sum");

        // Readout: tau 2 -> exp_tc 16384, g = 1/2. Load max(1.0, 0.5) / g = 2 -> u = 2^-12 (2 / 2^-12 = 8192).
        // Excitatory sum 1.0 / (2^-1 2^-12) = 8192 nA = 2^13 exactly -> shift 14, unit 2^-14: 1.0 -> 16384,
        // 0.3 -> 4915.2 -> 4915. Inhibitory sum 4096 -> shift 13, unit 2^-15: -0.5 -> -16384.
        DeployedLayer out = d.layers().get(1);
        assertArrayEquals(new int[] {16384, 4915, -16384}, out.synapses().weight());
        assertEquals(16384, out.neuron().value(SpinnakerLif.EXP_TC, 0));
        assertEquals(14, out.neuron().value(SpinnakerLif.SHIFT_EXC, 0));
        assertEquals(13, out.neuron().value(SpinnakerLif.SHIFT_INH, 0));
        assertEquals(Integer.MAX_VALUE, out.neuron().value(SpinnakerLif.V_THRESH, 0));
        assertEquals(Math.scalb(1.0, -27), out.quantization().get("output_scale"), 0.0);
        assertEquals(0.2 * Math.scalb(1.0, -14), out.quantization().get("max_abs_weight_error"), EPS);

        assertTrue(new SpinnakerTarget().check(d, PROFILE).isEmpty());
        assertTrue(ProfileChecks.run(d, PROFILE, CorePartition.of(d, PROFILE)).stream().allMatch(ProfileChecks.Result::passed));
    }

    /** 2 neurons per core: 2^(14 - 1 - 1) = 4096 slots; 256 neurons: 32 slots, 256 with 8 stages. */
    @Test
    void mappingReportsDelaySlotsAndExtensions() {
        DeployedNetwork d = deploy(network(7));
        Map<String, Object> m = new SpinnakerTarget().mapping(d, PROFILE);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> layers = (List<Map<String, Object>>) m.get("layers");
        assertEquals(4096, layers.get(0).get("delay_slots"));
        assertEquals(8, layers.get(0).get("max_pynn_delay"), "IR delay 7 + 1");
        assertEquals(false, layers.get(0).get("delay_extension"));
        assertEquals(0, m.get("delay_extension_cores"));
        assertEquals(2 + 1, m.get("total_cores"), "two neuron cores and one input source core");
        assertEquals(2, m.get("added_latency_steps"));

        List<SpinnakerTarget.LayerMapping> big = SpinnakerTarget.layerMappings(wide(40), PROFILE);
        assertEquals(32, big.get(0).delaySlots());
        assertEquals(41, big.get(0).maxChipDelay());
        assertEquals(2, big.get(0).stages(), "41 steps need a second 32-step stage");
        assertEquals(1, big.get(0).extensionCores(), "one per core of the 140 input sources");
        assertEquals(256, big.get(0).maxReachable());
    }

    /** 140 inputs -> 256 neurons with one synapse of delay {@code delay}. */
    static DeployedNetwork wide(int delay) {
        FoldedNetwork.Layer l = new FoldedNetwork.Layer("wide", 140, 256, new int[] {0, 1}, new int[] {0, 255},
                new double[] {0.5, -0.5}, new int[] {0, delay}, new double[256], 1.005, 1.0, delay);
        return deploy(new FoldedNetwork(140, 10, List.of(l)));
    }

    @Test
    void delaysBeyondTheExtendedRangeAreNamed() {
        DeployedNetwork d = wide(300);
        List<Violation> v = new SpinnakerTarget().check(d, PROFILE);
        assertEquals(1, v.size(), v.toString());
        assertEquals("delay-slots", v.get(0).check());
        assertEquals("synapse 1 (post 255, pre 1)", v.get(0).where());
        assertEquals("PyNN delay 301", v.get(0).value());
        assertEquals("retrain with --max-delay 255 or less", v.get(0).fix());
    }

    @Test
    void writesTheScriptParametersConnectionsAndSample(@TempDir Path dir) throws IOException {
        FoldedNetwork folded = network(7);
        DeployedNetwork d = deploy(folded);
        List<Path> files = new SpinnakerTarget().write(d, folded, PROFILE, dir);
        assertEquals(List.of(dir.resolve("network.py"), dir.resolve("conn_0_h_exc.txt"), dir.resolve("conn_0_h_inh.txt"),
                dir.resolve("conn_1_out_exc.txt"), dir.resolve("conn_1_out_inh.txt"), dir.resolve("network.json"),
                dir.resolve("sample_input.csv")), files);
        assertTrue(Files.readString(dir.resolve("network.py")).contains("FromListConnector"));
        // 16466 * 2^(13 - 15) = 4116.5 nA; -26345 * 2^(10 - 15) = -823.28125 nA; delays d + 1 ms
        // one file per sign: excitatory weights > 0, inhibitory ones < 0 (PyNN's current-synapse convention)
        assertEquals(List.of("# columns = [\"i\", \"j\", \"weight\", \"delay\"]", "0 0 4116.5 1.0", "1 0 2058.25 4.0"),
                Files.readAllLines(dir.resolve("conn_0_h_exc.txt")));
        assertEquals(List.of("# columns = [\"i\", \"j\", \"weight\", \"delay\"]", "2 1 -823.28125 8.0"),
                Files.readAllLines(dir.resolve("conn_0_h_inh.txt")));
        String json = Files.readString(dir.resolve("network.json"));
        assertTrue(json.contains("\"v_thresh\": 8192"), json);
        assertTrue(json.contains("\"tau_refrac\": 0"), json);
        assertTrue(json.contains("\"dt_ms\": 1,"), "one trained step is one 1 ms PyNN step: " + json);
        assertTrue(json.contains("\"tau_m\": " + (-1 / Math.log(163 / 32768.0))), json);
        assertTrue(json.replaceAll("\\s+", " ").contains(
                "\"connections\": { \"excitatory\": \"conn_0_h_exc.txt\", \"inhibitory\": \"conn_0_h_inh.txt\" }"), json);
        assertTrue(json.contains("\"input_spikes_per_core_per_step\": 100,"), "the profile's figure: " + json);
        List<String> sample = Files.readAllLines(dir.resolve("sample_input.csv"));
        assertEquals("step,channel,count", sample.get(0));
        assertTrue(sample.size() > 1);
    }

    /**
     * {@link #network} with recurrent synapses in the hidden layer: 0 <- 1 weight 0.125 lag 2, 1 <- 0 weight
     * -0.3 lag 1, 1 <- 1 weight 0.2 lag 3; {@code reset} after a spike.
     */
    static FoldedNetwork recurrentNetwork(ResetMode reset) {
        FoldedNetwork.Layer h = network(7).layers().get(0);
        FoldedNetwork.Synapses rec = new FoldedNetwork.Synapses(new int[] {1, 0, 1}, new int[] {0, 1, 1},
                new double[] {0.125, -0.3, 0.2}, new int[] {2, 1, 3});
        FoldedNetwork.Layer r = new FoldedNetwork.Layer(h.name(), h.inputs(), h.outputs(), h.pre(), h.post(), h.weight(),
                h.delay(), h.bias(), h.tau(), h.threshold(), h.maxDelay(), reset, rec);
        return new FoldedNetwork(3, 10, List.of(r, network(7).layers().get(1)));
    }

    @Test
    void recurrentWeightsShareTheRingBufferShiftsWithTheFeedForwardOnes() {
        DeployedLayer h = deploy(recurrentNetwork(ResetMode.ZERO)).layers().get(0);
        // Summed weights per neuron, feed-forward and recurrent together: excitatory 0.5 + 0.25 + 0.125 = 0.875
        // (neuron 0), inhibitory 0.1 + 0.3 = 0.4 (neuron 1). Load max(0.875 + 0.05, 0.4 + 0.02) / g = 0.93 -> u = 2^-13.
        // Excitatory 0.875 / (g 2^-13) = 7203.8 nA -> shift 13 (unit g 2^-15): 0.5 -> 16466, 0.25 -> 8233,
        // 0.125 -> 4116.48 -> 4116, 0.2 -> 6586.38 -> 6586.
        // Inhibitory 0.4 / (g 2^-13) = 3293.2 nA -> shift 12, not the 10 of the feed-forward weights alone
        // (unit g 2^-16): -0.1 -> -6586, -0.3 -> -19759.1 -> -19759.
        double g = 1 - 163 / 32768.0;
        assertEquals(13, h.neuron().value(SpinnakerLif.SHIFT_EXC, 0));
        assertEquals(12, h.neuron().value(SpinnakerLif.SHIFT_INH, 0));
        assertArrayEquals(new int[] {16466, 8233, -6586}, h.synapses().weight());
        assertArrayEquals(new int[] {1, 0, 1}, h.recurrent().pre());
        assertArrayEquals(new int[] {0, 1, 1}, h.recurrent().post());
        assertArrayEquals(new int[] {4116, -19759, 6586}, h.recurrent().weight());
        assertArrayEquals(new int[] {2, 1, 3}, h.recurrent().delay(), "the IR lags, unchanged");
        assertEquals(0.875 / (g * Math.scalb(1.0, -13)), h.quantization().get("summed_weight_exc"), 1e-9);
        assertEquals(0.4 / (g * Math.scalb(1.0, -13)), h.quantization().get("summed_weight_inh"), 1e-9);
        assertEquals(g * Math.scalb(1.0, -16), h.quantization().get("weight_scale_inh"), EPS);
        assertEquals(65535.0 / (16466 + 8233 + 4116), h.quantization().get("ring_headroom"), EPS);
        assertEquals(0.125 - 4116 * g * Math.scalb(1.0, -15), h.quantization().get("max_abs_recurrent_weight_error"),
                EPS, "the largest of 0.48, 0.38 and 0.1 of a unit g 2^-15, 0.1 of g 2^-16");
        assertEquals(0.0, h.quantization().get("dropped_recurrent_weights"), 0.0);
        assertFalse(h.neuron().has(ResetParameter.NAME), "reset to v_reset = 0 is IF_curr_delta's own");
    }

    @Test
    void resetBySubtractionIsKeptForTheChecksToRefuse() {
        DeployedNetwork d = deploy(recurrentNetwork(ResetMode.SUBTRACT));
        assertTrue(ResetParameter.subtracts(d.layers().get(0).neuron()));
        assertFalse(new SpinnakerTarget().deploys().contains(Feature.RESET_BY_SUBTRACTION));
        assertTrue(new SpinnakerTarget().deploys().contains(Feature.RECURRENT_SYNAPSES));
    }

    @Test
    void writesTheRecurrentProjectionWithItsLagsAsPynnDelays(@TempDir Path dir) throws IOException {
        FoldedNetwork folded = recurrentNetwork(ResetMode.ZERO);
        DeployedNetwork d = deploy(folded);
        List<Path> files = new SpinnakerTarget().write(d, folded, PROFILE, dir);
        assertEquals(List.of(dir.resolve("network.py"), dir.resolve("conn_0_h_exc.txt"), dir.resolve("conn_0_h_inh.txt"),
                dir.resolve("conn_0_h_recurrent_exc.txt"), dir.resolve("conn_0_h_recurrent_inh.txt"),
                dir.resolve("conn_1_out_exc.txt"), dir.resolve("conn_1_out_inh.txt"), dir.resolve("network.json"),
                dir.resolve("sample_input.csv")), files);
        // 16466 * 2^(13 - 15) = 4116.5 nA, -6586 * 2^(12 - 15) = -823.25 nA; feed-forward delays d + 1 ms
        assertEquals(List.of("# columns = [\"i\", \"j\", \"weight\", \"delay\"]", "0 0 4116.5 1.0", "1 0 2058.25 4.0"),
                Files.readAllLines(dir.resolve("conn_0_h_exc.txt")));
        assertEquals(List.of("# columns = [\"i\", \"j\", \"weight\", \"delay\"]", "2 1 -823.25 8.0"),
                Files.readAllLines(dir.resolve("conn_0_h_inh.txt")));
        // 4116 * 2^-2 = 1029 nA, -19759 * 2^-3 = -2469.875 nA, 6586 * 2^-2 = 1646.5 nA; recurrent delays D ms
        assertEquals(List.of("# columns = [\"i\", \"j\", \"weight\", \"delay\"]", "1 0 1029.0 2.0", "1 1 1646.5 3.0"),
                Files.readAllLines(dir.resolve("conn_0_h_recurrent_exc.txt")));
        assertEquals(List.of("# columns = [\"i\", \"j\", \"weight\", \"delay\"]", "0 1 -2469.875 1.0"),
                Files.readAllLines(dir.resolve("conn_0_h_recurrent_inh.txt")));
        String json = Files.readString(dir.resolve("network.json"));
        assertTrue(json.replaceAll("\\s+", " ").contains("\"recurrent_connections\": { \"excitatory\": "
                + "\"conn_0_h_recurrent_exc.txt\", \"inhibitory\": \"conn_0_h_recurrent_inh.txt\" }"), json);
        assertEquals(1, json.split("recurrent_connections", -1).length - 1, "only the recurrent layer names one: " + json);
        assertTrue(Files.readString(dir.resolve("network.py")).contains("project(sim, args.backend, pop, pop,"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void mappingReportsTheRecurrentProjections() {
        DeployedNetwork d = deploy(recurrentNetwork(ResetMode.ZERO));
        Map<String, Object> m = new SpinnakerTarget().mapping(d, PROFILE);
        List<Map<String, Object>> layers = (List<Map<String, Object>>) m.get("layers");
        assertEquals(3, layers.get(0).get("max_recurrent_pynn_delay"));
        assertEquals(1, layers.get(0).get("recurrent_delay_stages"));
        assertFalse(layers.get(1).containsKey("max_recurrent_pynn_delay"));
        assertEquals(List.of(
                Map.of("projection", "h -> h", "receptor", "excitatory", "synapses", 2, "pynn_delay_min_ms", 2.0,
                        "pynn_delay_max_ms", 3.0, "ring_buffer_shift", 13L),
                Map.of("projection", "h -> h", "receptor", "inhibitory", "synapses", 1, "pynn_delay_min_ms", 1.0,
                        "pynn_delay_max_ms", 1.0, "ring_buffer_shift", 12L)), m.get("recurrent_projections"));
        assertFalse(new SpinnakerTarget().mapping(deploy(network(7)), PROFILE).containsKey("recurrent_projections"));
    }

    /**
     * Two 256-neuron layers after 140 inputs, feed-forward delays {@code ff} in both, recurrent lag
     * {@code rec} in the first.
     */
    static DeployedNetwork wideRecurrent(int ff, int rec) {
        FoldedNetwork.Synapses loop = new FoldedNetwork.Synapses(new int[] {3}, new int[] {7}, new double[] {0.25},
                new int[] {rec});
        FoldedNetwork.Layer a = new FoldedNetwork.Layer("a", 140, 256, new int[] {0}, new int[] {0}, new double[] {0.5},
                new int[] {ff}, new double[256], 1.005, 1.0, ff, ResetMode.ZERO, loop);
        FoldedNetwork.Layer b = new FoldedNetwork.Layer("b", 256, 256, new int[] {0}, new int[] {0}, new double[] {0.5},
                new int[] {ff}, new double[256], 1.005, 1.0, ff);
        return deploy(new FoldedNetwork(140, 10, List.of(a, b)));
    }

    /** 256 neurons per core: 32 slots, so PyNN delays 33..256 need one delay-extension vertex per source population. */
    @Test
    @SuppressWarnings("unchecked")
    void recurrentDelaysCountInDelaySlotsAndExtensionCores() {
        List<SpinnakerTarget.LayerMapping> short1 = SpinnakerTarget.layerMappings(wideRecurrent(40, 5), PROFILE);
        assertEquals(List.of(1, 1), short1.stream().map(SpinnakerTarget.LayerMapping::extensionCores).toList(),
                "the input's extension for a, a's extension for b");

        List<SpinnakerTarget.LayerMapping> m = SpinnakerTarget.layerMappings(wideRecurrent(40, 40), PROFILE);
        assertEquals(40, m.get(0).maxRecurrentChipDelay(), "the lag, no minimum-delay step");
        assertEquals(2, m.get(0).recurrentStages());
        assertEquals(List.of(2, 0), m.stream().map(SpinnakerTarget.LayerMapping::extensionCores).toList(),
                "a needs the input's and its own extension; b's feed-forward shares a's own");
        assertEquals(2, new SpinnakerTarget().mapping(wideRecurrent(40, 40), PROFILE).get("delay_extension_cores"));

        List<SpinnakerTarget.LayerMapping> onlyLoop = SpinnakerTarget.layerMappings(wideRecurrent(20, 40), PROFILE);
        assertEquals(List.of(1, 0), onlyLoop.stream().map(SpinnakerTarget.LayerMapping::extensionCores).toList());
        assertEquals(true, ((List<Map<String, Object>>) new SpinnakerTarget().mapping(wideRecurrent(20, 40), PROFILE)
                .get("layers")).get(0).get("delay_extension"));

        List<Violation> v = new SpinnakerTarget().check(wideRecurrent(20, 300), PROFILE);
        assertEquals(1, v.size(), v.toString());
        assertEquals("delay-slots", v.get(0).check());
        assertEquals("recurrent synapse 0 (post 7, pre 3)", v.get(0).where());
        assertEquals("PyNN delay 300", v.get(0).value());
        assertEquals("retrain with recurrent delays of at most 255 steps (lag 1 + round(d) <= 256)", v.get(0).fix());
        assertTrue(new SpinnakerTarget().check(wideRecurrent(20, 256), PROFILE).isEmpty(), "lag 256 = 32 slots x 8");
    }

    @Test
    void countsTheSpikesOfTheBusiestSourceCoreInOneStep() {
        // 3 inputs, 2 steps; step 1 has counts 3, 0, 2: copies = 3, 9 source neurons; neuron k * 3 + j
        int[] counts = {1, 1, 0, 3, 0, 2};
        // one core: step 1 sends 5 spikes
        assertEquals(5, SpinnakerTarget.maxSpikesPerCorePerStep(counts, 3, null));
        // 4 neurons per core: step 1 fires neurons 0, 3, 6 (channel 0) and 2, 5 (channel 2): cores 0, 0, 1, 0, 1
        assertEquals(3, SpinnakerTarget.maxSpikesPerCorePerStep(counts, 3, 4));
        assertEquals(0, SpinnakerTarget.maxSpikesPerCorePerStep(new int[6], 3, 4));
    }

    @Test
    void slowsTheRunDownByTheSpikesOverTheProfileLimit() {
        int limit = PROFILE.resources().spikesPerCorePerStep();
        assertEquals(1, SpinnakerTarget.timeScaleFactor(limit, limit));
        assertEquals(2, SpinnakerTarget.timeScaleFactor(limit + 1, limit));
        assertEquals(3, SpinnakerTarget.timeScaleFactor(2 * limit + 1, limit));
        assertEquals(1, SpinnakerTarget.timeScaleFactor(1_000_000, null), "no limit in the profile");
    }

    @Test
    void reportsTheSampleInputPacing() {
        DeployedNetwork d = deploy(network(7));
        Map<String, Object> m = new SpinnakerTarget().mapping(d, PROFILE);
        int expected = SpinnakerTarget.maxSpikesPerCorePerStep(
                SpinnakerTarget.sampleCounts(d.inputs(), d.provenance().sourceSha256()), d.inputs(),
                PROFILE.resources().neuronsPerCore());
        assertEquals(expected, m.get("sample_input_max_spikes_per_core_per_step"));
        assertEquals(PROFILE.resources().spikesPerCorePerStep(), m.get("input_spikes_per_core_per_step_limit"));
        assertEquals(1, m.get("sample_input_time_scale_factor"), "a 3-input sample stays within " + m);
    }
}
