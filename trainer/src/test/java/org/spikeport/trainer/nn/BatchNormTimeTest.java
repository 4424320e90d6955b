package org.spikeport.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class BatchNormTimeTest {

    private static BatchNormTime layer(Random rng) {
        BatchNormTime bn = new BatchNormTime(3, DataType.DOUBLE);
        bn.gamma().assign(GradCheck.uniform(rng, 0.5, 1.5, 3));
        bn.beta().assign(GradCheck.uniform(rng, -0.5, 0.5, 3));
        return bn;
    }

    @Test
    void trainingGradientsMatchFiniteDifferences() {
        Random rng = new Random(21);
        BatchNormTime bn = layer(rng);
        INDArray x = GradCheck.uniform(rng, -1, 2, 4, 3, 3);
        INDArray r = GradCheck.uniform(rng, -1, 1, 4, 3, 3);
        bn.forward(x);
        INDArray dx = bn.backward(r);
        DoubleSupplier loss = () -> GradCheck.dot(bn.forward(x), r);
        double ex = GradCheck.maxRelativeError(x, dx, loss, 1e-6, 1e-8);
        double eg = GradCheck.maxRelativeError(bn.gamma(), bn.gammaGrad().dup(), loss, 1e-6, 1e-8);
        double eb = GradCheck.maxRelativeError(bn.beta(), bn.betaGrad().dup(), loss, 1e-6, 1e-8);
        System.out.printf("BatchNormTime grad check (train): input %.2e gamma %.2e beta %.2e%n", ex, eg, eb);
        assertTrue(ex < 1e-6, "input " + ex);
        assertTrue(eg < 1e-6, "gamma " + eg);
        assertTrue(eb < 1e-6, "beta " + eb);
    }

    @Test
    void evaluationGradientMatchesFiniteDifferences() {
        Random rng = new Random(22);
        BatchNormTime bn = layer(rng);
        bn.runningMean().assign(GradCheck.uniform(rng, -0.5, 0.5, 3));
        bn.runningVar().assign(GradCheck.uniform(rng, 0.5, 2, 3));
        bn.setTraining(false);
        INDArray x = GradCheck.uniform(rng, -1, 2, 4, 3, 3);
        INDArray r = GradCheck.uniform(rng, -1, 1, 4, 3, 3);
        bn.forward(x);
        INDArray dx = bn.backward(r);
        DoubleSupplier loss = () -> GradCheck.dot(bn.forward(x), r);
        assertTrue(GradCheck.maxRelativeError(x, dx, loss, 1e-6, 1e-8) < 1e-6);
        assertTrue(GradCheck.maxRelativeError(bn.gamma(), bn.gammaGrad().dup(), loss, 1e-6, 1e-8) < 1e-6);
    }

    @Test
    void statisticsFollowPyTorchSemantics() {
        BatchNormTime bn = new BatchNormTime(1, DataType.DOUBLE);
        double[] values = {1, 2, 4, 7, -1, 3};
        INDArray x = org.nd4j.linalg.factory.Nd4j.createFromArray(values).reshape('c', 3, 2, 1);
        INDArray y = bn.forward(x);
        double mean = 16.0 / 6;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double biased = ss / 6;
        for (int k = 0; k < 6; k++) {
            assertEquals((values[k] - mean) / Math.sqrt(biased + 1e-5), y.getDouble(k), 1e-12);
        }
        assertEquals(0.1 * mean, bn.runningMean().getDouble(0), 1e-12);
        assertEquals(0.9 + 0.1 * ss / 5, bn.runningVar().getDouble(0), 1e-12);
        bn.setTraining(false);
        INDArray e = bn.forward(x);
        double rm = 0.1 * mean;
        double rv = 0.9 + 0.1 * ss / 5;
        assertEquals((values[2] - rm) / Math.sqrt(rv + 1e-5), e.getDouble(2), 1e-12);
        assertEquals(rm, bn.runningMean().getDouble(0), 1e-15, "evaluation leaves running statistics alone");
    }
}
