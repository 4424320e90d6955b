package org.spikeport.simulator;

import java.util.ArrayList;
import java.util.List;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.ir.SparseSynapses;
import org.spikeport.core.profile.HardwareProfile;

/**
 * The event-driven engine: runs a {@link DeployedNetwork} on one sample for a given number of steps
 * in each layer's arithmetic ({@link Arithmetic#forModel}, dispatched on {@code NeuronParams.model()})
 * and returns every spike, the readout membrane at every step (in float units and exactly as the chip
 * holds it) and the count of synaptic events.
 *
 * <h2>Timing</h2>
 *
 * A spike (or input event) emitted at step {@code t} through a synapse of IR delay {@code d} reaches
 * its neuron at step {@code t + d + e}, {@code e = delayOffset + pipelineStepsPerLayer} of the
 * {@link Platform} (0 for {@code lif-float}; 1 for Loihi 2, whose Dense adds one step per layer). It
 * applies to every layer including the first, so with {@code e = 0} an input count at {@code t} can
 * move the readout at {@code t}, and with {@code e = 1} a network of L layers answers L steps later.
 *
 * <p>A spike of a layer's neuron at step {@code t} through one of the layer's recurrent synapses, of IR
 * delay {@code D >= 1}, reaches the same layer at step {@code t + D + r}, {@code r} =
 * {@link Platform#recurrentExtraSteps} (0 on every platform, the trained timing). Only arithmetics that
 * {@link Arithmetic#handlesRecurrentSynapses handle recurrent synapses} ({@code lif-float}) run a layer
 * that has them; {@link #run} refuses the others.
 *
 * <h2>Input</h2>
 *
 * {@code inputCounts} holds the first layer's input exactly as the trained model sees it: counts per
 * step and channel, row-major {@code (inputSteps, inputs)}. A non-zero count {@code c} of channel
 * {@code j} at step {@code t} is one event through each synapse of {@code j} with payload {@code c}
 * (a graded spike; for a binary encoding, {@code c} simultaneous spikes, whose summed effect is the
 * same). Input is zero after its last row and for steps past {@code inputSteps}; a network trained
 * with L layers and {@code R} steps added per layer is run for {@code len + L R} steps to reproduce
 * the deployed semantics of the trainer.
 *
 * <h2>One step {@code t}</h2>
 *
 * <ol>
 *   <li>the input counts of step {@code t} are delivered into the first layer's input ring, slot
 *       {@code t + d + e} (CSR: synapses grouped by presynaptic neuron, in their IR order);</li>
 *   <li>for each layer in order: the layer takes slot {@code t} of its ring and updates only the neurons
 *       that have input now, state not at rest, or a rule that moves them from rest (the arithmetic
 *       decides); the neurons that spike (in increasing index) are recorded and delivered at once into
 *       the next layer's ring, so with {@code d + e = 0} they act in the same step, and then through the
 *       layer's recurrent synapses into its own ring, slot {@code t + D + r} (CSR over the layer's
 *       neurons, in the recurrent synapses' IR order; the ring already stands at {@code t + 1}, so the
 *       lead is {@code D + r - 1});</li>
 *   <li>the readout membrane of every class is recorded (after the step's update and any reset), in
 *       float units and raw.</li>
 * </ol>
 *
 * <h2>Summation order of a neuron's input (the float contract)</h2>
 *
 * A ring sums each neuron's input of a step in the order the terms were delivered (for
 * {@code lif-float}: from {@code +0.0}, term {@code decodeWeight(w) * payload}, see
 * {@link InputRing}). For neuron {@code i} of layer {@code l} at step {@code T} that order is:
 *
 * <ol>
 *   <li>by emission step {@code t}, ascending (every term of step {@code t} before any of {@code t + 1});</li>
 *   <li>within one emission step, first the feed-forward terms (layer {@code l - 1}'s spikes of step
 *       {@code t}, or for the first layer the non-zero input counts of step {@code t}), then the recurrent
 *       terms (layer {@code l}'s own spikes of step {@code t});</li>
 *   <li>within each, by presynaptic index ascending, then by the synapses' order in the IR.</li>
 * </ol>
 *
 * The neuron then integrates that one sum: {@code v = v (1 - 1/tau) + input + bias}
 * ({@link org.spikeport.core.arith.FloatLif#integrate}). A feed-forward network has no recurrent terms,
 * so its order is the emission step, then presynaptic index, then synapse order.
 *
 * <p>A synaptic event is one delivery of an emitted spike or a non-zero input count through one synapse,
 * feed-forward or recurrent (counted at emission, also when its arrival lies beyond the last step).
 */
