package org.spikeport.exporter.loihi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.arith.ResetParameter;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.json.Json;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.testing.TestPython;
import org.spikeport.exporter.CorePartition;
import org.spikeport.exporter.Feature;
import org.spikeport.exporter.FoldedNetwork;
import org.spikeport.exporter.ProfileChecks;
import org.spikeport.exporter.Violation;
import org.spikeport.exporter.loihi.lava.LavaEnvironment;
import org.spikeport.exporter.loihi.lava.LavaProcesses;

class LoihiTargetTest {

    private static final double EPS = 1e-12;

    /** A Loihi 2 profile with Lava's widths, built here so the test does not depend on the YAML. */
    static HardwareProfile profile() {
        Map<String, Integer> neuron = Map.of("u", 24, "v", 24, "du", 12, "dv", 12, "vth", 17, "bias_mant", 13,
                "bias_exp", 3);
        return new HardwareProfile("loihi", "Loihi 2 (test)", Loihi2Lif.NAME,
                new HardwareProfile.Delays(0, 62, 1, "Lava DelayDense: t + 1 + d"),
                new HardwareProfile.Weights(8, List.of("excitatory", "mixed", "inhibitory"), -8, 7),
                new TreeMap<>(neuron), new HardwareProfile.Resources(null, null, null, null, null),
                new HardwareProfile.Input("graded", 8), new TreeMap<>(), new TreeMap<>(), "0".repeat(64));
    }

    /** Hidden layer 3 -> 2 (excitatory) and readout 2 -> 2 (mixed); {@code hiddenDelay} on synapse 2. */
    static FoldedNetwork network(int hiddenDelay) {
        FoldedNetwork.Layer h = new FoldedNetwork.Layer("h", 3, 2, new int[] {0, 1, 2}, new int[] {0, 0, 1},
                new double[] {0.5, 0.25, 0.1}, new int[] {0, 3, hiddenDelay}, new double[] {0.05, -0.02}, 1.5, 1.0,
                62);
        FoldedNetwork.Layer out = new FoldedNetwork.Layer("out", 2, 2, new int[] {0, 0, 1}, new int[] {0, 1, 1},
                new double[] {1.0, 0.3, -0.5}, new int[] {1, 0, 2}, new double[] {0, 0}, 2.0,
                Double.POSITIVE_INFINITY, 62);
        return new FoldedNetwork(3, 10, List.of(h, out));
    }

    /**
     * Hidden layer 2 -> 2 (excitatory, threshold 1) with recurrent W[post, pre] = (0 <- 1) 2.0,
     * (1 <- 0) -1.0, (1 <- 1) 0.3 at lags {@code lags}; the readout of {@link #network}.
     */
    static FoldedNetwork recurrentNetwork(int... lags) {
        FoldedNetwork.Layer h = new FoldedNetwork.Layer("h", 2, 2, new int[] {0, 1}, new int[] {0, 1},
                new double[] {0.5, 0.25}, new int[] {0, 3}, new double[] {0, 0}, 1.5, 1.0, 62, ResetMode.ZERO,
                new FoldedNetwork.Synapses(new int[] {1, 0, 1}, new int[] {0, 1, 1}, new double[] {2.0, -1.0, 0.3}, lags));
        return new FoldedNetwork(2, 10, List.of(h, network(0).layers().get(1)));
    }

    static DeployedNetwork deploy(FoldedNetwork net) {
        return new LoihiTarget().deploy(net, profile(), new Provenance("dev", "test", 0, "", Instant.EPOCH, ""));
    }

