package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.json.Json;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.loihi.lava.LavaEnvironment;
import org.spikeport.exporter.loihi.lava.LavaProcesses;
import org.spikeport.exporter.loihi.lava.LavaSimulation;
import org.spikeport.simulator.Platform;
import org.spikeport.simulator.Replay;
import org.spikeport.simulator.Simulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spikeport verify}: a deployed network in a reference simulator against spikeport's own,
 * spike for spike.
 *
 * <h2>What is compared</h2>
 *
 * For each of the first N samples of the dataset: every neuron of every layer at every step (spike or
 * not) and the readout's raw membrane at every step ({@link Simulation.Result#rawReadout}: the chip's
 * integer v), between {@link Simulation#run} with the profile's arithmetic and timing and the
 * reference. A mismatch is one neuron-step whose spike differs or one readout value that differs.
 *
 * <h2>The samples</h2>
 *
 * Binned as {@code replay} bins them ({@code ReplaySamples}: steps of the network's {@code dt}, the
 * dataset's units summed in equal groups into the network's input channels); a sample of {@code len}
 * binned steps (at least 1) runs {@link Replay#steps} {@code = len + trailingSteps + latencySteps(L)}
 * steps, the trained model's deployed length plus the chip's own latency.
 *
 * <h2>References</h2>
 *
 * {@code lava}: Lava's CPU simulation with {@code select_tag='fixed_pt'} ({@link LavaSimulation}), of
 * the Lava process file beside the network ({@code network.lava.pkl}, as {@code export} wrote it) or,
 * when there is none, of one built from the network for this run ({@link LavaProcesses}).
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Compare a deployed network, spike for spike, with a reference simulator.", "",
            "Run a deployed network (network.pb from 'spikeport export') on the first samples of a dataset in "
                + "a reference simulator and in spikeport's simulator, and compare every neuron of every layer at "
                + "every step and the readout's integer membrane at every step. Prints the counts, the first "
                + "divergence if any, and the time per sample of both. Reference 'lava': Lava's bit-accurate "
                + "fixed-point CPU models (lava-nc 0.10.0), run from network.lava.pkl beside the network when "
                + "export wrote one."},
        footer = {"", "Exit codes: 0 everything agrees, 3 a mismatch (the first divergence is printed), 1 bad input."})
public final class VerifyCommand implements Callable<Integer> {

    /** Exit code when the two simulations disagree. */
    static final int EXIT_MISMATCH = 3;

    /** The references {@code --against} accepts. */
    static final List<String> REFERENCES = List.of("lava");

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Option(names = "--network", required = true, paramLabel = "FILE", description = "The deployed network (network.pb from 'spikeport export').")
    Path network;

    @Option(names = "--against", required = true, paramLabel = "NAME", description = "The reference simulator: ${COMPLETION-CANDIDATES}.",
            completionCandidates = References.class)
    String against;

    @Option(names = "--data", required = true, paramLabel = "FILE.h5", description = "The dataset whose samples are run.")
    Path data;

    @Option(names = "--samples", paramLabel = "N", description = "How many samples, from the first (default: ${DEFAULT-VALUE}).")
    int samples = 20;

    @Option(names = "--profile", paramLabel = "NAME|FILE.yaml",
            description = "Hardware profile for spikeport's simulator (default: the bundled profile the network was deployed for).")
    String profile;

    @Option(names = "--python", paramLabel = "FILE",
            description = "Python of the Lava environment (default: $SPIKEPORT_PYTHON, else .venv/bin/python beside spikeport).")
    Path python;

    /** The names for {@code --against}'s help. */
    static final class References extends ArrayList<String> {
        References() {
            super(REFERENCES);
        }
    }

    /** A network's samples: input counts row-major {@code (len, inputs)} and steps to run each. */
    record Samples(List<int[]> counts, int[] steps) {
    }

    /**
     * Where the two first disagree.
     *
     * @param what       {@code "spike"} or {@code "v"} (the readout's membrane)
     * @param spikeport  spikeport's value (1/0 for a spike)
     * @param reference  the reference's value
     */
    record Divergence(int sample, String layer, int neuron, int step, String what, long spikeport, long reference) {
    }

    /**
     * The comparison of one network.
     *
     * @param neuronSteps   neuron-steps compared (spike or not), over all layers and samples
     * @param values        readout membrane values compared
     * @param spikes        spikes of spikeport's simulator, all layers
     * @param refSpikes     spikes of the reference
     * @param mismatches    neuron-steps and readout values that differ
     * @param first         the earliest divergence (lowest sample, then step, layer, neuron), or null
     * @param seconds       spikeport's simulation time per sample, in order
     */
    record Comparison(long steps, long neuronSteps, long values, long spikes, long refSpikes, long mismatches,
                      Divergence first, double[] seconds) {
    }

