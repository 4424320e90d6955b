package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.ExportReport;
import org.spikeport.exporter.Feature;
import org.spikeport.exporter.FoldedNetwork;
import org.spikeport.exporter.Violation;
import org.spikeport.exporter.truenorth.RancLayout;
import org.spikeport.exporter.truenorth.TrueNorthTarget;
import org.spikeport.simulator.Simulation;

/**
 * The core-level configuration the truenorth-like target writes (compute cores, 4 weight types per
 * neuron, splitter neurons, input copy axons, RANC packets) computes, tick for tick, what the
 * simulator computes on the deployed IR: every hidden spike and every readout membrane, for feed-forward
 * networks and for networks whose hidden layers feed their own neurons through recurrent axons. The chip
 * side is {@link RancExecutor}, an independent executor of the written RANC JSON.
 */
class TrueNorthChipTest {

    private static final HardwareProfile PROFILE = HardwareProfiles.bundled("truenorth-like");

    /** Random dense layers 40 -> 30 -> 24 -> 5, delays 0..29 (half of them through relays), weights that make the hidden layers spike. */
    static FoldedNetwork network(long seed) {
        return network(seed, false);
    }

    /**
     * {@link #network(long)} and, when {@code recurrent}, recurrent synapses in both hidden layers: each
     * (post, pre) pair with probability 0.3, weights with mean 0, lags 2..31 (the routing's range, a third
     * of them through relays) per synapse for an even seed, per presynaptic neuron (DelRec's axonal delays)
     * for an odd one.
     */
    static FoldedNetwork network(long seed, boolean recurrent) {
        Random r = new Random(seed);
        Random rr = new Random(seed * 31 + 7);
        int[] sizes = {40, 30, 24, 5};
        List<FoldedNetwork.Layer> layers = new ArrayList<>();
        for (int l = 1; l < sizes.length; l++) {
            int in = sizes[l - 1];
            int out = sizes[l];
            List<int[]> idx = new ArrayList<>();
            for (int i = 0; i < out; i++) {
                for (int j = 0; j < in; j++) {
                    if (r.nextDouble() < 0.8) {
                        idx.add(new int[] {j, i});
                    }
                }
            }
            int n = idx.size();
            int[] pre = new int[n];
            int[] post = new int[n];
            double[] w = new double[n];
            int[] d = new int[n];
            for (int k = 0; k < n; k++) {
                pre[k] = idx.get(k)[0];
                post[k] = idx.get(k)[1];
                w[k] = r.nextGaussian() * 0.35 + 0.08;
                d[k] = r.nextInt(30);
            }
            double[] bias = new double[out];
            for (int i = 0; i < out; i++) {
                bias[i] = r.nextGaussian() * 0.1;
            }
            boolean readout = l == sizes.length - 1;
            FoldedNetwork.Synapses rec = FoldedNetwork.Synapses.NONE;
            if (recurrent && !readout) {
                int[] axonal = new int[out];
                for (int j = 0; j < out; j++) {
                    axonal[j] = 2 + rr.nextInt(30);
                }
                List<int[]> ri = new ArrayList<>();
                for (int i = 0; i < out; i++) {
                    for (int j = 0; j < out; j++) {
                        if (rr.nextDouble() < 0.3) {
                            ri.add(new int[] {j, i});
                        }
                    }
                }
                rec = new FoldedNetwork.Synapses(new int[ri.size()], new int[ri.size()], new double[ri.size()],
                        new int[ri.size()]);
                for (int k = 0; k < ri.size(); k++) {
                    rec.pre()[k] = ri.get(k)[0];
                    rec.post()[k] = ri.get(k)[1];
                    rec.weight()[k] = rr.nextGaussian() * 0.4;
                    rec.delay()[k] = seed % 2 == 0 ? 2 + rr.nextInt(30) : axonal[ri.get(k)[0]];
                }
            }
            layers.add(new FoldedNetwork.Layer("l" + l, in, out, pre, post, w, d, bias, readout ? 1.5 : 1.2,
                    readout ? Double.POSITIVE_INFINITY : 1.0, 29, readout ? ResetMode.NONE : ResetMode.ZERO, rec));
        }
        return new FoldedNetwork(sizes[0], 10, layers);
    }

    /** Random counts for {@code inputSteps} steps: a channel is active with probability 0.3, with 1..8 events. */
    private static int[] counts(long seed, int inputSteps, int inputs) {
        Random r = new Random(seed);
        int[] counts = new int[inputSteps * inputs];
        for (int k = 0; k < counts.length; k++) {
            counts[k] = r.nextDouble() < 0.3 ? 1 + r.nextInt(8) : 0;
        }
        return counts;
    }

