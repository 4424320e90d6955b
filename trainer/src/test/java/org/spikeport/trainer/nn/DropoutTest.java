package org.spikeport.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DropoutTest {

    @Test
    void maskIsFixedAcrossTimeScaledAndReproducible() {
        INDArray x = Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 6, 8, 50);
        Dropout a = new Dropout(0.4, new Random(41));
        Dropout b = new Dropout(0.4, new Random(41));
        INDArray ya = a.forward(x);
        assertEquals(ya, b.forward(x));
        int dropped = 0;
        for (int s = 0; s < 8; s++) {
            for (int c = 0; c < 50; c++) {
                double first = ya.getDouble(0, s, c);
                assertTrue(first == 0.0 || Math.abs(first - 1 / 0.6) < 1e-12);
                dropped += first == 0.0 ? 1 : 0;
                for (int t = 1; t < 6; t++) {
                    assertEquals(first, ya.getDouble(t, s, c));
                }
            }
        }
        assertTrue(dropped > 120 && dropped < 200, "about 40% of 400 dropped, got " + dropped);
        INDArray g = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 6, 8, 50);
        assertEquals(g.mul(ya), a.backward(g));
    }

    @Test
    void evaluationIsIdentity() {
        Dropout d = new Dropout(0.4, new Random(42));
        d.setTraining(false);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 4, 5);
        assertEquals(x, d.forward(x));
        assertEquals(x, d.backward(x));
    }
}
