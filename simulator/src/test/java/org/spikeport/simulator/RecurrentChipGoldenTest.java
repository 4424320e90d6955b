package org.spikeport.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.arith.ResetParameter;
import org.spikeport.core.arith.SenecaBf16Lif;
import org.spikeport.core.arith.SpinnakerLif;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;

/**
 * Closed-form results of recurrent synapses in each integer arithmetic with its bundled profile's timing
 * (feed-forward arrival {@code t + d + e}, recurrent {@code t + D}): a two-neuron loop in each, Loihi 2's
 * separate feed-forward and recurrent groups, reset by subtraction where the chip has it (SENECA's
 * program, TrueNorth-like's linear mode), SENECA's summation order, and the refusals. Every value is
 * derived by hand in its comment.
 */
class RecurrentChipGoldenTest {

    private static final HardwareProfile LOIHI = HardwareProfiles.bundled("loihi");
    private static final HardwareProfile SPINNAKER = HardwareProfiles.bundled("spinnaker");
    private static final HardwareProfile TN = HardwareProfiles.bundled("truenorth-like");
    private static final HardwareProfile SENECA = HardwareProfiles.bundled("seneca");

    private static SparseSynapses syn(int[] pre, int[] post, int[] weight, int[] delay) {
        return new SparseSynapses(pre, post, weight, delay);
    }

    private static DeployedNetwork net(int inputs, InputEncoding input, DeployedLayer layer) {
        return new DeployedNetwork(inputs, 10, "test", "test", "", input, List.of(layer), 0, RandomNetworks.PROVENANCE);
    }

    private static SortedMap<String, Double> scale(double s) {
        SortedMap<String, Double> q = new TreeMap<>();
        q.put("output_scale", s);
        q.put("v_scale", s);
        return q;
    }

    /** Neuron {@code k % 2} spikes at {@code first + k * gap} (k = 0, 1, ...) before {@code steps}. */
    private static List<Simulation.Spike> alternating(int first, int gap, int steps) {
        List<Simulation.Spike> s = new ArrayList<>();
        for (int t = first, k = 0; t < steps; t += gap, k++) {
            s.add(new Simulation.Spike(t, k % 2));
        }
        return s;
    }

    /** Input channel 0 into neuron 0 (weight {@code w}, delay 0); neurons 0 and 1 feed each other with lag 3. */
    private static DeployedLayer loop(int w, NeuronParams p, SortedMap<String, Double> q) {
        return new DeployedLayer("loop", 1, 2, syn(new int[] {0}, new int[] {0}, new int[] {w}, new int[] {0}), p, q,
                syn(new int[] {0, 1}, new int[] {1, 0}, new int[] {w, w}, new int[] {3, 3}));
    }

    private static SortedMap<String, long[]> loihi(long vth) {
        SortedMap<String, long[]> p = new TreeMap<>();
        p.put(Loihi2Lif.DU, new long[] {4095});
        p.put(Loihi2Lif.DV, new long[] {4095});
        p.put(Loihi2Lif.VTH, new long[] {vth});
        p.put(Loihi2Lif.BIAS_MANT, new long[] {0});
        p.put(Loihi2Lif.BIAS_EXP, new long[] {0});
        p.put(Loihi2Lif.WEIGHT_EXP, new long[] {0});
        p.put(Loihi2Lif.RECURRENT_WEIGHT_EXP, new long[] {0});
        p.put(Loihi2Lif.NUM_WEIGHT_BITS, new long[] {8});
        p.put(Loihi2Lif.SIGN_MODE, new long[] {Loihi2Lif.SignMode.MIXED.code()});
        return p;
    }

    /**
     * du = dv = 4095: from rest u = a << 6 and v = u, so weight 10 gives v = 640 > vth 9 << 6 = 576 and a
     * spike (v = 0; u decays to 0 next step). The input at step 0 reaches neuron 0 at 1 (one pipeline step);
     * each spike reaches the other neuron D = 3 steps later, or D + 1 with a recurrent offset of 1. Events:
     * the input's one synapse, then one recurrent synapse per spike.
     */
    @Test
    void loihiTwoNeuronLoop() {
        int steps = 30;
        DeployedNetwork n = net(1, SimulationGoldenTest.GRADED, loop(10, new NeuronParams(Loihi2Lif.NAME, loihi(9)),
                scale(1.0 / 64)));
        for (int offset = 0; offset <= 1; offset++) {
            Platform p = Platform.of(0, 1, offset, LOIHI.neuron());
            Simulation.Result r = Simulation.run(n, p, new int[] {1}, steps);
            List<Simulation.Spike> want = alternating(1, 3 + offset, steps);
            assertEquals(want, r.spikes().get(0), "recurrent offset " + offset);
            assertEquals(1 + want.size(), r.synapticEvents());
        }
        assertEquals(0, Platform.of(LOIHI).recurrentOffset());
    }

