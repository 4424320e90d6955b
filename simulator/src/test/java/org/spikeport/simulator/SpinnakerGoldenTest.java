package org.spikeport.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.spikeport.core.arith.SpinnakerLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;

/**
 * Closed-form results of the SpiNNaker arithmetic through the engine with the bundled profile's timing
 * (PyNN delay = IR delay + 1): impulse responses, the inclusive threshold, ring-buffer saturation and
 * the bias response with its half-up rounding.
 */
class SpinnakerGoldenTest {

    private static final HardwareProfile SPINNAKER = HardwareProfiles.bundled("spinnaker");
    private static final InputEncoding BINARY = new InputEncoding(InputEncoding.Kind.BINARY, 0);

    static NeuronParams params(long expTc, long vThresh, long iOffset, int shiftExc, int shiftInh) {
        SortedMap<String, long[]> p = new TreeMap<>();
        p.put(SpinnakerLif.EXP_TC, new long[] {expTc});
        p.put(SpinnakerLif.R_MEMBRANE, new long[] {SpinnakerLif.ONE});
        p.put(SpinnakerLif.V_REST, new long[] {0});
        p.put(SpinnakerLif.V_THRESH, new long[] {vThresh});
        p.put(SpinnakerLif.V_RESET, new long[] {0});
        p.put(SpinnakerLif.I_OFFSET, new long[] {iOffset});
        p.put(SpinnakerLif.SHIFT_EXC, new long[] {shiftExc});
        p.put(SpinnakerLif.SHIFT_INH, new long[] {shiftInh});
        return new NeuronParams(SpinnakerLif.NAME, p);
    }

    static DeployedLayer single(String name, int weight, int delay, NeuronParams p) {
        SortedMap<String, Double> q = new TreeMap<>();
        q.put("output_scale", 1.0);
        return new DeployedLayer(name, 1, 1, new SparseSynapses(new int[] {0}, new int[] {0}, new int[] {weight},
                new int[] {delay}), p, q);
    }

    static DeployedNetwork net(DeployedLayer... layers) {
        return new DeployedNetwork(1, 1, "test", "spinnaker", "", BINARY, List.of(layers), 0, RandomNetworks.PROVENANCE);
    }

    @Test
    void profileTimingIsOneStepOfMinimumDelay() {
        Platform p = Platform.of(SPINNAKER);
        assertEquals(1, p.delayOffset());
        assertEquals(0, p.pipelineStepsPerLayer());
        assertEquals(3, p.latencySteps(3));
    }

    /** exp_tc = 0.5: V = I >> (t - arrival + 1), arithmetic shift, for either sign. */
    @Test
    void impulseResponseHalvesFromTheArrivalStep() {
        for (int w : new int[] {300, -300, 7}) {
            for (int count : new int[] {1, 3}) {
                for (int d : new int[] {0, 4}) {
                    DeployedNetwork n = net(single("out", w, d, params(16384, Integer.MAX_VALUE, 0, 11, 9)));
                    int[] counts = new int[30];
                    counts[0] = count;
                    Simulation.Result r = Simulation.run(n, SPINNAKER, counts, 30);
                    int arrival = d + 1;
                    long input = w > 0 ? ((long) w * count) << 11 : -(((long) -w * count) << 9);
                    for (int t = 0; t < 30; t++) {
                        long expected = t < arrival ? 0 : input >> (t - arrival + 1);
                        assertEquals(expected, r.readout()[t][0], 0.0, "w " + w + " count " + count + " d " + d + " step " + t);
                    }
                    assertEquals(1, r.synapticEvents());
                }
            }
        }
    }

    /** A ring-buffer entry saturates at 65535 before the shift: three spikes of 30000 count as 65535. */
    @Test
    void ringBufferSaturates() {
        DeployedNetwork n = net(single("out", 30000, 0, params(0, Integer.MAX_VALUE, 0, 2, 0)));
        Simulation.Result r = Simulation.run(n, SPINNAKER, new int[] {3, 2}, 4);
        assertEquals(65535L << 2, r.readout()[1][0], 0.0, "exp_tc 0: V is this step's input");
        assertEquals(60000L << 2, r.readout()[2][0], 0.0);
        assertEquals(0.0, r.readout()[3][0], 0.0);
    }

