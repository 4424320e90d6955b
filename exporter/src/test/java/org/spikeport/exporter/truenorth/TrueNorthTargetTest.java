package org.spikeport.exporter.truenorth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.exporter.CorePartition;
import org.spikeport.exporter.Feature;
import org.spikeport.exporter.FoldedNetwork;
import org.spikeport.exporter.ProfileChecks;
import org.spikeport.exporter.Violation;

class TrueNorthTargetTest {

    private static final double EPS = 1e-12;

    /** The truenorth-like profile's figures, built here so the test does not depend on the YAML. */
    static HardwareProfile profile() {
        Map<String, Integer> neuron = Map.of("weight", 9, "axon_type", 2, "leak", 9, "threshold", 20, "membrane", 20,
                "input_count", 4);
        return new HardwareProfile("truenorth-like", "TrueNorth-like (test)", TrueNorthLif.NAME,
                new HardwareProfile.Delays(1, 30, 1, "splitter stage: t + d + 2"),
                new HardwareProfile.Weights(9, List.of(), null, null), new TreeMap<>(neuron),
                new HardwareProfile.Resources(256, null, 256, 256, 4096),
                new HardwareProfile.Input("binary", 0), new TreeMap<>(), new TreeMap<>(), "0".repeat(64));
    }

    static final Provenance PROVENANCE = new Provenance("dev", "test", 0, "", Instant.EPOCH, "");

    /** Hidden layer 3 -> 2 and readout 2 -> 2, as in the Loihi target's test. */
    static FoldedNetwork network(int hiddenDelay) {
        FoldedNetwork.Layer h = new FoldedNetwork.Layer("h", 3, 2, new int[] {0, 1, 2}, new int[] {0, 0, 1},
                new double[] {0.5, 0.25, 0.1}, new int[] {0, 3, hiddenDelay}, new double[] {0.05, -0.02}, 1.5, 1.0,
                24);
        FoldedNetwork.Layer out = new FoldedNetwork.Layer("out", 2, 2, new int[] {0, 0, 1}, new int[] {0, 1, 1},
                new double[] {1.0, 0.3, -0.5}, new int[] {1, 0, 2}, new double[] {0, 0}, 2.0,
                Double.POSITIVE_INFINITY, 24);
        return new FoldedNetwork(3, 10, List.of(h, out));
    }

    static DeployedNetwork deploy(FoldedNetwork net) {
        return new TrueNorthTarget().deploy(net, profile(), PROVENANCE);
    }

    @Test
    void quantizesAHandMadeNetworkToTheExpectedIntegers() {
        DeployedNetwork d = deploy(network(2));
        assertEquals(new InputEncoding(InputEncoding.Kind.BINARY, 0), d.input());

        // Hidden: s_min is bound by the leak register: max |b - theta/tau| / 254 = |-0.02 - 2/3| / 254 = 0.0027034;
        // T = floor(1 / 0.0027034) = 369, s = 1/369. D = round(369 / 1.5) = 246, alpha = 369 - 246 = 123.
        // Weights (at most 4 per neuron, so exact types): 0.5 * 369 = 184.5 -> 185, 0.25 -> 92.25 -> 92, 0.1 -> 36.9 -> 37.
        // Leak: round(0.05 * 369 = 18.45) - 246 = -228, round(-7.38) - 246 = -253.
        DeployedLayer h = d.layers().get(0);
        assertArrayEquals(new int[] {185, 92, 37}, h.synapses().weight());
        assertArrayEquals(new int[] {0, 3, 2}, h.synapses().delay());
        assertEquals(-228, h.neuron().value(TrueNorthLif.LEAK, 0));
        assertEquals(-253, h.neuron().value(TrueNorthLif.LEAK, 1));
        assertEquals(123, h.neuron().value(TrueNorthLif.POSITIVE_THRESHOLD, 0));
        assertEquals(0, h.neuron().value(TrueNorthLif.NEGATIVE_THRESHOLD, 0));
        assertEquals(TrueNorthLif.ABSOLUTE, h.neuron().value(TrueNorthLif.RESET_MODE, 0));
        assertEquals(1.0 / 369, h.quantization().get("v_scale"), EPS);
        assertEquals(246.0 / 369, h.quantization().get("linear_leak"), EPS);
        // input copies: max fan-in 2, floor(256 / 2) = 128, capped at 2^4 - 1
        assertEquals(15, h.neuron().value(TrueNorthLif.INPUT_COPIES, 0));
        // neuron 0's types are its sorted centroids 0.25 and 0.5; unused types hold 0
        assertArrayEquals(new long[] {92, 185, 0, 0}, new long[] {h.neuron().value("weight_0", 0),
                h.neuron().value("weight_1", 0), h.neuron().value("weight_2", 0), h.neuron().value("weight_3", 0)});

        // Readout: s = max(1 / 255, 0.5 / 256) = 1/255; 1.0 -> 255, 0.3 -> 76.5 -> 77, -0.5 -> -127.5 -> -128.
        DeployedLayer out = d.layers().get(1);
        assertArrayEquals(new int[] {255, 77, -128}, out.synapses().weight());
        assertEquals(TrueNorthLif.max(20), out.neuron().value(TrueNorthLif.POSITIVE_THRESHOLD, 0));
        assertEquals(TrueNorthLif.min(20), out.neuron().value(TrueNorthLif.NEGATIVE_THRESHOLD, 0));
        assertEquals(0, out.neuron().value(TrueNorthLif.LEAK, 0));
        assertEquals(1.0 / 255, out.quantization().get(TrueNorthLif.OUTPUT_SCALE), EPS);
        assertEquals(0.5, out.quantization().get(TrueNorthLif.OUTPUT_DECAY), EPS);
        assertEquals(1, out.neuron().value(TrueNorthLif.INPUT_COPIES, 0));
        assertTrue(new TrueNorthTarget().check(d, profile()).isEmpty(), new TrueNorthTarget().check(d, profile()).toString());
    }