    /**
     * Channel 1 makes neuron 1 spike at step 1 (weight 100, exponent 0, vth 50); it reaches neuron 0 through a
     * recurrent synapse of lag 1 at step 2, emitted at step 1. Channel 0's count at step 1 reaches neuron 0
     * at step 2 too, emitted at step 1. Neuron 0's exponents are -1 for both Dense processes: each group is
     * floored by itself, {@code a = (w_ff >> 1) + (w_rec >> 1)}, so v = a << 6 at step 2. Shared, they would
     * give {@code (w_ff + w_rec) >> 1}. Two feed-forward terms of one step (channels 0 and 2) are one group.
     */
    @Test
    void loihiFeedForwardAndRecurrentTermsAreSeparateGroups() {
        int[][] cases = {
            // w_ff, w_rec, channel 2 also, expected a
            {1, 1, 0, 0},      // shared: 1
            {-1, 1, 0, -1},    // shared: 0
            {3, 3, 0, 2},      // shared: 3
            {1, 0, 1, 1},      // channels 0 and 2 in one group: (1 + 1) >> 1
        };
        for (int[] c : cases) {
            SortedMap<String, long[]> p = loihi(0);
            p.put(Loihi2Lif.VTH, new long[] {131071, 50});
            p.put(Loihi2Lif.WEIGHT_EXP, new long[] {-1, 0});
            p.put(Loihi2Lif.RECURRENT_WEIGHT_EXP, new long[] {-1, 0});
            DeployedLayer l = new DeployedLayer("h", 3, 2,
                    syn(new int[] {0, 1, 2}, new int[] {0, 1, 0}, new int[] {c[0], 100, 1}, new int[] {0, 0, 0}),
                    new NeuronParams(Loihi2Lif.NAME, p), scale(1.0 / 64),
                    syn(new int[] {1}, new int[] {0}, new int[] {c[1]}, new int[] {1}));
            int[] counts = {0, 1, 0, 1, 0, c[2], 0, 0, 0};
            Simulation.Result r = Simulation.run(net(3, SimulationGoldenTest.GRADED, l), LOIHI, counts, 3);
            assertEquals(List.of(new Simulation.Spike(1, 1)), r.spikes().get(0));
            assertEquals((long) c[3] << 6, r.rawReadout()[2][0], "w_ff " + c[0] + ", w_rec " + c[1] + ", channel 2 " + c[2]);
        }
    }

    /**
     * exp_tc 0 and r_membrane 1: V = I every step. Weight 10 against v_thresh 10 (inclusive) spikes; the input
     * at step 0 arrives at 1 (PyNN delay d + 1), recurrent spikes D = 3 later (PyNN delay D). Neuron 0 also
     * inhibits itself with weight -4, lag 1: V = -4 the step after each of its spikes, 0 the step after.
     */
    @Test
    void spinnakerTwoNeuronLoopWithSelfInhibition() {
        int steps = 20;
        DeployedLayer l = new DeployedLayer("loop", 1, 2, syn(new int[] {0}, new int[] {0}, new int[] {10}, new int[] {0}),
                SpinnakerGoldenTest.params(0, 10, 0, 0, 0), scale(1.0),
                syn(new int[] {0, 1, 0}, new int[] {1, 0, 0}, new int[] {10, 10, -4}, new int[] {3, 3, 1}));
        Simulation.Result r = Simulation.run(net(1, new InputEncoding(InputEncoding.Kind.BINARY, 0), l), SPINNAKER,
                new int[] {1}, steps);
        List<Simulation.Spike> want = alternating(1, 3, steps);
        assertEquals(want, r.spikes().get(0));
        for (int t = 0; t < steps; t++) {
            boolean inhibited = t >= 2 && (t - 2) % 6 == 0;
            assertEquals(inhibited ? -4 : 0, r.rawReadout()[t][0], "neuron 0, step " + t);
            assertEquals(0, r.rawReadout()[t][1], "neuron 1, step " + t);
        }
        long neuron0 = want.stream().filter(s -> s.neuron() == 0).count();
        assertEquals(1 + 2 * neuron0 + (want.size() - neuron0), r.synapticEvents());
    }

    /**
     * Leak 0, threshold 1, reset to 0: each arriving spike fires. The input at step 0 arrives at 2 (delay
     * offset 1 and the splitter tick); each spike reaches the other neuron D = 3 ticks later.
     */
    @Test
    void trueNorthTwoNeuronLoop() {
        int steps = 25;
        DeployedLayer l = loop(1, TrueNorthGoldenTest.params(0, 1, 0, 0, TrueNorthLif.ABSOLUTE, 1), TrueNorthGoldenTest.raw());
        Simulation.Result r = Simulation.run(net(1, new InputEncoding(InputEncoding.Kind.BINARY, 0), l), TN,
                new int[] {1}, steps);
        assertEquals(alternating(2, 3, steps), r.spikes().get(0));
    }

