package org.spikeport.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
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

    @Test
    void aFixedMaskIsUsedInTrainingWithoutDrawing() {
        Random rng = new Random(43);
        Dropout d = new Dropout(0.5, rng);
        INDArray scale = Nd4j.createFromArray(new double[][] {{0, 2, 2}, {2, 0, 0.5}});
        d.fixMask(scale);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 4, 2, 3);
        INDArray y = d.forward(x);
        INDArray g = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 4, 2, 3);
        INDArray dx = d.backward(g);
        for (int t = 0; t < 4; t++) {
            assertEquals(x.slice(t).mul(scale), y.slice(t));
            assertEquals(g.slice(t).mul(scale), dx.slice(t));
        }
        assertEquals(new Random(43).nextDouble(), rng.nextDouble(), "nothing drawn while the mask is fixed");
        d.setTraining(false);
        assertEquals(x, d.forward(x), "evaluation ignores the fixed mask");
        d.setTraining(true);
        d.fixMask(null);
        Dropout fresh = new Dropout(0.5, new Random(44));
        Dropout again = new Dropout(0.5, new Random(44));
        again.fixMask(scale);
        again.fixMask(null);
        assertEquals(fresh.forward(x), again.forward(x), "null returns to drawing");
        Dropout none = new Dropout(0.0, new Random(45));
        none.fixMask(scale);
        assertEquals(x.slice(0).mul(scale), none.forward(x).slice(0), "a fixed mask acts with p = 0 too");
        assertThrows(IllegalStateException.class, () -> none.forward(Nd4j.ones(3, 3, 3)));
    }

    /** The float32 loop against the same scaling as a double array operation, forward and backward. */
    @Test
    void floatLoopEqualsArrayOperation() {
        Dropout drop = new Dropout(0.4, new java.util.Random(3));
        INDArray x = GradCheck.uniform(new java.util.Random(4), -1, 2, 7, 5, 6);
        INDArray y = drop.forward(x.castTo(DataType.FLOAT));
        INDArray scale = drop.lastScale().castTo(DataType.DOUBLE).reshape('c', 1, 30);
        INDArray expected = x.reshape('c', 7, 30).mulRowVector(scale).reshape('c', 7, 5, 6);
        assertEquals(DataType.FLOAT, y.dataType());
        assertTrue(expected.sub(y.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() < 1e-6);
        INDArray g = drop.backward(x.castTo(DataType.FLOAT));
        assertTrue(expected.sub(g.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() < 1e-6);
    }
}
