package org.spikeport.exporter.seneca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.arith.SenecaBf16Lif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.CorePartition;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.ExportReport;
import org.spikeport.exporter.Feature;
import org.spikeport.exporter.FoldedNetwork;
import org.spikeport.exporter.Targets;
import org.spikeport.exporter.Violation;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class SenecaTargetTest {

    @TempDir
    Path dir;

    private static final Provenance PROVENANCE =
            new Provenance("dev", "spikeport export", 0, "", Instant.parse("2026-01-01T00:00:00Z"), "cd".repeat(32));

    /** The bundled profile, read from its source file (the exporter's tests do not have the profiles jar). */
    static final HardwareProfile BUNDLED =
            HardwareProfiles.load(Path.of("../hw-profiles/src/main/resources/org/spikeport/profiles/seneca.yaml"));

    /** The bundled profile with other resources. */
    static HardwareProfile profile(Integer neuronsPerCore, Long synapsesPerCore, Integer queue, Long memory,
                                   int accumulatorBits) {
        TreeMap<String, Integer> neuron = new TreeMap<>(BUNDLED.neuron());
        neuron.put(SenecaBf16Lif.ACCUMULATOR, accumulatorBits);
        return new HardwareProfile("seneca", "test", SenecaBf16Lif.NAME, BUNDLED.delays(), BUNDLED.weights(), neuron,
                new HardwareProfile.Resources(neuronsPerCore, synapsesPerCore, null, null, null, queue, memory),
                BUNDLED.input(), new TreeMap<>(), new TreeMap<>(), "0".repeat(64));
    }

    /** Hidden 3 -> 2 and readout 2 -> 2, with delays up to {@code hiddenDelay}. */
    static FoldedNetwork network(int hiddenDelay) {
        FoldedNetwork.Layer h = new FoldedNetwork.Layer("h", 3, 2, new int[] {0, 1, 2}, new int[] {0, 0, 1},
                new double[] {0.1, 1.0 / 3, -2.5e-40}, new int[] {0, 3, hiddenDelay}, new double[] {0.05, -1e39}, 3.0,
                0.3, 25);
        FoldedNetwork.Layer out = new FoldedNetwork.Layer("out", 2, 2, new int[] {0, 0, 1}, new int[] {0, 1, 1},
                new double[] {1.0, 0.3, -0.5}, new int[] {1, 0, 2}, new double[] {0, 0}, 2.0,
                Double.POSITIVE_INFINITY, 25);
        return new FoldedNetwork(3, 1, List.of(h, out));
    }

    @Test
    void registeredUnderItsName() {
        assertEquals(SenecaTarget.class, Targets.byName("seneca").getClass());
        assertEquals("seneca", new SenecaTarget().profileName());
    }

    @Test
    void roundsEveryValueOnceToBf16() {
        DeployedNetwork d = new SenecaTarget().deploy(network(5), BUNDLED, PROVENANCE);
        assertEquals(new InputEncoding(InputEncoding.Kind.GRADED, 16), d.input());
        assertEquals(24, d.trailingSteps(), "25 / 2 per layer");
        DeployedLayer h = d.layers().get(0);
        // 0.1 -> 0x3DCD; 1/3 -> 0x3EAB (fp32 0x3EAAAAAB rounds up); -2.5e-40 is below 2^-126: flushed to -0
        assertArrayEquals(new int[] {0x3DCD, 0x3EAB, 0x8000}, h.synapses().weight());
        assertArrayEquals(new int[] {0, 3, 5}, h.synapses().delay());
        assertEquals(SenecaBf16Lif.NAME, h.neuron().model());
        // decay 1 - 1/3 -> 0x3F2B (0.66796875); threshold 0.3 -> 0x3E9A (0.30078125)
        assertEquals(0x3F2B, SenecaBf16Lif.decay(h.neuron(), 0));
        assertEquals(0x3E9A, SenecaBf16Lif.threshold(h.neuron(), 0));
        // bias 0.05 = 0x3D4CCCCD in fp32 -> 0x3D4D; -1e39 overflows to -infinity
        assertEquals(0x3D4D, SenecaBf16Lif.bias(h.neuron(), 0));
        assertEquals(SenecaBf16Lif.NEGATIVE_INFINITY, SenecaBf16Lif.bias(h.neuron(), 1));
        Map<String, Double> q = h.quantization();
        assertEquals(Math.abs(1.0 / 3 - 0.333984375), q.get("max_abs_weight_error"), 1e-15);
        assertEquals(1.0, q.get("weights_flushed_to_zero"));
        assertEquals(0.66796875, q.get("decay_effective"));
        assertEquals(0.66796875 - 2.0 / 3, q.get("decay_error"), 1e-15);
        assertEquals(1 / (1 - 0.66796875), q.get("tau_effective"), 1e-12);
        assertEquals(0.30078125, q.get("threshold_effective"));
        assertEquals(0.30078125 - 0.3, q.get("threshold_error"), 1e-15);
        DeployedLayer out = d.layers().get(1);
        assertEquals(SenecaBf16Lif.POSITIVE_INFINITY, SenecaBf16Lif.threshold(out.neuron(), 0));
        assertEquals(0x3F00, SenecaBf16Lif.decay(out.neuron(), 0), "1 - 1/2 = 0.5");
        assertEquals(1.0, out.quantization().get("output_scale"));
    }

    @Test
    void everyOffenderIsNamedWithItsFix() {
        // queue of 4 slots: hidden's delay 5 needs 6; readout's 2 fits. 64 bytes: hidden's core (2 neurons, 3 synapses)
        // needs 3 * 5 + 4 * 2 * 2 + 2 * 4 + 4 = 43; readout's 3 * 5 + 16 + 12 = 43 too; at 40 both fail
        HardwareProfile p = profile(null, null, 4, 40L, 16);
        List<Violation> v = new SenecaTarget().check(new SenecaTarget().deploy(network(5), p, PROVENANCE), p);
        List<String> messages = v.stream().map(Violation::message).toList();
        assertEquals(List.of(
                "delay-queue: layer 'h': largest delay 5 (needs 6 queue slots) exceeds the profile's delay queue of 4 "
                        + "slots (delays 0..3); retrain with --max-delay 3 or less, or raise resources.delay_queue_depth "
                        + "to 6 (24 bytes of queue on this layer's largest core)",
                "core-memory: layer 'h', core 0 (2 neurons, 3 synapses): 43 bytes (synapse table 15, delay queue 16, "
                        + "neuron state 12) exceeds the core's 40 bytes of data memory; place fewer neurons per core "
                        + "(resources.neurons_per_core), retrain with fewer inputs per neuron (--fan-in) or a shorter "
                        + "delay queue",
                "bf16-range: layer 'h', neuron 1: bias -Infinity exceeds finite bf16; the trained value exceeds bf16's "
                        + "largest finite value (about 3.39e38); retrain with weight decay or smaller BatchNorm scales",
                "core-memory: layer 'out', core 0 (2 neurons, 3 synapses): 43 bytes (synapse table 15, delay queue 16, "
                        + "neuron state 12) exceeds the core's 40 bytes of data memory; place fewer neurons per core "
                        + "(resources.neurons_per_core), retrain with fewer inputs per neuron (--fan-in) or a shorter "
                        + "delay queue"), messages);
        // 6 slots make each core 15 + 6 * 2 * 2 + 12 = 51 bytes; with exactly 51 only the bias remains
        HardwareProfile roomy = profile(null, null, 6, 51L, 16);
        List<Violation> only = new SenecaTarget().check(new SenecaTarget().deploy(network(5), roomy, PROVENANCE), roomy);
        assertEquals(List.of("bf16-range"), only.stream().map(Violation::check).toList());
    }

    @Test
    void queueAndMemoryFollowThePlacement() {
        // 1 neuron per core, queue 10, fp32 accumulators: hidden neuron 0 has 2 synapses, neuron 1 has 1
        HardwareProfile p = profile(1, null, 10, null, 32);
        DeployedNetwork d = new SenecaTarget().deploy(network(5), p, PROVENANCE);
        Map<String, Object> m = new SenecaTarget().mapping(d, p);
        assertEquals(10, m.get("delay_queue_depth"));
        assertEquals("fp32", m.get("delay_queue_accumulator"));
        assertEquals(4, m.get("delay_queue_accumulator_bytes"));
        // 4 cores of 1 neuron: 10 slots * 4 bytes each
        assertEquals(160L, m.get("delay_queue_bytes_total"));
        // per core: state 4 + 4; synapses 5 bytes each; 6 synapses in all
        assertEquals(4 * (40 + 4 + 4) + 6 * 5L, m.get("core_memory_bytes_total"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> layers = (List<Map<String, Object>>) m.get("layers");
        Map<String, Object> h = layers.get(0);
        assertEquals(2, h.get("cores"));
        assertEquals(5, h.get("max_delay"));
        assertEquals(6, h.get("queue_slots_needed"));
        assertEquals(10, h.get("queue_slots"));
        assertEquals(80L, h.get("queue_bytes"));
        assertEquals(40L + 8 + 10, h.get("largest_core_bytes"));
        // without a profile depth, each layer's queue is its largest delay + 1
        HardwareProfile sized = profile(null, null, null, null, 16);
        Map<String, Object> s = new SenecaTarget().mapping(new SenecaTarget().deploy(network(5), sized, PROVENANCE), sized);
        assertEquals(null, s.get("delay_queue_depth"));
        assertEquals(6L * 2 * 2 + 3L * 2 * 2, s.get("delay_queue_bytes_total"));
    }

    /**
     * Hidden 2 -> 3 resetting by subtraction, with recurrent synapses 0 &lt;- 1 (lag 1, weight 0.5), 1 &lt;- 2
     * (lag 4, -0.25) and 2 &lt;- 0 (lag {@code lag}, weight {@code weight}); readout 3 -> 2.
     */
    static FoldedNetwork recurrentNetwork(int lag, double weight) {
        FoldedNetwork.Synapses rec = new FoldedNetwork.Synapses(new int[] {1, 2, 0}, new int[] {0, 1, 2},
                new double[] {0.5, -0.25, weight}, new int[] {1, 4, lag});
        FoldedNetwork.Layer h = new FoldedNetwork.Layer("h", 2, 3, new int[] {0, 1, 0}, new int[] {0, 1, 2},
                new double[] {0.3, 0.6, 0.9}, new int[] {0, 2, 5}, new double[3], 2.0, 1.0, 8, ResetMode.SUBTRACT, rec);
        FoldedNetwork.Layer out = new FoldedNetwork.Layer("out", 3, 2, new int[] {0, 1, 2}, new int[] {0, 1, 1},
                new double[] {1, 1, 1}, new int[3], new double[2], 2.0, Double.POSITIVE_INFINITY, 8);
        return new FoldedNetwork(2, 1, List.of(h, out));
    }

    @SuppressWarnings("unchecked")
    @Test
    void deploysRecurrentSynapsesThroughTheQueueAndResetBySubtraction() throws IOException {
        assertEquals(EnumSet.of(Feature.RECURRENT_SYNAPSES, Feature.RESET_BY_SUBTRACTION), new SenecaTarget().deploys());
        // 2 neurons per core, 10 slots: lag 10 is the longest the queue holds
        HardwareProfile p = profile(2, null, 10, null, 16);
        DeployedNetwork d = new SenecaTarget().deploy(recurrentNetwork(10, 2), p, PROVENANCE);
        DeployedLayer h = d.layers().get(0);
        assertTrue(SenecaBf16Lif.subtracts(h.neuron()));
        assertTrue(!SenecaBf16Lif.subtracts(d.layers().get(1).neuron()));
        assertArrayEquals(new int[] {0x3F00, 0xBE80, 0x4000}, h.recurrent().weight());
        assertArrayEquals(new int[] {1, 4, 10}, h.recurrent().delay());
        assertEquals(0.0, h.quantization().get("max_abs_recurrent_weight_error"));
        assertEquals(0.0, h.quantization().get("recurrent_weights_flushed_to_zero"));
        assertEquals(List.of(), new SenecaTarget().check(d, p));

        Map<String, Object> layer = ((List<Map<String, Object>>) new SenecaTarget().mapping(d, p).get("layers")).get(0);
        assertEquals(3, layer.get("recurrent_synapses"));
        assertEquals(10, layer.get("max_recurrent_lag"));
        assertEquals(10, layer.get("queue_slots_needed"), "the lag 10, more than the largest delay 5 + 1");
        assertEquals(2L * 5, layer.get("largest_core_recurrent_table_bytes"));
        // without a profile depth the queue is sized by the lag
        HardwareProfile sized = profile(2, null, null, null, 16);
        Map<String, Object> s = (Map<String, Object>) ((List<Object>) new SenecaTarget().mapping(
                new SenecaTarget().deploy(recurrentNetwork(10, 2), sized, PROVENANCE), sized).get("layers")).get(0);
        assertEquals(10, s.get("queue_slots"));

        // lag 12 needs 12 slots, and a recurrent weight beyond bf16 is named like a feed-forward one
        List<String> v = new SenecaTarget().check(new SenecaTarget().deploy(recurrentNetwork(12, 1e39), p, PROVENANCE), p)
                .stream().map(Violation::message).toList();
        assertEquals(List.of("delay-queue: layer 'h', recurrent synapse 2 (post 2, pre 0): lag 12 (needs 12 queue slots) "
                        + "exceeds the profile's delay queue of 10 slots (recurrent lags 1..10); retrain with shorter "
                        + "recurrent delays (lag D = 1 + round(d) <= 10), or raise resources.delay_queue_depth to 12 (48 "
                        + "bytes of queue on this layer's largest core)",
                "bf16-range: layer 'h', recurrent synapse 2 (post 2, pre 0): weight Infinity exceeds finite bf16; the "
                        + "trained value exceeds bf16's largest finite value (about 3.39e38); retrain with weight decay or "
                        + "smaller BatchNorm scales"), v);

        // the file: reset "subtract", each core's recurrent table grouped by pre with posts within the core
        Map<String, Object> doc = SenecaTarget.document(d, p);
        assertEquals(0, ((Map<String, Object>) doc.get("timing")).get("recurrent_offset"));
        List<Map<String, Object>> layers = (List<Map<String, Object>>) doc.get("layers");
        assertEquals("subtract", ((Map<String, Object>) layers.get(0).get("neuron_program")).get("reset"));
        assertEquals("zero", ((Map<String, Object>) layers.get(1).get("neuron_program")).get("reset"));
        List<Map<String, Object>> cores = (List<Map<String, Object>>) layers.get(0).get("cores");
        Map<String, Object> first = (Map<String, Object>) cores.get(0).get("recurrent_synapses");
        assertEquals(2, first.get("count"));
        assertArrayEquals(new int[] {1, 2}, (int[]) first.get("pre"));
        assertArrayEquals(new int[] {0, 1}, (int[]) first.get("post"));
        assertArrayEquals(new int[] {0x3F00, 0xBE80}, (int[]) first.get("weight"));
        assertArrayEquals(new int[] {1, 4}, (int[]) first.get("delay"));
        Map<String, Object> second = (Map<String, Object>) cores.get(1).get("recurrent_synapses");
        assertArrayEquals(new int[] {0}, (int[]) second.get("pre"));
        assertArrayEquals(new int[] {0}, (int[]) second.get("post"));
        assertArrayEquals(new int[] {10}, (int[]) second.get("delay"));
        assertEquals(5L, ((Map<String, Object>) cores.get(1).get("memory_bytes")).get("recurrent_synapse_table"));
        Map<String, Object> none = (Map<String, Object>) ((List<Map<String, Object>>) layers.get(1).get("cores")).get(0)
                .get("recurrent_synapses");
        assertEquals(0, none.get("count"));
    }

    /** A neuron's recurrent synapses count towards its core's synapses, as in {@code CorePartition}. */
    @Test
    void recurrentSynapsesFillCoresAsCorePartitionCounts() {
        // 3 synapses per core: every hidden neuron has 1 feed-forward and 1 recurrent synapse, so one per core
        HardwareProfile p = profile(null, 3L, 10, null, 16);
        DeployedNetwork d = new SenecaTarget().deploy(recurrentNetwork(10, 2), p, PROVENANCE);
        List<SenecaTarget.Core> cores = SenecaTarget.placement(d.layers().get(0), p);
        assertEquals(CorePartition.of(d, p).perLayer().get(0), cores.size());
        assertEquals(3, cores.size());
        assertEquals(List.of(1L, 1L, 1L), cores.stream().map(SenecaTarget.Core::recurrent).toList());
    }

    @Test
    void placementCountsEqualCorePartition() {
        Random r = new Random(3);
        for (int trial = 0; trial < 300; trial++) {
            int in = 1 + r.nextInt(20);
            int outN = 1 + r.nextInt(40);
            List<int[]> syn = new ArrayList<>();
            for (int i = 0; i < outN; i++) {
                for (int j = 0; j < in; j++) {
                    if (r.nextInt(3) == 0) {
                        syn.add(new int[] {j, i});
                    }
                }
            }
            int n = syn.size();
            int[] pre = new int[n];
            int[] post = new int[n];
            for (int k = 0; k < n; k++) {
                pre[k] = syn.get(k)[0];
                post[k] = syn.get(k)[1];
            }
            DeployedLayer l = new DeployedLayer("l", in, outN, new SparseSynapses(pre, post, new int[n], new int[n]),
                    SenecaBf16Lif.params(0, 0, new int[] {0}), new TreeMap<>());
            DeployedNetwork net = new DeployedNetwork(in, 1, "seneca", "seneca", "", new InputEncoding(
                    InputEncoding.Kind.GRADED, 16), List.of(l), 0, PROVENANCE);
            Integer neurons = r.nextBoolean() ? null : 1 + r.nextInt(8);
            Long synapses = r.nextBoolean() ? null : (long) (1 + r.nextInt(30));
            HardwareProfile p = profile(neurons, synapses, null, null, 16);
            List<SenecaTarget.Core> cores = SenecaTarget.placement(l, p);
            assertEquals(CorePartition.of(net, p).perLayer().get(0), cores.size(), "trial " + trial);
            Set<Integer> seen = new HashSet<>();
            for (SenecaTarget.Core c : cores) {
                for (int i : c.neurons()) {
                    assertTrue(seen.add(i));
                }
            }
        }
    }

    /** 140 - 256 - 256 - 20, dense, delays 0..25 (SHD size). */
    static TrainedModel shdSize() {
        int[] sizes = {140, 256, 256, 20};
        Random r = new Random(11);
        List<TrainedLayer> layers = new ArrayList<>();
        for (int l = 1; l < sizes.length; l++) {
            int n = sizes[l - 1] * sizes[l];
            float[] w = new float[n];
            float[] d = new float[n];
            for (int k = 0; k < n; k++) {
                w[k] = (float) (r.nextGaussian() * 0.1);
                d[k] = r.nextInt(26);
            }
            Lif lif = l == sizes.length - 1 ? Lif.readout(2.0) : Lif.spiking(2.0, 1.0);
            layers.add(new TrainedLayer("layer" + l, sizes[l - 1], sizes[l], w, d, 25, null, null, lif));
        }
        return new TrainedModel(new TrainedNetwork(140, 10, 0, layers), new TreeMap<>(), List.of(), PROVENANCE);
    }

    @Test
    void shdSizeFitsTheBundledProfileAndAnyShortfallIsNamed() {
        Export fits = Export.plan(shdSize(), new SenecaTarget(), BUNDLED, PROVENANCE);
        assertTrue(fits.fits(), () -> fits.violations().toString());
        assertEquals(List.of(2, 2, 1), fits.partition().perLayer());

        // 16 slots and 128 KiB: every layer's delay 25 needs 26 slots; layer2's cores hold 128 * 256 synapses
        // (163840 bytes of table) and overflow; layer1 (128 * 140 * 5 = 89600 + 4096 + 516) and layer3 fit
        HardwareProfile tight = profile(128, null, 16, 131072L, 16);
        Export e = Export.plan(shdSize(), new SenecaTarget(), tight, PROVENANCE);
        List<String> found = e.violations().stream().map(v -> v.check() + " " + v.layer() + " " + v.where()).toList();
        assertEquals(List.of("delay-queue layer1 ", "delay-queue layer2 ", "core-memory layer2 core 0 (128 neurons, "
                + "32768 synapses)", "core-memory layer2 core 1 (128 neurons, 32768 synapses)", "delay-queue layer3 "),
                found);
        assertTrue(e.violations().get(0).fix().contains("--max-delay 15"), e.violations().get(0).fix());
    }

    @SuppressWarnings("unchecked")
    @Test
    void writesTheDocumentedJson() throws IOException {
        Export e = Export.plan(shdSize(), new SenecaTarget(), BUNDLED, PROVENANCE);
        Path out = dir.resolve("seneca");
        List<Path> files = e.write(out, new ExportReport(e, "model.pb"));
        assertTrue(files.contains(out.resolve(SenecaTarget.FILE)), files.toString());
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(out.resolve(SenecaTarget.FILE)));
        assertEquals("spikeport-seneca", doc.get("format"));
        assertEquals(2, doc.get("version"));
        Map<String, Object> arith = (Map<String, Object>) doc.get("arithmetic");
        assertEquals("seneca-bf16-lif", arith.get("name"));
        assertEquals("bf16", arith.get("accumulator"));
        assertEquals(140, doc.get("inputs"));
        List<Map<String, Object>> layers = (List<Map<String, Object>>) doc.get("layers");
        assertEquals(3, layers.size());
        int core = 0;
        for (int li = 0; li < 3; li++) {
            DeployedLayer dl = e.network().layers().get(li);
            Map<String, Object> l = layers.get(li);
            assertEquals(dl.name(), l.get("name"));
            Map<String, Object> program = (Map<String, Object>) l.get("neuron_program");
            assertEquals(SenecaBf16Lif.decay(dl.neuron(), 0), program.get("decay"));
            assertEquals(SenecaBf16Lif.threshold(dl.neuron(), 0), program.get("threshold"));
            List<Integer> bias = (List<Integer>) program.get("bias");
            for (int i = 0; i < dl.outputs(); i++) {
                assertEquals(SenecaBf16Lif.bias(dl.neuron(), i), bias.get(i));
            }
            // the cores' tables hold exactly the layer's synapses, grouped by pre
            Set<List<Integer>> expected = new HashSet<>();
            SparseSynapses s = dl.synapses();
            for (int k = 0; k < s.size(); k++) {
                expected.add(List.of(s.pre()[k], s.post()[k], s.weight()[k], s.delay()[k]));
            }
            Set<List<Integer>> written = new HashSet<>();
            int neurons = 0;
            for (Map<String, Object> c : (List<Map<String, Object>>) l.get("cores")) {
                assertEquals(core++, c.get("core"));
                assertEquals(neurons, c.get("first_neuron"));
                Map<String, Object> syn = (Map<String, Object>) c.get("synapses");
                List<Integer> pre = (List<Integer>) syn.get("pre");
                List<Integer> post = (List<Integer>) syn.get("post");
                List<Integer> weight = (List<Integer>) syn.get("weight");
                List<Integer> delay = (List<Integer>) syn.get("delay");
                assertEquals(syn.get("count"), pre.size());
                for (int k = 0; k < pre.size(); k++) {
                    if (k > 0) {
                        assertTrue(pre.get(k - 1) <= pre.get(k), "grouped by pre");
                    }
                    assertTrue(post.get(k) < (int) c.get("neurons"));
                    written.add(List.of(pre.get(k), post.get(k) + neurons, weight.get(k), delay.get(k)));
                }
                Map<String, Object> queue = (Map<String, Object>) c.get("delay_queue");
                assertEquals(64, queue.get("slots"));
                assertEquals(64 * (int) c.get("neurons") * 2, queue.get("bytes"));
                neurons += (int) c.get("neurons");
            }
            assertEquals(dl.outputs(), neurons);
            assertEquals(expected, written, dl.name());
        }
        String report = Files.readString(out.resolve("report.json"));
        assertTrue(report.contains("\"delay_queue_bytes_total\": " + (64 * 2 * (256 + 256 + 20))), report);
    }

    @Test
    void aProfileWithoutTheWidthsIsNamed() {
        HardwareProfile bare = new HardwareProfile("seneca", "test", SenecaBf16Lif.NAME, BUNDLED.delays(),
                BUNDLED.weights(), new TreeMap<>(), BUNDLED.resources(), BUNDLED.input(), new TreeMap<>(),
                new TreeMap<>(), "0".repeat(64));
        DeployedNetwork d = new SenecaTarget().deploy(network(5), bare, PROVENANCE);
        SpikeportException ex = assertThrows(SpikeportException.class, () -> new SenecaTarget().check(d, bare));
        assertTrue(ex.getMessage().contains("gives no width for neuron 'accumulator'"), ex.getMessage());
    }
}
