package org.spikeport.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LifTest {

    private static double surrogate(double x) {
        double u = Math.PI / 2 * 5.0 * x;
        return 2.5 / (1 + u * u);
    }

    /**
     * The spiking recurrence with each spike output replaced by the smooth function whose
     * derivative is the surrogate, {@code atan(pi/2 alpha x) / pi + 1/2}, while the reset still uses
     * the hard spike. Between spike-pattern changes this is a smooth function of the currents whose
     * exact gradient is what the surrogate BPTT computes, so central differences of
     * {@code sum(r * smooth spikes)} check {@link Lif#backward} term by term, reset path included.
     */
    private static double smoothSpikeLoss(INDArray current, INDArray r, double tau) {
        long steps = current.size(0);
        long batch = current.size(1);
        long ch = current.size(2);
        double loss = 0;
        for (long b = 0; b < batch; b++) {
            for (long c = 0; c < ch; c++) {
                double v = 0;
                for (long t = 0; t < steps; t++) {
                    double h = v - v / tau + current.getDouble(t, b, c);
                    double x = h - 1.0;
                    loss += r.getDouble(t, b, c) * (Math.atan(Math.PI / 2 * 5.0 * x) / Math.PI + 0.5);
                    v = x >= 0 ? 0 : h;
                }
            }
        }
        return loss;
    }

    @Test
    void bpttMatchesFiniteDifferencesOfTheSmoothedForward() {
        Random rng = new Random(31);
        INDArray current = GradCheck.uniform(rng, -0.2, 1.0, 12, 3, 4);
        INDArray r = GradCheck.uniform(rng, -1, 1, 12, 3, 4);
        Lif lif = Lif.spiking(1.5);
        INDArray spikes = lif.forward(current);
        double count = spikes.sumNumber().doubleValue();
        assertTrue(count > 5 && count < 100, "the check needs both spikes and resets, got " + count);
        INDArray dI = lif.backward(r);
        DoubleSupplier loss = () -> smoothSpikeLoss(current, r, 1.5);
        double err = GradCheck.maxRelativeError(current, dI, loss, 1e-6, 1e-8);
        assertEquals(spikes, lif.forward(current), "spike pattern unchanged by the check");
        System.out.printf("Lif BPTT vs smoothed-forward FD: %.2e (%d spikes)%n", err, (int) count);
        assertTrue(err < 1e-6, "relative error " + err);
    }

    /**
     * {@code sum(r * s)} of the spiking recurrence with the spike replaced, everywhere it is used, by
     * the straight-through smoothed {@code H(h0 - theta) + S(h - theta) - S(h0 - theta)}, where
     * {@code h0} is the potential at the base point and {@code S} the surrogate's primitive: the
     * loss output, and the reset by subtraction; a hard reset multiplies by the constant
     * {@code 1 - H(h0 - theta)}. With {@code h0 == null} it runs the hard forward and records
     * {@code h0}. Its exact derivative at the base point is what the surrogate BPTT computes.
     */
    private static double straightThroughLoss(INDArray current, INDArray r, double tau, Reset reset,
                                              Surrogate surrogate, double[] h0, boolean record, double leak) {
        long steps = current.size(0);
        long batch = current.size(1);
        long ch = current.size(2);
        double loss = 0;
        int k = 0;
        for (long b = 0; b < batch; b++) {
            for (long c = 0; c < ch; c++) {
                double v = 0;
                for (long t = 0; t < steps; t++) {
                    double h = (Double.isNaN(leak) ? v - v / tau : Math.max(0, v - leak)) + current.getDouble(t, b, c);
                    if (record) {
                        h0[k] = h;
                    }
                    double hard = h0[k] >= 1.0 ? 1.0 : 0.0;
                    double s = hard + GradCheck.surrogatePrimitive(surrogate, h - 1.0)
                            - GradCheck.surrogatePrimitive(surrogate, h0[k] - 1.0);
                    k++;
                    loss += r.getDouble(t, b, c) * s;
                    v = reset == Reset.ZERO ? h * (1 - hard) : h - 1.0 * s;
                }
            }
        }
        return loss;
    }

    static Stream<Arguments> neuronOptions() {
        return Stream.of(Arguments.of(Reset.ZERO, Surrogate.ATAN, Double.NaN),
                Arguments.of(Reset.ZERO, Surrogate.TRIANGLE, Double.NaN),
                Arguments.of(Reset.SUBTRACT, Surrogate.ATAN, Double.NaN),
                Arguments.of(Reset.SUBTRACT, Surrogate.TRIANGLE, Double.NaN),
                Arguments.of(Reset.ZERO, Surrogate.ATAN, 0.15), Arguments.of(Reset.SUBTRACT, Surrogate.TRIANGLE, 0.15));
    }

    /** Leak {@code NaN} is the decay {@code 1 - 1/tau}, a number the linear leak {@code max(0, v - D)}. */
    @ParameterizedTest
    @MethodSource("neuronOptions")
    void bpttIsTheExactGradientOfTheStraightThroughForward(Reset reset, Surrogate surrogate, double leak) {
        Random rng = new Random(34);
        INDArray current = GradCheck.uniform(rng, -0.2, 1.0, 12, 3, 4);
        INDArray r = GradCheck.uniform(rng, -1, 1, 12, 3, 4);
        Lif lif = Lif.spiking(1.5, reset, surrogate);
        lif.useLinearLeak(leak);
        INDArray spikes = lif.forward(current);
        double[] h0 = new double[(int) current.length()];
        straightThroughLoss(current, r, 1.5, reset, surrogate, h0, true, leak);
        double count = spikes.sumNumber().doubleValue();
        assertTrue(count > 5 && count < 100, "the check needs both spikes and resets, got " + count);
        double[] ours = spikes.permute(1, 2, 0).dup('c').reshape(spikes.length()).toDoubleVector();
        double active = 0;
        for (int k = 0; k < h0.length; k++) {
            assertEquals(h0[k] >= 1.0 ? 1.0 : 0.0, ours[k], "reference spike " + k);
            active += surrogate.derivative(h0[k] - 1.0) > 0 ? 1 : 0;
        }
        assertTrue(active > h0.length / 4.0, "the surrogate must be non-zero at many steps, got " + active);
        INDArray dI = lif.backward(r);
        DoubleSupplier loss = () -> straightThroughLoss(current, r, 1.5, reset, surrogate, h0, false, leak);
        double err = GradCheck.maxRelativeError(current, dI, loss, 1e-6, 1e-8);
        System.out.printf("Lif %s/%s leak %s BPTT vs straight-through FD: %.2e (%d spikes)%n", reset, surrogate, leak,
                err, (int) count);
        assertTrue(err < 1e-6, "relative error " + err);
    }

    @Test
    void handComputedSoftResetPassesTheGradientThroughTheSpike() {
        Lif lif = Lif.spiking(2.0, Reset.SUBTRACT, Surrogate.TRIANGLE);
        INDArray current = Nd4j.createFromArray(0.6, 0.8, 0.3, 1.2).reshape('c', 4, 1, 1);
        // h = 0.6, 1.1 (spike, v = 0.1), 0.35, 1.375 (spike, v = 0.375)
        assertArrayEquals(new double[] {0, 1, 0, 1}, lif.forward(current).reshape(4).toDoubleVector());
        INDArray dI = lif.backward(Nd4j.createFromArray(0.0, 0.0, 0.0, 1.0).reshape('c', 4, 1, 1));
        double d3 = 1 - 0.375;
        double d2 = -0.5 * d3 * (1 - 0.65) + 0.5 * d3;
        double d1 = -0.5 * d2 * (1 - 0.1) + 0.5 * d2;
        double d0 = -0.5 * d1 * (1 - 0.4) + 0.5 * d1;
        assertArrayEquals(new double[] {0.00203125, 0.01015625, 0.203125, 0.625}, new double[] {d0, d1, d2, d3}, 1e-15);
        assertArrayEquals(new double[] {d0, d1, d2, d3}, dI.reshape(4).toDoubleVector(), 1e-14);
        INDArray s = Lif.spiking(2.0, Reset.SUBTRACT, Surrogate.ATAN).forward(current);
        assertArrayEquals(new double[] {0, 1, 0, 1}, s.reshape(4).toDoubleVector(), "same spikes for either surrogate");
    }

    @Test
    void softResetKeepsTheExcessAboveThreshold() {
        INDArray current = Nd4j.createFromArray(4.0, 0.0, 0.0, 0.0).reshape('c', 4, 1, 1);
        // tau 2: h = 4 (spike, v = 3), 1.5 (spike, v = 0.5), 0.25, 0.125
        INDArray soft = Lif.spiking(2.0, Reset.SUBTRACT, Surrogate.ATAN).forward(current);
        assertArrayEquals(new double[] {1, 1, 0, 0}, soft.reshape(4).toDoubleVector());
        INDArray hard = Lif.spiking(2.0, Reset.ZERO, Surrogate.ATAN).forward(current);
        assertArrayEquals(new double[] {1, 0, 0, 0}, hard.reshape(4).toDoubleVector());
    }

    @Test
    void handComputedSpikesAndResetCutTheGradient() {
        Lif lif = Lif.spiking(2.0);
        INDArray current = Nd4j.createFromArray(0.6, 0.8, 0.3, 1.2).reshape('c', 4, 1, 1);
        INDArray spikes = lif.forward(current);
        assertArrayEquals(new double[] {0, 1, 0, 1}, spikes.reshape(4).toDoubleVector());
        INDArray dI = lif.backward(Nd4j.createFromArray(0.0, 0.0, 0.0, 1.0).reshape('c', 4, 1, 1));
        double g = surrogate(1.35 - 1.0);
        assertArrayEquals(new double[] {0, 0, 0.5 * g, g}, dI.reshape(4).toDoubleVector(), 1e-15);
        INDArray dAll = lif.backward(Nd4j.createFromArray(1.0, 1.0, 1.0, 1.0).reshape('c', 4, 1, 1));
        double d3 = g;
        double d2 = surrogate(0.3 - 1.0) + 0.5 * d3;
        double d1 = surrogate(1.1 - 1.0);
        double d0 = surrogate(0.6 - 1.0) + 0.5 * d1;
        assertArrayEquals(new double[] {d0, d1, d2, d3}, dAll.reshape(4).toDoubleVector(), 1e-15);
    }

    @Test
    void linearLeakCarriesTheValueLessTheLeakAndNeverBelowZero() {
        Lif lif = Lif.spiking(2.0);
        assertTrue(Double.isNaN(lif.useLinearLeak(0.25)), "the decay is the default");
        INDArray h = lif.forward(Nd4j.createFromArray(0.6, 0.3, -0.9, 0.5, 1.1, 0.3).reshape('c', 6, 1, 1));
        // h = 0.6; 0.35 + 0.3; 0.4 - 0.9 = -0.5; max(0, -0.75) + 0.5; 0.25 + 1.1 = 1.35 (spike, v = 0); 0 + 0.3
        assertArrayEquals(new double[] {0, 0, 0, 0, 1, 0}, h.reshape(6).toDoubleVector());
        INDArray dI = lif.backward(Nd4j.createFromArray(0.0, 0.0, 0.0, 1.0, 0.0, 0.0).reshape('c', 6, 1, 1));
        double g = surrogate(0.5 - 1.0);
        // v[2] = -0.5 < D cuts the path to steps 0..2
        assertArrayEquals(new double[] {0, 0, 0, g, 0, 0}, dI.reshape(6).toDoubleVector(), 1e-15);
        dI = lif.backward(Nd4j.createFromArray(0.0, 0.0, 1.0, 0.0, 0.0, 0.0).reshape('c', 6, 1, 1));
        double g2 = surrogate(-0.5 - 1.0);
        assertArrayEquals(new double[] {g2, g2, g2, 0, 0, 0}, dI.reshape(6).toDoubleVector(), 1e-15);
        assertEquals(0.25, lif.useLinearLeak(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Lif.readout(2.0).useLinearLeak(0.1));
    }

    @Test
    void spikeAtExactlyTheThreshold() {
        Lif lif = Lif.spiking(1.005);
        INDArray s = lif.forward(Nd4j.createFromArray(1.0, 0.999).reshape('c', 2, 1, 1));
        assertArrayEquals(new double[] {1, 0}, s.reshape(2).toDoubleVector());
    }

    @Test
    void readoutIsTheLeakyIntegralAndItsGradientIsExact() {
        Random rng = new Random(32);
        INDArray current = GradCheck.uniform(rng, -2, 2, 9, 2, 3);
        INDArray r = GradCheck.uniform(rng, -1, 1, 9, 2, 3);
        Lif lif = Lif.readout(1.5);
        INDArray v = lif.forward(current);
        double expected = 0;
        for (int t = 0; t < 9; t++) {
            expected = expected - expected / 1.5 + current.getDouble(t, 1, 2);
            assertEquals(expected, v.getDouble(t, 1, 2), 1e-14);
        }
        INDArray dI = lif.backward(r);
        double err = GradCheck.maxRelativeError(current, dI, () -> GradCheck.dot(lif.forward(current), r), 1e-6, 1e-8);
        System.out.printf("Lif readout grad check: %.2e%n", err);
        assertTrue(err < 1e-6, "relative error " + err);
    }

    @Test
    void worksInFloat() {
        INDArray current = GradCheck.uniform(new Random(33), 0, 1, 5, 2, 2).castTo(DataType.FLOAT);
        Lif lif = Lif.spiking(1.005);
        INDArray s = lif.forward(current);
        assertEquals(DataType.FLOAT, s.dataType());
        assertEquals(DataType.FLOAT, lif.backward(s).dataType());
    }
}
