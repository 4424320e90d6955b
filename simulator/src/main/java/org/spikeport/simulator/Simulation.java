package org.spikeport.simulator;

import java.util.ArrayList;
import java.util.List;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.InputEncoding;
import org.spikeport.core.profile.HardwareProfile;

/**
 * The event-driven engine: runs a {@link DeployedNetwork} on one sample for a given number of steps
 * in each layer's arithmetic (dispatched on {@code NeuronParams.model()}) and returns every spike, the
 * readout membrane at every step (in float units and exactly as the chip holds it) and the count of
 * synaptic events. {@link #compile} prepares a network once for many samples ({@link Compiled#run}, from
 * any number of threads); {@link #run} does both.
 *
 * <h2>Timing</h2>
 *
 * A spike (or input event) emitted at step {@code t} through a feed-forward synapse of IR delay
 * {@code d >= 0} reaches its neuron at step
 *
 * <pre>
 *   t + d + e,   e = delayOffset + pipelineStepsPerLayer   ({@link Platform#extraStepsPerLayer})
 * </pre>
 *
 * in every layer including the first, so with {@code e = 0} an input count at {@code t} can move the
 * readout at {@code t}, and a network of L layers answers {@code L e} steps later. A spike of a layer's
 * neuron at step {@code t} through one of the layer's recurrent synapses, of IR lag {@code D >= 1},
 * reaches the same layer at step
 *
 * <pre>
 *   t + D + r,   r = recurrentOffset   ({@link Platform#recurrentOffset}, the profile's delays.recurrent_offset)
 * </pre>
 *
 * The feed-forward extra steps shift a layer's whole timeline, so {@code r = 0} keeps the trained
 * recurrent lag exactly; every bundled profile has {@code r = 0}.
 *
 * <h2>Input</h2>
 *
 * {@code inputCounts} holds the first layer's input exactly as the trained model sees it: counts per
 * step and channel, row-major {@code (inputSteps, inputs)}. A non-zero count {@code c} of channel
 * {@code j} at step {@code t} is one event through each synapse of {@code j} with payload {@code c}
 * (a graded spike; for a binary encoding, {@code c} simultaneous spikes, whose summed effect is the
 * same; an arithmetic may clip it, as {@code truenorth-lif}'s copy axons do). Input is zero after its last
 * row and for steps past {@code inputSteps}; a network trained with L layers and {@code R} steps added
 * per layer is run for {@code len + L R} steps to reproduce the deployed semantics of the trainer.
 *
 * <h2>One step {@code t}</h2>
 *
 * Each layer is one {@link EventLayer}: a ring of pending input indexed by arrival step, its synapses
 * compiled per presynaptic neuron (CSR), and its arithmetic's neurons.
 *
 * <ol>
 *   <li>the input counts of step {@code t} are delivered into the first layer's ring, arrival
 *       {@code t + d + e};</li>
 *   <li>for each layer in order: the layer takes slot {@code t} of its ring and updates, in increasing
 *       index, exactly the neurons that have input now (an accumulator that is not all zero bits), state
 *       not at rest, or a rule that moves them from rest (every other neuron's update would leave it
 *       unchanged, including a resting neuron whose terms cancel); the neurons that spiked (in
 *       increasing index) are recorded and delivered at once into the next layer's ring, arrival
 *       {@code t + d + e}, so with {@code d + e = 0} they act in the same step; then through the layer's
 *       recurrent synapses into its own ring, arrival {@code t + D + r};</li>
 *   <li>the readout membrane of every class is recorded (after the step's update and any reset), in
 *       float units and raw.</li>
 * </ol>
 *
 * <h2>A neuron's input in a step</h2>
 *
 * The terms that reach neuron {@code i} of layer {@code l} at step {@code T} are ordered
 *
 * <ol>
 *   <li>by emission step {@code t}, ascending (every term of step {@code t} before any of {@code t + 1});</li>
 *   <li>within one emission step, first the feed-forward terms (layer {@code l - 1}'s spikes of step
 *       {@code t}, or for the first layer the non-zero input counts of step {@code t}), then the recurrent
 *       terms (layer {@code l}'s own spikes of step {@code t});</li>
 *   <li>within each, by presynaptic index ascending, then by the synapses' order in the IR.</li>
 * </ol>
 *
 * That is the order in which a floating-point sum adds them: {@code lif-float} from {@code +0.0} in
 * double, term {@code decodeWeight(w) * payload}; {@code seneca-bf16-lif} into its delay-queue
 * accumulator with {@code SenecaBf16Lif.accumulate}. A feed-forward network has no recurrent terms, so its
 * order is the emission step, then presynaptic index, then synapse order. The fixed-point arithmetics sum
 * exactly (64 bits), so their order does not matter, except for what each rounds as a group:
 * {@code loihi2-lif} sums one source's terms of one emission step through one delay into one neuron (a
 * group of one Dense process) and shifts the group by that Dense's exponent ({@code weight_exp} for the
 * feed-forward synapses, {@code recurrent_weight_exp} for the recurrent ones); a feed-forward and a
 * recurrent term never share a group. Each arithmetic then applies its own widths and rule to the step's
 * input ({@code org.spikeport.core.arith}).
 *
 * <h2>Reset by subtraction</h2>
 *
 * A layer asks for it with the neuron parameter {@code reset = 1} ({@code ResetParameter}): {@code lif-float}
 * ({@code v - threshold}) and {@code seneca-bf16-lif} ({@code bf16(v - theta)}) do it; {@code loihi2-lif}
 * and {@code spinnaker-lif-s1615} cannot (their neurons reset to a constant), and {@code truenorth-lif}
 * resets by its own per-neuron {@code reset_mode} ({@code 1} subtracts the crossed threshold) and does not
 * read {@code reset}; those three refuse a layer with {@code reset = 1} in one line naming it.
 *
 * <h2>Synaptic events</h2>
 *
 * A synaptic event is one delivery of an emitted spike or a non-zero input count through one synapse,
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
     * @param rawReadout     the same membranes as the chip holds them (a fixed-point arithmetic's integer
     *                       state, a floating-point one's bit pattern: IEEE-754 double bits for
     *                       {@code lif-float}, the bf16 pattern for {@code seneca-bf16-lif}), for bit-exact
     *                       comparisons with another implementation of the chip
     * @param synapticEvents deliveries through synapses
     * @param neuronUpdates  neuron updates made (the event-driven work; a dense simulation makes
     *                       {@code steps * neurons})
     */
    public record Result(List<List<Spike>> spikes, double[][] readout, long[][] rawReadout, long synapticEvents,
                         long neuronUpdates) {
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
        return compile(net, platform).run(inputCounts, steps);
    }

    /**
     * Prepares {@code net} for runs on {@code platform}: each layer's arithmetic and parameters, its
     * feed-forward and recurrent synapses compiled for delivery.
     *
     * @throws IllegalArgumentException when a layer's arithmetic is unknown, lacks a parameter, or cannot do
     *                                  what the layer asks (one line naming the layer)
     */
    public static Compiled compile(DeployedNetwork net, Platform platform) {
        int extra = platform.extraStepsPerLayer();
        // delivered after the layer's step, when its ring stands at t + 1: lead D + r - 1 >= 0 for D >= 1
        int recurrentExtra = platform.recurrentOffset() - 1;
        int layers = net.layers().size();
        Arithmetic.Layer[] rules = new Arithmetic.Layer[layers];
        Csr[] feedForward = new Csr[layers];
        Csr[] recurrent = new Csr[layers];
        for (int l = 0; l < layers; l++) {
            DeployedLayer dl = net.layers().get(l);
            rules[l] = Arithmetic.forModel(dl.neuron().model(), platform).layer(dl);
            feedForward[l] = Csr.of(dl.synapses(), dl.inputs(), extra, rules[l], false);
            if (dl.isRecurrent()) {
                recurrent[l] = Csr.of(dl.recurrent(), dl.outputs(), recurrentExtra, rules[l], true);
            }
        }
        return new Compiled(net, rules, feedForward, recurrent);
    }

    /**
     * A network prepared by {@link #compile}: immutable, so any number of threads may {@link #run} it at
     * once, each run with state of its own.
     */
    public static final class Compiled {

        private final DeployedNetwork net;
        private final Arithmetic.Layer[] rules;
        private final Csr[] feedForward;
        private final Csr[] recurrent;

        private Compiled(DeployedNetwork net, Arithmetic.Layer[] rules, Csr[] feedForward, Csr[] recurrent) {
            this.net = net;
            this.rules = rules;
            this.feedForward = feedForward;
            this.recurrent = recurrent;
        }

        /** The network. */
        public DeployedNetwork network() {
            return net;
        }

        /** Runs one sample for {@code steps} steps (see {@link Simulation}'s class comment). */
        public Result run(int[] inputCounts, int steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("steps must be >= 0, got " + steps);
            }
            int inputs = net.inputs();
            checkInput(inputCounts);
            int inputSteps = inputCounts.length / inputs;
            int layers = rules.length;
            EventLayer[] state = new EventLayer[layers];
            int[][] fired = new int[layers][];
            List<List<Spike>> spikes = new ArrayList<>(layers);
            for (int l = 0; l < layers; l++) {
                state[l] = new EventLayer(rules[l], feedForward[l], recurrent[l]);
                fired[l] = new int[rules[l].neurons()];
                spikes.add(new ArrayList<>());
            }
            int classes = net.outputs();
            double[][] readout = new double[steps][classes];
            long[][] rawReadout = new long[steps][classes];
            long events = 0;
            long updates = 0;
            for (int t = 0; t < steps; t++) {
                if (t < inputSteps) {
                    events += state[0].receiveCounts(inputCounts, t * inputs, inputs);
                }
                for (int l = 0; l < layers; l++) {
                    int n = state[l].step(fired[l]);
                    updates += state[l].lastUpdates();
                    List<Spike> out = spikes.get(l);
                    for (int k = 0; k < n; k++) {
                        out.add(new Spike(t, fired[l][k]));
                    }
                    if (l + 1 < layers) {
                        events += state[l + 1].receive(fired[l], n);
                    }
                    events += state[l].receiveOwn(fired[l], n);
                }
                EventLayer last = state[layers - 1];
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

        private void checkInput(int[] inputCounts) {
            int inputs = net.inputs();
            if (inputCounts.length % inputs != 0) {
                throw new IllegalArgumentException("input counts hold " + inputCounts.length + " values, not a whole "
                        + "number of steps of " + inputs + " channels");
            }
            boolean graded = net.input().kind() == InputEncoding.Kind.GRADED;
            long maxCount = graded ? (1L << net.input().bits()) - 1 : Long.MAX_VALUE;
            for (int k = 0; k < inputCounts.length; k++) {
                if (inputCounts[k] < 0 || inputCounts[k] > maxCount) {
                    throw new IllegalArgumentException("input count " + inputCounts[k] + " at step " + k / inputs
                            + ", channel " + k % inputs + " is outside 0.." + maxCount
                            + (graded ? " (" + net.input().bits() + "-bit graded payload)" : ""));
                }
            }
        }
    }
}
