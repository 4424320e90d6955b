package org.spikeport.trainer.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.spikeport.trainer.DelayNetwork;
import org.spikeport.trainer.Nd4jThreads;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.Trainer;
import org.spikeport.trainer.nn.BatchNormTime;
import org.spikeport.trainer.nn.DclsConv;
import org.spikeport.trainer.nn.Dropout;
import org.spikeport.trainer.nn.Lif;
import org.spikeport.trainer.nn.ReadoutLoss;
import org.spikeport.trainer.optim.Adam;

/**
 * Where the time of one training step goes: the DCLS feed-forward step of {@link TrainingBench} taken
 * apart into its modules ({@link DclsConv}, {@link BatchNormTime}, {@link Lif}, {@link Dropout}, the
 * readout, {@link ReadoutLoss}), built as {@link DelayNetwork} builds a DCLS preset's layers and timed one
 * call at a time, plus the optimiser ({@link Trainer#optimizer} on a {@link DelayNetwork} of the preset:
 * zero the gradients, Adam step, delay clamp). Each convolution's matrix products are also timed alone on
 * arrays of the same shapes (the {@code Td} forward products, and the {@code Td} weight-gradient and
 * {@code Td} input-gradient products backward), so a convolution's time splits into the kernel build,
 * its products and the rest (padding, copies, the kernel gradient's elementwise work). Last, the whole
 * {@link DelayNetwork} step of the same preset, for comparison with the sum of the parts.
 *
 * <p>Run from the repository root (classpath as for {@link TrainingBench}):
 * <pre>
 *   java -cp $CP org.spikeport.trainer.bench.StepProfile shd 100 0.3 3 12
 * </pre>
 * Arguments: preset (a DCLS one), steps per sample, fraction of non-zero input cells, measured steps
 * (after one warm-up), the kernel sigma. Prints milliseconds per step for each part.
 */
public final class StepProfile {

    private final Map<String, Long> nanos = new LinkedHashMap<>();

    private StepProfile() {
    }

    public static void main(String[] args) {
        System.out.println(Nd4jThreads.applyConfigured() + " ND4J threads");
        String preset = args.length > 0 ? args[0] : "shd";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        double density = args.length > 2 ? Double.parseDouble(args[2]) : 0.3;
        int measured = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        TrainConfig c = TrainConfig.preset(preset);
        double sigma = args.length > 4 ? Double.parseDouble(args[4]) : c.sigma0();
        int classes = TrainingBench.classes(preset);
        new StepProfile().run(c, classes, steps, density, measured, sigma);
    }

