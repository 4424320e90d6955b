package org.spikeport.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.spikeport.core.arith.SenecaBf16Lif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;

/**
 * Closed-form results of {@code seneca-bf16-lif} through the engine, each value derived by hand in its
 * comment: impulse responses with exact and rounded decay, the subnormal flush, the step a threshold
 * is crossed after bf16 rounding of the state, the delay queue's timing and reuse of its slots, and
 * the accumulator format.
 */
class SenecaSimulationGoldenTest {

    private static final HardwareProfile SENECA = HardwareProfiles.bundled("seneca");
    private static final InputEncoding GRADED = new InputEncoding(InputEncoding.Kind.GRADED, 16);
    private static final int INF = SenecaBf16Lif.POSITIVE_INFINITY;

    private static int bf(double x) {
        return SenecaBf16Lif.fromDouble(x);
    }

    private static NeuronParams params(double decay, int threshold, double bias) {
        return SenecaBf16Lif.params(bf(decay), threshold, new int[] {bf(bias)});
    }

    /** One neuron fed by {@code weights.length} channels, channel j with weight j and delay j. */
    private static DeployedLayer layer(String name, double[] weights, int[] delays, NeuronParams p) {
        int n = weights.length;
        int[] pre = new int[n];
        int[] w = new int[n];
        for (int j = 0; j < n; j++) {
            pre[j] = j;
            w[j] = bf(weights[j]);
        }
        return new DeployedLayer(name, n, 1, new SparseSynapses(pre, new int[n], w, delays.clone()), p, new TreeMap<>());
    }

    private static DeployedNetwork net(int inputs, DeployedLayer... layers) {
        return new DeployedNetwork(inputs, 1, "seneca", "seneca", "", GRADED, List.of(layers), 0, RandomNetworks.PROVENANCE);
    }

    private static Platform platform(int accumulatorBits) {
        return Platform.of(0, 0, Map.of(SenecaBf16Lif.ACCUMULATOR, accumulatorBits));
    }

    @Test
    void profileTimingHasNoOffsetAndNoPipeline() {
        Platform p = Platform.of(SENECA);
        assertEquals(0, p.delayOffset());
        assertEquals(0, p.pipelineStepsPerLayer());
        assertEquals(16, p.bits(SenecaBf16Lif.ACCUMULATOR, SenecaBf16Lif.NAME));
    }

    /**
     * Weight 0.75, count 2, delay 3, decay 0.5: v = 1.5 at step 3, then 1.5 * 2^-k exactly (one bf16
     * significand bit pattern, exponent falling) while normal; 1.5 * 2^-127 is below 2^-126, a bf16
     * subnormal, flushed to +0: from step 3 + 127 = 130 the membrane is 0.
     */
    @Test
    void impulseResponseHalvesUntilTheSubnormalFlush() {
        DeployedNetwork n = net(1, layer("out", new double[] {0.75}, new int[] {3}, params(0.5, INF, 0)));
        int steps = 140;
        int[] counts = new int[steps];
        counts[0] = 2;
        Simulation.Result r = Simulation.run(n, SENECA, counts, steps);
        for (int t = 0; t < steps; t++) {
            double expected = t < 3 || t >= 130 ? 0 : 1.5 * Math.scalb(1.0, -(t - 3));
            assertEquals(expected, r.readout()[t][0], 0.0, "step " + t);
        }
        assertEquals(1, r.synapticEvents());
    }

    /**
     * Decay 1 - 1/3 rounds to bf16 0x3F2B = 0.66796875. From v = 1: 0.66796875 (exact), then
     * 0.66796875^2 = 0.44618225... = 228.445 * 2^-9 -> 228 * 2^-9 = 0.4453125, then
     * 0.66796875 * 0.4453125 = 0.29745483... = 152.297 * 2^-9 -> 152 * 2^-9 = 0.296875 (the ulp in
     * [0.25, 0.5) is 2^-2 * 2^-7).
     */
    @Test
    void decayRoundsEveryStep() {
        DeployedNetwork n = net(1, layer("out", new double[] {1.0}, new int[] {0}, params(1 - 1 / 3.0, INF, 0)));
        Simulation.Result r = Simulation.run(n, SENECA, new int[] {1, 0, 0, 0}, 4);
        assertEquals(1.0, r.readout()[0][0], 0.0);
        assertEquals(0.66796875, r.readout()[1][0], 0.0);
        assertEquals(0.4453125, r.readout()[2][0], 0.0);
        assertEquals(0.296875, r.readout()[3][0], 0.0);
    }

    /**
     * Threshold bf16(0.3) = 0x3E9A = 0.30078125, weight bf16(0.1) = 0.10009765625, decay 1: the state is
     * 0.10009765625, 0.2001953125 (exact), then 0.30029296875 = 153.75 * 2^-9, rounded to 154 * 2^-9 =
     * 0.30078125, which reaches the threshold: a spike on every third arrival, reset to 0. The readout
     * (weight 1, decay 1) counts them, delayed by its own synapse's delay.
     */
    @Test
    void stateRoundingDecidesTheThresholdCrossing() {
        assertEquals(0x3E9A, bf(0.3));
        for (int dIn : new int[] {0, 2}) {
            for (int dOut : new int[] {0, 4}) {
                DeployedLayer hidden = layer("hidden", new double[] {0.1}, new int[] {dIn}, params(1.0, bf(0.3), 0));
                DeployedLayer out = layer("out", new double[] {1.0}, new int[] {dOut}, params(1.0, INF, 0));
                int steps = 30;
                int[] counts = new int[steps];
                java.util.Arrays.fill(counts, 1);
                Simulation.Result r = Simulation.run(net(1, hidden, out), SENECA, counts, steps);
                List<Simulation.Spike> expected = new ArrayList<>();
                for (int t = dIn + 2; t < steps; t += 3) {
                    expected.add(new Simulation.Spike(t, 0));
                }
                String where = "dIn " + dIn + " dOut " + dOut;
                assertEquals(expected, r.spikes().get(0), where);
                assertTrue(r.spikes().get(1).isEmpty(), where);
                for (int t = 0; t < steps; t++) {
                    int arrived = 0;
                    for (Simulation.Spike s : expected) {
                        arrived += s.step() + dOut <= t ? 1 : 0;
                    }
                    assertEquals(arrived, r.readout()[t][0], 0.0, where + " step " + t);
                }
            }
        }
    }