    @Test
    void quantizesAHandMadeNetworkToTheExpectedIntegers() {
        DeployedNetwork d = deploy(network(62));
        assertEquals("loihi", d.target());
        assertEquals(new InputEncoding(InputEncoding.Kind.GRADED, 8), d.input());

        // Hidden: all weights >= 0 -> excitatory, registers 0..255, weight_exp 0.
        // s_min = 0.5 / 255; vth = floor((64 * 1 / s_min - 1) / 64) = floor(32639 / 64) = 509;
        // s = 64 / (64 * 509 + 1) = 64 / 32577, so v >= 64 * 509 + 1 units is exactly v >= 1.0.
        // weights w * 32577 / 64: 0.5 -> 254.508 -> 255, 0.25 -> 127.254 -> 127, 0.1 -> 50.902 -> 51;
        // largest error |0.5 - 255 * 64 / 32577| = 31.5 / 32577.
        // bias b * 32577 / 64: 0.05 -> 25.45 -> 25, -0.02 -> -10.18 -> -10 (bias_exp 6: v gets 25 << 6).
        // dv = round(4096 / 1.5) = round(2730.67) = 2731; du = 4095 (decay constant 4096 clears u).
        DeployedLayer h = d.layers().get(0);
        assertArrayEquals(new int[] {255, 127, 51}, h.synapses().weight());
        assertArrayEquals(new int[] {0, 3, 62}, h.synapses().delay());
        assertEquals(Loihi2Lif.NAME, h.neuron().model());
        assertEquals(4095, h.neuron().value("du", 0));
        assertEquals(2731, h.neuron().value("dv", 0));
        assertEquals(509, h.neuron().value("vth", 0));
        assertArrayEquals(new long[] {25, -10}, h.neuron().values().get("bias_mant"));
        assertEquals(6, h.neuron().value("bias_exp", 0));
        assertEquals(0, h.neuron().value("weight_exp", 0));
        assertEquals(8, h.neuron().value("num_weight_bits", 0));
        assertEquals(Loihi2Lif.SignMode.EXCITATORY.code(), h.neuron().value("sign_mode", 0));
        assertEquals(64.0 / 32577, h.quantization().get("weight_scale"), EPS);
        assertEquals(64.0 / 32577, h.quantization().get("input_scale"), EPS);
        assertEquals(1.0 / 32577, h.quantization().get("v_scale"), EPS);
        assertEquals(31.5 / 32577, h.quantization().get("max_abs_weight_error"), EPS);
        assertEquals(1.0, h.quantization().get("threshold_effective"), EPS);
        assertEquals(0.0, h.quantization().get("threshold_error"), EPS);
        assertEquals(2731 / 4096.0 - 1 / 1.5, h.quantization().get("v_decay_error"), EPS);
        assertEquals(8_388_608.0 / 32577, h.quantization().get("input_wrap_limit"), EPS);

        // Readout: weights of both signs -> mixed, even registers in -256..254, weight_exp -1.
        // s_min = max(1.0 / 127, 0.5 / 128) = 1 / 127 = s; register = 2 * round(w * 127):
        // 1.0 -> 254, 0.3 -> 2 * round(38.1) = 76, -0.5 -> 2 * round(-63.5) = -128 (half away from zero).
        // largest error: -0.5 vs -64 / 127, i.e. 0.5 / 127.
        // vth = 2^17 - 1; dv = round(4096 / 2) = 2048; output = v * (1/127) / 64.
        DeployedLayer out = d.layers().get(1);
        assertArrayEquals(new int[] {254, 76, -128}, out.synapses().weight());
        assertEquals(-1, out.neuron().value("weight_exp", 0));
        assertEquals(Loihi2Lif.SignMode.MIXED.code(), out.neuron().value("sign_mode", 0));
        assertEquals(131_071, out.neuron().value("vth", 0));
        assertEquals(2048, out.neuron().value("dv", 0));
        assertArrayEquals(new long[] {0, 0}, out.neuron().values().get("bias_mant"));
        assertEquals(1.0 / 254, out.quantization().get("weight_scale"), EPS);
        assertEquals(1.0 / 127 / 64, out.quantization().get("output_scale"), EPS);
        assertEquals(0.5 / 127, out.quantization().get("max_abs_weight_error"), EPS);

        assertTrue(new LoihiTarget().check(d, profile()).isEmpty());
    }

