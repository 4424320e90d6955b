package org.spikeport.cli.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.data.SpikeDataset;
import org.spikeport.core.data.SpikeDatasets;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.NeuronParams;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.FloatTarget;
import org.spikeport.exporter.truenorth.TrueNorthTarget;
import org.spikeport.simulator.Platform;
import org.spikeport.simulator.Simulation;

/**
 * What the truenorth-like deployment costs in accuracy, step by step, on a trained model and a test
 * set (10 ms bins of 5 units, as the trainer's default): the simulated accuracy of
 * <ol>
 *   <li>{@code float}: the trained model (the float export, as {@code evaluate} scores it);</li>
 *   <li>{@code float + types}: the float model with each synapse's weight replaced by its truenorth
 *       value (4 types per neuron, 9-bit integers, times the layer's scale): the weight quantization
 *       alone;</li>
 *   <li>{@code truenorth, unclipped}: the truenorth deployment with 15 input copies: adds the linear
 *       leak, the integer bias and the chip's timing;</li>
 *   <li>{@code truenorth}: the deployment as exported (its {@code input_copies}): adds the clipping of
 *       input counts.</li>
 * </ol>
 * The chip runs {@code deployedSteps + latency} steps and its readout is scored from step
 * {@code latency} on, so that both see the same input steps; the prediction is argmax of the summed
 * softmax of the readout. Also printed: how often each variant predicts what the float model predicts,
 * and per hidden layer how many spikes of {@code float + types} the unclipped chip reproduces at the
 * same step (shifted by the chip's latency up to that layer) and neuron: the leak approximation's
 * effect on spike timing, weights being equal.
 *
 * <p>Run from the repository root:
 * <pre>
 *   mvn -B -q -o -DskipTests package &amp;&amp; mvn -B -q -o -pl cli -am test-compile
 *   java -cp cli/target/test-classes:cli/target/spikeport.jar \
 *       org.spikeport.cli.bench.TrueNorthAccuracyBench model.pb data/test.h5 [samples]
 * </pre>
 */
public final class TrueNorthAccuracyBench {

    private TrueNorthAccuracyBench() {
    }

    public static void main(String[] args) throws Exception {
        TrainedModel model = ModelFiles.readTrained(Path.of(args[0]));
        int limit = args.length > 2 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
        Provenance prov = new Provenance("bench", "bench", 0, "", Instant.now(), "");
        HardwareProfile floatProfile = HardwareProfiles.bundled("float");
        HardwareProfile tn = HardwareProfiles.bundled("truenorth-like");
        DeployedNetwork reference = Export.plan(model, new FloatTarget(), floatProfile, prov).network();
        Export tnExport = Export.plan(model, new TrueNorthTarget(), tn, prov);
        DeployedNetwork chip = tnExport.network();
        System.out.println("truenorth-like export fits: " + tnExport.fits() + (tnExport.fits() ? ""
                : " (" + tnExport.violations().size() + " violations, first: " + tnExport.violations().get(0).message() + ")"));
        System.out.println("mapping: " + new TrueNorthTarget().mapping(chip, tn));
        DeployedNetwork typed = withTypedWeights(reference, chip);
        DeployedNetwork unclipped = withCopies(chip, 15);
        int layers = chip.layers().size();
        int latency = Platform.of(tn).latencySteps(layers);
        String[] names = {"float", "float + types", "truenorth, unclipped", "truenorth"};
        int[] correct = new int[names.length];
        int[] agree = new int[names.length];
        int n = 0;
        long clippedCounts = 0;
        long counts = 0;
        long copies = chip.layers().get(0).neuron().value(TrueNorthLif.INPUT_COPIES, 0);
        long[] floatSpikes = new long[layers];
        long[] chipSpikes = new long[layers];
        long[] sameSpikes = new long[layers];
        try (SpikeDataset data = SpikeDatasets.open(Path.of(args[1]))) {
            for (int s = 0; s < data.size() && s < limit; s++) {
                CountFrame f = Binning.SHD.bin(data.get(s));
                for (int c : f.counts()) {
                    counts += c > 0 ? 1 : 0;
                    clippedCounts += c > copies ? 1 : 0;
                }
                int steps = Simulation.deployedSteps(f.steps(), layers, model.network().maxDelay());
                Simulation.Result typedRun = Simulation.run(typed, floatProfile, f.counts(), steps);
                Simulation.Result unclippedRun = Simulation.run(unclipped, tn, f.counts(), steps + latency);
                for (int l = 0; l + 1 < layers; l++) {
                    java.util.Set<Long> a = new java.util.HashSet<>();
                    for (Simulation.Spike sp : typedRun.spikes().get(l)) {
                        a.add((long) sp.step() << 32 | sp.neuron());
                    }
                    int shift = (l + 1) * latency / layers;
                    java.util.Set<Long> b = new java.util.HashSet<>();
                    for (Simulation.Spike sp : unclippedRun.spikes().get(l)) {
                        b.add((long) (sp.step() - shift) << 32 | sp.neuron());
                    }
                    floatSpikes[l] += a.size();
                    chipSpikes[l] += b.size();
                    a.retainAll(b);
                    sameSpikes[l] += a.size();
                }
                int[] pred = {
                    argmax(Simulation.run(reference, floatProfile, f.counts(), steps).readout(), 0),
                    argmax(typedRun.readout(), 0),
                    argmax(unclippedRun.readout(), latency),
                    argmax(Simulation.run(chip, tn, f.counts(), steps + latency).readout(), latency)};
                for (int k = 0; k < names.length; k++) {
                    correct[k] += pred[k] == f.label() ? 1 : 0;
                    agree[k] += pred[k] == pred[0] ? 1 : 0;
                }
                n++;
            }
        }
        System.out.printf(Locale.ROOT, "%d test samples; input copies %d; %.2f %% of non-zero input counts exceed them%n",
                n, copies, 100.0 * clippedCounts / Math.max(1, counts));
        for (int k = 0; k < names.length; k++) {
            System.out.printf(Locale.ROOT, "%-22s accuracy %6.2f %%   same prediction as float %6.2f %%%n", names[k],
                    100.0 * correct[k] / n, 100.0 * agree[k] / n);
        }
        for (int l = 0; l + 1 < layers; l++) {
            System.out.printf(Locale.ROOT, "layer %s: float + types %d spikes, truenorth unclipped %d; %.2f %% of the "
                            + "float spikes at the same (step, neuron) on the chip (after its latency)%n",
                    chip.layers().get(l).name(), floatSpikes[l], chipSpikes[l], 100.0 * sameSpikes[l] / Math.max(1, floatSpikes[l]));
        }
    }

