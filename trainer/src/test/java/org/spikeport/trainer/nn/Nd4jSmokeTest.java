package org.spikeport.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jSmokeTest {

    @Test
    void nativeBackendMultipliesMatrices() {
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}});
        INDArray b = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {1, 1}});
        INDArray c = a.mmul(b);
        assertArrayEquals(new double[][] {{4, 5}, {10, 11}}, c.toDoubleMatrix());
        INDArray f = Nd4j.rand(DataType.FLOAT, 64, 32).mmul(Nd4j.eye(32).castTo(DataType.FLOAT));
        assertArrayEquals(new long[] {64, 32}, f.shape());
    }
}
