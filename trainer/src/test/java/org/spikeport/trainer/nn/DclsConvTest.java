package org.spikeport.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.spikeport.core.ir.DelayRounding;
import org.spikeport.trainer.DclsKernel;

class DclsConvTest {

    private static final double SIGMA = 1.3;

    private static DclsConv layer(int in, int out, int maxDelay, boolean masked, long seed) {
        Random rng = new Random(seed);
        INDArray mask = null;
        if (masked) {
            mask = GradCheck.uniform(rng, 0, 1, out, in).gt(0.4).castTo(DataType.DOUBLE);
        }
        return new DclsConv(in, out, maxDelay, DataType.DOUBLE, mask, rng);
    }

    @Test
    void kernelEqualsScalarReferenceForEverySynapse() {
        DclsConv conv = layer(7, 5, 9, false, 1);
        INDArray k = conv.kernel(SIGMA, false);
        assertArrayEquals(new long[] {10, 5, 7}, k.shape());
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 7; j++) {
                double[] ref = DclsKernel.taps(conv.weight().getDouble(i, j), conv.delay().getDouble(i, j), SIGMA, 10);
                for (int n = 0; n < 10; n++) {
                    assertEquals(ref[n], k.getDouble(n, i, j), 1e-14, "synapse " + i + "<-" + j + " tap " + n);
                }
            }
        }
    }

    @Test
    void maskedSynapsesHaveZeroKernel() {
        DclsConv conv = layer(6, 4, 5, true, 2);
        INDArray k = conv.kernel(SIGMA, false);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 6; j++) {
                double m = conv.mask().getDouble(i, j);
                double[] ref = DclsKernel.taps(m * conv.weight().getDouble(i, j), conv.delay().getDouble(i, j), SIGMA, 6);
                for (int n = 0; n < 6; n++) {
                    assertEquals(ref[n], k.getDouble(n, i, j), 1e-14);
                }
            }
        }
    }

    @Test
    void gaussianForwardEqualsDirectConvolution() {
        int in = 4;
        int out = 3;
        int td = 8;
        int steps = 11;
        int batch = 2;
        DclsConv conv = layer(in, out, td - 1, false, 3);
        INDArray x = GradCheck.uniform(new Random(4), -1, 2, steps, batch, in);
        INDArray y = conv.forward(x, SIGMA, false);
        int outSteps = steps + (td - 1) / 2;
        assertArrayEquals(new long[] {outSteps, batch, out}, y.shape());
        for (int t = 0; t < outSteps; t++) {
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < out; i++) {
                    double expected = 0;
                    for (int j = 0; j < in; j++) {
                        double[] k = DclsKernel.taps(conv.weight().getDouble(i, j), conv.delay().getDouble(i, j), SIGMA, td);
                        for (int n = 0; n < td; n++) {
                            int src = t + n - (td - 1);
                            if (src >= 0 && src < steps) {
                                expected += k[n] * x.getDouble(src, b, j);
                            }
                        }
                    }
                    assertEquals(expected, y.getDouble(t, b, i), 1e-12, "t=" + t + " b=" + b + " i=" + i);
                }
            }
        }
    }

    @Test
    void roundedForwardEqualsDelayedSum() {
        int in = 6;
        int out = 5;
        int td = 25;
        int steps = 30;
        int batch = 3;
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Random rng = new Random(5);
            DclsConv conv = new DclsConv(in, out, td - 1, type, null, rng);
            conv.delay().putScalar(0, 0, 2.5);
            conv.delay().putScalar(1, 1, 0.0);
            conv.delay().putScalar(2, 2, td - 1.0);
            INDArray x = GradCheck.uniform(rng, 0, 3, steps, batch, in).castTo(type);
            INDArray y = conv.forward(x, 0.0, true);
            int outSteps = steps + (td - 1) / 2;
            double tol = type == DataType.DOUBLE ? 1e-12 : 1e-4;
            for (int t = 0; t < outSteps; t++) {
                for (int b = 0; b < batch; b++) {
                    for (int i = 0; i < out; i++) {
                        double expected = 0;
                        for (int j = 0; j < in; j++) {
                            int d = DelayRounding.round(conv.delay().getDouble(i, j), td);
                            if (t - d >= 0 && t - d < steps) {
                                expected += conv.weight().getDouble(i, j) * x.getDouble(t - d, b, j);
                            }
                        }
                        assertEquals(expected, y.getDouble(t, b, i), tol, type + " t=" + t + " b=" + b + " i=" + i);
                    }
                }
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (boolean masked : new boolean[] {false, true}) {
            int td = 7;
            DclsConv conv = layer(4, 3, td - 1, masked, 6);
            Random rng = new Random(7);
            INDArray x = GradCheck.uniform(rng, -1, 1, 5, 2, 4);
            INDArray r = GradCheck.uniform(rng, -1, 1, 5 + (td - 1) / 2, 2, 3);
            conv.zeroGrad();
            conv.forward(x, SIGMA, false);
            INDArray dx = conv.backward(r);
            INDArray dw = conv.weightGrad().dup();
            INDArray dd = conv.delayGrad().dup();
            java.util.function.DoubleSupplier loss = () -> GradCheck.dot(conv.forward(x, SIGMA, false), r);
            double ew = GradCheck.maxRelativeError(conv.weight(), dw, loss, 1e-6, 1e-8);
            double ed = GradCheck.maxRelativeError(conv.delay(), dd, loss, 1e-5, 1e-8);
            double ex = GradCheck.maxRelativeError(x, dx, loss, 1e-6, 1e-8);
            System.out.printf("DclsConv grad check (mask=%b): weight %.2e delay %.2e input %.2e%n", masked, ew, ed, ex);
            assertTrue(ew < 1e-6, "weight " + ew);
            assertTrue(ed < 1e-6, "delay " + ed);
            assertTrue(ex < 1e-6, "input " + ex);
            if (masked) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 4; j++) {
                        if (conv.mask().getDouble(i, j) == 0) {
                            assertEquals(0.0, dw.getDouble(i, j));
                            assertEquals(0.0, dd.getDouble(i, j));
                        }
                    }
                }
            }
        }
    }

    @Test
    void gradientsAccumulateAndFirstLayerSkipsInputGradient() {
        DclsConv conv = layer(3, 2, 4, false, 8);
        conv.setInputGradientNeeded(false);
        INDArray x = GradCheck.uniform(new Random(9), -1, 1, 4, 2, 3);
        INDArray r = GradCheck.uniform(new Random(10), -1, 1, 6, 2, 2);
        conv.forward(x, SIGMA, false);
        assertNull(conv.backward(r));
        INDArray once = conv.weightGrad().dup();
        conv.forward(x, SIGMA, false);
        conv.backward(r);
        assertEquals(0.0, conv.weightGrad().sub(once.mul(2)).amaxNumber().doubleValue(), 1e-12);
        conv.zeroGrad();
        assertEquals(0.0, conv.weightGrad().amaxNumber().doubleValue());
        assertEquals(0.0, conv.delayGrad().amaxNumber().doubleValue());
    }

    @Test
    void roundedWeightGradientMatchesFiniteDifferences() {
        DclsConv conv = layer(4, 3, 6, false, 11);
        INDArray x = GradCheck.uniform(new Random(12), -1, 1, 5, 2, 4);
        INDArray r = GradCheck.uniform(new Random(13), -1, 1, 8, 2, 3);
        conv.forward(x, 0, true);
        INDArray dx = conv.backward(r);
        java.util.function.DoubleSupplier loss = () -> GradCheck.dot(conv.forward(x, 0, true), r);
        assertTrue(GradCheck.maxRelativeError(conv.weight(), conv.weightGrad().dup(), loss, 1e-6, 1e-8) < 1e-6);
        assertTrue(GradCheck.maxRelativeError(x, dx, loss, 1e-6, 1e-8) < 1e-6);
        assertEquals(0.0, conv.delayGrad().amaxNumber().doubleValue());
    }

    @Test
    void repeatedFloatRunsAreBitIdentical() {
        DclsConv conv = new DclsConv(40, 64, 24, DataType.FLOAT, null, new Random(15));
        INDArray x = GradCheck.uniform(new Random(16), 0, 2, 30, 32, 40).castTo(DataType.FLOAT);
        INDArray r = GradCheck.uniform(new Random(17), -1, 1, 42, 32, 64).castTo(DataType.FLOAT);
        INDArray y1 = conv.forward(x, 2.0, false);
        INDArray dx1 = conv.backward(r);
        INDArray dd1 = conv.delayGrad().dup();
        conv.zeroGrad();
        INDArray y2 = conv.forward(x, 2.0, false);
        INDArray dx2 = conv.backward(r);
        assertEquals(y1, y2);
        assertEquals(dx1, dx2);
        assertEquals(dd1, conv.delayGrad());
    }

    @Test
    void clampKeepsDelaysInRange() {
        DclsConv conv = layer(3, 2, 4, false, 14);
        conv.delay().putScalar(0, 0, -0.5);
        conv.delay().putScalar(1, 2, 7.0);
        conv.clampDelays();
        assertEquals(0.0, conv.delay().getDouble(0, 0));
        assertEquals(4.0, conv.delay().getDouble(1, 2));
    }

    /**
     * The spectral products against the direct ones on the same layer and input: output, input
     * gradient, weight and delay gradients, for Gaussian (wide and at the sigma floor) and rounded
     * kernels, masked or not, even and odd transform lengths, with and without the input gradient;
     * within 1e-12 (double) or 2e-5 (float) of the largest value of each array.
     */
    @Test
    void spectralProductsEqualDirectOnes() {
        int[][] shapes = {{6, 5, 24, 30, 3}, {7, 4, 6, 11, 2}, {5, 3, 3, 8, 4}};
        for (int[] sh : shapes) {
            for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                for (double sigma : new double[] {12, 0.23, -1}) {
                    for (boolean masked : new boolean[] {false, true}) {
                        for (boolean inputGrad : new boolean[] {true, false}) {
                            compareSpectralWithDirect(sh, type, sigma, masked, inputGrad);
                        }
                    }
                }
            }
        }
    }

    private static void compareSpectralWithDirect(int[] sh, DataType type, double sigma, boolean masked,
                                                  boolean inputGrad) {
        int in = sh[0];
        int out = sh[1];
        int maxDelay = sh[2];
        int steps = sh[3];
        int batch = sh[4];
        Random rng = new Random(21 + in + maxDelay);
        INDArray mask = masked ? GradCheck.uniform(rng, 0, 1, out, in).gt(0.4).castTo(type) : null;
        DclsConv conv = new DclsConv(in, out, maxDelay, type, mask, rng);
        conv.setInputGradientNeeded(inputGrad);
        INDArray x = GradCheck.uniform(rng, -1, 2, steps, batch, in).castTo(type);
        INDArray r = GradCheck.uniform(rng, -1, 1, steps + maxDelay / 2, batch, out).castTo(type);
        boolean rounded = sigma < 0;
        INDArray[] direct = run(conv, DclsConv.Products.DIRECT, x, r, sigma, rounded);
        INDArray[] spectral = run(conv, DclsConv.Products.SPECTRAL, x, r, sigma, rounded);
        double tol = type == DataType.DOUBLE ? 1e-12 : 2e-5;
        String what = type + " " + java.util.Arrays.toString(sh) + " sigma " + sigma + " masked " + masked
                + " input gradient " + inputGrad;
        String[] names = {"output", "input gradient", "weight gradient", "delay gradient"};
        for (int k = 0; k < direct.length; k++) {
            if (direct[k] == null) {
                assertNull(spectral[k], names[k] + " " + what);
                continue;
            }
            double scale = Math.max(1e-30, direct[k].amaxNumber().doubleValue());
            double err = direct[k].sub(spectral[k]).amaxNumber().doubleValue() / scale;
            assertTrue(err < tol, names[k] + " " + what + ": relative error " + err);
        }
    }

    private static INDArray[] run(DclsConv conv, DclsConv.Products products, INDArray x, INDArray r, double sigma,
                                  boolean rounded) {
        conv.setProducts(products);
        conv.zeroGrad();
        INDArray y = conv.forward(x, sigma, rounded);
        assertEquals(products == DclsConv.Products.SPECTRAL, conv.spectral((int) x.size(0), (int) x.size(1)));
        INDArray dx = conv.backward(r);
        return new INDArray[] {y.dup(), dx == null ? null : dx.dup(), conv.weightGrad().dup(),
                rounded ? null : conv.delayGrad().dup()};
    }

    @Test
    void spectralGradientsMatchFiniteDifferences() {
        for (boolean masked : new boolean[] {false, true}) {
            int td = 7;
            DclsConv conv = layer(4, 3, td - 1, masked, 6);
            conv.setProducts(DclsConv.Products.SPECTRAL);
            Random rng = new Random(7);
            INDArray x = GradCheck.uniform(rng, -1, 1, 5, 2, 4);
            INDArray r = GradCheck.uniform(rng, -1, 1, 5 + (td - 1) / 2, 2, 3);
            conv.zeroGrad();
            conv.forward(x, SIGMA, false);
            INDArray dx = conv.backward(r);
            INDArray dw = conv.weightGrad().dup();
            INDArray dd = conv.delayGrad().dup();
            java.util.function.DoubleSupplier loss = () -> GradCheck.dot(conv.forward(x, SIGMA, false), r);
            double ew = GradCheck.maxRelativeError(conv.weight(), dw, loss, 1e-6, 1e-8);
            double ed = GradCheck.maxRelativeError(conv.delay(), dd, loss, 1e-5, 1e-8);
            double ex = GradCheck.maxRelativeError(x, dx, loss, 1e-6, 1e-8);
            assertTrue(ew < 1e-6, "weight " + ew);
            assertTrue(ed < 1e-6, "delay " + ed);
            assertTrue(ex < 1e-6, "input " + ex);
        }
    }

    @Test
    void automaticChoiceIsSpectralForTheShdLayersAndDirectForOneTap() {
        Random rng = new Random(3);
        assertTrue(new DclsConv(140, 256, 24, DataType.FLOAT, null, rng).spectral(100, 256));
        assertTrue(new DclsConv(256, 20, 24, DataType.FLOAT, null, rng).spectral(124, 256));
        assertTrue(!new DclsConv(140, 256, 0, DataType.FLOAT, null, rng).spectral(100, 256));
    }

    /**
     * The fused float32 loops (Gaussian kernel, its gradient chain, the spectral products' combine and
     * stack) against the array operations (the same layer, float32 both ways, spectral products): kernel,
     * output, input gradient, weight and delay gradients, at sigma 12 and at the floor 0.23, with and without
     * a mask, each within 2e-5 of the array's largest magnitude.
     */
    @Test
    void fusedFloatKernelEqualsArrayOperations() {
        for (double sigma : new double[] {12, 0.23}) {
            for (boolean masked : new boolean[] {false, true}) {
                INDArray[][] results = new INDArray[2][];
                for (int k = 0; k < 2; k++) {
                    Random rng = new Random(71);
                    INDArray mask = masked ? GradCheck.uniform(rng, 0, 1, 6, 9).gt(0.3).castTo(DataType.FLOAT) : null;
                    DclsConv conv = new DclsConv(9, 6, 24, DataType.FLOAT, mask, rng);
                    conv.setFused(k == 1);
                    assertTrue(conv.spectral(30, 4));
                    INDArray x = GradCheck.uniform(new Random(72), -1, 1, 30, 4, 9).castTo(DataType.FLOAT);
                    INDArray dy = GradCheck.uniform(new Random(73), -1, 1, 42, 4, 6).castTo(DataType.FLOAT);
                    INDArray kernel = conv.kernel(sigma, false);
                    INDArray y = conv.forward(x, sigma, false);
                    INDArray dx = conv.backward(dy);
                    conv.forward(x, sigma, false);
                    conv.backward(dy);
                    results[k] = new INDArray[] {kernel, y, dx, conv.weightGrad().dup(), conv.delayGrad().dup()};
                }
                String[] names = {"kernel", "output", "input gradient", "weight gradient", "delay gradient"};
                for (int i = 0; i < names.length; i++) {
                    double scale = results[0][i].amaxNumber().doubleValue();
                    assertTrue(scale > 0, names[i] + " is zero");
                    double err = results[0][i].sub(results[1][i]).amaxNumber().doubleValue() / scale;
                    assertTrue(err < 2e-5, "sigma " + sigma + (masked ? " masked " : " ") + names[i]
                            + ": relative error " + err);
                }
            }
        }
    }

    /**
     * The fused float32 kernel against the scalar double reference {@link DclsKernel#taps} (at the
     * float32 centre {@code Td - 1 - d} and width the layer computes with) for every synapse and tap, also the small values
     * far from the centre: within 2e-6 of each value (plus 1e-30), at widths from the floor up and centres at
     * and beyond both ends.
     */
    @Test
    void fusedFloatKernelEqualsScalarReferenceTapByTap() {
        for (double sigma : new double[] {0.23, 1.3, 12}) {
            Random rng = new Random(74);
            DclsConv conv = new DclsConv(5, 4, 24, DataType.FLOAT, null, rng);
            conv.delay().putScalar(0, 0, 0.0);
            conv.delay().putScalar(0, 1, 24.0);
            conv.delay().putScalar(0, 2, -0.7);
            conv.delay().putScalar(0, 3, 25.2);
            INDArray k = conv.kernel(sigma, false);
            double sigmaF = (float) (sigma + DclsKernel.SIGMA_OFFSET) - DclsKernel.SIGMA_OFFSET;
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 5; j++) {
                    double centre = 24f - conv.delay().getFloat(i, j);
                    double[] ref = DclsKernel.taps(conv.weight().getFloat(i, j), 24 - centre, sigmaF, 25);
                    for (int n = 0; n < 25; n++) {
                        double tol = 2e-6 * Math.abs(ref[n]) + 1e-30;
                        assertEquals(ref[n], k.getFloat(n, i, j), tol, "sigma " + sigma + " synapse " + i + "<-" + j
                                + " tap " + n);
                    }
                }
            }
        }
    }
}
