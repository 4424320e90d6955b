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

    /**
     * The fused float32 loops against the array operations on the same float32 input, in training and
     * evaluation, on enough rows to be split over threads: outputs, input gradients, parameter gradients
     * and running statistics within float rounding.
     */
    @Test
    void fusedFloatLoopsEqualArrayOperations() {
        org.nd4j.linalg.api.buffer.DataType f = org.nd4j.linalg.api.buffer.DataType.FLOAT;
        INDArray x = GradCheck.uniform(new java.util.Random(51), -1, 3, 30, 64, 40).castTo(f);
        INDArray dy = GradCheck.uniform(new java.util.Random(52), -1, 1, 30, 64, 40).castTo(f);
        INDArray[][] results = new INDArray[2][];
        for (int k = 0; k < 2; k++) {
            BatchNormTime bn = new BatchNormTime(40, f);
            bn.setFused(k == 1);
            bn.gamma().assign(GradCheck.uniform(new java.util.Random(53), 0.5, 1.5, 40).castTo(f));
            bn.beta().assign(GradCheck.uniform(new java.util.Random(54), -1, 1, 40).castTo(f));
            INDArray y = bn.forward(x);
            INDArray dx = bn.backward(dy);
            bn.setTraining(false);
            INDArray yEval = bn.forward(x);
            INDArray dxEval = bn.backward(dy);
            results[k] = new INDArray[] {y, dx, yEval, dxEval, bn.gammaGrad().dup(), bn.betaGrad().dup(),
                bn.runningMean().dup(), bn.runningVar().dup()};
        }
        String[] names = {"output", "input gradient", "evaluation output", "evaluation input gradient",
            "gamma gradient", "beta gradient", "running mean", "running variance"};
        for (int i = 0; i < names.length; i++) {
            double scale = results[0][i].amaxNumber().doubleValue();
            double err = results[0][i].sub(results[1][i]).amaxNumber().doubleValue() / scale;
            assertTrue(err < 2e-5, names[i] + ": relative error " + err);
        }
    }
}