    private void run(TrainConfig c, int classes, int steps, double density, int measured, double sigma) {
        DataType f = DataType.FLOAT;
        Random rng = new Random(c.seed());
        int[] hidden = c.hidden();
        List<DclsConv> convs = new ArrayList<>();
        List<BatchNormTime> norms = new ArrayList<>();
        List<Lif> lifs = new ArrayList<>();
        List<Dropout> drops = new ArrayList<>();
        int in = c.inputs();
        for (int h : hidden) {
            convs.add(new DclsConv(in, h, c.maxDelay(), f, null, rng));
            norms.add(new BatchNormTime(h, f));
            lifs.add(Lif.spiking(c.tau()));
            drops.add(new Dropout(c.dropout(), new Random(rng.nextLong())));
            in = h;
        }
        convs.get(0).setInputGradientNeeded(false);
        DclsConv readoutConv = new DclsConv(in, classes, c.maxDelay(), f, null, rng);
        Lif readout = Lif.readout(c.tau());
        for (Dropout d : drops) {
            d.setTraining(true);
        }
        for (BatchNormTime n : norms) {
            n.setTraining(true);
        }

        int b = c.batchSize();
        TrainingBench.RandomBatch batch = TrainingBench.RandomBatch.of(c, classes, steps, density);
        INDArray input = batch.input();
        int[] labels = batch.labels();

        DelayNetwork net = DelayNetwork.create(c, classes, f);
        Adam adam = TrainingBench.optimizer(c, net);
        net.setTraining(true);

        for (int rep = 0; rep <= measured; rep++) {
            if (rep == 1) {
                nanos.clear();
            }
            INDArray a = input;
            for (int l = 0; l < hidden.length; l++) {
                DclsConv conv = convs.get(l);
                BatchNormTime norm = norms.get(l);
                Lif lif = lifs.get(l);
                Dropout drop = drops.get(l);
                String p = "layer " + (l + 1) + " ";
                time(p + "kernel build", () -> conv.kernel(sigma, false));
                INDArray in0 = a;
                a = time(p + "conv forward (incl. kernel build)", () -> conv.forward(in0, sigma, false));
                INDArray a1 = a;
                a = time(p + "batchnorm forward", () -> norm.forward(a1));
                INDArray a2 = a;
                a = time(p + "lif forward", () -> lif.forward(a2));
                INDArray a3 = a;
                a = time(p + "dropout forward", () -> drop.forward(a3));
            }
            INDArray a4 = a;
            time("readout kernel build", () -> readoutConv.kernel(sigma, false));
            INDArray cur = time("readout conv forward (incl. kernel build)", () -> readoutConv.forward(a4, sigma, false));
            INDArray v = time("readout lif forward", () -> readout.forward(cur));
            ReadoutLoss.Result res = time("loss", () -> ReadoutLoss.compute(v, labels, net.decoding(), null));
            INDArray g = time("readout lif backward", () -> readout.backward(res.gradient()));
            INDArray g0 = g;
            g = time("readout conv backward", () -> readoutConv.backward(g0));
            for (int l = hidden.length - 1; l >= 0; l--) {
                String p = "layer " + (l + 1) + " ";
                int ll = l;
                INDArray g1 = g;
                g = time(p + "dropout backward", () -> drops.get(ll).backward(g1));
                INDArray g2 = g;
                g = time(p + "lif backward", () -> lifs.get(ll).backward(g2));
                INDArray g3 = g;
                g = time(p + "batchnorm backward", () -> norms.get(ll).backward(g3));
                INDArray g4 = g;
                g = time(p + "conv backward", () -> convs.get(ll).backward(g4));
            }
            for (DclsConv conv : convs) {
                conv.zeroGrad();
            }
            readoutConv.zeroGrad();
            time("optimiser: zero grads", () -> {
                net.zeroGrad();
                return null;
            });
            time("optimiser: Adam step", () -> {
                adam.step();
                return null;
            });
            time("optimiser: delay clamp", () -> {
                net.clampDelays();
                return null;
            });
        }
        Map<String, Long> parts = new LinkedHashMap<>(nanos);

        // The convolutions' matrix products alone, on arrays of the same shapes.
        nanos.clear();
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = c.inputs();
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = classes;
        int taps = c.maxDelay() + 1;
        int t = steps;
        for (int l = 0; l + 1 < sizes.length; l++) {
            String p = l + 2 == sizes.length ? "readout " : "layer " + (l + 1) + " ";
            gemms(p, t, b, sizes[l], sizes[l + 1], taps, l > 0, measured);
            t += (taps - 1) / 2;
        }
        Map<String, Long> gemmParts = new LinkedHashMap<>(nanos);

        // The whole step, as TrainingBench runs it.
        nanos.clear();
        for (int rep = 0; rep <= measured; rep++) {
            if (rep == 1) {
                nanos.clear();
            }
            time("whole DelayNetwork step", () -> {
                net.zeroGrad();
                INDArray out = net.forwardTraining(input, sigma);
                ReadoutLoss.Result res = ReadoutLoss.compute(out, labels, net.decoding(), null);
                net.backward(res.gradient());
                adam.step();
                net.clampDelays();
                return null;
            });
        }

        System.out.printf("%s: hidden %s, Td %d, sigma %.2f, batch %d, %d steps, density %.2f, %d measured steps; "
                + "ms per step%n", c.name(), java.util.Arrays.toString(hidden), taps, sigma, b, steps, density, measured);
        long sum = 0;
        for (Map.Entry<String, Long> e : parts.entrySet()) {
            boolean counted = !e.getKey().contains("kernel build") || e.getKey().contains("incl.");
            if (counted) {
                sum += e.getValue();
            }
            System.out.printf("  %-52s %9.1f%s%n", e.getKey(), e.getValue() / 1e6 / measured,
                    counted ? "" : "  (separate call; also inside the conv forward)");
        }
        System.out.printf("  %-52s %9.1f%n", "sum of the parts", sum / 1e6 / measured);
        for (Map.Entry<String, Long> e : gemmParts.entrySet()) {
            System.out.printf("  %-52s %9.1f%n", e.getKey(), e.getValue() / 1e6 / measured);
        }
        for (Map.Entry<String, Long> e : nanos.entrySet()) {
            System.out.printf("  %-52s %9.1f%n", e.getKey(), e.getValue() / 1e6 / measured);
        }
    }

