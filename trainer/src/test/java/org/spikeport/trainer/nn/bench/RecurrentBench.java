package org.spikeport.trainer.nn.bench;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.trainer.nn.RecurrentLif;
import org.spikeport.trainer.nn.RecurrentLif.Kernel;
import org.spikeport.trainer.nn.Reset;
import org.spikeport.trainer.nn.Surrogate;

/**
 * Throughput of {@link RecurrentLif} forward + backward in float32 at the {@code delrec-shd} shape
 * (B = 256, N = 256, T steps; delays U[10, 30], hard reset, ATan, recurrent dropout 0.2), for the
 * kernel widths at the start ({@code sigma = 10}), middle ({@code sigma ~ 0.8}) and end
 * ({@code sigma ~ 0.06}) of DelRec's schedule and for the one-hot kernel; SYNAPTIC only at the end
 * width unless asked. The input current is Gaussian (mean 0.3, std 0.5), which gives a few percent of
 * spiking cells per step; the measured rate is printed.
 *
 * <p>Run from the repository root (the class path file lists {@code core/target/classes} and the
 * test-scope jars, slf4j-nop included):
 * <pre>
 *   mvn -B -q -pl trainer -am test-compile dependency:build-classpath \
 *       -Dmdep.outputFile=/tmp/trainer-nn.cp -Dmdep.includeScope=test
 *   java -cp trainer/target/test-classes:trainer/target/classes:$(cat /tmp/trainer-nn.cp) \
 *       org.spikeport.trainer.nn.bench.RecurrentBench [steps] [repeats] [synaptic-all]
 * </pre>
 */
public final class RecurrentBench {

    private RecurrentBench() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean synapticAll = args.length > 2 && Boolean.parseBoolean(args[2]);
        long start = System.nanoTime();
        Nd4j.create(DataType.FLOAT, 1).addi(1);
        System.out.printf("ND4J start-up: %.2f s, backend %s, %d cores%n", (System.nanoTime() - start) / 1e9,
                Nd4j.getBackend().getClass().getSimpleName(), Runtime.getRuntime().availableProcessors());
        int batch = 256;
        int neurons = 256;
        double[] sigmas = {10.0, 10 * Math.pow(0.95, 50), 10 * Math.pow(0.95, 100)};
        for (double sigma : sigmas) {
            run(Recurrence.Kind.AXONAL, Kernel.TRIANGULAR, sigma, steps, batch, neurons, repeats);
        }
        run(Recurrence.Kind.AXONAL, Kernel.ONE_HOT, 0, steps, batch, neurons, repeats);
        for (double sigma : sigmas) {
            if (synapticAll || sigma < 1) {
                run(Recurrence.Kind.SYNAPTIC, Kernel.TRIANGULAR, sigma, steps, batch, neurons, Math.min(repeats, 2));
            }
        }
    }

    private static void run(Recurrence.Kind kind, Kernel kernel, double sigma, int steps, int batch, int neurons,
                            int repeats) {
        RecurrentLif.Options options = new RecurrentLif.Options(neurons, kind, false, 1.05, Reset.ZERO,
                Surrogate.ATAN, 0.2);
        RecurrentLif layer = RecurrentLif.create(options, RecurrentLif.DelayInit.uniform(10, 30), DataType.FLOAT,
                new Random(1));
        Random rng = new Random(2);
        float[] a = new float[steps * batch * neurons];
        float[] g = new float[a.length];
        for (int k = 0; k < a.length; k++) {
            a[k] = (float) (0.3 + 0.5 * rng.nextGaussian());
            g[k] = (float) (rng.nextGaussian() * 1e-3);
        }
        INDArray current = Nd4j.createFromArray(a).reshape('c', steps, batch, neurons);
        INDArray grad = Nd4j.createFromArray(g).reshape('c', steps, batch, neurons);
        INDArray spikes = layer.forward(current, sigma, kernel);
        layer.backward(grad);
        double fwd = Double.MAX_VALUE;
        double bwd = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            layer.forward(current, sigma, kernel);
            long t1 = System.nanoTime();
            layer.backward(grad);
            long t2 = System.nanoTime();
            fwd = Math.min(fwd, (t1 - t0) / 1e9);
            bwd = Math.min(bwd, (t2 - t1) / 1e9);
        }
        double rate = spikes.sumNumber().doubleValue() / spikes.length();
        System.out.printf("%-8s %-10s sigma %5.2f T=%d B=%d N=%d: forward %.3f s, backward %.3f s, "
                        + "%.0f samples/s (spike rate %.3f)%n",
                kind, kernel, sigma, steps, batch, neurons, fwd, bwd, batch / (fwd + bwd), rate);
    }
}