    @Test
    void quantizesRecurrentSynapsesAtTheLayersScaleWithTheirOwnExponentAndSignMode() {
        DeployedLayer h = deploy(recurrentNetwork(2, 63, 1)).layers().get(0);
        // feed-forward as in the hand-made network: s = 64 / 32577, vth 509, excitatory, weight_exp 0
        assertArrayEquals(new int[] {255, 127}, h.synapses().weight());
        assertEquals(509, h.neuron().value("vth", 0));
        assertEquals(0, h.neuron().value("weight_exp", 0));
        // recurrent: mixed; w / s = 509.02 w, so 2.0 needs 1018 units of s: even registers at exponent e hold
        // 127 * 2^(e + 1) units, first enough at e = 2, where register = 2 * round(w / (8 s)):
        // 2.0 -> 2 * round(127.25) = 254, -1.0 -> 2 * round(-63.63) = -128, 0.3 -> 2 * round(19.09) = 38
        assertArrayEquals(new int[] {254, -128, 38}, h.recurrent().weight());
        assertArrayEquals(new int[] {2, 63, 1}, h.recurrent().delay(), "IR lags are kept");
        assertArrayEquals(new int[] {1, 0, 1}, h.recurrent().pre());
        assertArrayEquals(new int[] {0, 1, 1}, h.recurrent().post());
        assertEquals(2, h.neuron().value(Loihi2Lif.RECURRENT_WEIGHT_EXP, 0));
        assertEquals(Loihi2Lif.SignMode.MIXED.code(), h.neuron().value(Loihi2Lif.RECURRENT_SIGN_MODE, 0));
        assertEquals(8, h.neuron().value(Loihi2Lif.RECURRENT_NUM_WEIGHT_BITS, 0));
        assertEquals(256.0 / 32577, h.quantization().get("recurrent_weight_scale"), EPS);
        // largest error: -1.0 against -128 * 256 / 32577 = -32768 / 32577
        assertEquals(191.0 / 32577, h.quantization().get("max_abs_recurrent_weight_error"), EPS);
        assertTrue(new LoihiTarget().check(deploy(recurrentNetwork(2, 63, 1)), profile()).isEmpty());
    }

    /** Lava delay = lag - 1 must lie in the profile's 0..62: lags 1..63. */
    @Test
    void everyRecurrentLagBeyondTheChipIsReportedWithItsSynapse() {
        List<Violation> v = new LoihiTarget().check(deploy(recurrentNetwork(64, 63, 70)), profile());
        assertEquals(List.of("recurrent-delay-range: layer 'h', recurrent synapse 0 (post 0, pre 1): lag 64 (chip delay 63) "
                        + "exceeds lags 1..63 (chip delays 0..62); retrain with a recurrent delay bound: lags of at most 63 steps",
                "recurrent-delay-range: layer 'h', recurrent synapse 2 (post 1, pre 1): lag 70 (chip delay 69) "
                        + "exceeds lags 1..63 (chip delays 0..62); retrain with a recurrent delay bound: lags of at most 63 steps"),
                v.stream().map(Violation::message).toList());
        assertEquals(63, LoihiTarget.recurrentChipDelay(64, profile()));
    }

    @Test
    void aRecurrentNetworkGetsTheLavaFileOnlyAndANoteOnWhatNetxWouldGetWrong(@TempDir Path dir) {
        FoldedNetwork folded = recurrentNetwork(2, 63, 1);
        DeployedNetwork d = deploy(folded);
        assertEquals(List.of(dir.resolve(LavaProcesses.FILE)), new LoihiTarget().write(d, folded, profile(), dir));
        // h: feed-forward delays (0, 0) 0 and (1, 1) 3, so NetX would give the recurrent synapses lags 1, 1, 4
        // (all wrong); activations 255, 127 and 1016, -512, 152: mixed, beyond NetX's 8 bits
        assertEquals(List.of("network.net not written: lava-dl NetX cannot hold recurrent synapses as this network has "
                + "them (layer 'h': NetX would give its recurrent synapses (3 recurrent synapses, lags 1..63) the "
                + "feed-forward delay matrix, a wrong lag for 3 of them (lava-dl 0.6.0 netx/blocks/process.py:280-286); "
                + "its activations span -512..1016, more than NetX's 8-bit weights hold (netx/utils.py "
                + "optimize_weight_bits would clip them or shift them right)); network.lava.pkl holds the exact network"),
                new LoihiTarget().notes(d, profile()));
        assertEquals(Map.of("recurrent_dense", List.of(Map.of("layer", "h", "synapses", 3, "weight_exp", 2L,
                "sign_mode", "mixed", "lags", "1..63", "chip_delays", "0..62"))), new LoihiTarget().mapping(d, profile()));
        assertEquals(Map.of(), new LoihiTarget().mapping(deploy(network(3)), profile()));
    }

