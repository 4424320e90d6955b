package org.spikeport.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.ir.DeployedNetwork;

class ReplayTest {

    private static List<CountFrame> frames(DeployedNetwork net, int n, long seed) {
        Random r = new Random(seed);
        List<CountFrame> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int steps = 1 + r.nextInt(30);
            int[] c = new int[steps * net.inputs()];
            for (int k = 0; k < c.length; k++) {
                c[k] = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0;
            }
            out.add(new CountFrame(steps, net.inputs(), c, r.nextInt(net.outputs())));
        }
        return out;
    }

    @Test
    void outcomesAreInSampleOrderAndIndependentOfThreads() {
        RandomNetworks.Case c = RandomNetworks.loihiCase(17);
        List<CountFrame> f = frames(c.net(), 40, 3);
        List<Replay.Outcome> one = Replay.runAll(c.net(), c.platform(), f::get, f.size(), 1, d -> { });
        List<Integer> seen = new ArrayList<>();
        List<Replay.Outcome> two = Replay.runAll(c.net(), c.platform(), f::get, f.size(), 2, seen::add);
        assertEquals(f.size(), seen.size());
        assertEquals(f.size(), (int) seen.get(seen.size() - 1));
        for (int i = 0; i < f.size(); i++) {
            Replay.Outcome a = one.get(i);
            Replay.Outcome b = two.get(i);
            assertEquals(i, b.index());
            assertEquals(a.prediction(), b.prediction());
            assertArrayEquals(a.spikes(), b.spikes());
            assertEquals(a.synapticEvents(), b.synapticEvents());
            assertEquals(f.get(i).label(), b.label());
            Simulation.Result alone = Replay.simulate(c.net(), c.platform(), f.get(i));
            assertEquals(Decision.predict(alone.readout(), c.net().outputs(), c.net().decoding()), b.prediction(), "sample " + i);
            assertEquals(alone.synapticEvents(), b.synapticEvents());
        }
    }

    @Test
    void runsTheTrainedHorizonPlusTheChipLatency() {
        RandomNetworks.Case c = RandomNetworks.loihiCase(5);
        Platform p = Platform.of(2, 1, c.platform().neuronBits());
        int layers = c.net().layers().size();
        assertEquals(10 + c.net().trailingSteps() + 3 * layers, Replay.steps(c.net(), p, 10));
        CountFrame f = frames(c.net(), 1, 1).get(0);
        assertEquals(Replay.steps(c.net(), p, f.steps()), Replay.run(0, c.net(), p, f).steps());
    }

    @Test
    void aFailingSampleFailsTheRunWithItsMessage() {
        RandomNetworks.Case c = RandomNetworks.floatCase(2);
        CountFrame wrong = new CountFrame(2, c.net().inputs() + 1, new int[2 * (c.net().inputs() + 1)], 0);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Replay.runAll(c.net(), c.platform(), i -> wrong, 3, 2, d -> { }));
        assertTrue(e.getMessage().contains("input channels"), e.getMessage());
    }

    @Test
    void summaryCountsPerClassAndAgreement() {
        long[] s = {3, 0};
        List<Replay.Outcome> o = List.of(
                new Replay.Outcome(0, 0, 0, 5, s, 10, 4),
                new Replay.Outcome(1, 1, 0, 6, s, 20, 4),
                new Replay.Outcome(2, 1, 1, 7, s, 30, 4),
                new Replay.Outcome(3, 2, 2, 8, s, 40, 4));
        ReplaySummary r = new ReplaySummary(3, o);
        assertEquals(0.75, r.accuracy());
        assertArrayEquals(new int[] {1, 2, 1}, r.perClassTotal());
        assertArrayEquals(new int[] {1, 1, 1}, r.perClassCorrect());
        assertArrayEquals(new long[] {12, 0}, r.spikesPerLayer());
        assertEquals(100, r.synapticEvents());
        assertEquals(26, r.steps());
        List<Replay.Outcome> other = new ArrayList<>(o);
        other.set(1, new Replay.Outcome(1, 1, 1, 6, s, 20, 4));
        other.set(3, new Replay.Outcome(3, 2, 0, 8, s, 40, 4));
        assertEquals(0.5, r.agreement(new ReplaySummary(3, other)));
    }
}