    /** floor(256 / max fan-in), capped at 2^input_count - 1 = 15, at least 1. */
    @Test
    void inputCopiesAreWhatTheFirstLayersAxonsLeaveRoomFor() {
        for (int[] c : new int[][] {{140, 1}, {300, 1}, {32, 8}, {17, 15}, {16, 15}, {100, 2}}) {
            int fanIn = c[0];
            int[] pre = new int[fanIn];
            for (int j = 0; j < fanIn; j++) {
                pre[j] = j;
            }
            FoldedNetwork.Layer l = new FoldedNetwork.Layer("h", fanIn, 1, pre, new int[fanIn], new double[fanIn],
                    new int[fanIn], new double[1], 1.005, 1.0, 0);
            assertEquals(c[1], TrueNorthTarget.inputCopies(l, profile()), "fan-in " + fanIn);
        }
    }

    @Test
    void laysOutCoresSplittersAndInputCopies() {
        DeployedNetwork d = deploy(network(2));
        RancLayout layout = RancLayout.of(d, profile());
        Map<String, Object> r = layout.resources();
        // one core per layer, one splitter core; pre 0 reaches readout axons (0, d=1) and (0, d=0), pre 1 one axon
        assertEquals(3, r.get("cores"));
        assertEquals(1, r.get("splitter_cores"));
        assertEquals(3, r.get("splitter_neurons"));
        assertEquals(3 * 15, r.get("input_axons"));
        assertEquals(15, r.get("input_copies"));
        RancLayout.Core splitter = layout.cores().get(2);
        assertEquals("splitter", splitter.role());
        for (RancLayout.Neuron n : splitter.neurons()) {
            assertEquals(1, n.positiveThreshold());
            assertArrayEquals(new long[] {1, 0, 0, 0}, n.weights());
            assertEquals(1, n.destCore());
        }
        // the hidden neurons send to their splitter axon with destination_tick 0; readout to the output bus
        assertEquals(2, layout.cores().get(0).neurons().get(0).destCore());
        assertEquals(0, layout.cores().get(0).neurons().get(0).destTick());
        assertEquals(RancLayout.OUTPUT_BUS, layout.cores().get(1).neurons().get(1).destCore());
        // a count of 20 at step 0 on channel 0 is 15 packets (one per copy) in packets[2], destination_tick 0
        int[] counts = new int[3];
        counts[0] = 20;
        List<List<RancLayout.Packet>> p = layout.packets(counts);
        assertEquals(15, p.get(2).size());
        assertTrue(p.get(2).stream().allMatch(x -> x.tick() == 0 && x.core() == 0));
    }

