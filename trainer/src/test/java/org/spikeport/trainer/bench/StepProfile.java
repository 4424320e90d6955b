package org.spikeport.trainer.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 * zero the gradients, Adam step, delay clamp). The kernel build is also timed as a separate call (it is
 * part of the convolution's forward). For comparison, each convolution's forward and backward are timed
 * again with the direct products ({@link DclsConv.Products#DIRECT}, {@code Td} matrix products per pass)
 * on the same input and output gradient. Last, the whole {@link DelayNetwork} step of the same preset, for
 * comparison with the sum of the parts.
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

        INDArray[] convInputs = new INDArray[hidden.length + 1];
        INDArray[] convGradients = new INDArray[hidden.length + 1];
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
                convInputs[l] = in0;
                a = time(p + "conv forward (incl. kernel build)", () -> conv.forward(in0, sigma, false));
                INDArray a1 = a;
                a = time(p + "batchnorm forward", () -> norm.forward(a1));
                INDArray a2 = a;
                a = time(p + "lif forward", () -> lif.forward(a2));
                INDArray a3 = a;
                a = time(p + "dropout forward", () -> drop.forward(a3));
            }
            INDArray a4 = a;
            convInputs[hidden.length] = a4;
            time("readout kernel build", () -> readoutConv.kernel(sigma, false));
            INDArray cur = time("readout conv forward (incl. kernel build)", () -> readoutConv.forward(a4, sigma, false));
            INDArray v = time("readout lif forward", () -> readout.forward(cur));
            ReadoutLoss.Result res = time("loss", () -> ReadoutLoss.compute(v, labels, net.decoding(), null));
            INDArray g = time("readout lif backward", () -> readout.backward(res.gradient()));
            INDArray g0 = g;
            convGradients[hidden.length] = g0;
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
                convGradients[ll] = g4;
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

        // The convolutions again with the direct products, on the same inputs and output gradients.
        nanos.clear();
        List<DclsConv> all = new ArrayList<>(convs);
        all.add(readoutConv);
        for (int l = 0; l < all.size(); l++) {
            DclsConv conv = all.get(l);
            String p = l == hidden.length ? "readout " : "layer " + (l + 1) + " ";
            INDArray x = convInputs[l];
            INDArray dy = convGradients[l];
            conv.setProducts(DclsConv.Products.DIRECT);
            for (int rep = 0; rep <= measured; rep++) {
                if (rep == 1) {
                    nanos.remove(p + "conv forward, direct products");
                    nanos.remove(p + "conv backward, direct products");
                }
                time(p + "conv forward, direct products", () -> conv.forward(x, sigma, false));
                time(p + "conv backward, direct products", () -> conv.backward(dy));
            }
            conv.setProducts(DclsConv.Products.AUTO);
            conv.zeroGrad();
        }
        Map<String, Long> directParts = new LinkedHashMap<>(nanos);

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
                + "ms per step%n", c.name(), java.util.Arrays.toString(hidden), c.maxDelay() + 1, sigma, b, steps, density, measured);
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
        for (Map.Entry<String, Long> e : directParts.entrySet()) {
            System.out.printf("  %-52s %9.1f%n", e.getKey(), e.getValue() / 1e6 / measured);
        }
        for (Map.Entry<String, Long> e : nanos.entrySet()) {
            System.out.printf("  %-52s %9.1f%n", e.getKey(), e.getValue() / 1e6 / measured);
        }
    }

    private <T> T time(String name, java.util.function.Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        nanos.merge(name, System.nanoTime() - start, Long::sum);
        return result;
    }
}
