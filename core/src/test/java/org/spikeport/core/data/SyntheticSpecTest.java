package org.spikeport.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SyntheticSpecTest {

    private static final SyntheticSpec D = SyntheticSpec.defaults();

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertEquals(5, D.classes());
        assertEquals(5, D.groups());
        assertEquals(1500, D.trainSamples());
        assertEquals(400, D.testSamples());
        assertEquals(700, D.channels());
        assertEquals(140, D.unitsPerGroup());
        assertEquals(50, Binning.SHD.step(D.durationSeconds()));
        assertEquals(0.04, D.gapSeconds());
        assertEquals(0.01, D.burstSeconds());
        assertEquals(0.002, D.jitterSeconds());
        assertEquals(0.1, D.warp());
        assertEquals(0.1, D.dropProbability());
        assertEquals(1.0, D.backgroundRateHz());
        double spanSteps = ((D.groups() - 1) * D.gapSeconds() + D.burstSeconds()) / Binning.SHD.dtSeconds();
        assertTrue(spanSteps <= 20, "pattern span " + spanSteps + " steps");
    }

    @Test
    void longOrderDefaultsAreTheDocumentedOnes() {
        SyntheticSpec l = SyntheticSpec.longOrderDefaults();
        assertEquals(SyntheticSpec.Task.LONG_ORDER, l.task());
        assertEquals(SyntheticSpec.Task.ORDER, D.task());
        assertEquals(l, SyntheticSpec.defaults(SyntheticSpec.Task.LONG_ORDER));
        assertEquals(D, SyntheticSpec.defaults(SyntheticSpec.Task.ORDER));
        assertEquals(4, l.classes());
        assertEquals(4, l.groups());
        assertEquals(175, l.unitsPerGroup());
        assertEquals(1500, l.trainSamples());
        assertEquals(400, l.testSamples());
        assertEquals(150, Binning.SHD.step(l.durationSeconds()));
        assertEquals(0.03, l.gapSeconds());
        assertEquals(0.8, l.retentionMinSeconds());
        assertEquals(1.0, l.retentionMaxSeconds());
        assertEquals(D.jitterSeconds(), l.jitterSeconds());
        assertEquals(D.warp(), l.warp());
        assertEquals(D.dropProbability(), l.dropProbability());
        assertEquals(D.backgroundRateHz(), l.backgroundRateHz());
        assertEquals(0.0, D.retentionMinSeconds());
        assertEquals(0.0, D.retentionMaxSeconds());
        double reachSeconds = 3 * 24 * Binning.SHD.dtSeconds();
        assertTrue(l.retentionMinSeconds() > reachSeconds, "retention must outlast the feed-forward reach");
        assertEquals(SyntheticSpec.Task.LONG_ORDER, SyntheticSpec.Task.ofId("long-order"));
        assertEquals("order", SyntheticSpec.Task.ORDER.id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SyntheticSpec.Task.ofId("long"));
        assertTrue(e.getMessage().startsWith("task"), e.getMessage());
        assertEquals(l, l.withSeed(3).withSeed(1));
        assertEquals(SyntheticSpec.Task.LONG_ORDER, l.withoutNuisances().task());
        assertEquals(0.8, l.withoutNuisances().retentionMinSeconds());
    }

    @Test
    void invalidLongOrderValuesAreRejectedNamingTheParameter() {
        SyntheticSpec l = SyntheticSpec.longOrderDefaults();
        rejects("retentionMinSeconds", () -> D.withRetention(0.1, 0.1));
        rejects("retentionMaxSeconds", () -> D.withRetention(0.0, 0.1));
        rejects("retentionMinSeconds", () -> l.withRetention(0.0, 0.5));
        rejects("retentionMinSeconds", () -> l.withRetention(0.07, 0.5));
        rejects("retentionMaxSeconds", () -> l.withRetention(0.5, 0.4));
        rejects("retentionMaxSeconds", () -> l.withRetention(0.5, Double.POSITIVE_INFINITY));
        rejects("durationSeconds", () -> l.withRetention(0.8, 1.1));
        rejects("classes", () -> l.withClasses(25, 4));
        rejects("task", () -> new SyntheticSpec(null, 4, 4, 10, 10, 700, 1.5, 0.02, 0.25, 0.03, 0.01, 2,
                0.8, 1.0, 0.002, 0.1, 0.1, 1.0, 1));
    }

    @Test
    void withoutNuisancesTurnsEveryNuisanceOff() {
        SyntheticSpec s = D.withoutNuisances();
        assertEquals(0.0, s.jitterSeconds());
        assertEquals(0.0, s.warp());
        assertEquals(0.0, s.dropProbability());
        assertEquals(0.0, s.backgroundRateHz());
        assertEquals(s.onsetMinSeconds(), s.onsetMaxSeconds());
    }

    @Test
    void invalidValuesAreRejectedNamingTheParameter() {
        rejects("classes", () -> spec(1, 5, 700, 0.5, 0.04, 0.01, 0.1, 0.1));
        rejects("classes", () -> spec(7, 3, 705, 0.5, 0.04, 0.01, 0.1, 0.1));
        rejects("groups", () -> spec(2, 1, 700, 0.5, 0.04, 0.01, 0.1, 0.1));
        rejects("channels", () -> spec(5, 5, 705, 0.5, 0.04, 0.01, 0.1, 0.1));
        rejects("channels", () -> spec(5, 6, 700, 0.5, 0.04, 0.01, 0.1, 0.1));
        rejects("durationSeconds", () -> spec(5, 5, 700, 0.3, 0.04, 0.01, 0.1, 0.1));
        rejects("durationSeconds", () -> spec(5, 5, 700, Double.NaN, 0.04, 0.01, 0.1, 0.1));
        rejects("gapSeconds", () -> spec(5, 5, 700, 0.5, 0.0, 0.01, 0.1, 0.1));
        rejects("burstSeconds", () -> spec(5, 5, 700, 0.5, 0.04, 0.05, 0.1, 0.1));
        rejects("warp", () -> spec(5, 5, 700, 0.5, 0.04, 0.01, 1.0, 0.1));
        rejects("dropProbability", () -> spec(5, 5, 700, 0.5, 0.04, 0.01, 0.1, 1.0));
        rejects("trainSamples", () -> D.withSamples(-1, 10));
        rejects("testSamples", () -> D.withSamples(10, -1));
        rejects("jitterSeconds", () -> D.withNuisances(-0.001, 0.1, 0.1, 1.0));
        rejects("backgroundRateHz", () -> D.withNuisances(0.002, 0.1, 0.1, Double.POSITIVE_INFINITY));
        rejects("spikesPerBurst", () -> new SyntheticSpec(5, 5, 10, 10, 700, 0.5, 0.02, 0.25, 0.04, 0.01, 0,
                0.002, 0.1, 0.1, 1.0, 1));
        rejects("onsetMaxSeconds", () -> new SyntheticSpec(5, 5, 10, 10, 700, 0.5, 0.2, 0.1, 0.04, 0.01, 2,
                0.002, 0.1, 0.1, 1.0, 1));
        rejects("onsetMinSeconds", () -> new SyntheticSpec(5, 5, 10, 10, 700, 0.5, -0.1, 0.1, 0.04, 0.01, 2,
                0.002, 0.1, 0.1, 1.0, 1));
    }

    private static SyntheticSpec spec(int classes, int groups, int channels, double duration, double gap,
            double burst, double warp, double drop) {
        return new SyntheticSpec(classes, groups, 10, 10, channels, duration, 0.02, 0.25, gap, burst, 2,
                0.002, warp, drop, 1.0, 1);
    }

    private static void rejects(String parameter, Supplier<SyntheticSpec> make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
        assertTrue(e.getMessage().startsWith(parameter), "message should name " + parameter + ": " + e.getMessage());
    }
}
