package org.spikeport.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.spikeport.cli.spark.SparkBackend;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.simulator.Decision;
import org.spikeport.simulator.Platform;
import org.spikeport.simulator.Replay;

/**
 * Replays samples across the executors with the simulator's own code: the driver reads the samples and sends
 * them in chunks of {@link #CHUNK_PER_TASK} per task (as sparse counts); each task compiles the broadcast
 * network once and runs {@link Replay#runAll} on its samples; outcomes come back by sample index. Every
 * outcome is the one-process outcome (the simulation of a sample depends on nothing else), so the totals
 * computed from them (accuracy, per class, spikes, events, energy) are the same numbers.
 */
final class DistributedReplay {

    /** Samples per task; a job is {@code parallelism} tasks, after which progress is reported. */
    static final int CHUNK_PER_TASK = 64;

    private DistributedReplay() {
    }

    /** A binned sample as its non-zero cells. */
    record SparseFrame(int index, int steps, int channels, int label, int[] cells, int[] counts) implements Serializable {

        static SparseFrame of(int index, CountFrame f) {
            int[] c = f.counts();
            int nz = 0;
            for (int v : c) {
                if (v != 0) {
                    nz++;
                }
            }
            int[] cells = new int[nz];
            int[] counts = new int[nz];
            int k = 0;
            for (int i = 0; i < c.length; i++) {
                if (c[i] != 0) {
                    cells[k] = i;
                    counts[k++] = c[i];
                }
            }
            return new SparseFrame(index, f.steps(), f.channels(), f.label(), cells, counts);
        }

        CountFrame frame() {
            int[] c = new int[Math.multiplyExact(steps, channels)];
            for (int k = 0; k < cells.length; k++) {
                c[cells[k]] = counts[k];
            }
            return new CountFrame(steps, channels, c, label);
        }
    }

    /** An outcome and its scores, as a task returns it. */
    record Sample(int index, int label, int prediction, int steps, long[] spikes, long synapticEvents,
                  long neuronUpdates, double[] scores) implements Serializable {

        SparkBackend.Replayed replayed() {
            return new SparkBackend.Replayed(new Replay.Outcome(index, label, prediction, steps, spikes, synapticEvents,
                    neuronUpdates), scores);
        }
    }

    /** The platform's fields ({@link Platform} is rebuilt on the executor). */
    record PlatformSpec(int delayOffset, int pipelineStepsPerLayer, int recurrentOffset,
                        TreeMap<String, Integer> neuronBits) implements Serializable {

        static PlatformSpec of(Platform p) {
            return new PlatformSpec(p.delayOffset(), p.pipelineStepsPerLayer(), p.recurrentOffset(),
                    new TreeMap<>(p.neuronBits()));
        }

        Platform platform() {
            return Platform.of(delayOffset, pipelineStepsPerLayer, recurrentOffset, neuronBits);
        }
    }

    static List<SparkBackend.Replayed> run(JavaSparkContext sc, SparkJobs jobs, int parallelism, DeployedNetwork net,
                                           String source, Platform platform, IntFunction<CountFrame> frames, int n,
                                           IntConsumer progress) {
        Broadcast<byte[]> network = jobs.run(() -> sc.broadcast(ModelFiles.bytes(net)));
        PlatformSpec spec = PlatformSpec.of(platform);
        List<SparkBackend.Replayed> out = new ArrayList<>(n);
        int perJob = Math.max(1, parallelism) * CHUNK_PER_TASK;
        try {
            for (int start = 0; start < n; start += perJob) {
                List<SparseFrame> chunk = new ArrayList<>();
                for (int i = start; i < Math.min(n, start + perJob); i++) {
                    chunk.add(SparseFrame.of(i, frames.apply(i)));
                }
                int tasks = Math.max(1, Math.min(parallelism, (chunk.size() + CHUNK_PER_TASK - 1) / CHUNK_PER_TASK));
                List<Sample> done = jobs.run(() -> sc.parallelize(chunk, tasks)
                        .mapPartitions(it -> simulate(network.value(), source, spec, it).iterator())
                        .collect());
                done.stream().sorted(Comparator.comparingInt(Sample::index)).forEach(s -> out.add(s.replayed()));
                progress.accept(out.size());
            }
        } finally {
            jobs.run(() -> {
                network.destroy();
                return null;
            });
        }
        return out;
    }

    private static List<Sample> simulate(byte[] networkBytes, String source, PlatformSpec spec,
                                         java.util.Iterator<SparseFrame> it) {
        DeployedNetwork net = ModelFiles.readDeployed(Path.of(source), networkBytes);
        Platform platform = spec.platform();
        List<SparseFrame> frames = new ArrayList<>();
        it.forEachRemaining(frames::add);
        double[][] scores = new double[frames.size()][];
        List<Replay.Outcome> outcomes = Replay.runAll(net, platform, i -> frames.get(i).frame(), frames.size(), 1,
                done -> { }, (i, f, r) -> scores[i] = Decision.scores(r.readout(), net.outputs(), net.decoding()));
        List<Sample> out = new ArrayList<>(frames.size());
        for (int k = 0; k < outcomes.size(); k++) {
            Replay.Outcome o = outcomes.get(k);
            out.add(new Sample(frames.get(k).index(), o.label(), o.prediction(), o.steps(), o.spikes(),
                    o.synapticEvents(), o.neuronUpdates(), scores[k]));
        }
        return out;
    }
}