    @Override
    public Integer call() {
        if (!REFERENCES.contains(against)) {
            throw new SpikeportException("unknown reference '" + against + "' for --against; known: "
                    + String.join(", ", REFERENCES));
        }
        if (samples < 1) {
            throw new SpikeportException("--samples must be >= 1, got " + samples);
        }
        DeployedNetwork net = ModelFiles.readDeployed(network);
        HardwareProfile hw = profile == null ? HardwareProfiles.bundled(net.profileName()) : HardwareProfiles.resolve(profile);
        Samples s = samples(net, hw, data, samples);
        LavaEnvironment env = LavaEnvironment.locate(python);
        Path beside = network.toAbsolutePath().resolveSibling(LavaProcesses.FILE);
        Path work = tempDirectory();
        Path processes = Files.isRegularFile(beside) ? beside
                : LavaProcesses.save(net, work.resolve(LavaProcesses.FILE), env);
        long start = System.nanoTime();
        LavaSimulation.Run lava = LavaSimulation.run(env, List.of(new LavaSimulation.Job(processes, net.inputs(),
                s.counts(), s.steps())), work).get(0);
        double lavaWall = (System.nanoTime() - start) / 1e9;
        Comparison c = compare(net, hw, s, lava);
        deleteTree(work);
        report(net, s, processes.equals(beside) ? processes + " (beside the network)"
                : "built from " + network + " for this run", env, c, lava, lavaWall);
        return c.mismatches() == 0 ? 0 : EXIT_MISMATCH;
    }

    /** The first {@code n} samples of {@code data}, binned for {@code net} as {@code replay} bins them. */
    static Samples samples(DeployedNetwork net, HardwareProfile hw, Path data, int n) {
        Platform platform = Platform.of(hw);
        List<int[]> counts = new ArrayList<>();
        List<Integer> steps = new ArrayList<>();
        try (ReplaySamples rs = ReplaySamples.open(data, net, null, n)) {
            for (int i = 0; i < rs.size(); i++) {
                CountFrame f = rs.frame(i);
                counts.add(f.counts());
                steps.add(Replay.steps(net, platform, f.steps()));
            }
        }
        return new Samples(counts, steps.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Runs spikeport's simulator on every sample and compares it with the reference's run. */
    static Comparison compare(DeployedNetwork net, HardwareProfile hw, Samples s, LavaSimulation.Run ref) {
        int layers = net.layers().size();
        long totalSteps = 0;
        long neuronSteps = 0;
        long values = 0;
        long spikes = 0;
        long refSpikes = 0;
        long mismatches = 0;
        Divergence first = null;
        double[] seconds = new double[s.steps().length];
        for (int i = 0; i < s.steps().length; i++) {
            int steps = s.steps()[i];
            long t0 = System.nanoTime();
            Simulation.Result r = Simulation.run(net, hw, s.counts().get(i), steps);
            seconds[i] = (System.nanoTime() - t0) / 1e9;
            LavaSimulation.Sample lava = ref.samples().get(i);
            Divergence here = null;
            totalSteps += steps;
            for (int l = 0; l < layers; l++) {
                int neurons = net.layers().get(l).outputs();
                long[] mine = encode(r.spikes().get(l), neurons);
                long[] theirs = lava.spikes().get(l);
                spikes += mine.length;
                refSpikes += theirs.length;
                neuronSteps += (long) steps * neurons;
                int a = 0;
                int b = 0;
                while (a < mine.length || b < theirs.length) {
                    long x = a < mine.length ? mine[a] : Long.MAX_VALUE;
                    long y = b < theirs.length ? theirs[b] : Long.MAX_VALUE;
                    if (x == y) {
                        a++;
                        b++;
                        continue;
                    }
                    mismatches++;
                    long code = Math.min(x, y);
                    Divergence d = new Divergence(i, net.layers().get(l).name(), (int) (code % neurons),
                            (int) (code / neurons), "spike", x == code ? 1 : 0, y == code ? 1 : 0);
                    here = earlier(here, d, net);
                    if (x < y) {
                        a++;
                    } else {
                        b++;
                    }
                }
            }
            String readout = net.layers().get(layers - 1).name();
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < net.outputs(); k++) {
                    values++;
                    long mine = r.rawReadout()[t][k];
                    long theirs = lava.readout()[t][k];
                    if (mine != theirs) {
                        mismatches++;
                        here = earlier(here, new Divergence(i, readout, k, t, "v", mine, theirs), net);
                    }
                }
            }
            if (first == null) {
                first = here;
            }
        }
        return new Comparison(totalSteps, neuronSteps, values, spikes, refSpikes, mismatches, first, seconds);
    }

    /** Spikes as {@code step * neurons + neuron}, ascending (the simulator lists them by step, then neuron). */
    private static long[] encode(List<Simulation.Spike> spikes, int neurons) {
        long[] out = new long[spikes.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = (long) spikes.get(k).step() * neurons + spikes.get(k).neuron();
        }
        return out;
    }

