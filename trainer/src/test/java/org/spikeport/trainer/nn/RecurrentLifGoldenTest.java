package org.spikeport.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spikeport.core.ir.Recurrence;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.spikeport.trainer.nn.RecurrentLif.Kernel;

/**
 * {@link RecurrentLif} against forward values and BPTT gradients computed independently in numpy by
 * reverse-mode differentiation of DelRec's formulation ({@code src/test/python/golden_delrec.py},
 * which documents how to regenerate {@code golden_delrec.json}).
 */
class RecurrentLifGoldenTest {

    private static final double TOL = 1e-9;

    private static INDArray array(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode shapeNode = node.get("shape");
        long[] shape = new long[shapeNode.size()];
        for (int k = 0; k < shape.length; k++) {
            shape[k] = shapeNode.get(k).asLong();
        }
        JsonNode data = node.get("data");
        double[] values = new double[data.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = data.get(k).asDouble();
        }
        return Nd4j.createFromArray(values).reshape('c', shape);
    }

    private static double assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double[] e = expected.reshape(expected.length()).toDoubleVector();
        double[] a = actual.dup('c').reshape(actual.length()).toDoubleVector();
        double worst = 0;
        for (int k = 0; k < e.length; k++) {
            assertEquals(e[k], a[k], TOL * Math.max(1, Math.abs(e[k])), what + "[" + k + "]");
            worst = Math.max(worst, Math.abs(e[k] - a[k]) / Math.max(1, Math.abs(e[k])));
        }
        return worst;
    }

    @Test
    void matchesNumpyForwardAndBackward() throws IOException {
        Path file = Path.of(System.getProperty("spikeport.root", "."), "trainer/src/test/python/golden_delrec.json");
        if (!Files.exists(file)) {
            file = Path.of("src/test/python/golden_delrec.json");
        }
        JsonNode cases = new ObjectMapper().readTree(file.toFile()).get("cases");
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
