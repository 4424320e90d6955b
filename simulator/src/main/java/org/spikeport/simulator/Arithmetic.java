package org.spikeport.simulator;

import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.arith.SenecaBf16Lif;
import org.spikeport.core.arith.SpinnakerLif;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.profile.HardwareProfiles;

/**
 * A neuron arithmetic as the simulator drives it: per-layer neuron state plus its pending input, and
 * one step of update. Implementations call the arithmetic's class in {@code org.spikeport.core.arith}
 * for every rule (decay, rounding, widths, threshold, reset); they only hold state and decide which
 * neurons need an update.
 *
 * <p>New arithmetics (SpiNNaker s16.15, TrueNorth, SENECA) implement this interface and are added to
 * {@link #forModel}, which dispatches on {@code NeuronParams.model()}.
 */
public interface Arithmetic {

    /** The arithmetic's name, as in {@code NeuronParams.model()} and in profiles. */
    String name();

    /** Fresh state (all zero, step 0) for {@code layer}, whose pending input reaches {@code maxLead} steps ahead. */
    Layer layer(DeployedLayer layer, int maxLead);

    /**
     * Whether the arithmetic handles recurrent synapses (a layer's own spikes delivered into its own
     * input, {@link Simulation}'s contract); {@link Simulation#run} refuses a recurrent layer in an
     * arithmetic that does not. Only {@code lif-float} does so far.
     */
    default boolean handlesRecurrentSynapses() {
        return false;
    }

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
     * The neurons of one layer.
     *
     * <p>Contract of one step: {@link #deliver} is called for every synaptic event that will arrive
     * {@code lead} steps after the current step ({@code 0 <= lead <= maxLead}); then {@link #step}
     * updates, for the current step, exactly the neurons that have input arriving now, state not at rest,
     * or a rule that moves them from rest (e.g. a non-zero bias, a threshold at or below zero), and
     * advances to the next step. A neuron left out is unchanged, which must equal its update.
     */
    interface Layer {

        /** Number of neurons. */
        int neurons();

        /**
         * Schedules the effect of one synaptic event: the synapse's IR weight {@code weight}, carrying
         * {@code payload} (1 for a binary spike, the count of a graded one), into {@code neuron}'s input
         * {@code lead} steps from now.
         */
        void deliver(int neuron, int weight, long payload, int lead);

        /**
         * Delivers synapses {@code from .. to-1} of the parallel arrays (one presynaptic event of
         * {@code payload} through each), exactly as {@link #deliver} would in that order. Arithmetics
         * override it with a tight loop; every lead must be within {@code 0 .. maxLead}.
         */
        default void deliverAll(int[] neuron, int[] weight, int[] lead, int from, int to, long payload) {
            for (int k = from; k < to; k++) {
                deliver(neuron[k], weight[k], payload, lead[k]);
            }
        }

        /**
         * Updates the current step's neurons and advances one step.
         *
         * @param spikesOut receives the indices of the neurons that spiked, in increasing order; its
         *                  length is at least {@link #neurons()}
         * @return how many neurons spiked
         */
        int step(int[] spikesOut);

        /** How many neuron updates the last {@link #step} made. */
        int lastUpdates();

        /** A neuron's membrane after the last step, in float units of the trained model. */
        double membrane(int neuron);

        /**
         * A neuron's membrane after the last step exactly as the chip holds it: the integer state of a
         * fixed-point arithmetic, the IEEE-754 bits ({@link Double#doubleToLongBits}) of a float one.
         * Comparisons against another implementation of the same chip use this value.
         */
        long rawMembrane(int neuron);
    }
}
