package org.spikeport.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;

/**
 * Closed-form results of recurrent synapses and reset by subtraction in the {@code lif-float} engine:
 * a two-neuron loop, a self-loop, the subtraction arithmetic, the summation order of one step, and the
 * refusal of a Loihi recurrent layer without its exponent.
 */
class RecurrentGoldenTest {

    private static final HardwareProfile FLOAT = HardwareProfiles.bundled("float");
    private static final InputEncoding GRADED = new InputEncoding(InputEncoding.Kind.GRADED, 32);
    private static final int ONE = FloatLif.encodeWeight(1.0);

    private static SparseSynapses synapses(int[] pre, int[] post, double[] weight, int[] delay) {
        int[] w = new int[weight.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = FloatLif.encodeWeight(weight[k]);
        }
        return new SparseSynapses(pre, post, w, delay);
    }

    private static DeployedLayer layer(String name, int in, int out, SparseSynapses ff, NeuronParams p, SparseSynapses rec) {
        return new DeployedLayer(name, in, out, ff, p, new TreeMap<>(), rec);
    }

    private static DeployedNetwork net(DeployedLayer... layers) {
        return new DeployedNetwork(layers[0].inputs(), 10, "float", "float", "", GRADED, List.of(layers), 0,
                RandomNetworks.PROVENANCE);
    }

    private static List<Simulation.Spike> every(int neuron, int first, int period, int steps) {
        List<Simulation.Spike> s = new ArrayList<>();
        for (int t = first; t < steps; t += period) {
            s.add(new Simulation.Spike(t, neuron));
        }
        return s;
    }

    /**
     * Input 1 -> neuron 0 (weight 1, threshold 1, tau 1: v is the step's input); 0 -> 1 and 1 -> 0 with
     * D = 3 and weight 1. Neuron 0 spikes at 0, 6, 12, ...; neuron 1 at 3, 9, 15, ...; a readout with
     * tau 1 reading neuron 1 (delay 0) equals 1 exactly at those steps. Feed-forward extra steps (a
     * pipeline and a minimum-delay offset) shift the first spike but not the loop's period.
     */
    @Test
    void twoNeuronLoopWithDelayThree() {
        int steps = 30;
        DeployedLayer hidden = layer("loop", 1, 2, synapses(new int[] {0}, new int[] {0}, new double[] {1}, new int[] {0}),
                FloatLif.params(1.0, 1.0, new double[2]),
                synapses(new int[] {0, 1}, new int[] {1, 0}, new double[] {1, 1}, new int[] {3, 3}));
        DeployedLayer readout = layer("readout", 2, 1, synapses(new int[] {1}, new int[] {0}, new double[] {1}, new int[] {0}),
                FloatLif.params(1.0, Double.POSITIVE_INFINITY, new double[1]), SparseSynapses.empty());
        int[] counts = {1};
        for (int e = 0; e <= 2; e++) {
            Platform platform = Platform.of(e == 2 ? 1 : 0, e >= 1 ? 1 : 0, new TreeMap<>());
            Simulation.Result r = Simulation.run(net(hidden, readout), platform, counts, steps);
            assertEquals(0, platform.recurrentOffset());
            List<Simulation.Spike> expected = new ArrayList<>();
            for (int t = e; t < steps; t += 3) {
                expected.add(new Simulation.Spike(t, (t - e) / 3 % 2));
            }
            assertEquals(expected, r.spikes().get(0), "extra steps " + e);
            for (int t = 0; t < steps; t++) {
                // neuron 1 spikes at e + 3 + 6k and reaches the readout e steps later
                double want = t - 2 * e >= 3 && (t - 2 * e - 3) % 6 == 0 ? 1.0 : 0.0;
                assertEquals(want, r.readout()[t][0], 0.0, "readout, extra steps " + e + ", step " + t);
            }
            // events: the input (1), each spike through its one recurrent synapse, each neuron-1 spike to the readout
            int spikes1 = (int) expected.stream().filter(s -> s.neuron() == 1).count();
            assertEquals(1 + expected.size() + spikes1, r.synapticEvents(), "extra steps " + e);
        }
    }

    /** A self-loop of delay 2 keeps one input spike alive every other step; D = 1 every step. */
    @Test
    void selfLoop() {
        int steps = 25;
        for (int d = 1; d <= 2; d++) {
            DeployedLayer h = layer("self", 1, 1, synapses(new int[] {0}, new int[] {0}, new double[] {1.5}, new int[] {1}),
                    FloatLif.params(1.0, 1.0, new double[1]),
                    synapses(new int[] {0}, new int[] {0}, new double[] {1}, new int[] {d}));
            Simulation.Result r = Simulation.run(net(h), FLOAT, new int[] {1}, steps);
            assertEquals(every(0, 1, d, steps), r.spikes().get(0), "D = " + d);
            // the recorded membrane is after the reset: 0 at every step (spike or no input, tau 1)
            for (int t = 0; t < steps; t++) {
                assertEquals(0.0, r.readout()[t][0], 0.0);
            }
        }
        // an inhibitory self-loop: bias 0.6 per step, tau 2; spike when v >= 1, then -0.5 arrives D = 1 later
        DeployedLayer h = layer("inhibited", 1, 1, SparseSynapses.empty(), FloatLif.params(2.0, 1.0, new double[] {0.625}),
                synapses(new int[] {0}, new int[] {0}, new double[] {-0.5}, new int[] {1}));
        Simulation.Result r = Simulation.run(net(h), FLOAT, new int[0], 6);
        // v: 0.625; 0.3125 + 0.625 = 0.9375; 0.46875 + 0.625 = 1.09375 spike -> 0;
        //    0 - 0.5 + 0.625 = 0.125; 0.0625 + 0.625 = 0.6875; 0.34375 + 0.625 = 0.96875
        assertEquals(List.of(new Simulation.Spike(2, 0)), r.spikes().get(0));
        double[] v = {0.625, 0.9375, 0.0, 0.125, 0.6875, 0.96875};
        for (int t = 0; t < v.length; t++) {
            assertEquals(v[t], r.readout()[t][0], 0.0, "step " + t);
        }
    }