    @Test
    void writtenRancConfigurationComputesWhatTheSimulatorComputes() throws Exception {
        FoldedNetwork folded = network(3);
        DeployedNetwork net = new TrueNorthTarget().deploy(folded, PROFILE,
                new Provenance("test", "test", 0, "", Instant.EPOCH, ""));
        assertTrue(new TrueNorthTarget().check(net, PROFILE).isEmpty(), new TrueNorthTarget().check(net, PROFILE).toString());
        RancLayout layout = RancLayout.of(net, PROFILE);
        long copies = net.layers().get(0).neuron().value(TrueNorthLif.INPUT_COPIES, 0);
        Map<String, Object> res = layout.resources();
        assertTrue((Integer) res.get("splitter_cores") >= 2 && (Integer) res.get("relay_neurons") > 100
                && copies > 1 && copies < 8, "the case must use several routing cores, relays, and clip some counts: " + res);
        Agreement a = agree(net, counts(11, 30, net.inputs()), 60);
        assertTrue(a.hiddenSpikes().stream().allMatch(n -> n > 20), "every hidden layer must spike: " + a);
    }

    /**
     * Recurrent axons fed by each hidden layer's own splitters and relays: the chip computes, tick for tick,
     * the simulator's recurrent timing {@code t + D} for every lag 2..31, per synapse and per presynaptic
     * neuron.
     */
    @Test
    void recurrentAxonsComputeWhatTheSimulatorComputes() throws Exception {
        long arrivals = 0;
        long relayed = 0;
        for (long seed = 4; seed <= 7; seed++) {
            DeployedNetwork net = new TrueNorthTarget().deploy(network(seed, true), PROFILE,
                    new Provenance("test", "test", 0, "", Instant.EPOCH, ""));
            assertTrue(net.layers().get(0).isRecurrent() && net.layers().get(1).isRecurrent());
            List<Violation> v = new TrueNorthTarget().check(net, PROFILE);
            assertTrue(v.isEmpty(), v.toString());
            Map<String, Object> res = RancLayout.of(net, PROFILE).resources();
            assertEquals("2..31", res.get("recurrent_lags"));
            assertTrue((Integer) res.get("recurrent_axons") > 100, res.toString());
            for (long sample = 0; sample < 2; sample++) {
                Agreement a = agree(net, counts(seed * 10 + sample, 30, net.inputs()), 90);
                assertTrue(a.hiddenSpikes().stream().allMatch(n -> n > 20), "every hidden layer must spike: " + a);
                arrivals += a.recurrentArrivals();
                relayed += a.relayedRecurrentArrivals();
            }
        }
        assertTrue(arrivals > 2000 && relayed > 500, "the recurrent synapses must act, also through relays: "
                + arrivals + " arrivals, " + relayed + " through relays");
    }

