package org.spikeport.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;

/**
 * Closed-form results through the engine: impulse responses of one Loihi neuron and the exact step a
 * threshold is crossed, pipeline latency included; one float impulse response.
 */
class SimulationGoldenTest {

    private static final HardwareProfile LOIHI = HardwareProfiles.bundled("loihi");
    private static final Platform PLATFORM = Platform.of(LOIHI);

    static NeuronParams loihi(int du, int dv, long vth, long biasMant, int weightExp) {
        SortedMap<String, long[]> p = new TreeMap<>();
        p.put(Loihi2Lif.DU, new long[] {du});
        p.put(Loihi2Lif.DV, new long[] {dv});
        p.put(Loihi2Lif.VTH, new long[] {vth});
        p.put(Loihi2Lif.BIAS_MANT, new long[] {biasMant});
        p.put(Loihi2Lif.BIAS_EXP, new long[] {6});
        p.put(Loihi2Lif.WEIGHT_EXP, new long[] {weightExp});
        p.put(Loihi2Lif.NUM_WEIGHT_BITS, new long[] {8});
        p.put(Loihi2Lif.SIGN_MODE, new long[] {Loihi2Lif.SignMode.MIXED.code()});
        return new NeuronParams(Loihi2Lif.NAME, p);
    }

    static DeployedLayer single(String name, int weight, int delay, NeuronParams p, double outputScale) {
        SortedMap<String, Double> q = new TreeMap<>();
        q.put("output_scale", outputScale);
        return new DeployedLayer(name, 1, 1, new SparseSynapses(new int[] {0}, new int[] {0}, new int[] {weight},
                new int[] {delay}), p, q);
    }

    static DeployedNetwork net(InputEncoding input, DeployedLayer... layers) {
        return new DeployedNetwork(1, 10, "test", "test", "", input, List.of(layers), 0, RandomNetworks.PROVENANCE);
    }

    static final InputEncoding GRADED = new InputEncoding(InputEncoding.Kind.GRADED, 24);

    static int[] impulse(int steps, int count) {
        int[] c = new int[steps];
        c[0] = count;
        return c;
    }

    @Test
    void profileTimingIsOnePipelineStepAndNoOffset() {
        assertEquals(0, PLATFORM.delayOffset());
        assertEquals(1, PLATFORM.pipelineStepsPerLayer());
    }

    /** du = 4095 clears u each step; dv = 2048 halves v with truncation toward zero. */
    @Test
    void impulseResponseHalvesFromTheArrivalStep() {
        int d = 3;
        for (int w : new int[] {100, -100}) {
            for (int count : new int[] {1, 3}) {
                DeployedNetwork n = net(GRADED, single("out", w, d, loihi(4095, 2048, 131071, 0, 0), 1.0));
                Simulation.Result r = Simulation.run(n, LOIHI, impulse(30, count), 30);
                int arrival = 0 + d + 1;
                long peak = (long) w * count << 6;
                for (int t = 0; t < 30; t++) {
                    long expected = t < arrival ? 0 : Long.signum(peak) * (Math.abs(peak) >> (t - arrival));
                    assertEquals(expected, r.readout()[t][0], 0.0, "w " + w + " count " + count + " step " + t);
                }
                assertEquals(1, r.synapticEvents());
            }
        }
    }

    /** du = 2047 halves u (truncated); dv = 0 keeps v: v is the running sum of u. */
    @Test
    void impulseResponseIntegratesADecayingCurrent() {
        int d = 0;
        DeployedNetwork n = net(GRADED, single("out", 5, d, loihi(2047, 0, 131071, 0, 2), 0.5));
        Simulation.Result r = Simulation.run(n, LOIHI, impulse(20, 1), 20);
        long u0 = (5L << 2) << 6; // weight_exp 2, then << 6: 1280
        long v = 0;
        for (int t = 0; t < 20; t++) {
            if (t >= 1) {
                v += u0 >> (t - 1);
            }
            assertEquals(v * 0.5, r.readout()[t][0], 0.0, "step " + t);
        }
    }

    /**
     * Input count 1 every step into a neuron with weight 10 (du = 4095, dv = 0): v gains 640 per arrival,
     * so it spikes on the k-th arrival after a reset, k = floor(vth / 10) + 1 (strict v > vth << 6).
     * Arrivals start at step d + 1 (one pipeline step); the readout (weight 1, output_scale 1/64) counts
     * the hidden spikes one pipeline step (plus its delay) after each.
     */
    @Test
    void thresholdCrossingStepIncludesThePipeline() {
        for (int vth : new int[] {25, 30, 0, 9, 10}) {
            for (int dIn : new int[] {0, 2}) {
                for (int dOut : new int[] {0, 4}) {
                    DeployedLayer hidden = single("hidden", 10, dIn, loihi(4095, 0, vth, 0, 0), 1.0 / 64);
                    DeployedLayer out = single("out", 1, dOut, loihi(4095, 0, 131071, 0, 0), 1.0 / 64);
                    int steps = 40;
                    int[] counts = new int[steps];
                    java.util.Arrays.fill(counts, 1);
                    Simulation.Result r = Simulation.run(net(GRADED, hidden, out), LOIHI, counts, steps);
                    int k = vth / 10 + 1;
                    List<Simulation.Spike> expected = new ArrayList<>();
                    for (int t = dIn + k; t < steps; t += k) {
                        expected.add(new Simulation.Spike(t, 0));
                    }
                    String where = "vth " + vth + " dIn " + dIn + " dOut " + dOut;
                    assertEquals(expected, r.spikes().get(0), where);
                    assertTrue(r.spikes().get(1).isEmpty(), where);
                    for (int t = 0; t < steps; t++) {
                        int arrived = 0;
                        for (Simulation.Spike s : expected) {
                            if (s.step() + 1 + dOut <= t) {
                                arrived++;
                            }
                        }
                        assertEquals(arrived, r.readout()[t][0], 0.0, where + " step " + t);
                    }
                }
            }
        }
    }

