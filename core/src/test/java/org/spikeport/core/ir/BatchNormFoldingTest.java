package org.spikeport.core.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BatchNormFoldingTest {

    /** The unfolded layer's BatchNorm output for input frames x[t][j] (delays rounded to integers here). */
    private static double unfolded(TrainedLayer l, double[][] x, int t, int i) {
        double current = l.bias() == null ? 0 : l.bias()[i];
        for (int j = 0; j < l.inputs(); j++) {
            int d = Math.round(l.delay(i, j));
            if (t - d >= 0) {
                current += l.weight(i, j) * x[t - d][j];
            }
        }
        BatchNorm bn = l.batchNorm();
        return bn.gamma()[i] * (current - bn.mean()[i]) / Math.sqrt(bn.variance()[i] + bn.eps()) + bn.beta()[i];
    }

    private static double folded(TrainedLayer l, BatchNormFolding f, double[][] x, int t, int i) {
        double current = f.bias()[i];
        for (int j = 0; j < l.inputs(); j++) {
            int d = Math.round(l.delay(i, j));
            if (t - d >= 0) {
                current += f.weights()[i * l.inputs() + j] * x[t - d][j];
            }
        }
        return current;
    }

    @Property(tries = 50)
    void foldedMembraneTracesEqualUnfolded(@ForAll long seed) {
        Random r = new Random(seed);
        int in = 1 + r.nextInt(6);
        int out = 1 + r.nextInt(5);
        float[] w = new float[in * out];
        float[] d = new float[in * out];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) r.nextGaussian();
            d[k] = r.nextInt(4);
        }
        float[] g = new float[out];
        float[] b = new float[out];
        float[] m = new float[out];
        float[] v = new float[out];
        for (int i = 0; i < out; i++) {
            g[i] = (float) r.nextGaussian();
            b[i] = (float) r.nextGaussian();
            m[i] = (float) r.nextGaussian();
            v[i] = r.nextFloat() * 3;
        }
        float[] bias = null;
        if (r.nextBoolean()) {
            bias = new float[out];
            for (int i = 0; i < out; i++) {
                bias[i] = (float) r.nextGaussian();
            }
        }
        TrainedLayer l = new TrainedLayer("h", in, out, w, d, 3, null, new BatchNorm(g, b, m, v, 1e-5), Lif.spiking(2, 1),
                bias, null);
        BatchNormFolding f = BatchNormFolding.of(l);
        double[][] x = new double[8][in];
        for (double[] row : x) {
            for (int j = 0; j < in; j++) {
                row[j] = r.nextInt(3);
            }
        }
        double tau = 1.5;
        double[] vUnfolded = new double[out];
        double[] vFolded = new double[out];
        for (int t = 0; t < 8; t++) {
            for (int i = 0; i < out; i++) {
                double iUnfolded = unfolded(l, x, t, i);
                double iFolded = folded(l, f, x, t, i);
                assertEquals(iUnfolded, iFolded, 1e-6, "current, step " + t + ", neuron " + i);
                vUnfolded[i] = vUnfolded[i] * (1 - 1 / tau) + iUnfolded;
                vFolded[i] = vFolded[i] * (1 - 1 / tau) + iFolded;
                assertEquals(vUnfolded[i], vFolded[i], 1e-6, "membrane, step " + t + ", neuron " + i);
                if (vUnfolded[i] >= 1) {
                    vUnfolded[i] = 0;
                    vFolded[i] = 0;
                }
            }
        }
    }

    @Test
    void handComputedLayer() {
        // gamma 2, var 3 (+eps 1): a = 1; mean 0.5, beta 0.25: b = 0.25 - 0.5 = -0.25
        var bn = new BatchNorm(new float[] {2}, new float[] {0.25f}, new float[] {0.5f}, new float[] {3}, 1.0);
        var l = new TrainedLayer("h", 2, 1, new float[] {1.5f, -2f}, new float[2], 0, null, bn, Lif.spiking(2, 1));
        BatchNormFolding f = BatchNormFolding.of(l);
        assertArrayEquals(new double[] {1.5, -2.0}, f.weights(), 1e-12);
        assertArrayEquals(new double[] {-0.25}, f.bias(), 1e-12);
    }

    @Test
    void layerWithoutBatchNormKeepsWeights() {
        var l = new TrainedLayer("r", 2, 1, new float[] {0.5f, 3f}, new float[2], 0, null, null, Lif.readout(2));
        BatchNormFolding f = BatchNormFolding.of(l);
        assertArrayEquals(new double[] {0.5, 3.0}, f.weights(), 0);
        assertArrayEquals(new double[] {0.0}, f.bias(), 0);
    }

    @Test
    void handComputedLayerWithBias() {
        // a = 2 / sqrt(3 + 1) = 1; c = beta + a (b - mean) = 0.25 + 1 * (1.5 - 0.5) = 1.25
        var bn = new BatchNorm(new float[] {2}, new float[] {0.25f}, new float[] {0.5f}, new float[] {3}, 1.0);
        var l = new TrainedLayer("h", 2, 1, new float[] {1.5f, -2f}, new float[2], 0, null, bn, Lif.spiking(2, 1),
                new float[] {1.5f}, null);
        assertArrayEquals(new double[] {1.25}, BatchNormFolding.of(l).bias(), 0);
        var plain = new TrainedLayer("r", 2, 1, new float[] {0.5f, 3f}, new float[2], 0, null, null, Lif.readout(2),
                new float[] {-0.75f}, null);
        BatchNormFolding f = BatchNormFolding.of(plain);
        assertArrayEquals(new double[] {0.5, 3.0}, f.weights(), 0);
        assertArrayEquals(new double[] {-0.75}, f.bias(), 0, "without BatchNorm the bias current is the bias");
    }

    /** Without a bias the bias current is beta - a mean as before, down to the sign of a zero. */
    @Test
    void layerWithoutBiasKeepsItsBiasBits() {
        var bn = new BatchNorm(new float[] {1}, new float[] {-0.0f}, new float[] {0}, new float[] {0}, 1.0);
        var l = new TrainedLayer("h", 1, 1, new float[] {1}, new float[1], 0, null, bn, Lif.spiking(2, 1));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(BatchNormFolding.of(l).bias()[0]));
    }
}