    /** The earlier of two divergences of one sample: by step, then layer (a layer's v after its spikes), then neuron. */
    private static Divergence earlier(Divergence a, Divergence b, DeployedNetwork net) {
        if (a == null) {
            return b;
        }
        if (a.step() != b.step()) {
            return a.step() < b.step() ? a : b;
        }
        int la = 2 * layerIndex(net, a.layer()) + (a.what().equals("v") ? 1 : 0);
        int lb = 2 * layerIndex(net, b.layer()) + (b.what().equals("v") ? 1 : 0);
        if (la != lb) {
            return la < lb ? a : b;
        }
        return a.neuron() <= b.neuron() ? a : b;
    }

    private static int layerIndex(DeployedNetwork net, String name) {
        for (int l = 0; l < net.layers().size(); l++) {
            if (net.layers().get(l).name().equals(name)) {
                return l;
            }
        }
        return net.layers().size();
    }

    private void report(DeployedNetwork net, Samples s, String processes, LavaEnvironment env, Comparison c,
                        LavaSimulation.Run lava, double lavaWall) {
        double mine = Arrays.stream(c.seconds()).sum() / c.seconds().length;
        double theirs = lava.samples().stream().mapToDouble(LavaSimulation.Sample::seconds).sum() / lava.samples().size();
        int minSteps = Arrays.stream(s.steps()).min().orElse(0);
        int maxSteps = Arrays.stream(s.steps()).max().orElse(0);
        PrintWriter o = spec.commandLine().getOut();
        if (json.enabled()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("network", network.toString());
            m.put("against", against);
            m.put("reference", "lava-nc " + LavaEnvironment.LAVA_VERSION + " fixed_pt (CPU)");
            m.put("lava_processes", processes);
            m.put("python", env.python().toString());
            m.put("data", data.toString());
            m.put("samples", s.steps().length);
            m.put("steps", c.steps());
            m.put("neuron_steps_compared", c.neuronSteps());
            m.put("readout_values_compared", c.values());
            m.put("spikes_spikeport", c.spikes());
            m.put("spikes_reference", c.refSpikes());
            m.put("mismatches", c.mismatches());
            if (c.first() != null) {
                Divergence d = c.first();
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("sample", d.sample());
                f.put("layer", d.layer());
                f.put("neuron", d.neuron());
                f.put("step", d.step());
                f.put("what", d.what());
                f.put("spikeport", d.spikeport());
                f.put("reference", d.reference());
                m.put("first_divergence", f);
            }
            m.put("seconds_per_sample_spikeport", mine);
            m.put("seconds_per_sample_reference", theirs);
            m.put("reference_setup_seconds", lava.setupSeconds());
            m.put("reference_wall_seconds", lavaWall);
            m.put("speed_ratio", theirs / mine);
            o.println(Json.write(m));
        } else {
            o.printf(Locale.ROOT, "%s against Lava %s (fixed_pt, CPU) on %s%n", network, LavaEnvironment.LAVA_VERSION, data);
            o.printf(Locale.ROOT, "  lava processes    %s%n", processes);
            o.printf(Locale.ROOT, "  samples           %d (%d steps in all, %d..%d each)%n", s.steps().length, c.steps(),
                    minSteps, maxSteps);
            o.printf(Locale.ROOT, "  compared          %d neuron-steps in %d layers, %d readout voltages%n", c.neuronSteps(),
                    net.layers().size(), c.values());
            o.printf(Locale.ROOT, "  spikes            spikeport %d, Lava %d%n", c.spikes(), c.refSpikes());
            o.printf(Locale.ROOT, "  mismatches        %d%n", c.mismatches());
            if (c.first() != null) {
                Divergence d = c.first();
                o.printf(Locale.ROOT, "  first divergence  sample %d, layer '%s', neuron %d, step %d: %s%n", d.sample(),
                        d.layer(), d.neuron(), d.step(), d.what().equals("v")
                                ? "v spikeport " + d.spikeport() + ", Lava " + d.reference()
                                : "spikeport " + (d.spikeport() == 1 ? "spikes" : "does not spike") + ", Lava "
                                        + (d.reference() == 1 ? "spikes" : "does not spike"));
            }
            o.printf(Locale.ROOT, "  time per sample   spikeport %.3f ms, Lava %.1f ms (Lava is %.0fx slower; "
                    + "its setup %.1f s once, %.1f s in all)%n", mine * 1e3, theirs * 1e3, theirs / mine,
                    lava.setupSeconds(), lavaWall);
        }
        o.flush();
    }

    private static Path tempDirectory() {
        try {
            return Files.createTempDirectory("spikeport-verify-");
        } catch (java.io.IOException e) {
            throw new SpikeportException("cannot create a temporary directory (" + e.getMessage() + ")", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            throw new SpikeportException(dir + ": cannot remove a temporary directory (" + e.getMessage() + ")", e);
        }
    }
}