    @Test
    void netxExponentIsOptimizeWeightBitsScaleBitsNegated() {
        assertEquals(0, Netx.exponent(0, 255));
        assertEquals(-1, Netx.exponent(0, 127));
        assertEquals(-1, Netx.exponent(-128, 127), "mixed: floor(log2(1)) + 1");
        assertEquals(0, Netx.exponent(-256, 254));
        assertEquals(1, Netx.exponent(0, 256));
        assertEquals(0, Netx.exponent(-256, -1));
        assertEquals(-7, Netx.exponent(0, 1));
    }

    /** A layer 2 -> 2 with a recurrent synapse per lag (all weights 1) next to a 2 -> 2 feed-forward layer. */
    @Test
    void aNetxRecurrentLayerWithMatchingDelaysAndUnitExponentHasNoProblemsButIsNotWritten() {
        FoldedNetwork.Layer h = new FoldedNetwork.Layer("h", 2, 2, new int[] {0, 1}, new int[] {0, 1},
                new double[] {1, 1}, new int[] {4, 2}, new double[] {0, 0}, 1.5, 1.0, 62, ResetMode.ZERO,
                new FoldedNetwork.Synapses(new int[] {0, 1}, new int[] {0, 1}, new double[] {1, 1}, new int[] {5, 3}));
        DeployedNetwork d = deploy(new FoldedNetwork(2, 10, List.of(h)));
        assertEquals("", Netx.recurrentProblems(d.layers().get(0)));
        assertTrue(new LoihiTarget().notes(d, profile()).get(0).contains("layer 'h': NetX would quantize its feed-forward "
                + "and recurrent weights together (netx/hdf5.py:401-407), which spikeport has not checked against lava-dl"));
    }

    @Test
    void resetBySubtractionIsRecordedSoNothingRunsItAsAHardReset() {
        FoldedNetwork.Layer l = recurrentNetwork(1, 1, 1).layers().get(0);
        FoldedNetwork.Layer subtracting = new FoldedNetwork.Layer(l.name(), l.inputs(), l.outputs(), l.pre(), l.post(),
                l.weight(), l.delay(), l.bias(), l.tau(), l.threshold(), l.maxDelay(), ResetMode.SUBTRACT, l.recurrent());
        DeployedLayer h = deploy(new FoldedNetwork(2, 10, List.of(subtracting))).layers().get(0);
        assertTrue(ResetParameter.subtracts(h.neuron()));
        assertTrue(new LoihiTarget().deploys().contains(Feature.RECURRENT_SYNAPSES));
        assertFalse(new LoihiTarget().deploys().contains(Feature.RESET_BY_SUBTRACTION));
    }

    @Test
    void delaysOverTheProfileMaximumAreKeptAndReported() {
        DeployedNetwork d = deploy(network(63));
        assertArrayEquals(new int[] {0, 3, 63}, d.layers().get(0).synapses().delay());
        assertTrue(new LoihiTarget().check(d, profile()).isEmpty(), "delays are the generic delay-range check's");
        List<Violation> v = ProfileChecks.run(d, profile(), CorePartition.of(d, profile())).get(0).violations();
        assertEquals(1, v.size());
        assertEquals("delay-range", v.get(0).check());
        assertEquals("h", v.get(0).layer());
        assertEquals("synapse 2 (post 1, pre 2)", v.get(0).where());
        assertEquals("retrain with --max-delay 62 or less", v.get(0).fix());
    }

