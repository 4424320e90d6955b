package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.ir.BatchNorm;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.DelayRounding;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.FloatTarget;
import org.spikeport.simulator.Decision;
import org.spikeport.simulator.Platform;
import org.spikeport.simulator.Replay;
import org.spikeport.simulator.Simulation;

/**
 * The float export of a trained model with recurrent synapses, run by the event-driven simulator as
 * {@code replay} runs it, computes the trained semantics: every spike equal and every readout value
 * equal up to double rounding to a plain dense double-precision implementation written here from the
 * definitions alone (not from the exporter's folding or the simulator's engine):
 *
 * <pre>
 *   a_i[t] = BN_i(sum_j w_ij x_j[t - d_ij] + b_i)         d_ij rounded as evaluation rounds ({@link DelayRounding#round})
 *   r_i[t] = sum_o W[i,o] s_o[t - D_io]                    D_io = 1 + rint(d_io), one-hot at D
 *   v_i[t] = v_i[t-1] (1 - 1/tau) + a_i[t] + r_i[t]        spike iff v &gt;= threshold; reset to 0 or v - threshold
 * </pre>
 *
 * <p>Random models: two hidden layers (one with BatchNorm, both with a bias; axonal or synaptic recurrence
 * with delays 0..39, exact halves among them, a third of the recurrent weights zero; reset to zero or by
 * subtraction), a readout, and a random decoding. BatchNorm scales are powers of two and weights float32,
 * so the folded weights are float32 values and the two implementations differ only by the order and
 * grouping of double additions (about 1e-16 relative), far below anything that moves a spike here.
 * The replayed decision is {@link Decision}'s by the model's decoding, applied to the reference readout.
 */
class RecurrentFloatTest {

    private static final HardwareProfile FLOAT = HardwareProfiles.bundled("float");
    private static final Provenance PROVENANCE = new Provenance("test", "test", 0, "", Instant.EPOCH, "");

