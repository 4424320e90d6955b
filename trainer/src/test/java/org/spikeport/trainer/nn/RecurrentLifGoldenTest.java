package org.spikeport.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.spikeport.core.ir.Recurrence;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.spikeport.trainer.GoldenJson;
import org.spikeport.trainer.nn.RecurrentLif.Kernel;

/**
 * {@link RecurrentLif} against forward values and BPTT gradients computed independently in numpy by
 * reverse-mode differentiation of DelRec's formulation ({@code src/test/python/golden_delrec.py},
 * which documents how to regenerate {@code golden_delrec.json}).
 */
class RecurrentLifGoldenTest {

    private static final double TOL = 1e-9;

    private static INDArray array(JsonNode node) {
        return GoldenJson.array(node);
    }

    private static double assertClose(INDArray expected, INDArray actual, String what) {
        return GoldenJson.assertClose(expected, actual, TOL, what);
    }

    @Test
    void matchesNumpyForwardAndBackward() {
        JsonNode cases = GoldenJson.read("golden_delrec.json").get("cases");
        assertEquals(5, cases.size());
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            INDArray a = array(c.get("a"));
            INDArray w = array(c.get("w"));
            RecurrentLif.Options options = new RecurrentLif.Options((int) w.size(0),
                    Recurrence.Kind.valueOf(c.get("kind").asText()), c.get("learned_width").asBoolean(),
                    c.get("tau").asDouble(), Reset.valueOf(c.get("reset").asText()),
                    Surrogate.valueOf(c.get("surrogate").asText()), c.get("recurrent_dropout").asDouble());
            RecurrentLif layer = RecurrentLif.of(options, w, array(c.get("d")), array(c.get("p")), DataType.DOUBLE,
                    new Random(0));
            INDArray mask = array(c.get("mask"));
            layer.fixRecurrentMask(mask);
            Kernel kernel = Kernel.valueOf(c.get("kernel").asText());
            INDArray spikes = layer.forward(a, c.get("sigma").asDouble(), kernel);
            assertArrayEquals(array(c.get("spikes")).reshape(spikes.length()).toDoubleVector(),
                    spikes.reshape(spikes.length()).toDoubleVector(), name + " spikes");
            double worst = assertClose(array(c.get("potential")), layer.potential(), name + " potential");
            INDArray lossWeights = array(c.get("loss_weights"));
            assertEquals(c.get("loss").asDouble(), GradCheck.dot(spikes, lossWeights), TOL, name + " loss");
            layer.zeroGrad();
            INDArray da = layer.backward(lossWeights);
            worst = Math.max(worst, assertClose(array(c.get("da")), da, name + " dL/da"));
            worst = Math.max(worst, assertClose(array(c.get("dw")), layer.weightGrad(), name + " dL/dW"));
            worst = Math.max(worst, assertClose(array(c.get("dd")), layer.delayGrad(), name + " dL/dd"));
            if (options.learnedWidth()) {
                worst = Math.max(worst, assertClose(array(c.get("dp")), layer.widthParamGrad(), name + " dL/dp"));
            }
            assertTrue(layer.weightGrad().norm2Number().doubleValue() > 1e-3, name + ": W matters");
            System.out.printf("RecurrentLif vs numpy %s: worst error %.1e%n", name, worst);
        }
    }
}