    @Test
    void valuesThatDoNotFitAreReported() {
        // tau = 1 needs dv = 4096 (13 bits); a bias of 100 thresholds needs bias_mant ~ 100 * 32577 / 64
        FoldedNetwork.Layer h = new FoldedNetwork.Layer("h", 1, 1, new int[] {0}, new int[] {0},
                new double[] {0.5}, new int[] {0}, new double[] {100}, 1.0, 1.0, 62);
        DeployedNetwork d = deploy(new FoldedNetwork(1, 10, List.of(h)));
        List<String> found = new LoihiTarget().check(d, profile()).stream().map(Violation::value).toList();
        assertEquals(List.of("dv 4096", "bias_mant 50902"), found);
    }

    @Test
    void withoutLavaOnlyTheNetxFileIsWrittenAndANoteSaysHowToInstallIt(@TempDir Path dir) {
        FoldedNetwork folded = network(3);
        DeployedNetwork d = deploy(folded);
        String saved = System.getProperty(LavaEnvironment.PROPERTY);
        System.setProperty(LavaEnvironment.PROPERTY, dir.resolve("no-python").toString());
        try {
            assertEquals(List.of(dir.resolve("network.net"), dir.resolve(LoihiTarget.NETX_SCRIPT)),
                    new LoihiTarget().write(d, folded, profile(), dir));
            List<String> notes = new LoihiTarget().notes(d, profile());
            assertEquals(1, notes.size());
            assertTrue(notes.get(0).startsWith(LavaProcesses.FILE + " not written: "), notes.get(0));
            assertTrue(notes.get(0).contains(LavaEnvironment.installCommand()), notes.get(0));
        } finally {
            System.setProperty(LavaEnvironment.PROPERTY, saved);
        }
    }

    @Test
    void writesTheNetxLayoutThatLavaDlReads(@TempDir Path dir) throws IOException {
        FoldedNetwork folded = network(62);
        DeployedNetwork d = deploy(folded);
        List<Path> files = new LoihiTarget().write(d, folded, profile(), dir);
        // the test venv has Lava, so the process file is written too
        assertEquals(List.of(dir.resolve("network.net"), dir.resolve(LoihiTarget.NETX_SCRIPT),
                dir.resolve(LavaProcesses.FILE)), files);
        String script = Files.readString(files.get(1), StandardCharsets.UTF_8);
        assertTrue(script.contains("netx.hdf5.Network(net_config=NET, input_message_bits=8, num_layers=3)"), script);
        assertTrue(script.contains("readout = net.layers[-1].neuron"), script);
        assertEquals(List.of(), new LoihiTarget().notes(d, profile()));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("inputs", 3);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("outputs", 2);
        h.put("weight", new Object[] {new int[] {255, 127, 0}, new int[] {0, 0, 51}});
        h.put("delay", new Object[] {new int[] {0, 3, 0}, new int[] {0, 0, 62}});
        h.put("bias", new int[] {25, -10});
        h.put("du", 4095);
        h.put("dv", 2731);
        h.put("vth", 509);
        h.put("weight_exp", 0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("outputs", 2);
        // registers 254, 76, -128 with weight_exp -1 are activations 127, 38, -64 per unit payload
        out.put("weight", new Object[] {new int[] {127, 0}, new int[] {38, -64}});
        out.put("delay", new Object[] {new int[] {1, 0}, new int[] {0, 2}});
        out.put("bias", new int[] {0, 0});
        out.put("du", 4095);
        out.put("dv", 2048);
        out.put("vth", 131_071);
        out.put("weight_exp", -1);
        expected.put("layers", List.of(h, out));
        expected.put("guard", LoihiTarget.netxGuard(d));
        Path json = dir.resolve("expected.json");
        Files.writeString(json, Json.write(expected), StandardCharsets.UTF_8);

        String python = TestPython.interpreter("the NetX conformance test", "h5py, numpy");
        TestPython.Result r = TestPython.run(List.of(python, TestPython.script("exporter", "check_netx.py").toString(),
                files.get(0).toString(), json.toString()), Map.of());
        assertEquals(0, r.exit(), () -> "check_netx.py failed:\n" + r.output());
        assertEquals("ok", r.output().strip());
    }
}