    /** A spiking layer's or the readout's trained form, from {@code r}. */
    private static TrainedLayer layer(Random r, String name, int in, int out, boolean readout, boolean batchNorm) {
        int maxDelay = 6;
        float[] w = new float[in * out];
        float[] d = new float[in * out];
        boolean[] mask = new boolean[in * out];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (r.nextGaussian() * (readout ? 0.5 : 1.2));
            d[k] = r.nextInt(4) == 0 ? r.nextInt(maxDelay + 1) + 0.5f * (r.nextInt(2)) : r.nextFloat() * maxDelay;
            d[k] = Math.min(d[k], maxDelay);
            mask[k] = r.nextInt(6) != 0;
        }
        if (readout) {
            return new TrainedLayer(name, in, out, w, d, maxDelay, mask, null, Lif.readout(2));
        }
        BatchNorm bn = null;
        if (batchNorm) {
            float[] gamma = new float[out];
            float[] beta = new float[out];
            float[] mean = new float[out];
            float[] var = new float[out];
            float[] gammas = {0.5f, 1, 2, -1};
            float[] vars = {0, 3, 15};
            for (int i = 0; i < out; i++) {
                gamma[i] = gammas[r.nextInt(gammas.length)];
                beta[i] = (float) (0.3 * r.nextGaussian());
                mean[i] = (float) (0.3 * r.nextGaussian());
                var[i] = vars[r.nextInt(vars.length)];
            }
            bn = new BatchNorm(gamma, beta, mean, var, 1.0);
        }
        float[] bias = new float[out];
        for (int i = 0; i < out; i++) {
            bias[i] = (float) (0.2 * r.nextGaussian());
        }
        boolean axonal = r.nextBoolean();
        float[] rw = new float[out * out];
        float[] rd = new float[axonal ? out : out * out];
        for (int k = 0; k < rw.length; k++) {
            rw[k] = r.nextInt(3) == 0 ? 0 : (float) (0.8 * r.nextGaussian());
        }
        for (int k = 0; k < rd.length; k++) {
            rd[k] = r.nextInt(4) == 0 ? r.nextInt(40) + 0.5f : r.nextFloat() * 39;
        }
        Recurrence rec = new Recurrence(axonal ? Recurrence.Kind.AXONAL : Recurrence.Kind.SYNAPTIC, out, rw, rd, null, 0.5);
        double tau = 1 + 2 * r.nextDouble();
        Lif lif = r.nextBoolean() ? Lif.subtracting(tau, 1) : Lif.spiking(tau, 1);
        return new TrainedLayer(name, in, out, w, d, maxDelay, mask, bn, lif, bias, rec);
    }

    static TrainedModel model(long seed) {
        Random r = new Random(seed);
        int inputs = 2 + r.nextInt(5);
        int h1 = 2 + r.nextInt(7);
        int h2 = 2 + r.nextInt(7);
        List<TrainedLayer> layers = List.of(layer(r, "hidden1", inputs, h1, false, true),
                layer(r, "hidden2", h1, h2, false, false), layer(r, "readout", h2, 3, true, false));
        TrainedNetwork net = new TrainedNetwork(inputs, 10, 0.23, layers, r.nextBoolean() ? Decoding.SUM : Decoding.SOFTMAX_SUM);
        return new TrainedModel(net, new TreeMap<>(), List.of(), PROVENANCE);
    }

    /** Spikes per layer and the readout's membranes, {@code [steps][classes]}. */
    record Trace(List<List<Simulation.Spike>> spikes, double[][] readout) {
    }

    /**
     * The trained semantics in plain double precision, dense and time-stepped; {@code recurrent = false}
     * leaves the recurrent input out (to see that it matters).
     */
    static Trace reference(TrainedNetwork net, CountFrame in, int steps, boolean recurrent) {
        double[][] x = new double[steps][net.inputs()];
        for (int t = 0; t < Math.min(steps, in.steps()); t++) {
            for (int j = 0; j < net.inputs(); j++) {
                x[t][j] = in.counts()[t * net.inputs() + j];
            }
        }
        List<List<Simulation.Spike>> spikes = new ArrayList<>();
        double[][] readout = null;
        for (TrainedLayer l : net.layers()) {
            int out = l.outputs();
            double[][] s = new double[steps][out];
            double[][] v = new double[steps][out];
            List<Simulation.Spike> layerSpikes = new ArrayList<>();
            double[] state = new double[out];
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < out; i++) {
                    double a = 0;
                    for (int j = 0; j < l.inputs(); j++) {
                        int d = DelayRounding.round(l.delay(i, j), l.maxDelay() + 1);
                        if (l.connected(i, j) && t - d >= 0) {
                            a += (double) l.weight(i, j) * x[t - d][j];
                        }
                    }
                    if (l.bias() != null) {
                        a += l.bias()[i];
                    }
                    BatchNorm bn = l.batchNorm();
                    if (bn != null) {
                        a = bn.gamma()[i] * (a - bn.mean()[i]) / Math.sqrt(bn.variance()[i] + bn.eps()) + bn.beta()[i];
                    }
                    double rec = 0;
                    if (recurrent && l.recurrent() != null) {
                        for (int o = 0; o < out; o++) {
                            int lag = 1 + (int) Math.rint(l.recurrent().delay(i, o));
                            if (t - lag >= 0) {
                                rec += (double) l.recurrent().weight(i, o) * s[t - lag][o];
                            }
                        }
                    }
                    state[i] = state[i] * (1 - 1 / l.neuron().tau()) + a + rec;
                    if (state[i] >= l.neuron().threshold()) {
                        s[t][i] = 1;
                        layerSpikes.add(new Simulation.Spike(t, i));
                        state[i] = l.neuron().reset() == ResetMode.SUBTRACT ? state[i] - l.neuron().threshold() : 0;
                    }
                    v[t][i] = state[i];
                }
            }
            spikes.add(layerSpikes);
            x = s;
            readout = v;
        }
        return new Trace(spikes, readout);
    }

    static CountFrame input(long seed, int channels) {
        Random r = new Random(~seed);
        int steps = 20 + r.nextInt(40);
        int[] c = new int[steps * channels];
        double density = 0.1 + 0.5 * r.nextDouble();
        for (int k = 0; k < c.length; k++) {
            c[k] = r.nextDouble() < density ? 1 + r.nextInt(3) : 0;
        }
        return new CountFrame(steps, channels, c, 0);
    }

    @Property(tries = 300)
    void floatDeploymentSimulatesTheTrainedSemantics(@ForAll long seed) {
        TrainedModel model = model(seed);
        TrainedNetwork trained = model.network();
        DeployedNetwork deployed = Export.plan(model, new FloatTarget(), FLOAT, PROVENANCE).network();
        CountFrame in = input(seed, trained.inputs());
        Platform platform = Platform.of(FLOAT);
        int steps = Replay.steps(deployed, platform, in.steps());
        assertEquals(Simulation.deployedSteps(in.steps(), 3, 6), steps, "the trained horizon");

        Simulation.Result sim = Replay.simulate(deployed, platform, in);
        Trace ref = reference(trained, in, steps, true);
        assertEquals(ref.spikes(), sim.spikes(), "spikes per layer");
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < 3; k++) {
                double want = ref.readout()[t][k];
                assertEquals(want, sim.readout()[t][k], 1e-12 * (1 + Math.abs(want)), "readout step " + t + " class " + k);
            }
        }
        assertEquals(Decision.predict(ref.readout(), 3, trained.decoding()), Replay.run(0, deployed, platform, in).prediction(),
                "decision by " + trained.decoding());

        Trace noLoops = reference(trained, in, steps, false);
        Statistics.label("hidden layers spiked").collect(!ref.spikes().get(0).isEmpty() && !ref.spikes().get(1).isEmpty())
                .coverage(c -> c.check(true).percentage(p -> p > 50));
        Statistics.label("recurrent synapses changed the spikes").collect(!noLoops.spikes().equals(ref.spikes()))
                .coverage(c -> c.check(true).percentage(p -> p > 50));
        boolean subtracting = trained.layers().stream().limit(2).anyMatch(l -> l.neuron().reset() == ResetMode.SUBTRACT);
        Statistics.label("a layer resets by subtraction").collect(subtracting)
                .coverage(c -> c.check(true).percentage(p -> p > 30));
        Statistics.label("decoding").collect(trained.decoding())
                .coverage(c -> c.check(Decoding.SUM).percentage(p -> p > 30));
        for (int l = 0; l < 2; l++) {
            int nonZero = 0;
            for (float w : trained.layers().get(l).recurrent().weights()) {
                nonZero += w != 0 ? 1 : 0;
            }
            assertEquals(nonZero, deployed.layers().get(l).recurrent().size(), "zero recurrent weights are dropped");
        }
    }
}