    @Test
    void routesDelaysAbove14ThroughOneRelay() {
        FoldedNetwork base = network(20);
        FoldedNetwork.Layer out = base.layers().get(1);
        FoldedNetwork.Layer relayed = new FoldedNetwork.Layer("out", 2, 2, out.pre(), out.post(), out.weight(),
                new int[] {1, 0, 20}, out.bias(), out.tau(), out.threshold(), 24);
        DeployedNetwork d = deploy(new FoldedNetwork(3, 10, List.of(base.layers().get(0), relayed)));
        RancLayout layout = RancLayout.of(d, profile());
        assertEquals(3, layout.resources().get("splitter_neurons"));
        assertEquals(1, layout.resources().get("relay_neurons"));
        RancLayout.Core routing = layout.cores().get(2);
        // pre 1's splitter goes to the relay axon (on the same routing core) with 20 - 15 = 5; the relay to the readout with 14
        RancLayout.Neuron toRelay = routing.neurons().get(2);
        assertEquals(2, toRelay.destCore());
        assertEquals(5, toRelay.destTick());
        RancLayout.Neuron relay = routing.neurons().get(3);
        assertArrayEquals(new int[] {toRelay.destAxon()}, relay.axons());
        assertEquals(1, relay.destCore());
        assertEquals(14, relay.destTick());
        // the input synapse with delay 20 is fed by the host 2 + 6 packet lists later with destination_tick 14
        List<List<RancLayout.Packet>> p = layout.packets(new int[] {0, 0, 1});
        assertEquals(8, RancLayout.tickOffset(20));
        assertEquals(List.of(new RancLayout.Packet(0, 2 * 15, 14)), p.get(8));
    }

    @Test
    void reportsTooManyAxonsAndDelaysBeyondOneRelay() {
        int in = 300;
        int[] pre = new int[in];
        int[] post = new int[in];
        double[] w = new double[in];
        int[] delay = new int[in];
        for (int j = 0; j < in; j++) {
            pre[j] = j;
            w[j] = 0.01 * (1 + j % 7);
            delay[j] = j % 35;
        }
        FoldedNetwork.Layer h = new FoldedNetwork.Layer("h", in, 1, pre, post, w, delay, new double[] {0}, 1.005, 1.0, 24);
        FoldedNetwork.Layer out = new FoldedNetwork.Layer("out", 1, 1, new int[] {0}, new int[] {0}, new double[] {1},
                new int[] {31}, new double[] {0}, 1.005, Double.POSITIVE_INFINITY, 24);
        DeployedNetwork d = deploy(new FoldedNetwork(in, 10, List.of(h, out)));
        List<Violation> target = new TrueNorthTarget().check(d, profile());
        assertTrue(target.stream().anyMatch(v -> v.check().equals("axons") && v.layer().equals("h")
                && v.value().equals("300 axons") && v.fix().contains("--fan-in 256")), target.toString());
        List<Violation> generic = new ArrayList<>();
        ProfileChecks.run(d, profile(), CorePartition.of(d, profile())).forEach(c -> generic.addAll(c.violations()));
        long delays = generic.stream().filter(v -> v.check().equals("delay-range")).count();
        assertEquals(8 * 5 + 1, delays, "delays 30..34 of h (8 full cycles of 35 in 300) and the readout's 31");
        assertTrue(generic.stream().filter(v -> v.check().equals("delay-range")).allMatch(v -> v.fix().contains("29")));
    }

    /**
     * {@link #network} with recurrent synapses in the hidden layer: 0 &lt;- 1 (weight 0.5, lag
     * {@code lag0}), 1 &lt;- 0 (0.25, lag {@code lag1}) and 1 &lt;- 1 (-0.2, lag 5).
     */
    static FoldedNetwork recurrentNetwork(int lag0, int lag1) {
        FoldedNetwork base = network(2);
        FoldedNetwork.Layer h = base.layers().get(0);
        FoldedNetwork.Synapses rec = new FoldedNetwork.Synapses(new int[] {1, 0, 1}, new int[] {0, 1, 1},
                new double[] {0.5, 0.25, -0.2}, new int[] {lag0, lag1, 5});
        FoldedNetwork.Layer hr = new FoldedNetwork.Layer(h.name(), h.inputs(), h.outputs(), h.pre(), h.post(), h.weight(),
                h.delay(), h.bias(), h.tau(), h.threshold(), h.maxDelay(), ResetMode.ZERO, rec);
        return new FoldedNetwork(3, 10, List.of(hr, base.layers().get(1)));
    }

