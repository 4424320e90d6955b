package org.spikeport.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Reads the golden files that the numpy scripts in {@code trainer/src/test/python} write, and compares
 * arrays with them. An array is stored as {@code {"shape": [...], "data": [...]}} in C order.
 */
public final class GoldenJson {

    private GoldenJson() {
    }

    /** The parsed golden file {@code trainer/src/test/python/<name>} (from the project root or the module). */
    public static JsonNode read(String name) {
        Path file = Path.of(System.getProperty("spikeport.root", "."), "trainer/src/test/python", name);
        if (!Files.exists(file)) {
            file = Path.of("src/test/python", name);
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The DOUBLE array stored at {@code node}, or {@code null} for a missing or null node. */
    public static INDArray array(JsonNode node) {
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

    /** The integers of a JSON array. */
    public static int[] ints(JsonNode node) {
        int[] out = new int[node.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = node.get(k).asInt();
        }
        return out;
    }

    /**
     * Asserts equal shapes and {@code |e - a| <= tol max(1, |e|)} elementwise; returns the worst
     * {@code |e - a| / max(1, |e|)}.
     */
    public static double assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double[] e = expected.dup('c').reshape(expected.length()).toDoubleVector();
        double[] a = actual.dup('c').reshape(actual.length()).toDoubleVector();
        double worst = 0;
        for (int k = 0; k < e.length; k++) {
            assertEquals(e[k], a[k], tol * Math.max(1, Math.abs(e[k])), what + "[" + k + "]");
            worst = Math.max(worst, Math.abs(e[k] - a[k]) / Math.max(1, Math.abs(e[k])));
        }
        return worst;
    }
}
