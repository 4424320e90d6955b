package org.spikeport.trainer.nn.bench;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spikeport.trainer.nn.DclsConv;

/**
 * Throughput of {@link DclsConv} forward + backward (input gradient included) in float32 for the SHD
 * shapes (B = 256, T = 100, Td = 25; 140 -> 256 and 256 -> 256), and of one plain ND4J gemm with the
 * dimensions of a single tap's product, on the same run. FLOPs counted: {@code 2 M N K} per matrix
 * product, {@code Td} products forward and {@code 2 Td} backward, with {@code M = T_out B}.
 *
 * <p>Run from the repository root (the class path file lists {@code core/target/classes} and the
 * test-scope jars, slf4j-nop included):
 * <pre>
 *   mvn -B -q -pl trainer -am test-compile dependency:build-classpath \
 *       -Dmdep.outputFile=/tmp/trainer-nn.cp -Dmdep.includeScope=test
 *   java -cp trainer/target/test-classes:trainer/target/classes:$(cat /tmp/trainer-nn.cp) \
 *       org.spikeport.trainer.nn.bench.ConvBench [repeats]
 * </pre>
 */
public final class ConvBench {

    private ConvBench() {
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long start = System.nanoTime();
        Nd4j.create(DataType.FLOAT, 1).addi(1);
        System.out.printf("ND4J start-up: %.2f s, backend %s%n", (System.nanoTime() - start) / 1e9,
                Nd4j.getBackend().getClass().getSimpleName());
        int batch = 256;
        int steps = 100;
        int taps = 25;
        conv(140, 256, batch, steps, taps, repeats);
        conv(256, 256, batch, steps, taps, repeats);
        gemm(256, 140, (steps + (taps - 1) / 2) * batch, repeats);
        gemm(256, 256, (steps + (taps - 1) / 2) * batch, repeats);
    }

    private static void conv(int in, int out, int batch, int steps, int taps, int repeats) {
        Random rng = new Random(1);
        DclsConv conv = new DclsConv(in, out, taps - 1, DataType.FLOAT, null, rng);
        INDArray x = Nd4j.rand(DataType.FLOAT, steps, batch, in);
        INDArray grad = Nd4j.rand(DataType.FLOAT, steps + (taps - 1) / 2, batch, out);
        long m = (long) (steps + (taps - 1) / 2) * batch;
        double flopsForward = 2.0 * m * in * out * taps;
        double flopsBackward = 2 * flopsForward;
        conv.forward(x, 3.0, false);
        conv.backward(grad);
        double fwd = Double.MAX_VALUE;
        double bwd = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            conv.forward(x, 3.0, false);
            long t1 = System.nanoTime();
            conv.backward(grad);
            long t2 = System.nanoTime();
            fwd = Math.min(fwd, (t1 - t0) / 1e9);
            bwd = Math.min(bwd, (t2 - t1) / 1e9);
        }
        System.out.printf("DclsConv %d->%d B=%d T=%d Td=%d: forward %.3f s (%.1f GFLOP/s), backward %.3f s "
                        + "(%.1f GFLOP/s), forward+backward %.3f s (%.1f GFLOP/s)%n",
                in, out, batch, steps, taps, fwd, flopsForward / fwd / 1e9, bwd, flopsBackward / bwd / 1e9,
                fwd + bwd, (flopsForward + flopsBackward) / (fwd + bwd) / 1e9);
    }

    private static void gemm(int rows, int inner, long cols, int repeats) {
        INDArray a = Nd4j.rand(DataType.FLOAT, rows, inner);
        INDArray b = Nd4j.rand(DataType.FLOAT, cols, inner);
        INDArray c = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'f');
        int products = 25;
        Nd4j.gemm(a, b, c, false, true, 1.0, 0.0);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < products; k++) {
                Nd4j.gemm(a, b, c, false, true, 1.0, 1.0);
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        double flops = 2.0 * rows * inner * cols * products;
        System.out.printf("plain gemm (%d x %d) . (%d x %d)^T x%d: %.3f s (%.1f GFLOP/s)%n",
                rows, inner, cols, inner, products, best, flops / best / 1e9);
    }
}
