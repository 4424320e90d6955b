package org.spikeport.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.trainer.nn.RecurrentLif.Kernel;
import org.spikeport.trainer.nn.RecurrentLif.Options;

class RecurrentLifTest {

    private static final double THETA = 1.0;


    private static double surrogateSlope(Surrogate surrogate, double x) {
        if (surrogate == Surrogate.ATAN) {
            double u = Math.PI / 2 * 5.0 * x;
            return 2.5 / (1 + u * u);
        }
        return Math.max(0, 1 - Math.abs(x));
    }

    /** The deployed lag {@code 1 + max(0, round-half-even(d))}, computed with BigDecimal. */
    private static int lag(double d) {
        return 1 + Math.max(0, new BigDecimal(d).setScale(0, RoundingMode.HALF_EVEN).intValueExact());
    }

    /**
     * The recurrent layer as plain scalar loops over (sample, step, neuron, presynaptic neuron, tap),
     * with the kernel evaluated from its formula at every tap {@code n = 1 .. t}. With {@code h0} given,
     * every spike (loss, recurrence, soft reset) is the straight-through smoothed
     * {@code H(h0 - theta) + S(h - theta) - S(h0 - theta)} and the hard reset multiplies by
     * {@code 1 - H(h0 - theta)}; without, spikes are hard. Returns {@code sum(lossWeights * spikes)} and
     * records the trajectory.
     */
    private static final class Reference {
        final int steps;
        final int batch;
        final int n;
        final Options options;
        final double tau;
        final double sigma;
        final boolean oneHot;
        final INDArray a;
        final INDArray w;
        final INDArray d;
        final INDArray p;
        final double[] mask;
        double leak = Double.NaN;
        double[] h;
        double[] s;
        double[] r;

        Reference(Options options, INDArray a, INDArray w, INDArray d, INDArray p, double sigma, boolean oneHot,
                  INDArray mask) {
            this.options = options;
            this.steps = (int) a.size(0);
            this.batch = (int) a.size(1);
            this.n = options.neurons();
            this.tau = options.tau();
            this.sigma = sigma;
            this.oneHot = oneHot;
            this.a = a;
            this.w = w;
            this.d = d;
            this.p = p;
            this.mask = mask == null ? null : mask.dup('c').reshape(mask.length()).toDoubleVector();
        }

        double width(int o) {
            return p == null ? 1 + sigma : 1 + 2 * sigma / (1 + Math.exp(-p.getDouble(o)));
        }

        double delay(int i, int o) {
            return options.delays() == Recurrence.Kind.AXONAL ? d.getDouble(o) : d.getDouble(i, o);
        }

        double kernel(int tap, int i, int o) {
            double dd = delay(i, o);
            if (oneHot) {
                return tap == lag(dd) ? 1 : 0;
            }
            double wo = width(o);
            return Math.max(0, wo - Math.abs(tap - 1 - dd)) / (wo * wo);
        }

        double run(double[] h0, INDArray lossWeights) {
            h = new double[steps * batch * n];
            s = new double[steps * batch * n];
            r = new double[steps * batch * n];
            double beta = 1 - 1 / tau;
            double loss = 0;
            for (int b = 0; b < batch; b++) {
                double[] v = new double[n];
                for (int t = 0; t < steps; t++) {
                    for (int i = 0; i < n; i++) {
                        double rec = 0;
                        for (int o = 0; o < n; o++) {
                            double sum = 0;
                            for (int tap = 1; tap <= t; tap++) {
                                sum += kernel(tap, i, o) * s[((t - tap) * batch + b) * n + o];
                            }
                            rec += w.getDouble(i, o) * sum;
                        }
                        int k = (t * batch + b) * n + i;
                        double m = mask == null ? 1 : mask[b * n + i];
                        double carried = Double.isNaN(leak) ? beta * v[i] : Math.max(0, v[i] - leak);
                        double hk = carried + a.getDouble(t, b, i) + m * rec;
                        double hard = (h0 == null ? hk : h0[k]) >= THETA ? 1 : 0;
                        double spike = h0 == null ? hard
                                : hard + GradCheck.surrogatePrimitive(options.surrogate(), hk - THETA)
                                        - GradCheck.surrogatePrimitive(options.surrogate(), h0[k] - THETA);
                        h[k] = hk;
                        s[k] = spike;
                        r[k] = rec;
                        v[i] = options.reset() == Reset.ZERO ? hk * (1 - hard) : hk - THETA * spike;
                        if (lossWeights != null) {
                            loss += lossWeights.getDouble(t, b, i) * spike;
                        }
                    }
                }
            }
            return loss;
        }
    }