public final class Simulation {

    /** A spike of {@code neuron} at {@code step}. */
    public record Spike(int step, int neuron) {
    }

    /**
     * The outcome of a run.
     *
     * @param spikes         per layer, its spikes ordered by step then neuron (the readout's too, usually none)
     * @param readout        the last layer's membrane, {@code [steps][classes]}, in float units
     * @param rawReadout     the same membranes as the chip holds them ({@link Arithmetic.Layer#rawMembrane}: a
     *                       fixed-point arithmetic's integer state, a float one's IEEE-754 bits), for
     *                       bit-exact comparisons with another implementation of the chip
     * @param synapticEvents deliveries through synapses
     * @param neuronUpdates  neuron updates made (the event-driven work; a dense simulation makes
     *                       {@code steps * neurons})
     */
    public record Result(List<List<Spike>> spikes, double[][] readout, long[][] rawReadout, long synapticEvents,
                         long neuronUpdates) {
    }

    /** Synapses grouped by presynaptic neuron (CSR), with the lead of each. */
    private record Csr(int[] start, int[] post, int[] weight, int[] lead, int maxLead) {

        /** {@code s} from {@code presynaptic} neurons; each synapse's lead is its delay plus {@code extra}. */
        static Csr of(SparseSynapses s, int presynaptic, int extra) {
            int[] start = new int[presynaptic + 1];
            for (int pre : s.pre()) {
                start[pre + 1]++;
            }
            for (int j = 0; j < presynaptic; j++) {
                start[j + 1] += start[j];
            }
            int[] fill = start.clone();
            int n = s.size();
            int[] post = new int[n];
            int[] weight = new int[n];
            int[] lead = new int[n];
            for (int k = 0; k < n; k++) {
                int at = fill[s.pre()[k]]++;
                post[at] = s.post()[k];
                weight[at] = s.weight()[k];
                lead[at] = Math.addExact(s.delay()[k], extra);
            }
            return new Csr(start, post, weight, lead, Math.addExact(s.maxDelay(), extra));
        }
    }

    private Simulation() {
    }

    /**
     * Steps to run a sample of {@code sampleSteps} steps under the trainer's deployed semantics
     * ({@code DelayNetwork.forwardDeployed}): {@code len + L R}, {@code R = trainedMaxDelay / 2} steps added
     * by each of the {@code layers} DCLS layers. The trained max delay is the model's ({@code Td - 1}),
     * not the largest rounded delay. A chip's own latency ({@link Platform#latencySteps}) comes on top
     * when its readout is to see the same inputs.
     */
    public static int deployedSteps(int sampleSteps, int layers, int trainedMaxDelay) {
        if (sampleSteps < 0 || layers < 1 || trainedMaxDelay < 0) {
            throw new IllegalArgumentException("need sample steps >= 0, layers >= 1 and max delay >= 0, got "
                    + sampleSteps + ", " + layers + ", " + trainedMaxDelay);
        }
        return Math.addExact(sampleSteps, Math.multiplyExact(layers, trainedMaxDelay / 2));
    }

    /**
     * Runs {@code net} with {@code profile}'s timing and widths; every layer must be in the profile's
     * arithmetic.
     */
    public static Result run(DeployedNetwork net, HardwareProfile profile, int[] inputCounts, int steps) {
        for (DeployedLayer l : net.layers()) {
            if (!l.neuron().model().equals(profile.arithmetic())) {
                throw new IllegalArgumentException("layer '" + l.name() + "' is in arithmetic '" + l.neuron().model()
                        + "' but profile '" + profile.name() + "' computes in '" + profile.arithmetic() + "'");
            }
        }
        return run(net, Platform.of(profile), inputCounts, steps);
    }

