package org.spikeport.simulator;

import java.util.ArrayList;
import java.util.List;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.profile.HardwareProfile;

/**
 * An energy estimate from a profile's per-event figures: the sum over the profile's
 * {@code energy.synaptic_op}, {@code energy.neuron_update} and {@code energy.spike} (figures in J) of
 * figure × count. It is an estimate, not a measurement: figures are published per-event averages
 * (often from another chip generation, marked {@code assumption} in the profile), static and
 * idle power are left out, and neuron updates are counted as every neuron updated every step, as a
 * time-stepped chip does. Figures in other units are not used and are listed as skipped.
 *
 * @param terms   one per figure used
 * @param skipped names of figures in the profile that are not per-event joules
 */
public record EnergyEstimate(List<Term> terms, List<String> skipped) {

    /** Figure names used, in order. */
    public static final List<String> FIGURES = List.of("synaptic_op", "neuron_update", "spike");

    /**
     * One term.
     *
     * @param figure     the profile's figure name
     * @param count      events counted
     * @param joulesEach the figure's value
     * @param source     the figure's source, as the profile gives it
     * @param assumption whether the profile marks the figure as an assumption
     */
    public record Term(String figure, long count, double joulesEach, String source, boolean assumption) {

        public double joules() {
            return count * joulesEach;
        }
    }

    public EnergyEstimate {
        terms = List.copyOf(terms);
        skipped = List.copyOf(skipped);
    }

    /**
     * The estimate for a replay of {@code neuronSteps = neurons * steps} neuron updates,
     * {@code synapticEvents} synaptic events and {@code spikes} spikes on {@code profile}.
     */
    public static EnergyEstimate of(HardwareProfile profile, long synapticEvents, long neuronSteps, long spikes) {
        List<Term> terms = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        long[] counts = {synapticEvents, neuronSteps, spikes};
        for (var e : profile.energy().entrySet()) {
            int k = FIGURES.indexOf(e.getKey());
            HardwareProfile.Figure f = e.getValue();
            if (k < 0 || !"J".equals(f.unit())) {
                skipped.add(e.getKey());
            } else {
                terms.add(new Term(e.getKey(), counts[k], f.value(), f.source(), f.assumption()));
            }
        }
        terms.sort(java.util.Comparator.comparingInt(t -> FIGURES.indexOf(t.figure())));
        return new EnergyEstimate(terms, skipped);
    }

    /**
     * The estimate for a replay of {@code net} on {@code profile}: its synaptic events and spikes, and
     * every neuron of the network updated at every simulated step.
     */
    public static EnergyEstimate of(HardwareProfile profile, DeployedNetwork net, ReplaySummary replay) {
        long neurons = net.layers().stream().mapToLong(DeployedLayer::outputs).sum();
        return of(profile, replay.synapticEvents(), Math.multiplyExact(neurons, replay.steps()), replay.spikes());
    }

    /** Whether the profile gave any usable figure. */
    public boolean available() {
        return !terms.isEmpty();
    }

    public double joules() {
        return terms.stream().mapToDouble(Term::joules).sum();
    }

    /** Whether any figure used is marked as an assumption. */
    public boolean usesAssumptions() {
        return terms.stream().anyMatch(Term::assumption);
    }
}
