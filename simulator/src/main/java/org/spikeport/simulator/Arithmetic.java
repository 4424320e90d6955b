package org.spikeport.simulator;

import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.arith.ResetParameter;
import org.spikeport.core.arith.SenecaBf16Lif;
import org.spikeport.core.arith.SpinnakerLif;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.profile.HardwareProfiles;

/**
 * A neuron arithmetic as the simulator's layer skeleton ({@link EventLayer}) drives it: what a synapse adds
 * to the pending input, and one neuron's update. Implementations call the arithmetic's class in
 * {@code org.spikeport.core.arith} for every rule (decay, rounding, widths, threshold, reset); they hold
 * the neurons' parameters and state. The skeleton owns everything else: the input ring's slots, the
 * compiled synapses (feed-forward and recurrent), delivery, and which neurons a step updates.
 *
 * <p>An arithmetic has two parts per layer: its {@link Layer} (the parsed parameters and the synapse rule,
 * immutable, made once when a network is compiled) and its {@link Neurons} (the state of one run).
 */
interface Arithmetic {

    /** The arithmetic's name, as in {@code NeuronParams.model()} and in profiles. */
    String name();

    /**
     * {@code layer}'s parameters and synapse rule in this arithmetic.
     *
     * @throws IllegalArgumentException when the layer asks for what the arithmetic cannot do (one line
     *                                  naming the layer and the arithmetic) or lacks a parameter it needs
     */
    Layer layer(DeployedLayer layer);

    /** The arithmetic named {@code model}. */
    static Arithmetic forModel(String model, Platform platform) {
        return switch (model) {
            case FloatLif.NAME -> new FloatLifArithmetic();
            case Loihi2Lif.NAME -> new Loihi2LifArithmetic(platform.bits("u", model), platform.bits("v", model));
            case SenecaBf16Lif.NAME -> new SenecaBf16LifArithmetic(platform.bits(SenecaBf16Lif.ACCUMULATOR, model));
            case SpinnakerLif.NAME -> new SpinnakerLifArithmetic();
            case TrueNorthLif.NAME -> new TrueNorthLifArithmetic(platform.bits("membrane", model));
            default -> throw new IllegalArgumentException("the simulator has no arithmetic '" + model
                    + "' (it knows " + String.join(", ", HardwareProfiles.ARITHMETICS) + ")");
        };
    }

    /**
     * Refuses {@code layer} when its {@link ResetParameter} asks for reset by subtraction, which arithmetic
     * {@code name} cannot do ({@code why}: what it does instead).
     */
    static void refuseResetBySubtraction(DeployedLayer layer, String name, String why) {
        if (ResetParameter.subtracts(layer.neuron())) {
            throw new IllegalArgumentException("layer '" + layer.name() + "' resets by subtraction, which the '" + name
                    + "' arithmetic cannot do (" + why + ")");
        }
    }

    /**
     * One layer in an arithmetic: its parsed parameters and what its synapses add. Immutable once made.
     *
     * <p>A synapse of IR weight {@code w} into neuron {@code post} adds {@code coefficient * payload} (or
     * the arithmetic's own sum, for a ring that is not an {@link IntegerRing}) to accumulator
     * {@code channel(w)} of {@code post}, where {@code payload} is {@link #payload} of the event's count
     * (1 for a spike).
     */
    abstract class Layer {

        private final int neurons;
        /**
         * Per neuron: whether it leaves rest without input (a non-zero bias, a threshold that a resting
         * membrane reaches), so the skeleton updates it every step; set by the arithmetic's constructor.
         */
        final boolean[] restless;

        Layer(int neurons) {
            this.neurons = neurons;
            this.restless = new boolean[neurons];
        }

        /** Neurons of the layer. */
        final int neurons() {
            return neurons;
        }

        /** Whether neuron {@code i} leaves rest without input. */
        final boolean restless(int i) {
            return restless[i];
        }

        /** Accumulators per neuron in the ring (2 for separate excitatory and inhibitory input). */
        int channels() {
            return 1;
        }

        /** The accumulator a synapse of IR weight {@code weight} adds to. */
        int channel(int weight) {
            return 0;
        }

        /** The coefficient stored for a synapse of IR weight {@code weight} into {@code post}. */
        int coefficient(int weight, int post, boolean recurrent) {
            return weight;
        }

        /**
         * The rounding of one emission step's sum per (neuron, lead) for the feed-forward or the recurrent
         * synapses ({@link IntegerRing.Groups}), or {@code null} when every term goes straight to the ring.
         */
        IntegerRing.Groups groups(boolean recurrent) {
            return null;
        }

        /** The payload an event of {@code count} carries into this layer (a count for an input, 1 for a spike). */
        long payload(long count) {
            return count;
        }

        /** Fresh state (all at rest, step 0) whose ring has {@code slots} slots. */
        abstract Neurons<?> neurons(int slots);
    }

    /**
     * One run's state of a layer's neurons, and their update. The skeleton delivers into {@link #ring} and
     * calls {@link #update} for every neuron with input now, state not at rest, or a rule that moves it
     * from rest ({@link Layer#restless}), in increasing index; every other neuron's update would leave it
     * unchanged.
     *
     * @param <R> the arithmetic's kind of ring
     */
    abstract class Neurons<R extends InputRing> {

        /** {@link #update} flag: the neuron spiked. */
        static final int SPIKED = 1;
        /** {@link #update} flag: the neuron is not at rest after the update. */
        static final int AWAKE = 2;

        /** The layer's pending input. */
        final R ring;

        Neurons(R ring) {
            this.ring = ring;
        }

        /**
         * Updates {@code neuron} for the current step with its input (taken from the ring, which clears
         * it), resets it if it spiked, and says so.
         *
         * @return {@link #SPIKED} if it spiked, plus {@link #AWAKE} unless it is at rest afterwards
         */
        abstract int update(int neuron);

        /** Called once after every step's updates (a readout that is decoded every step does it here). */
        void stepEnded() {
        }

        /** A neuron's membrane after the last step, in float units of the trained model. */
        abstract double membrane(int neuron);

        /**
         * A neuron's membrane after the last step exactly as the chip holds it: the integer state of a
         * fixed-point arithmetic, the bit pattern of a floating-point one. Comparisons against another
         * implementation of the same chip use this value.
         */
        abstract long rawMembrane(int neuron);
    }
}
