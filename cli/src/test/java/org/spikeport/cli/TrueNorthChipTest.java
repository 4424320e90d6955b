package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.FoldedNetwork;
import org.spikeport.exporter.truenorth.RancLayout;
import org.spikeport.exporter.truenorth.TrueNorthTarget;
import org.spikeport.simulator.Simulation;

/**
 * The core-level configuration the truenorth-like target writes (compute cores, 4 weight types per
 * neuron, splitter neurons, input copy axons, RANC packets) computes, tick for tick, what the
 * simulator computes on the deployed IR: every hidden spike and every readout membrane. The chip side
 * is {@link RancExecutor}, an independent executor of the written RANC JSON.
 */
class TrueNorthChipTest {

    private static final HardwareProfile PROFILE = HardwareProfiles.bundled("truenorth-like");

    /** Random dense layers 40 -> 30 -> 24 -> 5, delays 0..29 (half of them through relays), weights that make the hidden layers spike. */
    static FoldedNetwork network(long seed) {
        Random r = new Random(seed);
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
            layers.add(new FoldedNetwork.Layer("l" + l, in, out, pre, post, w, d, bias, readout ? 1.5 : 1.2,
                    readout ? Double.POSITIVE_INFINITY : 1.0, 29));
        }
        return new FoldedNetwork(sizes[0], 10, layers);
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

        Random r = new Random(11);
        int inputSteps = 30;
        int steps = 60;
        int[] counts = new int[inputSteps * net.inputs()];
        for (int k = 0; k < counts.length; k++) {
            counts[k] = r.nextDouble() < 0.3 ? 1 + r.nextInt(8) : 0;
        }
        StringWriter input = new StringWriter();
        layout.writeJson(input, PROFILE.resources().axonsPerCore(), layout.packets(counts));
        StringWriter config = new StringWriter();
        layout.writeConfig(config, PROFILE.resources().neuronsPerCore(), PROFILE.resources().axonsPerCore());
        RancExecutor.Trace chip = new RancExecutor(input.toString(), config.toString()).run(steps);

        Simulation.Result sim = Simulation.run(net, PROFILE, counts, steps);
        int layers = net.layers().size();
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
            assertTrue(sim.spikes().get(l).size() > 20, "layer " + l + " must spike: " + sim.spikes().get(l).size());
            List<Simulation.Spike> expected = sim.spikes().get(l);
            int first = 0;
            while (first < Math.min(expected.size(), fromChip.size()) && expected.get(first).equals(fromChip.get(first))) {
                first++;
            }
            assertEquals(expected.size(), first, "spikes of layer " + layer.name() + " agree up to index " + first + ": "
                    + (first < expected.size() ? "simulator " + expected.get(first) : "simulator ends") + ", chip "
                    + (first < fromChip.size() ? fromChip.get(first) : "ends"));
            assertEquals(expected.size(), fromChip.size(), "spike counts of layer " + layer.name());
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
    }
}