    @Test
    void deploysRecurrentSynapsesAsAxonsOfTheLayersOwnCores() {
        assertEquals(EnumSet.of(Feature.RECURRENT_SYNAPSES), new TrueNorthTarget().deploys());
        assertTrue(new TrueNorthTarget().whyNotDeployed(Feature.RESET_BY_SUBTRACTION).contains("reset mode 1"));
        DeployedNetwork d = deploy(recurrentNetwork(2, 20));
        DeployedLayer h = d.layers().get(0);
        // neuron 0: inputs 0.5, 0.25 and the recurrent 0.5 share the types 0.25 and 0.5 (s = 1/369, as without recurrence);
        // neuron 1: 0.1, the recurrent 0.25 and -0.2 are three types
        assertArrayEquals(new int[] {185, 92, 37}, h.synapses().weight());
        assertArrayEquals(new int[] {185, 92, -74}, h.recurrent().weight());
        assertArrayEquals(new int[] {2, 20, 5}, h.recurrent().delay());
        assertArrayEquals(new long[] {-74, 37, 92, 0}, new long[] {h.neuron().value("weight_0", 1),
                h.neuron().value("weight_1", 1), h.neuron().value("weight_2", 1), h.neuron().value("weight_3", 1)});
        assertEquals(185.0 / 369 - 0.5, h.quantization().get("max_abs_recurrent_weight_error"), EPS);
        assertEquals(List.of(), new TrueNorthTarget().check(d, profile()));

        RancLayout layout = RancLayout.of(d, profile());
        Map<String, Object> r = layout.resources();
        assertEquals(3, r.get("recurrent_axons"));
        assertEquals("2..31", r.get("recurrent_lags"));
        // one core per layer; the hidden core has 3 inputs x 15 copies and 3 recurrent axons, which the host never feeds
        assertEquals(3 * 15 + 3, layout.cores().get(0).axonTypes().length);
        assertEquals(3 * 15, r.get("input_axons"));
        // splitters: pre 0 -> readout (d 1, d 0) and its own core (lag 20: a relay); pre 1 -> readout (d 2), own core
        // (lag 2 and lag 5)
        assertEquals(3 + 3, r.get("splitter_neurons"));
        assertEquals(1, r.get("relay_neurons"));
        RancLayout.Core routing = layout.cores().get(2);
        List<int[]> own = new ArrayList<>();
        for (RancLayout.Neuron n : routing.neurons()) {
            if (n.destCore() == 0) {
                own.add(new int[] {n.destAxon(), n.destTick()});
            }
        }
        // D = 2 and 5: destination_tick D - 2 from pre 1's splitter; D = 20: the relay's 14 after the splitter's 20 - 17
        assertEquals(List.of(0, 3, 14), own.stream().map(x -> x[1]).sorted().toList());
        Set<Integer> fed = new HashSet<>();
        layout.inputs().forEach(a -> fed.add(a.axon()));
        Set<Integer> recurrent = new HashSet<>();
        own.forEach(x -> recurrent.add(x[0]));
        assertEquals(3 * 15, fed.size());
        assertEquals(3, recurrent.size());
        recurrent.retainAll(fed);
        assertEquals(Set.of(), recurrent, "the host feeds no recurrent axon");
        RancLayout.Neuron toRelay = routing.neurons().stream().filter(n -> n.destCore() == 2).findFirst().orElseThrow();
        assertEquals(3, toRelay.destTick());
        assertEquals(0, RancLayout.recurrentRoute(2, profile()));
        assertEquals(29, RancLayout.recurrentRoute(31, profile()));
        assertEquals(2, RancLayout.shortestRecurrentLag(profile()));
        assertEquals(31, RancLayout.longestRecurrentLag(profile()));
    }

    /** The lags the routing realises come from the profile's delay range, pipeline and recurrent offset. */
    @Test
    void recurrentLagRangeFollowsTheProfile() {
        HardwareProfile p = profile();
        HardwareProfile shorter = new HardwareProfile(p.name(), p.description(), p.arithmetic(),
                new HardwareProfile.Delays(1, 20, 1, "", 1), p.weights(), p.neuron(), p.resources(), p.input(),
                p.energy(), p.sources(), p.sha256());
        // route = D + 1 - 2 within 0..19: D = 1..20
        assertEquals(1, RancLayout.shortestRecurrentLag(shorter));
        assertEquals(20, RancLayout.longestRecurrentLag(shorter));
        assertEquals(0, RancLayout.recurrentRoute(1, shorter));
        DeployedNetwork d = new TrueNorthTarget().deploy(recurrentNetwork(1, 21), shorter, PROVENANCE);
        assertEquals(List.of("recurrent-lag: layer 'h', recurrent synapse 1 (post 1, pre 0): lag 21 exceeds the chip's "
                + "longest recurrent lag 20 (a spike reaches its splitter in 1 tick, then the layer's own axon after a "
                + "delay of 1..20 ticks, through one relay); retrain so that this recurrent delay d rounds to a lag "
                + "D = 1 + round(d) <= 20 (--recurrent-init draws the initial delays)"),
                new TrueNorthTarget().check(d, shorter).stream().map(Violation::message).toList());
    }