    /**
     * Delay queue timing with slot reuse: channel 0 (weight 1, delay 0) at steps 0 and 7, channel 1
     * (weight 2, delay 5) at steps 1, 3 and 9; decay 0 so v is the step's input. The queue has 6 slots
     * (delay 5 + 1), so slot (t + d) mod 6 is reused from step 6 on: v = 1 at steps 0 and 7, 2 at 6, 8
     * and 14, 0 elsewhere.
     */
    @Test
    void delayQueueDeliversAtTPlusDAcrossSlotReuse() {
        DeployedNetwork n = net(2, layer("out", new double[] {1.0, 2.0}, new int[] {0, 5}, params(0.0, INF, 0)));
        int steps = 20;
        int[] counts = new int[steps * 2];
        for (int t : new int[] {0, 7}) {
            counts[2 * t] = 1;
        }
        for (int t : new int[] {1, 3, 9}) {
            counts[2 * t + 1] = 1;
        }
        for (int bits : new int[] {16, 32}) {
            Simulation.Result r = Simulation.run(n, platform(bits), counts, steps);
            for (int t = 0; t < steps; t++) {
                double expected = t == 0 || t == 7 ? 1 : t == 6 || t == 8 || t == 14 ? 2 : 0;
                assertEquals(expected, r.readout()[t][0], 0.0, "accumulator " + bits + ", step " + t);
            }
        }
    }

    /**
     * Weight 1 (channel 0) then three weights 2^-9 (channels 1..3) arrive in one slot. A bf16
     * accumulator rounds 1 + 2^-9 back to 1 each time (below half its ulp 2^-7): v = 1. An fp32
     * accumulator holds 1 + 3 * 2^-9 = 1.005859375 = 128.75 * 2^-7, which the membrane rounds to
     * 129 * 2^-7 = 1.0078125.
     */
    @Test
    void theAccumulatorFormatDecidesWhatSmallInputsAddUpTo() {
        double tiny = 0x1p-9;
        DeployedNetwork n = net(4, layer("out", new double[] {1.0, tiny, tiny, tiny}, new int[] {0, 0, 0, 0},
                params(0.0, INF, 0)));
        int[] counts = {1, 1, 1, 1};
        assertEquals(1.0, Simulation.run(n, platform(16), counts, 1).readout()[0][0], 0.0);
        assertEquals(1.0078125, Simulation.run(n, platform(32), counts, 1).readout()[0][0], 0.0);
    }

    /** A graded count multiplies the weight exactly before the single rounding: 3 * 0.10009765625 = 0.30029296875 -> 0.30078125. */
    @Test
    void gradedCountsMultiplyTheWeight() {
        DeployedNetwork n = net(1, layer("out", new double[] {0.1}, new int[] {0}, params(0.0, INF, 0)));
        assertEquals(0.30078125, Simulation.run(n, SENECA, new int[] {3}, 1).readout()[0][0], 0.0);
    }

    @Test
    void quietNetworkUpdatesNothingAndABiasEveryStep() {
        DeployedNetwork quiet = net(1, layer("out", new double[] {1.0}, new int[] {0}, params(0.5, INF, 0)));
        assertEquals(0, Simulation.run(quiet, SENECA, new int[10], 10).neuronUpdates());
        DeployedNetwork biased = net(1, layer("out", new double[] {1.0}, new int[] {0}, params(1.0, INF, 0.25)));
        Simulation.Result r = Simulation.run(biased, SENECA, new int[10], 10);
        assertEquals(10, r.neuronUpdates());
        assertEquals(2.5, r.readout()[9][0], 0.0, "bias 0.25 per step, decay 1");
    }

    /**
     * Hard reset: weight 0.75 each step, threshold 1, decay 1. v = 0.75, then 1.5 spikes and becomes +0
     * (a subtractive reset would keep 0.5), so the neuron spikes on every second step.
     */
    @Test
    void aSpikeResetsTheMembraneToZero() {
        DeployedLayer l = layer("hidden", new double[] {0.75}, new int[] {0}, params(1.0, bf(1.0), 0));
        int[] counts = {1, 1, 1, 1, 1, 1};
        Simulation.Result r = Simulation.run(net(1, l), SENECA, counts, 6);
        for (int t = 0; t < 6; t++) {
            boolean spike = t % 2 == 1;
            assertEquals(spike, r.spikes().get(0).contains(new Simulation.Spike(t, 0)), "step " + t);
            assertEquals(spike ? 0x0000 : 0x3F40, r.rawReadout()[t][0], "step " + t);
        }
        assertEquals(3, r.spikes().get(0).size());
    }

    @Test
    void rawMembraneIsTheBf16Pattern() {
        DeployedLayer l = layer("out", new double[] {0.1}, new int[] {0}, params(0.0, INF, 0));
        Simulation.Result r = Simulation.run(net(1, l), SENECA, new int[] {3}, 1);
        assertEquals(0x3E9A, r.rawReadout()[0][0]);
        assertEquals(0.30078125, r.readout()[0][0], 0.0);
    }
}