    /**
     * DelRec's small network as trained ({@link TrainedFixture#recurrent}: axonal recurrent lags 12..29,
     * reset to zero) exports: its files are written and every recurrent synapse has an axon. (Its hidden
     * layers stay silent on the chip, whose single input copy per axon clips the dense 140-channel counts
     * to 1, so the chip's agreement with the simulator is shown on the random networks above.)
     */
    @Test
    void theTrainedRecurrentModelExports(@TempDir Path dir) {
        TrainedFixture f = TrainedFixture.recurrent();
        Export e = Export.plan(f.trained, new TrueNorthTarget(), PROFILE,
                new Provenance("test", "test", 0, "", Instant.EPOCH, ""));
        assertTrue(e.fits(), e.violations().toString());
        DeployedLayer h2 = e.network().layers().get(1);
        assertTrue(h2.isRecurrent());
        List<Path> files = e.write(dir.resolve("out"), new ExportReport(e, "model.pb"));
        assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().equals(TrueNorthTarget.INPUT_FILE)), files.toString());
        RancLayout layout = RancLayout.of(e.network(), PROFILE);
        // every recurrent synapse of hidden2 is connected to an axon of its post neuron's core: its fan-in grows by them
        int[] recurrentIn = new int[h2.outputs()];
        for (int post : h2.recurrent().post()) {
            recurrentIn[post]++;
        }
        int[] feedForward = new int[h2.outputs()];
        for (int post : h2.synapses().post()) {
            feedForward[post]++;
        }
        for (int i = 0; i < h2.outputs(); i++) {
            RancLayout.Neuron n = layout.cores().get(layout.coreOf(1, i)).neurons().get(layout.slotOf(1, i));
            assertEquals(feedForward[i] + recurrentIn[i], n.axons().length, "neuron " + i);
        }
        assertTrue((Integer) layout.resources().get("recurrent_axons") > 0);
    }

    /**
     * The trained fixture with per-synapse recurrent lags down to 1 and reset by subtraction
     * ({@link TrainedFixture#recurrentWithDelays}) is refused: each layer's reset by subtraction, and each
     * recurrent synapse whose lag the routing cannot realise, by name.
     */
    @Test
    void aTrainedModelWithLagsTheRoutingCannotRealiseIsRefusedSynapseBySynapse() {
        TrainedFixture f = TrainedFixture.recurrentWithDelays();
        Export e = Export.plan(f.trained, new TrueNorthTarget(), PROFILE,
                new Provenance("test", "test", 0, "", Instant.EPOCH, ""));
        assertTrue(!e.fits());
        List<String> expected = new ArrayList<>();
        for (DeployedLayer l : e.network().layers()) {
            SparseSynapses rec = l.recurrent();
            for (int k = 0; k < rec.size(); k++) {
                if (rec.delay()[k] < 2 || rec.delay()[k] > 31) {
                    expected.add(l.name() + ", recurrent synapse " + k + " (post " + rec.post()[k] + ", pre "
                            + rec.pre()[k] + ")");
                }
            }
        }
        assertTrue(expected.size() > 10, "the fixture has lags of 1: " + expected);
        List<String> lags = e.violations().stream().filter(v -> v.check().equals("recurrent-lag"))
                .map(v -> v.layer() + ", " + v.where()).toList();
        assertEquals(expected, lags);
        assertEquals(List.of("hidden1", "hidden2"), e.violations().stream()
                .filter(v -> v.check().equals(Feature.CHECK)).map(Violation::layer).toList());
        assertEquals(Set.of(Feature.CHECK, "recurrent-lag"), e.violations().stream().map(Violation::check)
                .collect(Collectors.toSet()));
    }

    /** What one comparison covered: spikes per hidden layer, recurrent events that arrived, and those through relays. */
    private record Agreement(List<Integer> hiddenSpikes, long recurrentArrivals, long relayedRecurrentArrivals) {
    }

    /**
     * Writes {@code net}'s RANC configuration with the packets of {@code counts}, runs it in
     * {@link RancExecutor} and the simulator for {@code steps} steps, and asserts the same spikes of every
     * hidden layer and the same decoded readout at every step.
     */
    private static Agreement agree(DeployedNetwork net, int[] counts, int steps) throws Exception {
        RancLayout layout = RancLayout.of(net, PROFILE);
        StringWriter input = new StringWriter();
        layout.writeJson(input, PROFILE.resources().axonsPerCore(), layout.packets(counts));
        StringWriter config = new StringWriter();
        layout.writeConfig(config, PROFILE.resources().neuronsPerCore(), PROFILE.resources().axonsPerCore());
        RancExecutor.Trace chip = new RancExecutor(input.toString(), config.toString()).run(steps);

        Simulation.Result sim = Simulation.run(net, PROFILE, counts, steps);
        int layers = net.layers().size();
        List<Integer> hidden = new ArrayList<>();
        long arrivals = 0;
        long relayed = 0;
        for (int l = 0; l < layers - 1; l++) {
            DeployedLayer layer = net.layers().get(l);
            List<Simulation.Spike> fromChip = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < layer.outputs(); i++) {
                    List<Integer> onCore = chip.spikes().get(t).get(layout.coreOf(l, i));
                    if (onCore != null && onCore.contains(layout.slotOf(l, i))) {
                        fromChip.add(new Simulation.Spike(t, i));
                    }
                }
            }
            List<Simulation.Spike> expected = sim.spikes().get(l);
            int first = 0;
            while (first < Math.min(expected.size(), fromChip.size()) && expected.get(first).equals(fromChip.get(first))) {
                first++;
            }
            assertEquals(expected.size(), first, "spikes of layer " + layer.name() + " agree up to index " + first + ": "
                    + (first < expected.size() ? "simulator " + expected.get(first) : "simulator ends") + ", chip "
                    + (first < fromChip.size() ? fromChip.get(first) : "ends"));
            assertEquals(expected.size(), fromChip.size(), "spike counts of layer " + layer.name());
            hidden.add(expected.size());
            SparseSynapses rec = layer.recurrent();
            for (Simulation.Spike sp : expected) {
                for (int k = 0; k < rec.size(); k++) {
                    if (rec.pre()[k] == sp.neuron() && sp.step() + rec.delay()[k] < steps) {
                        arrivals++;
                        relayed += RancLayout.recurrentRoute(rec.delay()[k], PROFILE) > RancLayout.MAX_FIELD ? 1 : 0;
                    }
                }
            }
        }
        DeployedLayer out = net.layers().get(layers - 1);
        double scale = out.quantization().get(TrueNorthLif.OUTPUT_SCALE);
        double decay = out.quantization().get(TrueNorthLif.OUTPUT_DECAY);
        double[] y = new double[out.outputs()];
        long[] prev = new long[out.outputs()];
        int bits = PROFILE.neuron().get("membrane");
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < out.outputs(); i++) {
                long u = chip.potentials().get(t)[layout.coreOf(layers - 1, i)][layout.slotOf(layers - 1, i)];
                y[i] = TrueNorthLif.decode(y[i], decay, scale, TrueNorthLif.decodeIncrement(u, prev[i], bits));
                prev[i] = u;
                assertEquals(Double.doubleToRawLongBits(sim.readout()[t][i]), Double.doubleToRawLongBits(y[i]),
                        "readout at step " + t + ", class " + i);
            }
        }
        return new Agreement(hidden, arrivals, relayed);
    }
}
