package org.spikeport.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ReadoutLossTest {

    @Test
    void gradientMatchesFiniteDifferences() {
        Random rng = new Random(51);
        INDArray v = GradCheck.uniform(rng, -3, 3, 7, 4, 5);
        int[] labels = {0, 3, 4, 3};
        ReadoutLoss.Result r = ReadoutLoss.compute(v, labels);
        double err = GradCheck.maxRelativeError(v, r.gradient(), () -> ReadoutLoss.compute(v, labels).loss(), 1e-5, 1e-8);
        System.out.printf("ReadoutLoss grad check: %.2e%n", err);
        assertTrue(err < 1e-6, "relative error " + err);
    }

    @Test
    void uniformReadoutGivesLogK() {
        INDArray v = org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, 4, 2, 5);
        assertEquals(Math.log(5), ReadoutLoss.compute(v, new int[] {1, 2}).loss(), 1e-12);
    }

    @Test
    void predictsTheClassWithTheLargestSummedSoftmax() {
        INDArray v = org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, 3, 2, 3);
        v.putScalar(new long[] {0, 0, 2}, 10.0);
        v.putScalar(new long[] {1, 1, 1}, 0.5);
        v.putScalar(new long[] {2, 1, 0}, 0.4);
        ReadoutLoss.Result r = ReadoutLoss.compute(v, new int[] {2, 1});
        assertArrayEquals(new int[] {2, 1}, r.predictions());
        assertEquals(DataType.DOUBLE, r.gradient().dataType());
    }

    /**
     * The fused float32 summed softmax against the array operations: loss, scores, gradient (within 2e-5
     * of each array's largest magnitude) and predictions.
     */
    @Test
    void fusedFloatSoftmaxSumEqualsArrayOperations() {
        Random rng = new Random(52);
        INDArray v = GradCheck.uniform(rng, -4, 4, 33, 16, 5).castTo(DataType.FLOAT);
        int[] labels = new int[16];
        for (int b = 0; b < labels.length; b++) {
            labels[b] = rng.nextInt(5);
        }
        for (int divisor : new int[] {labels.length, 40}) {
            ReadoutLoss.Result arrays = ReadoutLoss.compute(v, labels, org.spikeport.core.ir.Decoding.SOFTMAX_SUM,
                    null, divisor, false);
            ReadoutLoss.Result fused = ReadoutLoss.compute(v, labels, org.spikeport.core.ir.Decoding.SOFTMAX_SUM,
                    null, divisor, true);
            assertFusedEqualsArrays(arrays, fused);
        }
    }

    private static void assertFusedEqualsArrays(ReadoutLoss.Result arrays, ReadoutLoss.Result fused) {
        assertEquals(arrays.loss(), fused.loss(), 1e-5 * Math.abs(arrays.loss()));
        assertArrayEquals(arrays.predictions(), fused.predictions());
        assertEquals(DataType.FLOAT, fused.gradient().dataType());
        INDArray[][] pairs = {{arrays.scores(), fused.scores()}, {arrays.gradient(), fused.gradient()}};
        for (INDArray[] pair : pairs) {
            assertArrayEquals(pair[0].shape(), pair[1].shape());
            double scale = pair[0].amaxNumber().doubleValue();
            double err = pair[0].sub(pair[1]).amaxNumber().doubleValue() / scale;
            assertTrue(scale > 0 && err < 2e-5, "relative error " + err);
        }
    }
}
