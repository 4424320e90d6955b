package org.spikeport.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.spikeport.cli.spark.SparkBackend;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.simulator.Platform;
import org.spikeport.simulator.Replay;
import org.spikeport.simulator.ReplaySummary;

/** Replays with a progress bar, shared by {@code replay} and {@code export --check}. */
final class Replays {

    /** A finished replay and its wall time. */
    record Timed(ReplaySummary summary, double seconds) {

        double samplesPerSecond() {
            return summary.samples() / Math.max(seconds, 1e-9);
        }
    }

    private Replays() {
    }

    /** Replays every sample of {@code samples} on {@code profile}'s platform. */
    static Timed run(String label, DeployedNetwork net, HardwareProfile profile, ReplaySamples samples, int threads,
                     PrintWriter err) {
        return run(label, net, profile, samples, threads, err, Replay.Inspector.NONE);
    }

    /** {@link #run(String, DeployedNetwork, HardwareProfile, ReplaySamples, int, PrintWriter)} with an inspector. */
    static Timed run(String label, DeployedNetwork net, HardwareProfile profile, ReplaySamples samples, int threads,
                     PrintWriter err, Replay.Inspector inspector) {
        return run(label, net, profile, samples, null, threads, err, inspector);
    }

    /**
     * {@link #run(String, DeployedNetwork, HardwareProfile, ReplaySamples, int, PrintWriter)} with every count
     * limited to {@code countLimit} ({@code null}: kept), as a model trained on limited counts takes them.
     */
    static Timed run(String label, DeployedNetwork net, HardwareProfile profile, ReplaySamples samples,
                     Integer countLimit, int threads, PrintWriter err, Replay.Inspector inspector) {
        Progress p = new Progress(err, label, samples.size());
        long start = System.nanoTime();
        ReplaySummary s = new ReplaySummary(net.outputs(), Replay.runAll(net, Platform.of(profile),
                countLimit == null ? samples::frame : i -> samples.frame(i).clipped(countLimit), samples.size(), threads,
                p::update, inspector));
        double seconds = (System.nanoTime() - start) / 1e9;
        p.finish();
        return new Timed(s, seconds);
    }

    /**
     * Where replays run: {@code threads} threads of this process, or, with a {@code cluster}, the executors of a
     * Spark application (closed with the engine).
     */
    record Engine(int threads, SparkBackend.Cluster cluster) implements AutoCloseable {

        /** Threads of this process. */
        static Engine local(int threads) {
            return new Engine(threads, null);
        }

        /** {@link #run(String, DeployedNetwork, HardwareProfile, ReplaySamples, Integer, int, PrintWriter, Replay.Inspector)} on this engine. */
        Timed run(String label, DeployedNetwork net, HardwareProfile profile, ReplaySamples samples, Integer countLimit,
                  PrintWriter err) {
            return cluster == null
                    ? Replays.run(label, net, profile, samples, countLimit, threads, err, Replay.Inspector.NONE)
                    : onSpark(label, net, label, profile, samples, countLimit, cluster, err, null);
        }

        @Override
        public void close() {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /**
     * {@link #run(String, DeployedNetwork, HardwareProfile, ReplaySamples, Integer, int, PrintWriter, Replay.Inspector)}
     * across the executors of {@code cluster}, with the same outcomes; each sample's readout scores go into
     * {@code scores} by index when it is not null. {@code source} names the network in messages.
     */
    static Timed onSpark(String label, DeployedNetwork net, String source, HardwareProfile profile, ReplaySamples samples,
                         Integer countLimit, SparkBackend.Cluster cluster, PrintWriter err, double[][] scores) {
        Progress p = new Progress(err, label + " (Spark " + cluster.master() + ")", samples.size());
        long start = System.nanoTime();
        List<SparkBackend.Replayed> replayed = cluster.replay(net, source, Platform.of(profile),
                countLimit == null ? samples::frame : i -> samples.frame(i).clipped(countLimit), samples.size(), p::update);
        double seconds = (System.nanoTime() - start) / 1e9;
        p.finish();
        List<Replay.Outcome> outcomes = new ArrayList<>();
        for (SparkBackend.Replayed r : replayed) {
            outcomes.add(r.outcome());
            if (scores != null) {
                scores[r.outcome().index()] = r.scores();
            }
        }
        return new Timed(new ReplaySummary(net.outputs(), outcomes), seconds);
    }

    /**
     * The profile to simulate {@code net} on: {@code option} (a bundled name or a YAML file) when given,
     * else the bundled profile the network was built for. A bundled profile whose hash differs from
     * the one recorded in the network is used with a warning on {@code err}; a profile whose arithmetic
     * the network's layers are not in is an error.
     */
    static HardwareProfile profileFor(DeployedNetwork net, String option, PrintWriter err) {
        HardwareProfile p;
        if (option != null) {
            p = HardwareProfiles.resolve(option);
        } else {
            if (!HardwareProfiles.bundledNames().contains(net.profileName())) {
                throw new SpikeportException("the network was built for profile '" + net.profileName()
                        + "', which is not bundled; give its file with --profile FILE.yaml");
            }
            p = HardwareProfiles.bundled(net.profileName());
            if (!net.profileSha256().isEmpty() && !net.profileSha256().equals(p.sha256())) {
                err.println("warning: the network was built with a different version of profile '" + p.name()
                        + "' (sha256 " + net.profileSha256() + "); simulating with the bundled one ("
                        + p.sha256() + "). Give the original file with --profile if they differ in timing or widths.");
            }
        }
        for (var l : net.layers()) {
            if (!l.neuron().model().equals(p.arithmetic())) {
                throw new SpikeportException("layer '" + l.name() + "' is in arithmetic '" + l.neuron().model()
                        + "' but profile '" + p.name() + "' computes in '" + p.arithmetic() + "'");
            }
        }
        return p;
    }
}