    /** The latency is the platform's: with no pipeline the same neuron crosses one step earlier. */
    @Test
    void pipelineStepsShiftEveryLayer() {
        DeployedLayer hidden = single("hidden", 10, 2, loihi(4095, 0, 25, 0, 0), 1.0 / 64);
        DeployedLayer out = single("out", 1, 0, loihi(4095, 0, 131071, 0, 0), 1.0 / 64);
        int[] counts = {1, 1, 1}; // exactly one crossing (the third arrival)
        for (int pipeline = 0; pipeline <= 2; pipeline++) {
            Platform p = Platform.of(0, pipeline, LOIHI.neuron());
            Simulation.Result r = Simulation.run(net(GRADED, hidden, out), p, counts, 20);
            int first = 2 + pipeline + 2; // third arrival: steps 2 + pipeline, +1, +2
            assertEquals(List.of(new Simulation.Spike(first, 0)), r.spikes().get(0), "pipeline " + pipeline);
            assertEquals(0.0, r.readout()[first + pipeline - 1][0], 0.0);
            assertEquals(1.0, r.readout()[first + pipeline][0], 0.0, "pipeline " + pipeline);
        }
        Platform offset = Platform.of(3, 1, LOIHI.neuron());
        Simulation.Result r = Simulation.run(net(GRADED, hidden, out), offset, counts, 20);
        assertEquals(List.of(new Simulation.Spike(2 + 3 + 1 + 2, 0)), r.spikes().get(0), "min-delay offset 3");
    }

    /** Equality v == vth << 6 does not spike; one more unit does. */
    @Test
    void thresholdIsStrict() {
        // weight 1 with weight_exp 0: one arrival adds 64 = 1 << 6 to v; vth = 2 needs v > 128
        DeployedLayer hidden = single("hidden", 1, 0, loihi(4095, 0, 2, 0, 0), 1.0 / 64);
        DeployedLayer out = single("out", 2, 0, loihi(4095, 0, 131071, 0, 0), 1.0 / 64);
        int[] counts = {2, 0, 0, 1};
        Simulation.Result r = Simulation.run(net(GRADED, hidden, out), LOIHI, counts, 8);
        // step 1: v = 128 (= vth << 6, no spike); step 4: v = 192 > 128, spike
        assertEquals(List.of(new Simulation.Spike(4, 0)), r.spikes().get(0));
        assertEquals(2.0, r.readout()[5][0], 0.0, "the spike reaches the readout one step later");
        assertEquals(0.0, r.readout()[4][0], 0.0);
    }

    /** Without the pipeline (a lif-float network) an input at t reaches the readout at t + d. */
    @Test
    void floatImpulseResponse() {
        SortedMap<String, Double> q = new TreeMap<>();
        DeployedLayer l = new DeployedLayer("out", 1, 1, new SparseSynapses(new int[] {0}, new int[] {0},
                new int[] {FloatLif.encodeWeight(0.75)}, new int[] {2}),
                FloatLif.params(2.0, Double.POSITIVE_INFINITY, new double[] {0}), q);
        DeployedNetwork n = net(new InputEncoding(InputEncoding.Kind.GRADED, 32), l);
        Simulation.Result r = Simulation.run(n, HardwareProfiles.bundled("float"), impulse(12, 2), 12);
        for (int t = 0; t < 12; t++) {
            double expected = t < 2 ? 0 : 1.5 * Math.scalb(1.0, -(t - 2));
            assertEquals(expected, r.readout()[t][0], 0.0, "step " + t);
        }
    }

    @Test
    void quietNetworkUpdatesNothing() {
        DeployedNetwork n = net(GRADED, single("out", 5, 0, loihi(0, 0, 131071, 0, 0), 1.0));
        Simulation.Result r = Simulation.run(n, LOIHI, new int[10], 10);
        assertEquals(0, r.neuronUpdates());
        Simulation.Result biased = Simulation.run(net(GRADED, single("out", 5, 0, loihi(0, 0, 131071, 1, 0), 1.0)),
                LOIHI, new int[10], 10);
        assertEquals(10, biased.neuronUpdates(), "a bias moves the neuron from rest every step");
        assertEquals(10 * 64.0, biased.readout()[9][0], 0.0, "bias_mant 1 << bias_exp 6 per step, dv = 0");
    }

    @Test
    void rejectsInputOutsideThePayloadAndAForeignProfile() {
        DeployedNetwork n = net(GRADED, single("out", 5, 0, loihi(0, 0, 131071, 0, 0), 1.0));
        assertThrows(IllegalArgumentException.class, () -> Simulation.run(n, LOIHI, new int[] {1 << 24}, 1));
        assertThrows(IllegalArgumentException.class, () -> Simulation.run(n, LOIHI, new int[] {-1}, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Simulation.run(n, HardwareProfiles.bundled("float"), new int[] {1}, 1));
    }

    @Test
    void deployedStepsAndLatency() {
        // SHD: Td = 25, maxDelay 24, R = 12; 2 hidden + readout
        assertEquals(100 + 3 * 12, Simulation.deployedSteps(100, 3, 24));
        assertEquals(3, PLATFORM.latencySteps(3));
        assertEquals(0, Platform.of(HardwareProfiles.bundled("float")).latencySteps(3));
    }
}
