package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.FoldedNetwork;
import org.spikeport.exporter.spinnaker.SpinnakerTarget;
import org.spikeport.simulator.Simulation;
import org.spikeport.trainer.importer.Npz;
import org.spikeport.trainer.importer.NpyArray;

/**
 * The exported PyNN script ({@code network.py}) runs unchanged on NEST (pyNN.nest, floating point)
 * and its spikes and readout are compared with spikeport's simulator in the SpiNNaker arithmetic
 * (s16.15). The two differ by the fixed point's rounding (at most half a unit of 2^-15 mV per
 * multiply), so exact agreement is not claimed: the test reports the spike agreement and the largest
 * readout difference and requires at least 99 % of spikes to agree.
 */
class SpinnakerPynnTest {

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

    @Test
    void scriptOnNestAgreesWithTheSimulator() throws IOException, InterruptedException {
        HardwareProfile profile = HardwareProfiles.bundled("spinnaker");
        FoldedNetwork folded = network(5);
        DeployedNetwork net = new SpinnakerTarget().deploy(folded, profile,
                new Provenance("test", "test", 0, "", Instant.EPOCH, ""));
        new SpinnakerTarget().write(net, folded, profile, dir);

        Random r = new Random(11);
        int inputSteps = 40;
        int[] counts = new int[inputSteps * 16];
        for (int k = 0; k < counts.length; k++) {
            double x = r.nextDouble();
            counts[k] = x < 0.03 ? 2 : x < 0.2 ? 1 : 0;
        }
        Path input = dir.resolve("input.csv");
        SpinnakerTarget.writeInput(input, counts, 16);
        int steps = inputSteps + net.trailingSteps() + net.layers().size();
        Simulation.Result sim = Simulation.run(net, profile, counts, steps);

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
        System.out.printf(Locale.ROOT, "SpiNNaker arithmetic vs PyNN on NEST: %d of %d spikes agree (%.2f %%); "
                        + "readout max |difference| %.3g of max |readout| %.3g%n", agree, union,
                union == 0 ? 100.0 : 100.0 * agree / union, maxDiff, maxAbs);
        assertTrue(sim.spikes().get(0).size() > 20 && sim.spikes().get(1).size() > 5,
                "both hidden layers must spike for the comparison to mean anything: " + sim.spikes().get(0).size()
                        + ", " + sim.spikes().get(1).size());
        assertTrue(agree >= 0.99 * union, "spike agreement " + agree + " of " + union + "\n" + log);
        assertTrue(maxDiff <= 1e-3 * maxAbs, "readout differs by " + maxDiff + " (max |readout| " + maxAbs + ")");
    }

    static String runScript(Path script, String... args) throws IOException, InterruptedException {
        String python = System.getProperty("spikeport.python");
        if (python == null || !Files.isExecutable(Path.of(python))) {
            fail("Python interpreter for the PyNN conformance test not found (system property spikeport.python = "
                    + python + "); run ./test.sh to create the venv with pynn and nest-simulator");
        }
        Process check = new ProcessBuilder(python, "-c", "import pyNN.nest").redirectErrorStream(true).start();
        String checkLog = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (check.waitFor() != 0) {
            fail("pyNN.nest is not importable with " + python + "; run ./test.sh to install python/requirements.txt. "
                    + "Output: " + checkLog);
        }
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> "network.py failed:\n" + log);
        return log;
    }
}
