package org.spikeport.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainConfigTest {

    @Test
    void shdPresetIsThePapers() {
        TrainConfig c = TrainConfig.preset("shd");
        assertEquals(140, c.inputs());
        assertEquals(25, c.taps());
        assertEquals(12, c.sigma0());
        assertEquals(150, c.epochs());
        assertEquals(256, c.batchSize());
        assertEquals(0.4, c.dropout());
        // 140*256 + 256*256 + 256*20 synapses, two parameters each, plus 2 * 512 BatchNorm parameters.
        assertEquals(2L * (140 * 256 + 256 * 256 + 256 * 20) + 2 * 512, c.parameters(20));
        assertEquals(31, TrainConfig.preset("SSC").taps());
    }

    @Test
    void noDelayAblationMatchesTheParameterCount() {
        TrainConfig c = TrainConfig.preset("shd");
        TrainConfig none = c.withoutDelaysMatchingParameters(20);
        assertEquals(TrainConfig.DelayMode.NONE, none.delays());
        assertEquals(0, none.maxDelay());
        assertTrue(none.hidden()[0] > 256, "enlarged: " + none.hidden()[0]);
        double ratio = (double) none.parameters(20) / c.parameters(20);
        assertEquals(1.0, ratio, 0.01);
    }

    @Test
    void fromMapReadsBackWhatToMapWrote() {
        for (String name : TrainConfig.PRESETS) {
            TrainConfig p = TrainConfig.preset(name);
            assertEquals(p, TrainConfig.fromMap(p.toMap()), name);
        }
        TrainConfig small = TrainConfig.preset("small");
        java.util.SortedMap<String, String> m = small.toMap();
        m.put("hidden", "[7, 5]");
        m.put("reset", "subtract");
        TrainConfig changed = TrainConfig.fromMap(m);
        assertEquals(java.util.List.of(7, 5), java.util.Arrays.stream(changed.hidden()).boxed().toList());
        assertEquals(org.spikeport.core.ir.ResetMode.SUBTRACT, changed.architecture().reset());
        m.put("dropout", "lots");
        var e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromMap(m));
        assertEquals("config entry 'dropout' is \"lots\", expected a number", e.getMessage());
    }

    @Test
    void invalidValuesNameTheOption() {
        var e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.preset("nope"));
        assertTrue(e.getMessage().contains("known: [shd, ssc, gsc, small, delrec-shd, delrec-ssc, delrec-small]"),
                e.getMessage());
        TrainConfig c = TrainConfig.preset("small");
        var e2 = assertThrows(IllegalArgumentException.class, () -> new TrainConfig(c.name(), c.hidden(), c.maxDelay(),
                c.tau(), c.epochs(), c.batchSize(), 1.0, c.lrWeights(), c.maxLrWeights(), c.weightDecay(),
                c.lrDelays(), c.delays(), c.sigma(), c.trainWeights(), c.fanIn(), c.dtMs(), c.groupSize(),
                c.inputUnits(), c.seed()));
        assertTrue(e2.getMessage().startsWith("dropout "), e2.getMessage());
    }
}
