package org.spikeport.exporter.spinnaker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.arith.SpinnakerLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.CorePartition;
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
        assertEquals(List.of(dir.resolve("network.py"), dir.resolve("conn_0_h.txt"), dir.resolve("conn_1_out.txt"),
                dir.resolve("network.json"), dir.resolve("sample_input.csv")), files);
        assertTrue(Files.readString(dir.resolve("network.py")).contains("FromListConnector"));
        // 16466 * 2^(13 - 15) = 4116.5 nA; -26345 * 2^(10 - 15) = -823.28125 nA; delays d + 1 ms
        assertEquals(List.of("# columns = [\"i\", \"j\", \"weight\", \"delay\"]", "0 0 4116.5 1.0", "1 0 2058.25 4.0",
                "2 1 -823.28125 8.0"), Files.readAllLines(dir.resolve("conn_0_h.txt")));
        String json = Files.readString(dir.resolve("network.json"));
        assertTrue(json.contains("\"v_thresh\": 8192"), json);
        assertTrue(json.contains("\"tau_refrac\": 0"), json);
        assertTrue(json.contains("\"dt_ms\": 1,"), "one trained step is one 1 ms PyNN step: " + json);
        assertTrue(json.contains("\"tau_m\": " + (-1 / Math.log(163 / 32768.0))), json);
        List<String> sample = Files.readAllLines(dir.resolve("sample_input.csv"));
        assertEquals("step,channel,count", sample.get(0));
        assertTrue(sample.size() > 1);
    }
}