    private static double[] flat(INDArray x) {
        return x.castTo(DataType.DOUBLE).dup('c').reshape(x.length()).toDoubleVector();
    }

    /** The smallest distance of a kernel kink ({@code |n - 1 - d| = 0} or {@code = w}) from a used tap. */
    private static double kinkMargin(Reference ref, boolean oneHot) {
        double margin = Double.MAX_VALUE;
        for (int i = 0; i < ref.n; i++) {
            for (int o = 0; o < ref.n; o++) {
                double dd = ref.delay(i, o);
                if (oneHot) {
                    margin = Math.min(margin, Math.abs(Math.abs(dd - Math.floor(dd)) - 0.5));
                    continue;
                }
                for (int tap = 1; tap < ref.steps; tap++) {
                    double dist = Math.abs(tap - 1 - dd);
                    margin = Math.min(margin, Math.min(dist, Math.abs(dist - ref.width(o))));
                }
            }
        }
        return margin;
    }

    static Stream<Arguments> allOptions() {
        List<Arguments> list = new ArrayList<>();
        for (Recurrence.Kind kind : Recurrence.Kind.values()) {
            for (boolean learned : new boolean[] {false, true}) {
                for (Reset reset : Reset.values()) {
                    for (Surrogate surrogate : Surrogate.values()) {
                        list.add(Arguments.of(kind, learned, reset, surrogate));
                    }
                }
            }
        }
        return list.stream();
    }

    private static RecurrentLif smallLayer(Options options, Random rng) {
        int n = options.neurons();
        INDArray w = GradCheck.uniform(rng, -0.9, 0.9, n, n);
        INDArray d = options.delays() == Recurrence.Kind.AXONAL ? GradCheck.uniform(rng, 0.15, 4.6, n)
                : GradCheck.uniform(rng, 0.15, 4.6, n, n);
        INDArray p = options.learnedWidth() ? GradCheck.uniform(rng, -1.5, 1.5, n) : null;
        return RecurrentLif.of(options, w, d, p, DataType.DOUBLE, rng);
    }

    /**
     * Surrogate BPTT against central differences of the straight-through reference, for W, d, p and
     * the input, with recurrent dropout, for every kind, width, reset and surrogate.
     */
    @ParameterizedTest
    @MethodSource("allOptions")
    void bpttMatchesFiniteDifferencesOfTheStraightThroughReference(Recurrence.Kind kind, boolean learnedWidth, Reset reset,
                                                                   Surrogate surrogate) {
        Options options = new Options(4, kind, learnedWidth, 2.0, reset, surrogate, 0.3);
        double worst = gradientCheck(options, Kernel.TRIANGULAR, 0.6, 61, Double.NaN);
        assertTrue(worst < 1e-6, "worst relative error " + worst);
    }

    static Stream<Arguments> kindsAndResets() {
        List<Arguments> list = new ArrayList<>();
        for (Recurrence.Kind kind : Recurrence.Kind.values()) {
            for (Reset reset : Reset.values()) {
                list.add(Arguments.of(kind, reset));
            }
        }
        return list.stream();
    }

    /** The same check with a linear leak {@code D = 0.2} in place of the decay. */
    @ParameterizedTest
    @MethodSource("kindsAndResets")
    void linearLeakBpttMatchesFiniteDifferencesOfTheStraightThroughReference(Recurrence.Kind kind, Reset reset) {
        Options options = new Options(4, kind, false, 2.0, reset, Surrogate.ATAN, 0.3);
        double worst = gradientCheck(options, Kernel.TRIANGULAR, 0.6, 81, 0.2);
        assertTrue(worst < 1e-6, "worst relative error " + worst);
    }

