package org.spikeport.trainer.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SchedulesTest {

    @Test
    void oneCycleMatchesPyTorchAtItsCorners() {
        // 10 steps, pct 0.3: phase 1 ends at step 2 (0.3 * 10 - 1), phase 2 at step 9.
        OneCycle c = OneCycle.of(5e-3, 10);
        assertEquals(5e-3 / 25, c.lr(0), 1e-15);
        assertEquals(5e-3, c.lr(2), 1e-15);
        assertEquals(5e-3 / 25 / 1e4, c.lr(9), 1e-18);
        // Halfway through phase 1 (step 1 of 2): mean of initial and max.
        assertEquals((5e-3 / 25 + 5e-3) / 2, c.lr(1), 1e-15);
        assertEquals(0.95, c.momentum(0), 1e-15);
        assertEquals(0.85, c.momentum(2), 1e-15);
        assertEquals(0.95, c.momentum(9), 1e-15);
        for (int s = 2; s < 9; s++) {
            assertTrue(c.lr(s + 1) < c.lr(s), "decreasing in phase 2 at " + s);
        }
        assertThrows(IllegalArgumentException.class, () -> c.lr(11));
    }

    @Test
    void oneCycleMatchesPyTorchValues() {
        // torch.optim.lr_scheduler.OneCycleLR(max_lr=5e-3, total_steps=150), lr at steps 10 and 100,
        // from the closed form: phase 1 ends at 44, phase 2 at 149.
        OneCycle c = OneCycle.of(5e-3, 150);
        double initial = 2e-4;
        double p1 = 10 / 44.0;
        assertEquals(5e-3 + (initial - 5e-3) / 2 * (Math.cos(Math.PI * p1) + 1), c.lr(10), 1e-15);
        double p2 = (100 - 44.0) / (149 - 44.0);
        double min = initial / 1e4;
        assertEquals(min + (5e-3 - min) / 2 * (Math.cos(Math.PI * p2) + 1), c.lr(100), 1e-15);
    }

    @Test
    void cosineAnnealsToZero() {
        CosineAnnealing c = new CosineAnnealing(0.1, 0, 20);
        assertEquals(0.1, c.lr(0), 1e-15);
        assertEquals(0.05, c.lr(10), 1e-15);
        assertEquals(0.0, c.lr(20), 1e-15);
    }

    @Test
    void sigmaReachesTheFloorAfterAQuarterOfTheEpochs() {
        SigmaSchedule s = SigmaSchedule.decreasing(12, 150);
        assertEquals(37, s.decayEpochs());
        assertEquals(12, s.sigma(0), 0);
        assertEquals(12 * Math.pow(0.23 / 12, 1.0 / 37), s.sigma(1), 1e-12);
        assertEquals(0.23, s.sigma(37), 1e-12);
        assertEquals(0.23, s.sigma(149), 1e-12);
        for (int e = 0; e < 37; e++) {
            assertTrue(s.sigma(e + 1) < s.sigma(e));
        }
        assertEquals(0.5, SigmaSchedule.constant(0.5).sigma(100), 0);
        assertEquals(3.0, SigmaSchedule.decreasing(3, 3).sigma(2), 0, "fewer than 4 epochs: no decay");
    }

    @Test
    void recurrentSigmaFollowsDelRecsExponentialDecay() {
        RecurrentSigmaSchedule s = RecurrentSigmaSchedule.delRec(150);
        assertEquals(10.0, s.sigma(0), 0);
        // Python: 10 * (0.95 ** (100 / 150)) ** e
        assertEquals(10 * Math.pow(0.95, 100.0 / 150), s.sigma(1), 1e-14);
        assertEquals(10 * Math.pow(0.95, 50), s.sigma(75), 1e-12);
        assertEquals(10 * Math.pow(0.95, 100), s.sigma(150), 1e-12);
        assertEquals(0.0592, s.sigma(150), 1e-4, "ends near 0.06");
        assertEquals(0.7694497527671311, s.sigma(75), 1e-13, "the value of the Python expression");
        for (int e = 0; e < 149; e++) {
            assertTrue(s.sigma(e + 1) < s.sigma(e));
        }
        RecurrentSigmaSchedule shortRun = RecurrentSigmaSchedule.delRec(30);
        assertEquals(10 * Math.pow(0.95, 100.0 / 30 * 3), shortRun.sigma(3), 1e-12);
        assertEquals(2.0, new RecurrentSigmaSchedule(2.0, 1.0, 10).sigma(7), 0, "decay 1: constant");
        assertThrows(IllegalArgumentException.class, () -> s.sigma(-1));
        assertThrows(IllegalArgumentException.class, () -> new RecurrentSigmaSchedule(10, 0.95, 0));
    }
}