    /**
     * exp_tc = 0 (V is the step's input) and a threshold of exactly two input spikes: the hidden neuron
     * spikes exactly when two arrive (V == v_thresh spikes), dIn + 1 steps after the input; the readout
     * (exp_tc 0, weight 1 << 15 = 1.0) shows each hidden spike dOut + 1 steps later, for one step.
     */
    @Test
    void thresholdCrossingStepWithTheMinimumDelay() {
        for (int dIn : new int[] {0, 3}) {
            for (int dOut : new int[] {0, 5}) {
                DeployedLayer hidden = single("hidden", 50, dIn, params(0, 2 * 50 << 4, 0, 4, 0));
                DeployedLayer out = single("out", 1, dOut, params(0, Integer.MAX_VALUE, 0, 15, 0));
                int steps = 30;
                int[] counts = new int[steps];
                counts[2] = 2;
                counts[5] = 1;
                counts[6] = 3;
                Simulation.Result r = Simulation.run(net(hidden, out), SPINNAKER, counts, steps);
                List<Simulation.Spike> expected = new ArrayList<>();
                expected.add(new Simulation.Spike(2 + dIn + 1, 0));
                expected.add(new Simulation.Spike(6 + dIn + 1, 0));
                String where = "dIn " + dIn + " dOut " + dOut;
                assertEquals(expected, r.spikes().get(0), where);
                assertTrue(r.spikes().get(1).isEmpty(), where);
                for (int t = 0; t < steps; t++) {
                    boolean arrives = false;
                    for (Simulation.Spike s : expected) {
                        arrives |= s.step() + dOut + 1 == t;
                    }
                    assertEquals(arrives ? SpinnakerLif.ONE : 0, r.readout()[t][0], 0.0, where + " step " + t);
                }
            }
        }
    }

    /** i_offset 1000 with exp_tc 0.5 approaches 1000 as 500, 750, 875, 937 (62.5 rounds up), 968. */
    @Test
    void biasResponseRoundsHalfUp() {
        DeployedNetwork n = net(single("out", 5, 0, params(16384, Integer.MAX_VALUE, 1000, 0, 0)));
        Simulation.Result r = Simulation.run(n, SPINNAKER, new int[6], 6);
        long[] expected = {500, 750, 875, 937, 968, 984};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], r.readout()[t][0], 0.0, "step " + t);
        }
        assertEquals(6, r.neuronUpdates(), "a bias moves the neuron from rest every step");
        Simulation.Result quiet = Simulation.run(net(single("out", 5, 0, params(16384, Integer.MAX_VALUE, 0, 0, 0))),
                SPINNAKER, new int[6], 6);
        assertEquals(0, quiet.neuronUpdates());
    }

    /** rawMembrane is the s16.15 integer; membrane converts it with the layer's output_scale. */
    @Test
    void rawAndFloatMembrane() {
        SortedMap<String, Double> q = new TreeMap<>();
        q.put("output_scale", 0.125);
        DeployedLayer l = new DeployedLayer("out", 1, 1, new SparseSynapses(new int[] {0}, new int[] {0},
                new int[] {-3}, new int[] {0}), params(0, Integer.MAX_VALUE, 0, 0, 2), q);
        // a count of 2 at step 0 arrives at step 1 (PyNN delay 0 + 1)
        Simulation.Result r = Simulation.run(net(l), SPINNAKER, new int[] {2}, 2);
        assertEquals(List.of(), r.spikes().get(0));
        assertEquals(-(6L << 2), r.rawReadout()[1][0], "two inhibitory spikes of 3, shift 2, exp_tc 0");
        assertEquals(-(6L << 2) * 0.125, r.readout()[1][0], 0.0);
    }
}