    @Test
    void linearLeakCarriesTheValueLessTheLeakAndNeverBelowZero() {
        Options options = new Options(1, Recurrence.Kind.AXONAL, false, 2.0, Reset.ZERO, Surrogate.ATAN, 0);
        RecurrentLif layer = RecurrentLif.of(options, Nd4j.zeros(DataType.DOUBLE, 1, 1),
                Nd4j.zeros(DataType.DOUBLE, 1), null, DataType.DOUBLE, new Random(1));
        assertTrue(Double.isNaN(layer.useLinearLeak(0.25)), "the decay is the default");
        INDArray a = Nd4j.createFromArray(0.6, 0.3, -0.9, 0.5, 1.1).reshape('c', 5, 1, 1);
        layer.forward(a, 0, Kernel.ONE_HOT);
        // h = 0.6; 0.35 + 0.3 = 0.65; 0.4 - 0.9 = -0.5; max(0, -0.75) + 0.5 = 0.5; 0.25 + 1.1 = 1.35 (spike)
        assertArrayEquals(new double[] {0.6, 0.65, -0.5, 0.5, 1.35}, flat(layer.potential()), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> layer.useLinearLeak(-0.1));
    }

    @ParameterizedTest
    @EnumSource(Recurrence.Kind.class)
    void oneHotBpttMatchesFiniteDifferencesForWeightsAndInput(Recurrence.Kind kind) {
        Options options = new Options(4, kind, false, 1.5, Reset.SUBTRACT, Surrogate.ATAN, 0.3);
        double worst = gradientCheck(options, Kernel.ONE_HOT, 0, 62 + 10 * kind.ordinal(), Double.NaN);
        assertTrue(worst < 1e-6, "worst relative error " + worst);
    }

    private double gradientCheck(Options options, Kernel kernel, double sigma, long seed, double leak) {
        Random rng = new Random(seed);
        RecurrentLif layer = smallLayer(options, rng);
        layer.useLinearLeak(leak);
        INDArray a = GradCheck.uniform(rng, -0.3, 1.1, 14, 2, 4);
        INDArray lossWeights = GradCheck.uniform(rng, -1, 1, 14, 2, 4);
        INDArray spikes = layer.forward(a, sigma, kernel);
        INDArray mask = layer.recurrentMask();
        int dropped = 0;
        for (double x : flat(mask)) {
            dropped += x == 0 ? 1 : 0;
        }
        assertTrue(dropped > 0 && dropped < mask.length(), "the mask must drop some and keep some recurrent inputs");
        double[] h0 = flat(layer.potential());
        Reference ref = new Reference(options, a, layer.weight(), layer.delay(), layer.widthParam(), sigma,
                kernel == Kernel.ONE_HOT, mask);
        ref.leak = leak;
        double margin = kinkMargin(ref, kernel == Kernel.ONE_HOT);
        assertTrue(margin > 1e-3, "a delay sits within " + margin + " of a kernel kink");

        ref.run(null, null);
        double[] ours = flat(spikes);
        int count = 0;
        int recurrent = 0;
        for (int k = 0; k < h0.length; k++) {
            assertEquals(ref.h[k], h0[k], 1e-12, "potential " + k);
            assertEquals(ref.s[k], ours[k], "spike " + k);
            assertTrue(Math.abs(h0[k] - THETA) > 1e-6, "a potential sits on the threshold");
            assertTrue(Double.isNaN(leak) || Math.abs(h0[k] - leak) > 1e-6 && Math.abs(h0[k] - THETA - leak) > 1e-6,
                    "a potential sits on the leak's kink");
            count += ours[k] > 0 ? 1 : 0;
            recurrent += Math.abs(ref.r[k]) > 0.05 ? 1 : 0;
        }
        assertTrue(count > h0.length / 10 && count < h0.length * 7 / 10, "spikes: " + count + " of " + h0.length);
        assertTrue(recurrent > h0.length / 5, "recurrent input above 0.05 at only " + recurrent + " cells");

        layer.fixRecurrentMask(mask);
        assertEquals(spikes, layer.forward(a, sigma, kernel), "the fixed mask gives the same forward");
        layer.zeroGrad();
        INDArray da = layer.backward(lossWeights);

        DoubleSupplier loss = () -> ref.run(h0, lossWeights);
        assertEquals(GradCheck.dot(spikes, lossWeights), loss.getAsDouble(), 1e-12, "reference at the base point");
        double h = 1e-6;
        double floor = 1e-8;
        double errA = GradCheck.maxRelativeError(a, da, loss, h, floor);
        double errW = GradCheck.maxRelativeError(layer.weight(), layer.weightGrad(), loss, h, floor);
        double worst = Math.max(errA, errW);
        String line = String.format("%s %s %s/%s %s: da %.1e  dW %.1e", options.delays(),
                options.learnedWidth() ? "learned-width" : "fixed-width", options.reset(), options.surrogate(), kernel,
                errA, errW);
        if (kernel == Kernel.TRIANGULAR) {
            double errD = GradCheck.maxRelativeError(layer.delay(), layer.delayGrad(), loss, h, floor);
            assertTrue(layer.delayGrad().norm2Number().doubleValue() > 1e-3, "delay gradient is not trivial");
            worst = Math.max(worst, errD);
            line += String.format("  dd %.1e", errD);
            if (options.learnedWidth()) {
                double errP = GradCheck.maxRelativeError(layer.widthParam(), layer.widthParamGrad(), loss, h, floor);
                assertTrue(layer.widthParamGrad().norm2Number().doubleValue() > 1e-4, "width gradient is not trivial");
                worst = Math.max(worst, errP);
                line += String.format("  dp %.1e", errP);
            }
        } else {
            assertEquals(0.0, layer.delayGrad().norm2Number().doubleValue(), 0, "no delay gradient for ONE_HOT");
        }
        System.out.printf("RecurrentLif grad check %s (%d spikes)%n", line, count);
        return worst;
    }

