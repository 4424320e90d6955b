package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spikeport.cli.spark.SparkBackend;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.json.Json;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.simulator.Decision;
import org.spikeport.simulator.EnergyEstimate;
import org.spikeport.simulator.Platform;
import org.spikeport.simulator.Replay;
import org.spikeport.simulator.ReplaySummary;
import org.spikeport.simulator.Simulation;
import org.spikeport.simulator.plots.RasterPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spikeport replay}: recorded samples through a deployed network in the chip's arithmetic. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Replay recorded samples through a deployed network, bit-accurately.", "",
            "Replay recorded samples through a deployed network (network.pb from 'spikeport export') in its "
                + "chip's exact arithmetic, as the chip would compute them, and decide each sample as the trained "
                + "model does. Reports accuracy (overall and per class), spikes per layer, synaptic events, the "
                + "latency the chip adds, and an energy estimate from the profile's published per-event figures. "
                + "--data is an HDF5 dataset (SHD/SSC or spikeport's flat layout) or one recording as a CSV of "
                + "'time,channel' rows (seconds, input unit; no label). --predictions and --membranes write "
                + "per-sample files (replacing existing ones) to compare with 'evaluate --predictions' or another "
                + "implementation of the chip; --membranes grows with samples x steps x classes, so bound it "
                + "with --samples."})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    ThreadsOption threads;

    @Mixin
    SparkOption spark;

    @Option(names = "--network", required = true, paramLabel = "FILE", description = "The deployed network (DIR/network.pb).")
    Path network;

    @Option(names = "--data", required = true, paramLabel = "FILE.h5|FILE.csv", description = "Recorded samples to replay.")
    Path data;

    @Option(names = "--samples", paramLabel = "N", description = "Replay only the first N samples (default: all).")
    int samples;

    @Option(names = "--profile", paramLabel = "NAME|FILE.yaml",
            description = "Hardware profile to simulate on (default: the bundled profile the network was built for).")
    String profile;

    @Option(names = "--input-units", paramLabel = "N",
            description = "Input units of the recordings, grouped evenly into the network's channels (default: the "
                    + "dataset's own; 700 for a CSV).")
    Integer inputUnits;

    @Option(names = "--binning", paramLabel = "NAME",
            description = "floor: step = floor(t / dt); reference: the reference loader's dt windows, each anchored at the "
                    + "next event, empty time skipped, as 'evaluate --binning' (default: ${DEFAULT-VALUE}).")
    String binningName = Binning.Mode.FLOOR.id();

    @Option(names = "--raster", paramLabel = "FILE.png", description = "Write a raster plot of one sample (input, spikes per layer, readout).")
    Path raster;

    @Option(names = "--raster-sample", paramLabel = "I", description = "The sample to plot (default: ${DEFAULT-VALUE}).")
    int rasterSample;

    @Option(names = "--events", paramLabel = "FILE.csv", description = "Write every spike of the replay as CSV: sample,layer,step,neuron.")
    Path events;

    @Option(names = "--predictions", paramLabel = "FILE.csv",
            description = "Write each sample's decision as CSV: sample,label,prediction,score_0..score_{C-1} (the "
                    + "format of 'evaluate --predictions'; label empty for a CSV recording; scores: the readout's "
                    + "summed softmax or plain sum, as the decision ranks them).")
    Path predictions;

    @Option(names = "--membranes", paramLabel = "FILE.csv",
            description = "Write the readout layer's membranes after every step as CSV: sample,step,v_0..v_{C-1},"
                    + "raw_0..raw_{C-1} (v: float units, the values decided on; raw: the chip's state as a signed "
                    + "64-bit integer, a floating-point arithmetic's bit pattern). One row per sample and step.")
    Path membranes;

    @Override
    public Integer call() {
        if (samples < 0) {
            throw new SpikeportException("--samples must be >= 0 (0: all), got " + samples);
        }
        if (spark.enabled() && (events != null || membranes != null)) {
            throw new SpikeportException("--events and --membranes are written by a replay in one process; leave out "
                    + "--spark to write them");
        }
        PrintWriter err = spec.commandLine().getErr();
        DeployedNetwork net = ModelFiles.readDeployed(network);
        HardwareProfile p = Replays.profileFor(net, profile, err);
        Replays.Timed run;
        int plotted;
        try (ReplaySamples source = ReplaySamples.open(data, net, inputUnits, samples, binningMode())) {
            if (raster != null && (rasterSample < 0 || rasterSample >= source.size())) {
                throw new SpikeportException("--raster-sample " + rasterSample + " is not among the " + source.size()
                        + " samples replayed");
            }
            double[][] scores = new double[source.size()][];
            Replay.Inspector scoring = (i, f, r) -> scores[i] = Decision.scores(r.readout(), net.outputs(), net.decoding());
            try (SampleCsv eventsCsv = events != null ? SampleCsv.events(events, net) : null;
                 SampleCsv membranesCsv = membranes != null ? SampleCsv.membranes(membranes, net) : null) {
                Replay.Inspector inspector = (i, f, r) -> {
                    scoring.inspect(i, f, r);
                    if (eventsCsv != null) {
                        eventsCsv.inspect(i, f, r);
                    }
                    if (membranesCsv != null) {
                        membranesCsv.inspect(i, f, r);
                    }
                };
                if (spark.enabled()) {
                    try (SparkBackend.Cluster cluster = spark.connect("spikeport replay " + network)) {
                        run = Replays.onSpark("replaying on " + p.name(), net, network.toString(), p, source, null,
                                cluster, err, scores);
                    }
                } else {
                    run = Replays.run("replaying on " + p.name(), net, p, source, threads.threads(), err, inspector);
                }
                if (eventsCsv != null) {
                    eventsCsv.commit();
                }
                if (membranesCsv != null) {
                    membranesCsv.commit();
                }
            }
            if (predictions != null) {
                List<Replay.Outcome> outcomes = run.summary().outcomes();
                PredictionsCsv.write(predictions, net.outputs(), outcomes.stream().mapToInt(Replay.Outcome::label).toArray(),
                        run.summary().predictions(), scores);
            }
            plotted = raster != null ? rasterSample : -1;
            if (plotted >= 0) {
                CountFrame f = source.frame(plotted);
                Simulation.Result r = Replay.simulate(net, Platform.of(p), f);
                RasterPlot.write(raster, data.getFileName() + " sample " + plotted + " on " + p.name(), net, f, r);
            }
            report(net, p, source, run);
        }
        return 0;
    }

    private Binning.Mode binningMode() {
        try {
            return Binning.Mode.of(binningName);
        } catch (IllegalArgumentException e) {
            throw new SpikeportException("invalid option: " + e.getMessage());
        }
    }

    private void report(DeployedNetwork net, HardwareProfile p, ReplaySamples source, Replays.Timed run) {
        ReplaySummary s = run.summary();
        EnergyEstimate energy = EnergyEstimate.of(p, net, s);
        int latency = Platform.of(p).latencySteps(net.layers().size());
        List<String> names = source.classNames(net.outputs());
        long[] spikes = s.spikesPerLayer();
        int n = Math.max(1, s.samples());
        PrintWriter o = spec.commandLine().getOut();
        if (json.enabled()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("network", network.toString());
            m.put("data", data.toString());
            m.put("profile", p.name());
            m.put("arithmetic", p.arithmetic());
            m.put("samples", s.samples());
            m.put("seconds", run.seconds());
            m.put("threads", threads.threads());
            if (spark.enabled()) {
                m.put("spark", true);
            }
            if (source.labelled()) {
                m.put("accuracy", s.accuracy());
                Map<String, Object> pc = new LinkedHashMap<>();
                int[] total = s.perClassTotal();
                int[] correct = s.perClassCorrect();
                for (int c = 0; c < total.length; c++) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("samples", total[c]);
                    e.put("correct", correct[c]);
                    e.put("accuracy", total[c] == 0 ? null : (double) correct[c] / total[c]);
                    pc.put(names.get(c), e);
                }
                m.put("per_class", pc);
            }
            List<Integer> decided = new ArrayList<>();
            for (int x : s.predictions()) {
                decided.add(x);
            }
            m.put("predictions", decided);
            if (source.labelled()) {
                m.put("labels", s.outcomes().stream().map(Replay.Outcome::label).toList());
            }
            Map<String, Object> sp = new LinkedHashMap<>();
            for (int l = 0; l < spikes.length; l++) {
                sp.put(net.layers().get(l).name(), spikes[l]);
            }
            m.put("spikes_per_layer", sp);
            m.put("synaptic_events", s.synapticEvents());
            m.put("neuron_updates_event_driven", s.neuronUpdates());
            m.put("steps", s.steps());
            Map<String, Object> lat = new LinkedHashMap<>();
            lat.put("chip_steps", latency);
            lat.put("chip_ms", latency * net.dtMs());
            lat.put("trailing_steps", net.trailingSteps());
            m.put("latency", lat);
            m.put("energy_estimate", energyMap(energy, n));
            o.println(Json.write(m));
        } else {
            o.printf(Locale.ROOT, "replayed %d sample(s) of %s on profile %s (%s): %.2f s, %.1f samples/s %s%n",
                    s.samples(), data, p.name(), p.arithmetic(), run.seconds(), run.samplesPerSecond(),
                    spark.enabled() ? "on Spark" : "on " + threads.threads() + " thread(s)");
            if (source.labelled()) {
                o.printf(Locale.ROOT, "  accuracy            %s (%d of %d)%n", TrainCommand.percent(s.accuracy()),
                        s.outcomes().stream().filter(Replay.Outcome::correct).count(), s.samples());
                int[] total = s.perClassTotal();
                int[] correct = s.perClassCorrect();
                for (int c = 0; c < total.length; c++) {
                    if (total[c] > 0) {
                        o.printf(Locale.ROOT, "    %-20s %s (%d of %d)%n", names.get(c),
                                TrainCommand.percent((double) correct[c] / total[c]), correct[c], total[c]);
                    }
                }
            } else {
                int pred = s.predictions()[0];
                o.printf(Locale.ROOT, "  prediction          %s%n", names.get(pred));
            }
            StringBuilder sl = new StringBuilder();
            for (int l = 0; l < spikes.length; l++) {
                sl.append(l == 0 ? "" : ", ").append(net.layers().get(l).name())
                        .append(String.format(Locale.ROOT, " %.1f", (double) spikes[l] / n));
            }
            o.printf(Locale.ROOT, "  spikes per sample   %s%n", sl);
            o.printf(Locale.ROOT, "  synaptic events     %.0f per sample (%d in all)%n", (double) s.synapticEvents() / n,
                    s.synapticEvents());
            o.printf(Locale.ROOT, "  latency             the chip adds %d steps (%.1f ms); the readout is read %d steps "
                    + "after the input ends%n", latency, latency * net.dtMs(), net.trailingSteps() + latency);
            if (energy.available()) {
                o.printf(Locale.ROOT, "  energy (ESTIMATE)   %s per sample:", joules(energy.joules() / n));
                for (EnergyEstimate.Term t : energy.terms()) {
                    o.printf(Locale.ROOT, " %s %s%s", t.figure(), joules(t.joules() / n), t.assumption() ? "*" : "");
                }
                o.println();
                o.printf(Locale.ROOT, "    from the per-event figures of profile '%s' (every neuron updated every step; "
                        + "static power excluded)%s; sources: 'spikeport profiles show %s'%n", p.name(),
                        energy.usesAssumptions() ? "; * marks figures the profile labels as assumptions" : "", p.name());
            } else {
                o.printf(Locale.ROOT, "  energy              no estimate: profile '%s' has no per-event energy figures%n", p.name());
            }
            if (raster != null) {
                o.printf(Locale.ROOT, "wrote %s (sample %d)%n", raster, rasterSample);
            }
            for (Path f : new Path[] {events, membranes, predictions}) {
                if (f != null) {
                    o.printf(Locale.ROOT, "wrote %s%n", f);
                }
            }
        }
        o.flush();
    }

    static Map<String, Object> energyMap(EnergyEstimate e, int samples) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("estimate", true);
        m.put("joules_per_sample", e.available() ? e.joules() / samples : null);
        List<Object> terms = new ArrayList<>();
        for (EnergyEstimate.Term t : e.terms()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("figure", t.figure());
            tm.put("events_per_sample", (double) t.count() / samples);
            tm.put("joules_each", t.joulesEach());
            tm.put("joules_per_sample", t.joules() / samples);
            tm.put("assumption", t.assumption());
            tm.put("source", t.source());
            terms.add(tm);
        }
        m.put("terms", terms);
        m.put("excludes", "static and idle power; every neuron counted as updated every step");
        return m;
    }

    static String joules(double j) {
        if (j >= 1e-3) {
            return String.format(Locale.ROOT, "%.3g mJ", j * 1e3);
        }
        if (j >= 1e-6) {
            return String.format(Locale.ROOT, "%.3g µJ", j * 1e6);
        }
        return String.format(Locale.ROOT, "%.3g nJ", j * 1e9);
    }
}
