package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.core.testing.TestPython;
import org.spikeport.exporter.FoldedNetwork;
import org.spikeport.exporter.spinnaker.SpinnakerTarget;
import org.spikeport.simulator.Simulation;
import org.spikeport.trainer.importer.Npz;
import org.spikeport.trainer.importer.NpyArray;

/**
 * The exported PyNN script ({@code network.py}) runs unchanged on NEST (pyNN.nest, floating point)
 * and its spikes and readout are compared with spikeport's simulator in the SpiNNaker arithmetic
 * (s16.15). The two differ by the fixed point's rounding (at most half a unit of 2^-15 mV per
 * multiply), so exact agreement is not claimed: each test reports the spike agreement and the largest
 * readout difference and requires at least 99 % of spikes to agree. Networks: a random feed-forward one,
 * the same with recurrent synapses in both hidden layers (projections from a population to itself), and
 * a trained DelRec-small-like recurrent model on test samples.
 */
class SpinnakerPynnTest {

    private static final HardwareProfile PROFILE = HardwareProfiles.bundled("spinnaker");

    @TempDir
    Path dir;

    /** 16 inputs -> 24 -> 12 -> 5 with delays 0..9, biases, three time constants. */
    static FoldedNetwork network(long seed) {
        Random r = new Random(seed);
        int[] sizes = {16, 24, 12, 5};
        double[] tau = {1.005, 1.5, 2.0};
        List<FoldedNetwork.Layer> layers = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            List<int[]> syn = new ArrayList<>();
            for (int i = 0; i < out; i++) {
                for (int j = 0; j < in; j++) {
                    if (r.nextDouble() < 0.6) {
                        syn.add(new int[] {j, i, r.nextInt(10)});
                    }
                }
            }
            int n = syn.size();
            int[] pre = new int[n];
            int[] post = new int[n];
            int[] delay = new int[n];
            double[] w = new double[n];
            for (int k = 0; k < n; k++) {
                pre[k] = syn.get(k)[0];
                post[k] = syn.get(k)[1];
                delay[k] = syn.get(k)[2];
                w[k] = 0.35 + 0.6 * r.nextGaussian();
            }
            double[] bias = new double[out];
            for (int i = 0; i < out; i++) {
                bias[i] = 0.05 * r.nextGaussian();
            }
            boolean readout = l == 2;
            layers.add(new FoldedNetwork.Layer(readout ? "readout" : "hidden" + (l + 1), in, out, pre, post, w, delay,
                    bias, tau[l], readout ? Double.POSITIVE_INFINITY : 1.0, 9));
        }
        return new FoldedNetwork(16, 10, layers);
    }

    /**
     * {@link #network} with recurrent synapses in both hidden layers: each ordered pair of a layer's
     * neurons (self-loops included) with probability 0.3, weight {@code 0.3 N(0, 1)}, lag 1..9.
     */
    static FoldedNetwork recurrentNetwork(long seed) {
        Random r = new Random(seed);
        List<FoldedNetwork.Layer> layers = new ArrayList<>();
        for (FoldedNetwork.Layer l : network(seed).layers()) {
            if (l.isReadout()) {
                layers.add(l);
                continue;
            }
            List<int[]> syn = new ArrayList<>();
            for (int i = 0; i < l.outputs(); i++) {
                for (int j = 0; j < l.outputs(); j++) {
                    if (r.nextDouble() < 0.3) {
                        syn.add(new int[] {j, i, 1 + r.nextInt(9)});
                    }
                }
            }
            int n = syn.size();
            FoldedNetwork.Synapses rec = new FoldedNetwork.Synapses(new int[n], new int[n], new double[n], new int[n]);
            for (int k = 0; k < n; k++) {
                rec.pre()[k] = syn.get(k)[0];
                rec.post()[k] = syn.get(k)[1];
                rec.delay()[k] = syn.get(k)[2];
                rec.weight()[k] = 0.3 * r.nextGaussian();
            }
            layers.add(new FoldedNetwork.Layer(l.name(), l.inputs(), l.outputs(), l.pre(), l.post(), l.weight(), l.delay(),
                    l.bias(), l.tau(), l.threshold(), l.maxDelay(), ResetMode.ZERO, rec));
        }
        return new FoldedNetwork(16, 10, layers);
    }

    /** Random input counts: 40 steps of 16 channels, a count of 2 with probability 0.03, 1 with 0.17. */
    private static int[] randomCounts() {
        Random r = new Random(11);
        int[] counts = new int[40 * 16];
        for (int k = 0; k < counts.length; k++) {
            double x = r.nextDouble();
            counts[k] = x < 0.03 ? 2 : x < 0.2 ? 1 : 0;
        }
        return counts;
    }

    @Test
    void scriptOnNestAgreesWithTheSimulator() throws IOException, InterruptedException {
        Agreement a = compare("feed-forward", network(5), randomCounts());
        assertTrue(a.spikes(0) > 20 && a.spikes(1) > 5, "both hidden layers must spike for the comparison to mean "
                + "anything: " + a.spikes(0) + ", " + a.spikes(1));
        a.require(0.99, 1e-3);
    }

    /** Recurrent projections (a population to itself, PyNN delay = lag) on NEST equal the simulator's recurrent synapses. */
    @Test
    void recurrentScriptOnNestAgreesWithTheSimulator() throws IOException, InterruptedException {
        FoldedNetwork folded = recurrentNetwork(5);
        Agreement a = compare("random recurrent", folded, randomCounts());
        assertTrue(a.spikes(0) > 20 && a.spikes(1) > 5, "both hidden layers must spike for the comparison to mean "
                + "anything: " + a.spikes(0) + ", " + a.spikes(1));
        assertTrue(Files.readString(dir.resolve("conn_1_hidden2_recurrent_exc.txt")).lines().count()
                + Files.readString(dir.resolve("conn_1_hidden2_recurrent_inh.txt")).lines().count() > 20);
        Simulation.Result withoutLoops = Simulation.run(deploy(network(5)), PROFILE, randomCounts(),
                40 + folded.trailingSteps() + folded.layers().size());
        assertNotEquals(withoutLoops.spikes().get(1), a.sim().spikes().get(1), "the recurrent synapses change the spikes");
        a.require(0.99, 1e-3);
    }

    /**
     * A trained DelRec-small-like model (layer 2 recurrent with axonal lags, hard reset; {@link
     * TrainedFixture#recurrentSpiking}, whose recurrent layer spikes) on its first test samples back to back.
     */
    @Test
    void trainedRecurrentModelOnNestAgreesWithTheSimulator() throws IOException, InterruptedException {
        TrainedFixture f = TrainedFixture.recurrentSpiking();
        FoldedNetwork folded = FoldedNetwork.of(f.trained.network());
        assertTrue(folded.layers().get(1).isRecurrent());
        int samples = 10;
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            for (float x : f.test.batch(new int[] {i}).data()) {
                counts.add((int) x);
            }
        }
        Agreement a = compare("trained recurrent (" + samples + " test samples)", folded,
                counts.stream().mapToInt(Integer::intValue).toArray());
        assertTrue(a.spikes(0) > 100 && a.spikes(1) > 20, "both hidden layers must spike for the comparison to mean "
                + "anything: " + a.spikes(0) + ", " + a.spikes(1));
        a.require(0.99, 1e-3);
    }

    /**
     * An input whose busiest step sends more spikes from the source than the profile's
     * {@code spikes_per_core_per_step}: the script reports the {@code time_scale_factor} the exporter
     * computes for it (on NEST it only reports it; on sPyNNaker it passes it to {@code setup}); a sparse
     * input reports none.
     */
    @Test
    void scriptSlowsDownAnInputThatSendsTooManySpikesInOneStep() throws IOException, InterruptedException {
        FoldedNetwork folded = network(5);
        DeployedNetwork net = deploy(folded);
        new SpinnakerTarget().write(net, folded, PROFILE, dir);
        int limit = PROFILE.resources().spikesPerCorePerStep();
        int inputs = net.inputs();
        int[] dense = new int[3 * inputs];
        java.util.Arrays.fill(dense, inputs, 2 * inputs, limit / inputs + 2);
        int busiest = SpinnakerTarget.maxSpikesPerCorePerStep(dense, inputs, PROFILE.resources().neuronsPerCore());
        int factor = SpinnakerTarget.timeScaleFactor(busiest, limit);
        assertTrue(factor > 1, "the dense input must exceed the limit: " + busiest + " spikes, limit " + limit);
        Path input = dir.resolve("dense.csv");
        SpinnakerTarget.writeInput(input, dense, inputs);
        String log = runScript(dir.resolve("network.py"), "--backend", "nest", "--input", input.toString(),
                "--out", dir.resolve("dense.npz").toString());
        assertTrue(log.contains("input pacing: up to " + busiest + " spikes per core in one step, over the " + limit
                + " a core sends per ms: time_scale_factor " + factor), log);

        Path sparse = dir.resolve("sparse.csv");
        SpinnakerTarget.writeInput(sparse, randomCounts(), inputs);
        String quiet = runScript(dir.resolve("network.py"), "--backend", "nest", "--input", sparse.toString(),
                "--out", dir.resolve("sparse.npz").toString());
        assertFalse(quiet.contains("input pacing"), quiet);
    }

    private static DeployedNetwork deploy(FoldedNetwork folded) {
        return new SpinnakerTarget().deploy(folded, PROFILE, new Provenance("test", "test", 0, "", Instant.EPOCH, ""));
    }

    /**
     * One run of the exported script on NEST against the simulator.
     *
     * @param agree    spikes (step, layer, neuron) both produced
     * @param union    spikes either produced
     * @param maxDiff  the largest readout difference
     * @param maxAbs   the largest simulated readout magnitude
     */
    record Agreement(Simulation.Result sim, int agree, int union, double maxDiff, double maxAbs, String log) {

        int spikes(int layer) {
            return sim.spikes().get(layer).size();
        }

        void require(double spikeShare, double readoutShare) {
            assertTrue(agree >= spikeShare * union, "spike agreement " + agree + " of " + union + "\n" + log);
            assertTrue(maxDiff <= readoutShare * maxAbs, "readout differs by " + maxDiff + " (max |readout| " + maxAbs + ")");
        }
    }

    /**
     * Exports {@code folded} into {@link #dir}, runs {@code network.py --backend nest} on {@code counts}
     * ({@code (steps, inputs)} row-major) for the input's steps + the trailing steps + one per layer, runs
     * the simulator on the same steps and prints the agreement under {@code what}.
     */
    private Agreement compare(String what, FoldedNetwork folded, int[] counts) throws IOException, InterruptedException {
        DeployedNetwork net = deploy(folded);
        new SpinnakerTarget().write(net, folded, PROFILE, dir);
        int inputs = net.inputs();
        Path input = dir.resolve("input.csv");
        SpinnakerTarget.writeInput(input, counts, inputs);
        int steps = counts.length / inputs + net.trailingSteps() + net.layers().size();
        Simulation.Result sim = Simulation.run(net, PROFILE, counts, steps);

        Path out = dir.resolve("nest.npz");
        String log = runScript(dir.resolve("network.py"), "--backend", "nest", "--input", input.toString(),
                "--steps", Integer.toString(steps), "--out", out.toString());
        Map<String, NpyArray> result = Npz.read(out);

        int agree = 0;
        int union = 0;
        for (int l = 0; l < net.layers().size(); l++) {
            Set<List<Integer>> ours = new HashSet<>();
            for (Simulation.Spike s : sim.spikes().get(l)) {
                ours.add(List.of(s.step(), s.neuron()));
            }
            Set<List<Integer>> theirs = new HashSet<>();
            long[] a = result.get("spikes_" + l).longs();
            for (int k = 0; k < a.length; k += 2) {
                theirs.add(List.of((int) a[k], (int) a[k + 1]));
            }
            Set<List<Integer>> both = new HashSet<>(ours);
            both.retainAll(theirs);
            Set<List<Integer>> all = new HashSet<>(ours);
            all.addAll(theirs);
            agree += both.size();
            union += all.size();
        }
        double[] readout = result.get("readout").doubles();
        int classes = net.outputs();
        assertEquals(steps * classes, readout.length, "readout samples:\n" + log);
        double maxDiff = 0;
        double maxAbs = 0;
        for (int t = 0; t < steps; t++) {
            for (int c = 0; c < classes; c++) {
                maxDiff = Math.max(maxDiff, Math.abs(readout[t * classes + c] - sim.readout()[t][c]));
                maxAbs = Math.max(maxAbs, Math.abs(sim.readout()[t][c]));
            }
        }
        System.out.printf(Locale.ROOT, "SpiNNaker arithmetic vs PyNN on NEST, %s, %d steps: %d of %d spikes agree "
                        + "(%.2f %%; simulator's per hidden layer %s); readout max |difference| %.3g of max |readout| %.3g%n",
                what, steps, agree, union, union == 0 ? 100.0 : 100.0 * agree / union,
                sim.spikes().subList(0, net.layers().size() - 1).stream().map(List::size).toList(), maxDiff, maxAbs);
        return new Agreement(sim, agree, union, maxDiff, maxAbs, log);
    }

    static String runScript(Path script, String... args) {
        String python = TestPython.interpreter("the PyNN conformance test", "pyNN.nest");
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        cmd.addAll(List.of(args));
        TestPython.Result r = TestPython.run(cmd, Map.of());
        assertEquals(0, r.exit(), () -> "network.py failed:\n" + r.output());
        return r.output();
    }
}
