package org.spikeport.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.spikeport.core.Failures;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.ir.DeployedNetwork;

/**
 * Replays recorded samples through a deployed network on a {@link Platform} and decides each one as
 * the trained model does ({@link Decision} by the network's {@link DeployedNetwork#decoding()}).
 *
 * <p>A sample of {@code len} binned steps runs for {@link #steps} {@code = len + trailingSteps +
 * latencySteps(L)}: the trained model's own horizon ({@link DeployedNetwork#trailingSteps()}) plus the
 * chip's end-to-end latency, so the readout sees every input the trained readout saw. The leading steps
 * in which a delayed readout is still at rest add the same constant to every class score (zero for
 * a summed readout) and do not change the decision.
 *
 * <p>Samples are independent: {@link #runAll} compiles the network once ({@link Simulation#compile}),
 * spreads the samples over threads, each sample simulated whole on one thread, and returns outcomes in
 * sample order whatever the thread count.
 */
public final class Replay {

    /**
     * The longest sample replayed, in binned steps (1000 s at 10 ms per step; SHD's longest sample has 140):
     * a sample's memory and time grow with its steps, so longer ones are refused before they are binned.
     */
    public static final int MAX_SAMPLE_STEPS = 100_000;

    /**
     * One sample's outcome.
     *
     * @param index          the sample's index in its source
     * @param label          its label, {@code -1} when unknown
     * @param prediction     the decided class
     * @param steps          steps simulated
     * @param spikes         spikes per layer
     * @param synapticEvents deliveries through synapses
     * @param neuronUpdates  neuron updates the event-driven engine made
     */
    public record Outcome(int index, int label, int prediction, int steps, long[] spikes, long synapticEvents,
                          long neuronUpdates) {

        public boolean correct() {
            return label == prediction;
        }
    }

    /** Sees each sample's full simulation on the worker thread that ran it. */
    @FunctionalInterface
    public interface Inspector {

        /** Called once per sample, from a worker thread, possibly concurrently for different samples. */
        void inspect(int index, CountFrame frame, Simulation.Result result);

        /** Looks at nothing. */
        Inspector NONE = (i, f, r) -> { };
    }

    private Replay() {
    }

    /** Steps to simulate for a sample of {@code sampleSteps} binned steps (see the class comment). */
    public static int steps(DeployedNetwork net, Platform platform, int sampleSteps) {
        return Math.addExact(Math.addExact(sampleSteps, net.trailingSteps()), platform.latencySteps(net.layers().size()));
    }

    /** Simulates one binned sample for {@link #steps} steps. */
    public static Simulation.Result simulate(DeployedNetwork net, Platform platform, CountFrame frame) {
        return simulate(Simulation.compile(net, platform), platform, frame);
    }

    private static Simulation.Result simulate(Simulation.Compiled compiled, Platform platform, CountFrame frame) {
        DeployedNetwork net = compiled.network();
        if (frame.steps() > MAX_SAMPLE_STEPS) {
            throw new IllegalArgumentException("the sample has " + frame.steps() + " steps, more than the "
                    + MAX_SAMPLE_STEPS + " a replay runs");
        }
        if (frame.channels() != net.inputs()) {
            throw new IllegalArgumentException("the sample has " + frame.channels() + " input channels but the network "
                    + "takes " + net.inputs());
        }
        return compiled.run(frame.counts(), steps(net, platform, frame.steps()));
    }

    /** Simulates and decides one binned sample. */
    public static Outcome run(int index, DeployedNetwork net, Platform platform, CountFrame frame) {
        return run(index, Simulation.compile(net, platform), platform, frame, Inspector.NONE);
    }

    private static Outcome run(int index, Simulation.Compiled compiled, Platform platform, CountFrame frame,
                               Inspector inspector) {
        DeployedNetwork net = compiled.network();
        Simulation.Result r = simulate(compiled, platform, frame);
        inspector.inspect(index, frame, r);
        long[] spikes = new long[r.spikes().size()];
        for (int l = 0; l < spikes.length; l++) {
            spikes[l] = r.spikes().get(l).size();
        }
        return new Outcome(index, frame.label(), Decision.predict(r.readout(), net.outputs(), net.decoding()),
                r.readout().length, spikes, r.synapticEvents(), r.neuronUpdates());
    }

    /**
     * Runs samples {@code 0 .. n-1} on {@code threads} threads.
     *
     * @param samples  the binned sample by index; called from the worker threads, so it must be thread-safe
     * @param progress called with the number of samples finished so far (from the workers, one call at a time)
     * @return the outcomes in sample order
     */
    public static List<Outcome> runAll(DeployedNetwork net, Platform platform, IntFunction<CountFrame> samples, int n,
                                       int threads, IntConsumer progress) {
        return runAll(net, platform, samples, n, threads, progress, Inspector.NONE);
    }

    /** {@link #runAll(DeployedNetwork, Platform, IntFunction, int, int, IntConsumer)}, showing each simulation to {@code inspector}. */
    public static List<Outcome> runAll(DeployedNetwork net, Platform platform, IntFunction<CountFrame> samples, int n,
                                       int threads, IntConsumer progress, Inspector inspector) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Simulation.Compiled compiled = Simulation.compile(net, platform);
        Outcome[] out = new Outcome[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Object progressLock = new Object();
        int workers = Math.max(1, Math.min(threads, n));
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "spikeport-replay");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        out[i] = run(i, compiled, platform, samples.apply(i), inspector);
                        synchronized (progressLock) {
                            progress.accept(done.incrementAndGet());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    next.set(n);
                    throw Failures.unchecked(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return List.of(out);
    }
}