    /**
     * Reset by subtraction is the linear mode: threshold 2, a self-loop of weight 1 and lag 1, input weight
     * 5 arriving at step 2. Linear: v2 = 5 spikes, 3; 3 + 1 = 4 spikes, 2; 3 spikes, 1; 2 spikes, 0; 0 + 1 =
     * 1 stays. Absolute (R = 0): 5 spikes, 0; 0 + 1 = 1 stays.
     */
    @Test
    void trueNorthLinearModeSubtractsInALoop() {
        int steps = 9;
        long[][] v = {{0, 0, 3, 2, 1, 0, 1, 1, 1}, {0, 0, 0, 1, 1, 1, 1, 1, 1}};
        int[][] spikes = {{2, 3, 4, 5}, {2}};
        int[] modes = {TrueNorthLif.LINEAR, TrueNorthLif.ABSOLUTE};
        for (int m = 0; m < 2; m++) {
            DeployedLayer l = new DeployedLayer("self", 1, 1, syn(new int[] {0}, new int[] {0}, new int[] {5}, new int[] {0}),
                    TrueNorthGoldenTest.params(0, 2, -1000, 0, modes[m], 1), TrueNorthGoldenTest.raw(),
                    syn(new int[] {0}, new int[] {0}, new int[] {1}, new int[] {1}));
            Simulation.Result r = Simulation.run(net(1, new InputEncoding(InputEncoding.Kind.BINARY, 0), l), TN,
                    new int[] {1}, steps);
            List<Simulation.Spike> want = new ArrayList<>();
            for (int t : spikes[m]) {
                want.add(new Simulation.Spike(t, 0));
            }
            assertEquals(want, r.spikes().get(0), "mode " + modes[m]);
            for (int t = 0; t < steps; t++) {
                assertEquals(v[m][t], r.rawReadout()[t][0], "mode " + modes[m] + ", step " + t);
            }
        }
    }

    private static int bf(double x) {
        return SenecaBf16Lif.fromDouble(x);
    }

    /** Decay 0, threshold 1, weight 1: each arrival fires; no offset or pipeline, so the input acts at step 0. */
    @Test
    void senecaTwoNeuronLoop() {
        int steps = 20;
        DeployedLayer l = loop(bf(1.0), SenecaBf16Lif.params(bf(0), bf(1.0), new int[2]), new TreeMap<>());
        Simulation.Result r = Simulation.run(net(1, new InputEncoding(InputEncoding.Kind.GRADED, 16), l), SENECA,
                new int[] {1}, steps);
        assertEquals(alternating(0, 3, steps), r.spikes().get(0));
    }

    /**
     * Decay 0.5, threshold 1, input 1.5 at step 0, a self-loop of weight 0.75 and lag 1. By subtraction:
     * 1.5 spikes, 0.5; 0.25 + 0.75 = 1.0 spikes, +0; 0.75; 0.375; 0.1875. To zero: 1.5 spikes, +0; 0.75;
     * 0.375; 0.1875; 0.09375.
     */
    @Test
    void senecaResetsBySubtractionInALoop() {
        int[][] raw = {{0x3F00, 0x0000, 0x3F40, 0x3EC0, 0x3E40}, {0x0000, 0x3F40, 0x3EC0, 0x3E40, 0x3DC0}};
        int[][] spikes = {{0, 1}, {0}};
        ResetMode[] modes = {ResetMode.SUBTRACT, ResetMode.ZERO};
        for (int m = 0; m < 2; m++) {
            DeployedLayer l = new DeployedLayer("self", 1, 1, syn(new int[] {0}, new int[] {0}, new int[] {bf(1.5)},
                    new int[] {0}), SenecaBf16Lif.params(bf(0.5), bf(1.0), new int[1], modes[m]), new TreeMap<>(),
                    syn(new int[] {0}, new int[] {0}, new int[] {bf(0.75)}, new int[] {1}));
            Simulation.Result r = Simulation.run(net(1, new InputEncoding(InputEncoding.Kind.GRADED, 16), l), SENECA,
                    new int[] {1}, 5);
            List<Simulation.Spike> want = new ArrayList<>();
            for (int t : spikes[m]) {
                want.add(new Simulation.Spike(t, 0));
            }
            assertEquals(want, r.spikes().get(0), modes[m].toString());
            for (int t = 0; t < 5; t++) {
                assertEquals(raw[m][t], r.rawReadout()[t][0], modes[m] + ", step " + t);
            }
        }
    }

