package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.arith.SenecaBf16Lif;
import org.spikeport.core.ir.BatchNorm;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.core.json.Json;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.core.testing.TestPython;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.ExportReport;
import org.spikeport.exporter.seneca.SenecaTarget;
import org.spikeport.simulator.Simulation;
import org.spikeport.trainer.data.Batch;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What spikeport's simulator computes for a SENECA export is what a program written from
 * {@code docs/seneca-format.md} alone computes from {@code seneca.json}: {@code src/test/python/seneca_reference.py}
 * (numpy, independent of the Java code) runs the file on the same inputs and must give the same spikes
 * and the same bf16 readout patterns at every step: a feed-forward network with a bf16 and an fp32 queue
 * accumulator, random recurrent networks, and the trained recurrent fixtures ({@link TrainedFixture}).
 */
class SenecaConformanceTest {

    private static final Path SCRIPT = Path.of("src", "test", "python", "seneca_reference.py");

    @TempDir
    Path dir;

    /** 12 inputs -> 24 -> 16 -> 4 readout, dense, random weights, delays 0..8, BatchNorm (so non-zero biases). */
    static TrainedModel model() {
        int[] sizes = {12, 24, 16, 4};
        Random r = new Random(5);
        List<TrainedLayer> layers = new ArrayList<>();
        for (int l = 1; l < sizes.length; l++) {
            int n = sizes[l - 1] * sizes[l];
            float[] w = new float[n];
            float[] d = new float[n];
            for (int k = 0; k < n; k++) {
                w[k] = (float) (r.nextGaussian() * 0.45 + 0.05);
                d[k] = r.nextInt(9);
            }
            Lif lif = l == sizes.length - 1 ? Lif.readout(3.0) : Lif.spiking(2.0, 1.0);
            int m = sizes[l];
            float[] gamma = new float[m];
            float[] beta = new float[m];
            float[] mean = new float[m];
            float[] variance = new float[m];
            for (int i = 0; i < m; i++) {
                gamma[i] = (float) (0.8 + 0.4 * r.nextDouble());
                beta[i] = (float) (r.nextGaussian() * 0.05);
                mean[i] = (float) (r.nextGaussian() * 0.05);
                variance[i] = (float) (0.5 + r.nextDouble());
            }
            layers.add(new TrainedLayer("layer" + l, sizes[l - 1], sizes[l], w, d, 8, null,
                    new BatchNorm(gamma, beta, mean, variance, 1e-5), lif));
        }
        return new TrainedModel(new TrainedNetwork(12, 1, 0, layers), new TreeMap<>(), List.of(),
                new Provenance("test", "test", 0, "", Instant.EPOCH, ""));
    }

