package org.spikeport.trainer.bench;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spikeport.trainer.DelayNetwork;
import org.spikeport.trainer.Nd4jThreads;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.Trainer;
import org.spikeport.trainer.nn.ReadoutLoss;
import org.spikeport.trainer.optim.Adam;

/**
 * Training throughput: samples per second of one full training step (forward, loss, backward, Adam
 * update, delay clamp) of {@link DelayNetwork} in float32, for a preset at its batch size, on random
 * count inputs with a given density; and a plain float32 gemm of the first layer's per-tap shape on
 * the same run, the machine's matrix-multiply speed.
 *
 * <p>Run from the repository root:
 * <pre>
 *   mvn -B -q -pl trainer -am test-compile dependency:build-classpath \
 *       -Dmdep.outputFile=/tmp/trainer.cp -Dmdep.includeScope=test
 *   java -cp trainer/target/test-classes:trainer/target/classes:core/target/classes:$(cat /tmp/trainer.cp) \
 *       org.spikeport.trainer.bench.TrainingBench shd 100 0.3 5
 * </pre>
 * Arguments: preset, steps per sample, fraction of non-zero input cells, measured batches, the
 * kernel sigma (default the preset's initial {@code Td / 2}) and the recurrent kernels' sigma (default
 * the preset's first epoch's, 10 for the DelRec presets). ND4J's threads are set as {@link Trainer#run} sets
 * them ({@link Nd4jThreads}: {@code -Dspikeport.nd4j.threads=N}, default 1). The optimiser is the trainer's
 * ({@link Trainer#optimizer}) with every group's learning rate positive.
 */
public final class TrainingBench {

    private TrainingBench() {
    }

    public static void main(String[] args) {
        int threads = Nd4jThreads.applyConfigured();
        String preset = args.length > 0 ? args[0] : "shd";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        double density = args.length > 2 ? Double.parseDouble(args[2]) : 0.3;
        int batches = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        TrainConfig c = TrainConfig.preset(preset);
        double sigma = args.length > 4 ? Double.parseDouble(args[4]) : c.sigma0();
        int classes = classes(preset);
        DelayNetwork net = DelayNetwork.create(c, classes, DataType.FLOAT);
        if (args.length > 5) {
            net.setRecurrentSigma(Double.parseDouble(args[5]));
        }
        Adam adam = optimizer(c, net);
        RandomBatch batch = RandomBatch.of(c, classes, steps, density);
        INDArray input = batch.input();
        int[] labels = batch.labels();
        int b = c.batchSize();
        net.setTraining(true);
        step(net, adam, input, labels, sigma);
        long start = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            step(net, adam, input, labels, sigma);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: hidden %s, Td %d, sigma %.2f, recurrent sigma %.2f, batch %d, %d steps, density %.2f, "
                + "%d ND4J threads: %.3f s per batch, %.1f samples/s%n", preset, java.util.Arrays.toString(c.hidden()),
                c.taps(), sigma, net.recurrentSigma(), b, steps, density, threads, seconds / batches,
                batches * b / seconds);
        long rows = (long) (steps + c.maxDelay() / 2) * b;
        int out = c.hidden()[0];
        INDArray a = Nd4j.rand(DataType.FLOAT, rows, c.inputs());
        INDArray w = Nd4j.rand(DataType.FLOAT, out, c.inputs());
        INDArray result = Nd4j.create(DataType.FLOAT, new long[] {rows, out}, 'f');
        Nd4j.gemm(a, w, result, false, true, 1.0, 0.0);
        int reps = 20;
        start = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            Nd4j.gemm(a, w, result, false, true, 1.0, 0.0);
        }
        seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("plain gemm (%d x %d) . (%d x %d)^T: %.1f GFLOP/s%n", rows, c.inputs(), out, c.inputs(),
                2.0 * rows * c.inputs() * out * reps / seconds / 1e9);
    }

    /** Output classes of a preset's dataset: 5 for small, 35 for SSC and GSC, 20 for SHD. */
    static int classes(String preset) {
        return preset.endsWith("ssc") || "gsc".equals(preset) ? 35 : "small".equals(preset) ? 5 : 20;
    }

    /** The trainer's optimiser for {@code net} with learning rate 0.1 for delay groups and 1e-3 for the rest. */
    static Adam optimizer(TrainConfig c, DelayNetwork net) {
        Adam adam = Trainer.optimizer(c, net);
        for (Adam.Group g : adam.groups()) {
            g.lr(g.name().contains("delays") ? 0.1 : 1e-3);
        }
        return adam;
    }

    /**
     * One batch of random counts, {@code (steps, batch, inputs)}: a cell is non-zero with probability
     * {@code density}, then 1 or 2; and a random label per sample. Drawn from seed 1, so every bench sees the same.
     */
    record RandomBatch(INDArray input, int[] labels) {

        static RandomBatch of(TrainConfig c, int classes, int steps, double density) {
            Random r = new Random(1);
            int b = c.batchSize();
            float[] x = new float[steps * b * c.inputs()];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextDouble() < density ? 1 + r.nextInt(2) : 0;
            }
            int[] labels = new int[b];
            for (int i = 0; i < b; i++) {
                labels[i] = r.nextInt(classes);
            }
            return new RandomBatch(Nd4j.create(x, new long[] {steps, b, c.inputs()}, 'c'), labels);
        }
    }

    private static void step(DelayNetwork net, Adam adam, INDArray x, int[] labels, double sigma) {
        net.zeroGrad();
        INDArray v = net.forwardTraining(x, sigma);
        ReadoutLoss.Result res = ReadoutLoss.compute(v, labels, net.decoding(), null);
        net.backward(res.gradient());
        adam.step();
        net.clampDelays();
    }
}