    /**
     * The delay queue adds by emission step, feed-forward before recurrent: in a bf16 accumulator 1 + 2^-8
     * rounds to 1 (a tie, to even), so 1 then two terms of 2^-8 stays 1, while the two tiny terms first make
     * 2^-7 and then 1 + 2^-7 (0x3F81). Neuron 0 (channel 1, weight 1, threshold 1) spikes at step 0 and
     * reaches neuron 1 through two synapses of 2^-8; channel 0 reaches neuron 1 with weight 1, delay 1. Lag 1
     * with the input at step 0: both emitted at 0, feed-forward first: 1.0. Lag 2 with the input at step 1:
     * the recurrent terms were emitted first: 1 + 2^-7. Neuron 1 has decay 0, so its membrane is the sum.
     */
    @Test
    void senecaAddsFeedForwardBeforeRecurrentWithinAnEmissionStep() {
        int tiny = bf(Math.scalb(1.0, -8));
        int[][] cases = {{1, 0, 0x3F80}, {2, 1, 0x3F81}};
        for (int[] c : cases) {
            int lag = c[0];
            int inputStep = c[1];
            DeployedLayer l = new DeployedLayer("h", 2, 2,
                    syn(new int[] {0, 1}, new int[] {1, 0}, new int[] {bf(1.0), bf(1.0)}, new int[] {1, 0}),
                    new NeuronParams(SenecaBf16Lif.NAME, new TreeMap<>(Map.of(SenecaBf16Lif.DECAY, new long[] {0},
                            SenecaBf16Lif.THRESHOLD, new long[] {bf(1.0), SenecaBf16Lif.POSITIVE_INFINITY},
                            SenecaBf16Lif.BIAS, new long[] {0}))),
                    new TreeMap<>(), syn(new int[] {0, 0}, new int[] {1, 1}, new int[] {tiny, tiny}, new int[] {lag, lag}));
            int[] counts = new int[4];
            counts[1] = 1;
            counts[2 * inputStep] += 1;
            Simulation.Result r = Simulation.run(net(2, new InputEncoding(InputEncoding.Kind.GRADED, 16), l), SENECA,
                    counts, 3);
            assertEquals(new Simulation.Spike(0, 0), r.spikes().get(0).get(0));
            assertEquals(c[2], r.rawReadout()[lag][1], "lag " + lag);
        }
    }

    @Test
    void chipsWithoutResetBySubtractionRefuseALayerThatAsksForItByName() {
        SortedMap<String, long[]> lp = loihi(9);
        lp.put(ResetParameter.NAME, new long[] {ResetParameter.SUBTRACT});
        var e = assertThrows(IllegalArgumentException.class, () -> Simulation.run(
                net(1, SimulationGoldenTest.GRADED, loop(10, new NeuronParams(Loihi2Lif.NAME, lp), scale(1))), LOIHI,
                new int[] {1}, 2));
        assertEquals("layer 'loop' resets by subtraction, which the 'loihi2-lif' arithmetic cannot do (its neuron "
                + "resets v to 0 after a spike)", e.getMessage());

        SortedMap<String, long[]> sp = new TreeMap<>(SpinnakerGoldenTest.params(0, 10, 0, 0, 0).values());
        sp.put(ResetParameter.NAME, new long[] {ResetParameter.SUBTRACT});
        e = assertThrows(IllegalArgumentException.class, () -> Simulation.run(net(1, new InputEncoding(
                InputEncoding.Kind.BINARY, 0), loop(10, new NeuronParams(SpinnakerLif.NAME, sp), scale(1))), SPINNAKER,
                new int[] {1}, 2));
        assertEquals("layer 'loop' resets by subtraction, which the 'spinnaker-lif-s1615' arithmetic cannot do (its "
                + "neuron sets V to v_reset after a spike)", e.getMessage());

        SortedMap<String, long[]> tp = new TreeMap<>(TrueNorthGoldenTest.params(0, 1, 0, 0, 0, 1).values());
        tp.put(ResetParameter.NAME, new long[] {ResetParameter.SUBTRACT});
        e = assertThrows(IllegalArgumentException.class, () -> Simulation.run(net(1, new InputEncoding(
                InputEncoding.Kind.BINARY, 0), loop(1, new NeuronParams(TrueNorthLif.NAME, tp), TrueNorthGoldenTest.raw())),
                TN, new int[] {1}, 2));
        assertEquals("layer 'loop' asks for reset by subtraction through 'reset', which the 'truenorth-lif' arithmetic "
                + "does not read: its reset is the per-neuron 'reset_mode' (1 subtracts)", e.getMessage());

        // an explicit 0 is the arithmetic's own reset, as its absence is
        lp.put(ResetParameter.NAME, new long[] {ResetParameter.ZERO});
        Simulation.run(net(1, SimulationGoldenTest.GRADED, loop(10, new NeuronParams(Loihi2Lif.NAME, lp), scale(1))),
                LOIHI, new int[] {1}, 2);
    }
}
