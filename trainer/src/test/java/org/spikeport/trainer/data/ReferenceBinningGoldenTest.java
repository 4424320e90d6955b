package org.spikeport.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.SpikeRecording;
import org.spikeport.trainer.GoldenJson;

/**
 * {@link Binning.Mode#REFERENCE} against an independent numpy recomputation of the reference loader's
 * frames ({@code src/test/python/golden_reference_binning.py}, which documents the rule and how to
 * regenerate {@code golden_reference_binning.json}): every event's step, float16 and float64 samples.
 */
class ReferenceBinningGoldenTest {

    @Test
    void everyEventLandsInTheReferenceLoadersStep() {
        JsonNode golden = GoldenJson.read("golden_reference_binning.json");
        Binning binning = new Binning(golden.get("window_ms").asDouble() / 1000.0, 5, 700, Binning.Mode.REFERENCE);
        int cases = 0;
        for (JsonNode c : golden.get("cases")) {
            JsonNode t = c.get("times");
            double[] times = new double[t.size()];
            for (int k = 0; k < times.length; k++) {
                times[k] = t.get(k).asDouble();
            }
            int[] expected = GoldenJson.ints(c.get("steps"));
            SpikeRecording r = new SpikeRecording(times, new int[times.length], 0);
            String name = "case " + cases + " (" + c.get("dtype").asText() + ")";
            assertArrayEquals(expected, binning.eventSteps(r), name);
            assertEquals(expected[expected.length - 1] + 1, binning.steps(r), name);
            cases++;
        }
        assertTrue(cases >= 10, "golden cases: " + cases);
    }
}