    @Test
    void handComputedAxonalForwardWithTriangleAndOneHotKernels() {
        Options options = new Options(1, Recurrence.Kind.AXONAL, false, 2.0, Reset.ZERO, Surrogate.ATAN, 0);
        INDArray w = Nd4j.createFromArray(new double[][] {{0.8}});
        RecurrentLif layer = RecurrentLif.of(options, w, Nd4j.createFromArray(0.5), null, DataType.DOUBLE, new Random(1));
        INDArray a = Nd4j.createFromArray(1.2, 0, 0, 0, 0.95, 0).reshape('c', 6, 1, 1);
        // sigma 0: w = 1, centre 1.5 -> k[1] = k[2] = 0.5; recurrent input 0.8 * 0.5 at t + 1 and t + 2.
        INDArray s = layer.forward(a, 0.0, Kernel.TRIANGULAR);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, flat(s));
        assertArrayEquals(new double[] {1.2, 0.4, 0.2 + 0.4, 0.3, 0.15 + 0.95, 0.4}, flat(layer.potential()), 1e-15);
        // ONE_HOT: rint(0.5) = 0 (half to even), lag 1.
        s = layer.forward(a, 0.0, Kernel.ONE_HOT);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, flat(s));
        assertArrayEquals(new double[] {1.2, 0.8, 0.4, 0.2, 0.1 + 0.95, 0.8}, flat(layer.potential()), 1e-15);
        // d = 1.5 rounds to 2 (half to even): lag 3.
        layer.delay().assign(1.5);
        layer.forward(a, 0.0, Kernel.ONE_HOT);
        assertArrayEquals(new double[] {1.2, 0, 0, 0.8, 0.4 + 0.95, 0}, flat(layer.potential()), 1e-15);
        assertArrayEquals(new int[] {3}, layer.deployedLags());
    }

    @Test
    void handComputedSynapticForwardDropsTapZero() {
        Options options = new Options(2, Recurrence.Kind.SYNAPTIC, false, 2.0, Reset.ZERO, Surrogate.ATAN, 0);
        INDArray w = Nd4j.createFromArray(new double[][] {{0, 0.7}, {0.9, 0}});
        INDArray d = Nd4j.createFromArray(new double[][] {{3.0, 1.2}, {0.4, 2.0}});
        RecurrentLif layer = RecurrentLif.of(options, w, d, null, DataType.DOUBLE, new Random(2));
        INDArray a = Nd4j.create(DataType.DOUBLE, 6, 1, 2);
        a.putScalar(new long[] {0, 0, 0}, 1.5);
        for (int t = 0; t < 6; t++) {
            a.putScalar(new long[] {t, 0, 1}, 0.3);
        }
        // sigma 0.5: w = 1.5, w^2 = 2.25. Synapse 1 <- 0 (d 0.4, centre 1.4): taps 1, 2 with 1.1/2.25 and
        // 0.9/2.25 (tap 0 would carry 0.1/2.25). Synapse 0 <- 1 (d 1.2, centre 2.2): taps 1, 2, 3 with
        // 0.3/2.25, 1.3/2.25, 0.7/2.25.
        INDArray s = layer.forward(a, 0.5, Kernel.TRIANGULAR);
        double h1t1 = 0.15 + 0.3 + 0.9 * 1.1 / 2.25;
        double h1t2 = 0.5 * h1t1 + 0.3 + 0.9 * 0.9 / 2.25;
        assertTrue(h1t1 < 1 && h1t2 >= 1);
        double h0t3 = 0.7 * 0.3 / 2.25;
        double h0t4 = 0.5 * h0t3 + 0.7 * 1.3 / 2.25;
        double h0t5 = 0.5 * h0t4 + 0.7 * 0.7 / 2.25;
        double[] expectedH = {1.5, 0.3, 0, h1t1, 0, h1t2, h0t3, 0.3, h0t4, 0.45, h0t5, 0.525};
        assertArrayEquals(expectedH, flat(layer.potential()), 1e-15);
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, flat(s));
        // ONE_HOT: synapse 1 <- 0 has lag 1, synapse 0 <- 1 lag 2.
        layer.forward(a, 0.5, Kernel.ONE_HOT);
        double[] h = flat(layer.potential());
        assertEquals(0.15 + 0.3 + 0.9, h[3], 1e-15, "neuron 1 spikes at t = 1");
        assertEquals(0.7, h[6], 1e-15, "and neuron 0 receives it at t = 3");
    }

    @Test
    void tapZeroIsNeverUsedEvenWhereTheTriangleCoversIt() {
        // tau 1: no memory, so h[t] = a[t] + r[t]. d = 0, sigma 2: w = 3, centre 1; the formula gives
        // k[0] = 2/9 but only taps 1, 2, 3 (3/9, 2/9, 1/9) are used.
        for (Recurrence.Kind kind : Recurrence.Kind.values()) {
            Options options = new Options(1, kind, false, 1.0, Reset.ZERO, Surrogate.ATAN, 0);
            INDArray d = kind == Recurrence.Kind.AXONAL ? Nd4j.createFromArray(0.0) : Nd4j.createFromArray(new double[][] {{0.0}});
            RecurrentLif layer = RecurrentLif.of(options, Nd4j.createFromArray(new double[][] {{1.0}}), d, null,
                    DataType.DOUBLE, new Random(3));
            INDArray a = Nd4j.createFromArray(1.5, 0, 0, 0, 0).reshape('c', 5, 1, 1);
            layer.forward(a, 2.0, Kernel.TRIANGULAR);
            assertArrayEquals(new double[] {1.5, 3 / 9.0, 2 / 9.0, 1 / 9.0, 0}, flat(layer.potential()), 1e-15, kind.name());
        }
    }

    @ParameterizedTest
    @EnumSource(Recurrence.Kind.class)
    void oneHotForwardIsAPlainDelayedSum(Recurrence.Kind kind) {
        Random rng = new Random(4);
        int n = 5;
        int steps = 30;
        int batch = 3;
        Options options = new Options(n, kind, false, 1.8, Reset.SUBTRACT, Surrogate.TRIANGLE, 0);
        INDArray w = GradCheck.uniform(rng, -0.6, 0.9, n, n);
        double[] dv = new double[kind == Recurrence.Kind.AXONAL ? n : n * n];
        for (int k = 0; k < dv.length; k++) {
            dv[k] = k % 4 == 0 ? (k % 8) / 2.0 + 0.5 : 6 * rng.nextDouble();
        }
        INDArray d = kind == Recurrence.Kind.AXONAL ? Nd4j.createFromArray(dv) : Nd4j.createFromArray(dv).reshape('c', n, n);
        RecurrentLif layer = RecurrentLif.of(options, w, d, null, DataType.DOUBLE, rng);
        INDArray a = GradCheck.uniform(rng, -0.2, 1.2, steps, batch, n);
        INDArray s = layer.forward(a, 0.0, Kernel.ONE_HOT);
        double[] h = flat(layer.potential());
        double[] spikes = flat(s);
        double beta = 1 - 1 / 1.8;
        double[] expectedH = new double[h.length];
        double[] expectedS = new double[h.length];
        for (int b = 0; b < batch; b++) {
            double[] v = new double[n];
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < n; i++) {
                    double rec = 0;
                    for (int o = 0; o < n; o++) {
                        int lag = lag(kind == Recurrence.Kind.AXONAL ? dv[o] : dv[i * n + o]);
                        if (t - lag >= 0) {
                            rec += w.getDouble(i, o) * expectedS[((t - lag) * batch + b) * n + o];
                        }
                    }
                    int k = (t * batch + b) * n + i;
                    expectedH[k] = beta * v[i] + a.getDouble(t, b, i) + rec;
                    expectedS[k] = expectedH[k] >= 1 ? 1 : 0;
                    v[i] = expectedH[k] - expectedS[k];
                }
            }
        }
        assertArrayEquals(expectedS, spikes);
        assertArrayEquals(expectedH, h, 1e-12);
        double total = 0;
        for (double x : spikes) {
            total += x;
        }
        assertTrue(total > 40, "spikes: " + total);
    }

    @Test
    void dropoutMaskIsFixedOverTimeAndAbsentInEvaluation() {
        // tau 1, lag 1, W = 0.5 I and a = 1: every neuron spikes every step, so h[t] = 1 + 0.5 m for t >= 1.
        int n = 6;
        int batch = 5;
        Options options = new Options(n, Recurrence.Kind.AXONAL, false, 1.0, Reset.ZERO, Surrogate.ATAN, 0.5);
        RecurrentLif layer = RecurrentLif.of(options, Nd4j.eye(n).castTo(DataType.DOUBLE).muli(0.5),
                Nd4j.zeros(DataType.DOUBLE, n), null, DataType.DOUBLE, new Random(5));
        INDArray a = Nd4j.ones(DataType.DOUBLE, 7, batch, n);
        layer.forward(a, 0.0, Kernel.ONE_HOT);
        double[] m = flat(layer.recurrentMask());
        double[] h = flat(layer.potential());
        int dropped = 0;
        for (int k = 0; k < m.length; k++) {
            assertTrue(m[k] == 0 || m[k] == 2, "scale is 0 or 1 / (1 - p)");
            dropped += m[k] == 0 ? 1 : 0;
            assertEquals(1.0, h[k], 0);
            for (int t = 1; t < 7; t++) {
                assertEquals(1 + 0.5 * m[k], h[t * m.length + k], 1e-15, "step " + t + " cell " + k);
            }
        }
        assertTrue(dropped > 5 && dropped < 25, "about half of 30 dropped, got " + dropped);
        layer.forward(a, 0.0, Kernel.ONE_HOT);
        assertNotEquals(layer.recurrentMask(), Nd4j.createFromArray(m).reshape('c', batch, n), "a new mask per forward");

        layer.setTraining(false);
        layer.forward(a, 0.0, Kernel.ONE_HOT);
        assertNull(layer.recurrentMask());
        h = flat(layer.potential());
        for (int k = m.length; k < h.length; k++) {
            assertEquals(1.5, h[k], 1e-15, "evaluation: m = 1");
        }
    }

    @Test
    void aFixedMaskIsReusedUntilReleased() {
        Options options = new Options(8, Recurrence.Kind.AXONAL, false, 2.0, Reset.ZERO, Surrogate.ATAN, 0.4);
        RecurrentLif layer = RecurrentLif.create(options, RecurrentLif.DelayInit.uniform(0, 3), DataType.DOUBLE,
                new Random(6));
        INDArray a = GradCheck.uniform(new Random(7), 0, 1.2, 20, 4, 8);
        INDArray s1 = layer.forward(a, 1.0, Kernel.TRIANGULAR);
        INDArray mask = layer.recurrentMask();
        layer.fixRecurrentMask(mask);
        assertEquals(s1, layer.forward(a, 1.0, Kernel.TRIANGULAR));
        assertEquals(mask, layer.recurrentMask());
        layer.fixRecurrentMask(null);
        layer.forward(a, 1.0, Kernel.TRIANGULAR);
        assertNotEquals(mask, layer.recurrentMask());
        assertThrows(IllegalArgumentException.class, () -> layer.fixRecurrentMask(Nd4j.ones(DataType.DOUBLE, 4, 7)));
        layer.fixRecurrentMask(Nd4j.ones(DataType.DOUBLE, 3, 8));
        assertThrows(IllegalStateException.class, () -> layer.forward(a, 1.0, Kernel.TRIANGULAR));
    }

    @ParameterizedTest
    @EnumSource(Recurrence.Kind.class)
    void floatRunsAreDeterministicAndAgreeWithDouble(Recurrence.Kind kind) {
        Options options = new Options(24, kind, true, 2.0, Reset.SUBTRACT, Surrogate.TRIANGLE, 0.2);
        INDArray a = GradCheck.uniform(new Random(8), -0.2, 1.0, 30, 6, 24);
        INDArray g = GradCheck.uniform(new Random(9), -1, 1, 30, 6, 24);
        List<double[]> first = null;
        for (int run = 0; run < 2; run++) {
            RecurrentLif layer = RecurrentLif.create(options, RecurrentLif.DelayInit.halfNormal(4), DataType.FLOAT,
                    new Random(10));
            layer.widthParam().assign(GradCheck.uniform(new Random(11), -1, 1, 24).castTo(DataType.FLOAT));
            INDArray s = layer.forward(a.castTo(DataType.FLOAT), 2.0, Kernel.TRIANGULAR);
            INDArray da = layer.backward(g.castTo(DataType.FLOAT));
            assertEquals(DataType.FLOAT, s.dataType());
            assertEquals(DataType.FLOAT, da.dataType());
            assertEquals(DataType.FLOAT, layer.weightGrad().dataType());
            List<double[]> out = List.of(flat(s), flat(layer.potential()), flat(da), flat(layer.weightGrad()),
                    flat(layer.delayGrad()), flat(layer.widthParamGrad()));
            if (first == null) {
                first = out;
            } else {
                for (int k = 0; k < out.size(); k++) {
                    assertArrayEquals(first.get(k), out.get(k), "float run " + k + " is bit-identical");
                }
            }
        }
        RecurrentLif exact = RecurrentLif.create(options, RecurrentLif.DelayInit.halfNormal(4), DataType.DOUBLE,
                new Random(10));
        exact.widthParam().assign(GradCheck.uniform(new Random(11), -1, 1, 24));
        INDArray s = exact.forward(a, 2.0, Kernel.TRIANGULAR);
        double[] h = flat(exact.potential());
        for (double x : h) {
            assertTrue(Math.abs(x - THETA) > 1e-4, "no potential near the threshold");
        }
        assertArrayEquals(flat(s), first.get(0), "float and double spike alike");
        assertArrayEquals(h, first.get(1), 1e-5);
        INDArray da = exact.backward(g);
        assertClose(flat(da), first.get(2), 1e-4, "da");
        assertClose(flat(exact.weightGrad()), first.get(3), 1e-4, "dW");
        assertClose(flat(exact.delayGrad()), first.get(4), 1e-4, "dd");
        assertClose(flat(exact.widthParamGrad()), first.get(5), 1e-4, "dp");
    }

    private static void assertClose(double[] expected, double[] actual, double relative, String what) {
        double scale = 0;
        for (double x : expected) {
            scale = Math.max(scale, Math.abs(x));
        }
        assertTrue(scale > 0, what + " is all zero");
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], relative * scale, what + "[" + k + "]");
        }
    }

    @Test
    void orthogonalInitIsTheQFactorWithPositiveDiagonalR() {
        int n = 7;
        Options options = new Options(n, Recurrence.Kind.AXONAL, false, 2.0, Reset.ZERO, Surrogate.ATAN, 0);
        RecurrentLif layer = RecurrentLif.create(options, RecurrentLif.DelayInit.uniform(10, 30), DataType.DOUBLE,
                new Random(12));
        Random replay = new Random(12);
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                g[i][j] = replay.nextGaussian();
            }
        }
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                q[i][j] = layer.weight().getDouble(i, j);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double qtq = 0;
                double qtg = 0;
                for (int k = 0; k < n; k++) {
                    qtq += q[k][i] * q[k][j];
                    qtg += q[k][i] * g[k][j];
                }
                assertEquals(i == j ? 1 : 0, qtq, 1e-13, "Q^T Q = I at " + i + "," + j);
                if (i > j) {
                    assertEquals(0, qtg, 1e-12, "R = Q^T G is upper triangular at " + i + "," + j);
                }
                if (i == j) {
                    assertTrue(qtg > 0, "R has a positive diagonal at " + i);
                }
            }
        }
        for (int o = 0; o < n; o++) {
            assertEquals(10 + 20 * replay.nextDouble(), layer.delay().getDouble(o), 1e-12, "delays drawn after W");
        }
        assertNull(layer.widthParam());
    }

    @Test
    void delayInitialisationAndInPlaceRoundingAndClamping() {
        Options synaptic = new Options(30, Recurrence.Kind.SYNAPTIC, true, 2.0, Reset.SUBTRACT, Surrogate.TRIANGLE, 0.3);
        RecurrentLif layer = RecurrentLif.create(synaptic, RecurrentLif.DelayInit.halfNormal(12), DataType.FLOAT,
                new Random(13));
        assertArrayEquals(new long[] {30, 30}, layer.delay().shape());
        double[] d = flat(layer.delay());
        double mean = 0;
        for (double x : d) {
            assertTrue(x >= 0);
            mean += x / d.length;
        }
        assertEquals(12 * Math.sqrt(2 / Math.PI), mean, 1.0, "half-normal mean std sqrt(2/pi)");
        assertEquals(0.0, layer.widthParam().norm2Number().doubleValue(), 0);

        Options axonal = new Options(6, Recurrence.Kind.AXONAL, false, 2.0, Reset.ZERO, Surrogate.ATAN, 0);
        RecurrentLif small = RecurrentLif.of(axonal, Nd4j.eye(6).castTo(DataType.FLOAT),
                Nd4j.createFromArray(-0.7, 0.5, 1.5, 2.5, 2.51, 7.2), null, DataType.FLOAT, new Random(14));
        assertArrayEquals(new int[] {1, 1, 3, 3, 4, 8}, small.deployedLags());
        small.clampDelays();
        assertArrayEquals(new double[] {0, 0.5, 1.5, 2.5, 2.51, 7.2}, flat(small.delay()), 1e-6);
        small.delay().putScalar(0, -0.7);
        small.roundDelaysInPlace();
        assertArrayEquals(new double[] {0, 0, 2, 2, 3, 7}, flat(small.delay()), 0);
        assertEquals(DataType.FLOAT, small.delay().dataType());
    }

    @Test
    void rejectsInconsistentParameters() {
        Options learned = new Options(3, Recurrence.Kind.AXONAL, true, 2.0, Reset.ZERO, Surrogate.ATAN, 0);
        INDArray w = Nd4j.zeros(DataType.DOUBLE, 3, 3);
        assertThrows(IllegalArgumentException.class,
                () -> RecurrentLif.of(learned, w, Nd4j.zeros(DataType.DOUBLE, 3), null, DataType.DOUBLE, new Random()));
        Options synaptic = new Options(3, Recurrence.Kind.SYNAPTIC, false, 2.0, Reset.ZERO, Surrogate.ATAN, 0);
        assertThrows(IllegalArgumentException.class,
                () -> RecurrentLif.of(synaptic, w, Nd4j.zeros(DataType.DOUBLE, 3), null, DataType.DOUBLE, new Random()));
        assertThrows(IllegalArgumentException.class, () -> new Options(3, Recurrence.Kind.AXONAL, false, 0.5, Reset.ZERO,
                Surrogate.ATAN, 0));
        assertThrows(IllegalArgumentException.class, () -> new Options(3, Recurrence.Kind.AXONAL, false, 2, Reset.ZERO,
                Surrogate.ATAN, 1.0));
        RecurrentLif layer = RecurrentLif.of(synaptic, w, w, null, DataType.DOUBLE, new Random());
        assertThrows(IllegalArgumentException.class, () -> layer.forward(Nd4j.zeros(DataType.FLOAT, 4, 1, 3), 1,
                Kernel.TRIANGULAR));
        assertThrows(IllegalArgumentException.class, () -> layer.forward(Nd4j.zeros(DataType.DOUBLE, 4, 1, 3), -1,
                Kernel.TRIANGULAR));
        assertThrows(IllegalStateException.class, () -> layer.backward(Nd4j.zeros(DataType.DOUBLE, 4, 1, 3)));
        assertThrows(IllegalArgumentException.class, () -> layer.forward(Nd4j.zeros(DataType.DOUBLE, 0, 1, 3), 1,
                Kernel.TRIANGULAR));
        layer.forward(Nd4j.zeros(DataType.DOUBLE, 4, 2, 3), 1, Kernel.TRIANGULAR);
        assertThrows(IllegalArgumentException.class, () -> layer.backward(Nd4j.zeros(DataType.DOUBLE, 4, 1, 3)));
        assertThrows(IllegalArgumentException.class, () -> layer.backward(Nd4j.zeros(DataType.FLOAT, 4, 2, 3)));
    }
}
