package org.spikeport.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;

/**
 * Closed-form results through the engine with the bundled {@code truenorth-like} profile: arrival at
 * {@code t + d + 2} (delay offset 1, splitter stage 1), the linear leak, the tick of a threshold
 * crossing, both reset modes, input copies, membrane wrap and the decoded readout.
 */
class TrueNorthGoldenTest {

    private static final HardwareProfile TN = HardwareProfiles.bundled("truenorth-like");
    private static final InputEncoding BINARY = new InputEncoding(InputEncoding.Kind.BINARY, 0);

    static NeuronParams params(long leak, long alpha, long beta, long reset, int mode, long copies) {
        SortedMap<String, long[]> p = new TreeMap<>();
        p.put(TrueNorthLif.LEAK, new long[] {leak});
        p.put(TrueNorthLif.POSITIVE_THRESHOLD, new long[] {alpha});
        p.put(TrueNorthLif.NEGATIVE_THRESHOLD, new long[] {beta});
        p.put(TrueNorthLif.RESET_POTENTIAL, new long[] {reset});
        p.put(TrueNorthLif.RESET_MODE, new long[] {mode});
        p.put(TrueNorthLif.INPUT_COPIES, new long[] {copies});
        return new NeuronParams(TrueNorthLif.NAME, p);
    }

    static DeployedLayer single(int weight, int delay, NeuronParams p, SortedMap<String, Double> q) {
        return new DeployedLayer("out", 1, 1, new SparseSynapses(new int[] {0}, new int[] {0}, new int[] {weight},
                new int[] {delay}), p, q);
    }

    static SortedMap<String, Double> raw() {
        SortedMap<String, Double> q = new TreeMap<>();
        q.put("v_scale", 1.0);
        return q;
    }

    static DeployedNetwork net(DeployedLayer... layers) {
        return new DeployedNetwork(1, 10, "test", "test", "", BINARY, List.of(layers), 0, RandomNetworks.PROVENANCE);
    }

    static int[] impulse(int steps, int at, int count) {
        int[] c = new int[steps];
        c[at] = count;
        return c;
    }

    @Test
    void profileTimingIsOneTickOffsetAndOneSplitterTick() {
        Platform p = Platform.of(TN);
        assertEquals(1, p.delayOffset());
        assertEquals(1, p.pipelineStepsPerLayer());
        assertEquals(20, p.bits("membrane", TrueNorthLif.NAME));
    }

    /** An input at step 2 through delay d arrives at 2 + d + 2; the leak then lowers v by 3 per step down to beta's floor. */
    @Test
    void impulseArrivesAtTPlusDPlusTwoThenLeaksLinearly() {
        for (int d : new int[] {0, 5, 14}) {
            int steps = 40;
            DeployedNetwork n = net(single(30, d, params(-3, 1000, 0, 0, TrueNorthLif.ABSOLUTE, 1), raw()));
            Simulation.Result r = Simulation.run(n, TN, impulse(steps, 2, 1), steps);
            int arrival = 2 + d + 2;
            for (int t = 0; t < steps; t++) {
                long expected = t < arrival ? 0 : Math.max(0, 30 - 3L * (t - arrival + 1));
                assertEquals(expected, (long) r.readout()[t][0], "step " + t + ", delay " + d);
            }
        }
    }

    /** Weight 7 per arriving spike, input every step, threshold 30: v = 7k reaches 30 at k = 5; both reset modes. */
    @Test
    void thresholdCrossingStepAndResetModes() {
        int steps = 12;
        int[] counts = new int[steps];
        java.util.Arrays.fill(counts, 1);
        for (int mode : new int[] {TrueNorthLif.ABSOLUTE, TrueNorthLif.LINEAR}) {
            DeployedNetwork n = net(single(7, 0, params(0, 30, -100, 2, mode, 1), raw()));
            Simulation.Result r = Simulation.run(n, TN, counts, steps);
            // input of step t arrives at t + 2; the 5th arrival (step 6) makes v = 35 (linear) or 2 + 7*... (absolute)
            assertEquals(new Simulation.Spike(6, 0), r.spikes().get(0).get(0), "first spike, mode " + mode);
            assertEquals(mode == TrueNorthLif.ABSOLUTE ? 2 : 5, (long) r.readout()[6][0], "after the reset, mode " + mode);
        }
    }

    /** A count of 5 with 3 copy axons delivers 3 spikes; with 8 copies all 5. */
    @Test
    void inputCountsAreClippedToTheCopyAxons() {
        for (int copies : new int[] {3, 8}) {
            DeployedNetwork n = net(single(11, 0, params(0, 100000, -100000, 0, TrueNorthLif.ABSOLUTE, copies), raw()));
            Simulation.Result r = Simulation.run(n, TN, impulse(5, 0, 5), 5);
            assertEquals(11L * Math.min(5, copies), (long) r.readout()[2][0]);
        }
    }

    /** The membrane wraps at 20 bits: a leak of 255 per step passes 2^19 - 1 after 2057 steps. */
    @Test
    void membraneWrapsAtTheProfileWidth() {
        int steps = 2060;
        DeployedNetwork n = net(single(1, 0, params(255, TrueNorthLif.max(20), TrueNorthLif.min(20), 0,
                TrueNorthLif.ABSOLUTE, 1), raw()));
        Simulation.Result r = Simulation.run(n, TN, new int[0], steps);
        assertEquals(255L * 2056, (long) r.readout()[2055][0]);
        assertEquals(255L * 2057 - (1L << 20), (long) r.readout()[2056][0]);
        assertTrue(r.spikes().get(0).isEmpty());
    }

    /** The decoded readout of increments c, c, 0, 0 with decay a is the trained leaky membrane. */
    @Test
    void decodedReadoutIsTheLeakyMembrane() {
        SortedMap<String, Double> q = raw();
        q.put(TrueNorthLif.OUTPUT_SCALE, 0.5);
        q.put(TrueNorthLif.OUTPUT_DECAY, 0.25);
        DeployedNetwork n = net(single(8, 0, params(0, TrueNorthLif.max(20), TrueNorthLif.min(20), 0,
                TrueNorthLif.ABSOLUTE, 1), q));
        Simulation.Result r = Simulation.run(n, TN, new int[] {1, 1, 0, 0, 0, 0}, 6);
        double[] expected = {0, 0, 4, 4 * 0.25 + 4, (4 * 0.25 + 4) * 0.25, (4 * 0.25 + 4) * 0.25 * 0.25};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], r.readout()[t][0], 1e-12, "step " + t);
        }
    }
}