    /** Runs {@code net} on {@code platform} for {@code steps} steps (see the class comment). */
    public static Result run(DeployedNetwork net, Platform platform, int[] inputCounts, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        int inputs = net.inputs();
        if (inputCounts.length % inputs != 0) {
            throw new IllegalArgumentException("input counts hold " + inputCounts.length + " values, not a whole number of "
                    + "steps of " + inputs + " channels");
        }
        long maxCount = net.input().kind() == InputEncoding.Kind.GRADED ? (1L << net.input().bits()) - 1 : Long.MAX_VALUE;
        for (int k = 0; k < inputCounts.length; k++) {
            if (inputCounts[k] < 0 || inputCounts[k] > maxCount) {
                throw new IllegalArgumentException("input count " + inputCounts[k] + " at step " + k / inputs
                        + ", channel " + k % inputs + " is outside 0.." + maxCount
                        + (net.input().kind() == InputEncoding.Kind.GRADED
                                ? " (" + net.input().bits() + "-bit graded payload)" : ""));
            }
        }
        int inputSteps = inputCounts.length / inputs;
        int extra = platform.extraStepsPerLayer();
        // delivered after the layer's step, when its ring stands at t + 1: lead D + r - 1 >= 0 for D >= 1
        int recurrentExtra = platform.recurrentExtraSteps() - 1;
        int layers = net.layers().size();
        Csr[] csr = new Csr[layers];
        Csr[] recurrent = new Csr[layers];
        Arithmetic.Layer[] state = new Arithmetic.Layer[layers];
        int[][] fired = new int[layers][];
        List<List<Spike>> spikes = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            DeployedLayer dl = net.layers().get(l);
            Arithmetic arithmetic = Arithmetic.forModel(dl.neuron().model(), platform);
            csr[l] = Csr.of(dl.synapses(), dl.inputs(), extra);
            int maxLead = csr[l].maxLead();
            if (dl.isRecurrent()) {
                if (!arithmetic.handlesRecurrentSynapses()) {
                    throw new IllegalArgumentException("layer '" + dl.name() + "' has recurrent synapses, which the "
                            + "simulator's '" + arithmetic.name() + "' arithmetic does not handle yet (only '"
                            + FloatLif.NAME + "' does)");
                }
                recurrent[l] = Csr.of(dl.recurrent(), dl.outputs(), recurrentExtra);
                maxLead = Math.max(maxLead, recurrent[l].maxLead());
            }
            state[l] = arithmetic.layer(dl, maxLead);
            fired[l] = new int[dl.outputs()];
            spikes.add(new ArrayList<>());
        }
        int classes = net.outputs();
        double[][] readout = new double[steps][classes];
        long[][] rawReadout = new long[steps][classes];
        long events = 0;
        long updates = 0;
        for (int t = 0; t < steps; t++) {
            if (t < inputSteps) {
                Csr c = csr[0];
                Arithmetic.Layer first = state[0];
                int row = t * inputs;
                for (int j = 0; j < inputs; j++) {
                    int count = inputCounts[row + j];
                    if (count != 0) {
                        first.deliverAll(c.post, c.weight, c.lead, c.start[j], c.start[j + 1], count);
                        events += c.start[j + 1] - c.start[j];
                    }
                }
            }
            for (int l = 0; l < layers; l++) {
                int n = state[l].step(fired[l]);
                updates += state[l].lastUpdates();
                List<Spike> out = spikes.get(l);
                for (int k = 0; k < n; k++) {
                    out.add(new Spike(t, fired[l][k]));
                }
                if (l + 1 < layers) {
                    Csr c = csr[l + 1];
                    Arithmetic.Layer next = state[l + 1];
                    for (int k = 0; k < n; k++) {
                        int j = fired[l][k];
                        next.deliverAll(c.post, c.weight, c.lead, c.start[j], c.start[j + 1], 1);
                        events += c.start[j + 1] - c.start[j];
                    }
                }
                Csr rc = recurrent[l];
                if (rc != null) {
                    Arithmetic.Layer self = state[l];
                    for (int k = 0; k < n; k++) {
                        int j = fired[l][k];
                        self.deliverAll(rc.post, rc.weight, rc.lead, rc.start[j], rc.start[j + 1], 1);
                        events += rc.start[j + 1] - rc.start[j];
                    }
                }
            }
            Arithmetic.Layer last = state[layers - 1];
            for (int i = 0; i < classes; i++) {
                readout[t][i] = last.membrane(i);
                rawReadout[t][i] = last.rawMembrane(i);
            }
        }
        List<List<Spike>> frozen = new ArrayList<>(layers);
        for (List<Spike> s : spikes) {
            frozen.add(List.copyOf(s));
        }
        return new Result(List.copyOf(frozen), readout, rawReadout, events, updates);
    }
}