    @Test
    void reportsEachRecurrentLagTheRoutingCannotRealise() {
        DeployedNetwork d = deploy(recurrentNetwork(1, 32));
        List<Violation> v = new TrueNorthTarget().check(d, profile());
        assertEquals(List.of("recurrent-lag: layer 'h', recurrent synapse 0 (post 0, pre 1): lag 1 is shorter than the "
                        + "chip's shortest recurrent lag 2 (a spike reaches its splitter in 1 tick, then the layer's own "
                        + "axon after a delay of 1..30 ticks); retrain so that this recurrent delay d rounds to a lag "
                        + "D = 1 + round(d) >= 2 (vanilla recurrence, --recurrent-delays none, has every lag 1)",
                "recurrent-lag: layer 'h', recurrent synapse 1 (post 1, pre 0): lag 32 exceeds the chip's longest "
                        + "recurrent lag 31 (a spike reaches its splitter in 1 tick, then the layer's own axon after a "
                        + "delay of 1..30 ticks, through one relay); retrain so that this recurrent delay d rounds to a lag "
                        + "D = 1 + round(d) <= 31 (--recurrent-init draws the initial delays)"),
                v.stream().map(Violation::message).toList());
        // the synapses that cannot be routed get no axon; the one of lag 5 does
        assertEquals(1, RancLayout.of(d, profile()).resources().get("recurrent_axons"));
    }

    /** K leaves room for each neuron's recurrent axons: floor((256 - r_i) / f_i) over the neurons. */
    @Test
    void inputCopiesLeaveRoomForRecurrentAxons() {
        int fanIn = 16;
        int[] pre = new int[2 * fanIn];
        int[] post = new int[2 * fanIn];
        for (int k = 0; k < pre.length; k++) {
            pre[k] = k % fanIn;
            post[k] = k / fanIn;
        }
        // neuron 1 has 50 recurrent synapses (to itself and neuron 0, lags 2..26): floor((256 - 50) / 16) = 12 < 15
        int n = 50;
        int[] rpre = new int[n];
        int[] rpost = new int[n];
        double[] rw = new double[n];
        int[] rd = new int[n];
        for (int k = 0; k < n; k++) {
            rpre[k] = k % 2;
            rpost[k] = 1;
            rw[k] = 0.1;
            rd[k] = 2 + k / 2;
        }
        FoldedNetwork.Layer l = new FoldedNetwork.Layer("h", fanIn, 2, pre, post, new double[pre.length],
                new int[pre.length], new double[2], 1.005, 1.0, 0, ResetMode.ZERO,
                new FoldedNetwork.Synapses(rpre, rpost, rw, rd));
        assertEquals(12, TrueNorthTarget.inputCopies(l, profile()));
    }

    @Test
    void writesRancInputConfigurationAndInputMap(@TempDir Path dir) throws IOException {
        DeployedNetwork d = deploy(network(2));
        List<Path> files = new TrueNorthTarget().write(d, network(2), profile(), dir);
        assertEquals(3, files.size());
        String json = Files.readString(dir.resolve(TrueNorthTarget.INPUT_FILE), StandardCharsets.UTF_8);
        for (String key : List.of("\"packets\": [", "\"output_bus\": {\"coordinates\": [", "\"num_outputs\": 2",
                "\"axons\": [", "\"connections\": [", "\"reset_potential\": 0", "\"weights\": [", "\"leak\": -228",
                "\"positive_threshold\": 123", "\"negative_threshold\": 0", "\"destination_core_offset\": [",
                "\"destination_axon\": ", "\"destination_tick\": 2", "\"current_potential\": 0", "\"reset_mode\": 0")) {
            assertTrue(json.contains(key), "missing " + key + " in\n" + json);
        }
        assertEquals(count(json, '{'), count(json, '}'));
        assertEquals(count(json, '['), count(json, ']'));
        String config = Files.readString(dir.resolve(TrueNorthTarget.CONFIG_FILE), StandardCharsets.UTF_8);
        assertTrue(config.contains("\"max_tick_offset\": 16") && config.contains("\"neuron_reset_type\": 0"), config);
        String map = Files.readString(dir.resolve(TrueNorthTarget.INPUT_MAP_FILE), StandardCharsets.UTF_8);
        assertTrue(map.contains("\"input_copies\": 15") && map.contains("\"copy\": 14"), map);
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }
}