    /**
     * Times {@code DclsConv}'s matrix products for one layer of {@code steps} input steps: forward
     * {@code Td x (out x in) . (T_out B x in)^T}, backward {@code Td x (T_out B x in)^T . (T_out B x out)}
     * for the kernel gradient and, when {@code inputGradient}, {@code Td x (out x in)^T . (T_out B x out)^T}.
     */
    private void gemms(String p, int steps, int batch, int in, int out, int taps, boolean inputGradient, int reps) {
        int left = taps - 1;
        int padded = steps + left + left / 2;
        int tOut = steps + left / 2;
        INDArray xRows = Nd4j.rand(DataType.FLOAT, (long) padded * batch, in);
        INDArray kernel = Nd4j.rand(DataType.FLOAT, taps, out, in);
        INDArray result = Nd4j.create(DataType.FLOAT, (long) tOut * batch, out);
        INDArray resultT = result.transpose();
        INDArray dI = Nd4j.rand(DataType.FLOAT, (long) tOut * batch, out);
        INDArray dKernel = Nd4j.create(DataType.FLOAT, taps, out, in);
        INDArray dPad = Nd4j.create(DataType.FLOAT, (long) padded * batch, in);
        for (int rep = 0; rep <= reps; rep++) {
            if (rep == 1) {
                nanos.remove(p + "conv forward products only");
                nanos.remove(p + "conv backward products only");
            }
            time(p + "conv forward products only", () -> {
                for (int n = 0; n < taps; n++) {
                    INDArray block = xRows.get(NDArrayIndex.interval((long) n * batch, (long) (n + tOut) * batch),
                            NDArrayIndex.all());
                    Nd4j.gemm(tap(kernel, n), block, resultT, false, true, 1.0, 1.0);
                }
                return null;
            });
            time(p + "conv backward products only", () -> {
                for (int n = 0; n < taps; n++) {
                    INDArray rows = xRows.get(NDArrayIndex.interval((long) n * batch, (long) (n + tOut) * batch),
                            NDArrayIndex.all());
                    Nd4j.gemm(rows, dI, tap(dKernel, n).transpose(), true, false, 1.0, 0.0);
                    if (inputGradient) {
                        INDArray target = dPad.get(NDArrayIndex.interval((long) n * batch, (long) (n + tOut) * batch),
                                NDArrayIndex.all());
                        Nd4j.gemm(tap(kernel, n), dI, target.transpose(), true, true, 1.0, 1.0);
                    }
                }
                return null;
            });
        }
    }

    private static INDArray tap(INDArray kernel, int n) {
        return kernel.get(NDArrayIndex.point(n), NDArrayIndex.all(), NDArrayIndex.all());
    }

    private <T> T time(String name, java.util.function.Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        nanos.merge(name, System.nanoTime() - start, Long::sum);
        return result;
    }
}