    /** The float network with every synapse's weight replaced by its truenorth integer times the layer's weight scale. */
    static DeployedNetwork withTypedWeights(DeployedNetwork reference, DeployedNetwork chip) {
        List<DeployedLayer> out = new ArrayList<>();
        for (int l = 0; l < reference.layers().size(); l++) {
            DeployedLayer f = reference.layers().get(l);
            DeployedLayer c = chip.layers().get(l);
            double scale = c.quantization().get("weight_scale");
            SparseSynapses cs = c.synapses();
            int[] w = new int[cs.size()];
            for (int k = 0; k < w.length; k++) {
                w[k] = FloatLif.encodeWeight(cs.weight()[k] * scale);
            }
            out.add(new DeployedLayer(f.name(), f.inputs(), f.outputs(),
                    new SparseSynapses(cs.pre(), cs.post(), w, cs.delay()), f.neuron(), f.quantization()));
        }
        return new DeployedNetwork(reference.inputs(), reference.dtMs(), reference.target(), reference.profileName(),
                reference.profileSha256(), reference.input(), out, reference.trailingSteps(), reference.provenance());
    }

    /** The chip network with the first layer's input copies set to {@code copies}. */
    static DeployedNetwork withCopies(DeployedNetwork chip, long copies) {
        List<DeployedLayer> out = new ArrayList<>(chip.layers());
        DeployedLayer first = out.get(0);
        SortedMap<String, long[]> p = new TreeMap<>(first.neuron().values());
        p.put(TrueNorthLif.INPUT_COPIES, new long[] {copies});
        out.set(0, new DeployedLayer(first.name(), first.inputs(), first.outputs(), first.synapses(),
                new NeuronParams(TrueNorthLif.NAME, p), first.quantization()));
        return new DeployedNetwork(chip.inputs(), chip.dtMs(), chip.target(), chip.profileName(), chip.profileSha256(),
                chip.input(), out, chip.trailingSteps(), chip.provenance());
    }

    /** Argmax over classes of the summed softmax of the readout rows from {@code from} on. */
    static int argmax(double[][] v, int from) {
        int classes = v[0].length;
        double[] m = new double[classes];
        for (int t = from; t < v.length; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : v[t]) {
                max = Math.max(max, x);
            }
            double sum = 0;
            for (double x : v[t]) {
                sum += Math.exp(x - max);
            }
            for (int k = 0; k < classes; k++) {
                m[k] += Math.exp(v[t][k] - max) / sum;
            }
        }
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (m[k] > m[best]) {
                best = k;
            }
        }
        return best;
    }
}
