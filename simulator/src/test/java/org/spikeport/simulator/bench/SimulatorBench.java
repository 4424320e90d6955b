package org.spikeport.simulator.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.simulator.Platform;
import org.spikeport.simulator.Replay;
import org.spikeport.simulator.Simulation;

/**
 * Synaptic events per second on one core and samples per second on all cores, for an SHD-size
 * network in the Loihi 2 arithmetic: 140-256-256-20, all-to-all, delays uniform in 0..25, 8-bit mixed
 * weights, SHD-like input (100 steps, a quarter of the channels active per step with counts 1..3). The
 * recurrent variant adds all-to-all recurrent synapses to the second hidden layer (65,536 synapses, lags
 * uniform in 1..25, weights centred below zero, {@code recurrent_weight_exp} 0).
 *
 * <p>One core: sample after sample on the main thread, timed in that thread's CPU time (so other load on
 * the machine matters less) and in wall time; the network is compiled once ({@link Simulation#compile},
 * as {@link Replay} does) or, with {@code each}, by {@link Simulation#run} for every sample. All cores:
 * {@link Replay#runAll} in wall time.
 *
 * <p>Usage: {@code SimulatorBench [samples] [rounds] [threads] [feedforward|recurrent] [once|each]}.
 */
public final class SimulatorBench {

    private SimulatorBench() {
    }

    static NeuronParams params(long vth, boolean recurrent) {
        SortedMap<String, long[]> p = new TreeMap<>();
        if (recurrent) {
            p.put(Loihi2Lif.RECURRENT_WEIGHT_EXP, new long[] {0});
        }
        p.put(Loihi2Lif.DU, new long[] {4095});
        p.put(Loihi2Lif.DV, new long[] {300});
        p.put(Loihi2Lif.VTH, new long[] {vth});
        p.put(Loihi2Lif.BIAS_MANT, new long[] {0});
        p.put(Loihi2Lif.BIAS_EXP, new long[] {0});
        p.put(Loihi2Lif.WEIGHT_EXP, new long[] {0});
        p.put(Loihi2Lif.NUM_WEIGHT_BITS, new long[] {8});
        p.put(Loihi2Lif.SIGN_MODE, new long[] {Loihi2Lif.SignMode.MIXED.code()});
        return new NeuronParams(Loihi2Lif.NAME, p);
    }

    /** All-to-all synapses, delays uniform in {@code minDelay..maxDelay}, even weights about {@code 2 bias}. */
    static SparseSynapses allToAll(int in, int out, int minDelay, int maxDelay, double sd, double bias, Random r) {
        int n = in * out;
        int[] pre = new int[n];
        int[] post = new int[n];
        int[] w = new int[n];
        int[] d = new int[n];
        int k = 0;
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < in; j++) {
                pre[k] = j;
                post[k] = i;
                w[k] = 2 * (int) Math.round(r.nextGaussian() * sd + bias);
                w[k] = Math.max(-256, Math.min(254, w[k]));
                d[k++] = minDelay + r.nextInt(maxDelay - minDelay + 1);
            }
        }
        return new SparseSynapses(pre, post, w, d);
    }

    static DeployedLayer dense(String name, int in, int out, int maxDelay, long vth, double bias, Random r) {
        return layer(name, in, out, allToAll(in, out, 0, maxDelay, 40, bias, r), vth, SparseSynapses.empty());
    }

    static DeployedLayer layer(String name, int in, int out, SparseSynapses s, long vth, SparseSynapses recurrent) {
        SortedMap<String, Double> q = new TreeMap<>();
        q.put("output_scale", 1.0 / (1 << 16));
        return new DeployedLayer(name, in, out, s, params(vth, recurrent.size() > 0), q, recurrent);
    }

    /** The feed-forward SHD-size network. */
    public static DeployedNetwork network(long seed) {
        return network(seed, false);
    }

    /** The SHD-size network; {@code recurrent}: its second hidden layer has all-to-all recurrent synapses. */
    public static DeployedNetwork network(long seed, boolean recurrent) {
        Random r = new Random(seed);
        DeployedLayer hidden1 = dense("hidden1", 140, 256, 25, 2000, 4, r);
        DeployedLayer hidden2 = dense("hidden2", 256, 256, 25, 2000, 2, r);
        DeployedLayer readout = dense("readout", 256, 20, 25, (1 << 17) - 1, 0, r);
        if (recurrent) {
            hidden2 = layer("hidden2", 256, 256, hidden2.synapses(), 2000, allToAll(256, 256, 1, 25, 20, -3, r));
        }
        List<DeployedLayer> layers = List.of(hidden1, hidden2, readout);
        return new DeployedNetwork(140, 10, "loihi", "loihi", "", new InputEncoding(InputEncoding.Kind.GRADED, 24), layers,
                36, new Provenance("bench", "bench", seed, "", Instant.EPOCH, ""));
    }

    public static List<CountFrame> inputs(int samples, long seed) {
        Random r = new Random(seed);
        List<CountFrame> out = new ArrayList<>();
        for (int s = 0; s < samples; s++) {
            int[] c = new int[100 * 140];
            for (int k = 0; k < c.length; k++) {
                c[k] = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0;
            }
            out.add(new CountFrame(100, 140, c, r.nextInt(20)));
        }
        return out;
    }

    public static void main(String[] args) {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        boolean recurrent = args.length > 3 && args[3].equals("recurrent");
        boolean compileEach = args.length > 4 && args[4].equals("each");
        DeployedNetwork net = network(1, recurrent);
        Platform platform = Platform.of(HardwareProfiles.bundled("loihi"));
        List<CountFrame> in = inputs(samples, 2);
        System.out.printf(Locale.ROOT, "network 140-256-256-20%s, %d synapses, %d samples of 100 steps, %d rounds, "
                        + "compiled %s%n", recurrent ? " (hidden2 recurrent)" : "",
                net.layers().stream().mapToInt(l -> l.synapses().size() + l.recurrent().size()).sum(), samples, rounds,
                compileEach ? "for each sample" : "once");
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long events = 0;
            long[] spikes = new long[3];
            int steps = 100 + net.trailingSteps() + platform.latencySteps(net.layers().size());
            Simulation.Compiled compiled = compileEach ? null : Simulation.compile(net, platform);
            for (int i = 0; i < samples; i++) {
                int[] counts = in.get(i).counts();
                Simulation.Result o = compileEach ? Simulation.run(net, platform, counts, steps) : compiled.run(counts, steps);
                events += o.synapticEvents();
                for (int l = 0; l < 3; l++) {
                    spikes[l] += o.spikes().get(l).size();
                }
            }
            double s1 = (System.nanoTime() - t0) / 1e9;
            double c1 = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
            long t1 = System.nanoTime();
            Replay.runAll(net, platform, in::get, samples, threads, d -> { });
            double sN = (System.nanoTime() - t1) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: 1 thread %.1f M synaptic events per CPU-second (%.1f M/s wall), "
                            + "%.1f samples per CPU-second | %d threads %.1f samples/s wall | %.0f events/sample, "
                            + "firing %.3f / %.3f per neuron-step%n", round, events / c1 / 1e6, events / s1 / 1e6,
                    samples / c1, threads, samples / sN, (double) events / samples,
                    (double) spikes[0] / samples / steps / 256, (double) spikes[1] / samples / steps / 256);
        }
    }
}
