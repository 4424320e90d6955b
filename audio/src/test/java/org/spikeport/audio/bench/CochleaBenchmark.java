package org.spikeport.audio.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Random;
import org.spikeport.audio.Cochlea;

/**
 * Encoding time of the cochlea on one thread, in CPU seconds of that thread and wall seconds, for clips of
 * the given lengths at 48 kHz (a chirp, an amplitude-modulated tone and noise): encoding alone (transfer
 * function computed for the clip), the transfer function alone, and encoding with a shared transfer function.
 *
 * <p>Usage: {@code CochleaBenchmark SECONDS... } (default 1.0 and 0.682625, the length of {@code dataset speak}'s
 * clips); three runs each, the first warms the JIT.
 */
public final class CochleaBenchmark {

    private CochleaBenchmark() {
    }

    public static void main(String[] args) {
        String[] lengths = args.length > 0 ? args : new String[] {"1.0", "0.682625"};
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Cochlea cochlea = new Cochlea();
        int rate = Cochlea.SAMPLE_RATE;
        for (String a : lengths) {
            int n = (int) Math.round(Double.parseDouble(a) * rate);
            double[] x = new double[n];
            Random r = new Random(3);
            for (int i = 0; i < n; i++) {
                double t = (double) i / rate;
                x[i] = Math.sin(2 * Math.PI * 440 * t) * Math.sin(7 * t) + 0.3 * Math.sin(2 * Math.PI * 3000 * t * (1 + t))
                        + 0.05 * r.nextGaussian();
            }
            for (int run = 1; run <= 3; run++) {
                long w0 = System.nanoTime();
                long c0 = mx.getCurrentThreadCpuTime();
                Cochlea.Spikes s = cochlea.encode(x, rate, 1);
                long w1 = System.nanoTime();
                long c1 = mx.getCurrentThreadCpuTime();
                Cochlea.Transfer transfer = cochlea.transfer(n, rate, 1);
                long w2 = System.nanoTime();
                long c2 = mx.getCurrentThreadCpuTime();
                cochlea.encode(x, rate, 1, transfer);
                long w3 = System.nanoTime();
                long c3 = mx.getCurrentThreadCpuTime();
                System.out.printf(Locale.ROOT, "%.3f s of audio (%d samples), run %d: encode %.2f s cpu / %.2f s wall; "
                        + "transfer function %.2f s wall (1 thread); encode with it %.2f s cpu / %.2f s wall; %d spikes%n",
                        (double) n / rate, n, run, (c1 - c0) / 1e9, (w1 - w0) / 1e9, (w2 - w1) / 1e9, (c3 - c2) / 1e9,
                        (w3 - w2) / 1e9, s.times().length);
            }
        }
    }
}
