package org.spikeport.trainer.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamTest {

    /** Scalar Adam with L2 decay, written out step by step. */
    @Test
    void matchesTheScalarUpdateWithChangingBeta1() {
        INDArray p = Nd4j.createFromArray(new double[] {0.5, -1.0});
        INDArray g = Nd4j.createFromArray(new double[] {0.0, 0.0});
        Adam.Group group = new Adam.Group("w", List.of(p), List.of(g), 0.01, 0.1);
        Adam adam = new Adam(List.of(group));
        double[] ps = {0.5, -1.0};
        double[] ms = new double[2];
        double[] vs = new double[2];
        double[][] grads = {{0.3, -0.2}, {0.1, 0.4}, {-0.5, 0.05}};
        double[] beta1s = {0.95, 0.9, 0.85};
        for (int k = 1; k <= 3; k++) {
            g.assign(Nd4j.createFromArray(grads[k - 1]));
            group.beta1(beta1s[k - 1]);
            adam.step();
            double b1 = beta1s[k - 1];
            for (int i = 0; i < 2; i++) {
                double gi = grads[k - 1][i] + 0.1 * ps[i];
                ms[i] = b1 * ms[i] + (1 - b1) * gi;
                vs[i] = 0.999 * vs[i] + 0.001 * gi * gi;
                double denom = Math.sqrt(vs[i]) / Math.sqrt(1 - Math.pow(0.999, k)) + 1e-8;
                ps[i] -= 0.01 / (1 - Math.pow(b1, k)) * ms[i] / denom;
                assertEquals(ps[i], p.getDouble(i), 1e-12, "step " + k + " element " + i);
            }
        }
        assertEquals(3, group.steps());
    }

    /** Scalar AdamW (torch.optim.AdamW): decay applied to the parameter, not seen by the moments. */
    @Test
    void decoupledWeightDecayMatchesTheScalarAdamWUpdate() {
        INDArray p = Nd4j.createFromArray(new double[] {0.5, -1.0});
        INDArray g = Nd4j.createFromArray(new double[] {0.0, 0.0});
        Adam.Group group = new Adam.Group("w", List.of(p), List.of(g), 0.01, 0.1, Adam.WeightDecay.DECOUPLED);
        Adam adam = new Adam(List.of(group));
        double[] ps = {0.5, -1.0};
        double[] ms = new double[2];
        double[] vs = new double[2];
        double[][] grads = {{0.3, -0.2}, {0.1, 0.4}, {-0.5, 0.05}};
        double[] lrs = {0.01, 0.05, 0.02};
        for (int k = 1; k <= 3; k++) {
            g.assign(Nd4j.createFromArray(grads[k - 1]));
            group.lr(lrs[k - 1]);
            adam.step();
            double lr = lrs[k - 1];
            for (int i = 0; i < 2; i++) {
                ps[i] *= 1 - lr * 0.1;
                double gi = grads[k - 1][i];
                ms[i] = 0.9 * ms[i] + 0.1 * gi;
                vs[i] = 0.999 * vs[i] + 0.001 * gi * gi;
                double denom = Math.sqrt(vs[i]) / Math.sqrt(1 - Math.pow(0.999, k)) + 1e-8;
                ps[i] -= lr / (1 - Math.pow(0.9, k)) * ms[i] / denom;
                assertEquals(ps[i], p.getDouble(i), 1e-12, "step " + k + " element " + i);
            }
        }
        assertEquals(Adam.WeightDecay.DECOUPLED, group.weightDecayMode());
    }

    @Test
    void decoupledDecayAloneShrinksTheParameterGeometrically() {
        INDArray p = Nd4j.createFromArray(new double[] {2.0});
        INDArray g = Nd4j.createFromArray(new double[] {0.0});
        Adam.Group decoupled = new Adam.Group("w", List.of(p), List.of(g), 0.1, 0.5, Adam.WeightDecay.DECOUPLED);
        Adam adam = new Adam(List.of(decoupled));
        adam.step();
        adam.step();
        assertEquals(2.0 * 0.95 * 0.95, p.getDouble(0), 1e-15);
        assertEquals(0.0, decoupled.firstMoments().get(0).getDouble(0), 0);
        INDArray q = Nd4j.createFromArray(new double[] {2.0});
        Adam.Group coupled = new Adam.Group("w", List.of(q), List.of(Nd4j.createFromArray(new double[] {0.0})), 0.1, 0.5);
        assertEquals(Adam.WeightDecay.L2, coupled.weightDecayMode());
        new Adam(List.of(coupled)).step();
        // L2: g = 0.5 * 2 = 1, so the first Adam step moves p by lr (times 1 / (1 + eps)).
        assertEquals(2.0 - 0.1 / (1 + 1e-8), q.getDouble(0), 1e-12);
    }

    @Test
    void zeroLearningRateFreezesTheGroup() {
        INDArray p = Nd4j.ones(DataType.FLOAT, 3);
        Adam.Group frozen = new Adam.Group("d", List.of(p), List.of(Nd4j.ones(DataType.FLOAT, 3)), 0.0, 0);
        new Adam(List.of(frozen)).step();
        assertEquals(3.0, p.sumNumber().doubleValue(), 0);
        assertEquals(0, frozen.steps());
    }

    /**
     * The fused float32 update against the array operations, both weight-decay modes, five steps of random
     * gradients with a changing learning rate: parameters and moments within 1e-6 of their largest magnitude.
     */
    @Test
    void fusedFloatUpdateEqualsArrayOperations() {
        for (Adam.WeightDecay mode : Adam.WeightDecay.values()) {
            INDArray[][] results = new INDArray[2][];
            for (int k = 0; k < 2; k++) {
                Nd4j.getRandom().setSeed(81);
                INDArray p = Nd4j.rand(DataType.FLOAT, 7, 5).subi(0.5);
                INDArray g = Nd4j.create(DataType.FLOAT, 7, 5);
                Adam.Group group = new Adam.Group("w", List.of(p), List.of(g), 0.01, 0.05, mode);
                group.setFused(k == 1);
                Adam adam = new Adam(List.of(group));
                for (int step = 0; step < 5; step++) {
                    g.assign(Nd4j.rand(DataType.FLOAT, 7, 5).subi(0.5));
                    group.lr(0.01 * (step + 1));
                    adam.step();
                }
                results[k] = new INDArray[] {p, group.firstMoments().get(0), group.secondMoments().get(0)};
            }
            for (int i = 0; i < 3; i++) {
                double scale = results[0][i].amaxNumber().doubleValue();
                double err = results[0][i].sub(results[1][i]).amaxNumber().doubleValue() / scale;
                org.junit.jupiter.api.Assertions.assertTrue(scale > 0 && err < 1e-6, mode + " array " + i
                        + ": relative error " + err);
            }
        }
    }
}