    private HardwareProfile profile(int accumulatorBits) throws IOException {
        String text;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("org/spikeport/profiles/seneca.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path d = Files.createDirectories(dir.resolve("acc" + accumulatorBits));
        Path f = d.resolve("seneca.yaml");
        Files.writeString(f, text.replace("accumulator: 16", "accumulator: " + accumulatorBits));
        HardwareProfile p = HardwareProfiles.load(f);
        assertEquals(accumulatorBits, p.neuron().get(SenecaBf16Lif.ACCUMULATOR));
        return p;
    }

    @Test
    void theFormatAloneReproducesTheSimulation() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (int bits : new int[] {16, 32}) {
            Random r = new Random(8);
            List<Sample> samples = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                int len = 30;
                int[] counts = new int[len * 12];
                for (int k = 0; k < counts.length; k++) {
                    counts[k] = r.nextDouble() < 0.3 ? 1 + r.nextInt(s == 7 ? 60000 : 3) : 0;
                }
                samples.add(new Sample(counts, Simulation.deployedSteps(len, 3, model().network().maxDelay())));
            }
            cases.add(new Case("feed-forward-acc" + bits, model(), profile(bits), samples));
        }
        for (Agreement a : compare(cases)) {
            assertTrue(a.hiddenSpikes() > 100, "the hidden layers must spike for the comparison to mean anything: " + a);
        }
    }

    /**
     * Random recurrent networks ({@link RecurrentFloatTest#model}: two recurrent hidden layers, lags 1..40,
     * axonal or per-synapse, reset to zero or by subtraction, BatchNorm and biases) on random counts, run
     * long enough for the longest lags to act.
     */
    @Test
    void theFormatAloneReproducesRecurrentNetworks() throws Exception {
        HardwareProfile profile = profile(16);
        List<Case> cases = new ArrayList<>();
        int subtracting = 0;
        for (long seed = 1; seed <= 12; seed++) {
            TrainedModel m = RecurrentFloatTest.model(seed);
            int inputs = m.network().inputs();
            Random r = new Random(seed);
            List<Sample> samples = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                int[] counts = new int[30 * inputs];
                for (int k = 0; k < counts.length; k++) {
                    counts[k] = r.nextDouble() < 0.3 ? 1 + r.nextInt(3) : 0;
                }
                samples.add(new Sample(counts, 90));
            }
            cases.add(new Case("random" + seed, m, profile, samples));
            subtracting += (int) m.network().layers().stream().filter(l -> l.neuron().reset() == ResetMode.SUBTRACT).count();
        }
        Agreement all = Agreement.sum(compare(cases));
        assertTrue(all.hiddenSpikes() > 1000 && all.recurrentArrivals() > 1000 && subtracting > 4, "the recurrent "
                + "synapses must act and some layers reset by subtraction: " + all + ", " + subtracting
                + " subtracting layers");
    }

    /**
     * The trained recurrent fixtures, each on the {@value #FIXTURE_SAMPLES} of its test samples in which the
     * simulator delivers the most recurrent events, run for the steps replay runs.
     */
    @Test
    void theFormatAloneReproducesTheTrainedRecurrentModels() throws Exception {
        HardwareProfile profile = profile(16);
        List<TrainedFixture> fixtures = List.of(TrainedFixture.recurrent(), TrainedFixture.recurrentWithDelays());
        List<Case> cases = new ArrayList<>();
        for (int n = 0; n < fixtures.size(); n++) {
            TrainedFixture f = fixtures.get(n);
            int layers = f.trained.network().layers().size();
            DeployedNetwork net = Export.plan(f.trained, new SenecaTarget(), profile,
                    new Provenance("test", "test", 0, "", Instant.EPOCH, "")).network();
            List<Sample> samples = new ArrayList<>();
            List<Long> arrivals = new ArrayList<>();
            for (int i = 0; i < f.test.size(); i++) {
                Batch one = f.test.batch(new int[] {i});
                int[] counts = new int[one.data().length];
                for (int k = 0; k < counts.length; k++) {
                    counts[k] = (int) one.data()[k];
                }
                Sample s = new Sample(counts, Simulation.deployedSteps(one.steps(), layers, f.trained.network().maxDelay()));
                Simulation.Result r = Simulation.run(net, profile, s.counts(), s.steps());
                long a = 0;
                for (int l = 0; l < layers; l++) {
                    a += arrivals(net.layers().get(l).recurrent(), r.spikes().get(l), s.steps());
                }
                samples.add(s);
                arrivals.add(a);
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                order.add(i);
            }
            order.sort((x, y) -> Long.compare(arrivals.get(y), arrivals.get(x)));
            cases.add(new Case("fixture" + n, f.trained, profile,
                    order.subList(0, FIXTURE_SAMPLES).stream().map(samples::get).toList()));
        }
        for (Agreement a : compare(cases)) {
            assertTrue(a.hiddenSpikes() > 500 && a.recurrentArrivals() > 0, "the recurrent synapses must act: " + a);
        }
    }

    /** Test samples of each trained fixture that {@link #theFormatAloneReproducesTheTrainedRecurrentModels} runs. */
    private static final int FIXTURE_SAMPLES = 40;

    /** One input: counts per step and channel, and the steps to run. */
    private record Sample(int[] counts, int steps) {
    }

    /** A model exported to SENECA with a profile, and the samples to run it on. */
    private record Case(String name, TrainedModel model, HardwareProfile profile, List<Sample> samples) {
    }

    /** What a comparison covered: hidden spikes, and recurrent synaptic events that arrived within the run. */
    private record Agreement(String name, long hiddenSpikes, long recurrentArrivals) {
        static Agreement sum(List<Agreement> all) {
            return new Agreement("all", all.stream().mapToLong(Agreement::hiddenSpikes).sum(),
                    all.stream().mapToLong(Agreement::recurrentArrivals).sum());
        }
    }

    /**
     * Exports each case's model to SENECA with its profile, runs every sample through the simulator and
     * (one process for all cases) the numpy program, and asserts the same spikes of every layer and the
     * same bf16 readout at every step.
     */
    @SuppressWarnings("unchecked")
    private List<Agreement> compare(List<Case> cases) throws Exception {
        List<Export> exports = new ArrayList<>();
        List<List<Simulation.Result>> java = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Case c : cases) {
            Export e = Export.plan(c.model(), new SenecaTarget(), c.profile(),
                    new Provenance("test", "test", 0, "", Instant.EPOCH, ""));
            assertTrue(e.fits(), () -> c.name() + ": " + e.violations());
            Path out = dir.resolve(c.name());
            e.write(out, new ExportReport(e, "model.pb"));
            List<Map<String, Object>> written = new ArrayList<>();
            List<Simulation.Result> results = new ArrayList<>();
            for (Sample s : c.samples()) {
                results.add(Simulation.run(e.network(), c.profile(), s.counts(), s.steps()));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("steps", s.steps());
                m.put("counts", s.counts());
                written.add(m);
            }
            Path in = dir.resolve(c.name() + "-inputs.json");
            Files.writeString(in, Json.write(Map.of("samples", written)));
            files.addAll(List.of(out.resolve(SenecaTarget.FILE), in, dir.resolve(c.name() + "-reference.json")));
            exports.add(e);
            java.add(results);
        }
        run(files);
        List<Agreement> out = new ArrayList<>();
        for (int ci = 0; ci < cases.size(); ci++) {
            Case c = cases.get(ci);
            DeployedNetwork net = exports.get(ci).network();
            int layers = net.layers().size();
            Map<String, Object> ref = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(Files.readString(files.get(3 * ci + 2)));
            List<Map<String, Object>> refSamples = (List<Map<String, Object>>) ref.get("samples");
            long hiddenSpikes = 0;
            long recurrentArrivals = 0;
            for (int s = 0; s < c.samples().size(); s++) {
                Simulation.Result j = java.get(ci).get(s);
                Map<String, Object> py = refSamples.get(s);
                List<List<List<Integer>>> spikes = (List<List<List<Integer>>>) py.get("spikes");
                for (int l = 0; l < layers; l++) {
                    List<List<Integer>> expected = new ArrayList<>();
                    for (Simulation.Spike sp : j.spikes().get(l)) {
                        expected.add(List.of(sp.step(), sp.neuron()));
                    }
                    assertEquals(expected, spikes.get(l), c.name() + ": sample " + s + ", layer " + l);
                    hiddenSpikes += l + 1 < layers ? expected.size() : 0;
                    recurrentArrivals += arrivals(net.layers().get(l).recurrent(), j.spikes().get(l), c.samples().get(s).steps());
                }
                List<List<Integer>> readout = (List<List<Integer>>) py.get("readout");
                for (int t = 0; t < j.readout().length; t++) {
                    for (int k = 0; k < j.readout()[t].length; k++) {
                        assertEquals(j.rawReadout()[t][k], (long) readout.get(t).get(k),
                                c.name() + ": sample " + s + ", step " + t + ", class " + k);
                    }
                }
            }
            out.add(new Agreement(c.name(), hiddenSpikes, recurrentArrivals));
        }
        return out;
    }

    /** Recurrent synaptic events of {@code spikes} through {@code recurrent} that arrive before {@code steps}. */
    private static long arrivals(SparseSynapses recurrent, List<Simulation.Spike> spikes, int steps) {
        long n = 0;
        for (Simulation.Spike sp : spikes) {
            for (int k = 0; k < recurrent.size(); k++) {
                if (recurrent.pre()[k] == sp.neuron() && sp.step() + recurrent.delay()[k] < steps) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Runs the numpy program on {@code files}: triples of a {@code seneca.json}, its inputs and its output. */
    private static void run(List<Path> files) throws IOException, InterruptedException {
        String python = TestPython.interpreter("the SENECA conformance test", "numpy");
        List<String> command = new ArrayList<>(List.of(python, SCRIPT.toAbsolutePath().toString()));
        files.forEach(f -> command.add(f.toString()));
        TestPython.Result r = TestPython.run(command, Map.of());
        String text = r.output();
        int exit = r.exit();
        if (exit != 0) {
            fail("seneca_reference.py failed (exit " + exit + "): " + text);
        }
    }
}