    /** Reset by subtraction keeps the membrane above the threshold; reset to zero drops it. */
    @Test
    void subtractResetArithmetic() {
        // tau 2 (v halves), weight 0.75, threshold 1; input count 4 at step 0, then 1 at every step from 3
        int[] counts = {4, 0, 0, 1, 1, 1, 1, 1};
        int steps = counts.length;
        double[][] expected = {
            // subtract: 3 -> spike 2; 1 -> spike 0; 0; 0.75; 0.375+0.75=1.125 -> spike 0.125; 0.8125; 1.15625 -> 0.15625; 0.828125
            {2.0, 0.0, 0.0, 0.75, 0.125, 0.8125, 0.15625, 0.828125},
            // zero: 3 -> spike 0; 0; 0; 0.75; 1.125 -> spike 0; 0.75; 1.125 -> 0; 0.75
            {0.0, 0.0, 0.0, 0.75, 0.0, 0.75, 0.0, 0.75}};
        int[][] spikeSteps = {{0, 1, 4, 6}, {0, 4, 6}};
        ResetMode[] modes = {ResetMode.SUBTRACT, ResetMode.ZERO};
        for (int m = 0; m < 2; m++) {
            DeployedLayer h = layer("h", 1, 1, synapses(new int[] {0}, new int[] {0}, new double[] {0.75}, new int[] {0}),
                    FloatLif.params(2.0, 1.0, new double[1], modes[m]), SparseSynapses.empty());
            Simulation.Result r = Simulation.run(net(h), FLOAT, counts, steps);
            List<Simulation.Spike> spikes = new ArrayList<>();
            for (int t : spikeSteps[m]) {
                spikes.add(new Simulation.Spike(t, 0));
            }
            assertEquals(spikes, r.spikes().get(0), modes[m].toString());
            for (int t = 0; t < steps; t++) {
                assertEquals(expected[m][t], r.readout()[t][0], 0.0, modes[m] + " step " + t);
            }
        }
    }

    /**
     * The summation order of a step's input, with terms whose double sum depends on their order: 1 and
     * two terms of 2^-53 give 1 when 1 comes first (each tiny term is lost to round-half-even) and
     * 1 + 2^-52 when the tiny terms come first. Neuron 0 (input channel 0, weight 2, delay 0) spikes at
     * steps 1 and 2; it reaches neuron 1 through two recurrent synapses of weight 2^-53 with D = 1 and two
     * with D = 3. Channel 1 reaches neuron 1 with weight 1 and delay 1, from inputs at steps 1 and 4.
     * Step 2: both emitted at step 1, feed-forward first: 1. Step 5: the recurrent terms were emitted at
     * step 2, the feed-forward one at step 4: 1 + 2^-52. (tau 1: the membrane is the step's sum.)
     */
    @Test
    void aStepSumsByEmissionStepThenFeedForwardBeforeRecurrent() {
        double tiny = Math.scalb(1.0, -53);
        DeployedLayer h = layer("h", 2, 2,
                synapses(new int[] {0, 1}, new int[] {0, 1}, new double[] {2, 1}, new int[] {0, 1}),
                FloatLif.params(1.0, 1.5, new double[2]),
                synapses(new int[] {0, 0, 0, 0}, new int[] {1, 1, 1, 1}, new double[] {tiny, tiny, tiny, tiny},
                        new int[] {1, 1, 3, 3}));
        int[] counts = {
            0, 0,
            1, 1,
            1, 0,
            0, 0,
            0, 1};
        Simulation.Result r = Simulation.run(net(h), FLOAT, counts, 6);
        assertEquals(List.of(new Simulation.Spike(1, 0), new Simulation.Spike(2, 0)), r.spikes().get(0));
        double[] v1 = {0, 0, 1.0, 2 * tiny, 2 * tiny, 1 + 2 * tiny};
        for (int t = 0; t < v1.length; t++) {
            assertEquals(Double.doubleToLongBits(v1[t]), r.rawReadout()[t][1], "neuron 1, step " + t + ": "
                    + r.readout()[t][1]);
        }
        assertTrue(1 + 2 * tiny != 1.0 && (1.0 + tiny) + tiny == 1.0, "the terms do depend on their order");
    }

    /** A Loihi layer with recurrent synapses needs the recurrent Dense's exponent. */
    @Test
    void aLoihiRecurrentLayerWithoutItsExponentIsRefusedByName() {
        DeployedLayer plain = SimulationGoldenTest.single("hidden", 5, 0, SimulationGoldenTest.loihi(0, 0, 100, 0, 0), 1.0);
        DeployedLayer loop = new DeployedLayer(plain.name(), 1, 1, plain.synapses(), plain.neuron(), plain.quantization(),
                new SparseSynapses(new int[] {0}, new int[] {0}, new int[] {ONE}, new int[] {2}));
        DeployedNetwork n = new DeployedNetwork(1, 10, "loihi", "loihi", "", SimulationGoldenTest.GRADED, List.of(loop), 0,
                RandomNetworks.PROVENANCE);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Simulation.run(n, HardwareProfiles.bundled("loihi"), new int[] {1}, 3));
        assertEquals("layer 'hidden' has recurrent synapses but no 'recurrent_weight_exp' parameter, which the "
                + "'loihi2-lif' arithmetic needs for them (the exponent of the recurrent Dense)", e.getMessage());
    }
}
