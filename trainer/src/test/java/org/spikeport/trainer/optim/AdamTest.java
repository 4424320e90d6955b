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

    @Test
    void zeroLearningRateFreezesTheGroup() {
        INDArray p = Nd4j.ones(DataType.FLOAT, 3);
        Adam.Group frozen = new Adam.Group("d", List.of(p), List.of(Nd4j.ones(DataType.FLOAT, 3)), 0.0, 0);
        new Adam(List.of(frozen)).step();
        assertEquals(3.0, p.sumNumber().doubleValue(), 0);
        assertEquals(0, frozen.steps());
    }
}
