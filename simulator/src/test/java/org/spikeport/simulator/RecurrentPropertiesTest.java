package org.spikeport.simulator;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.arith.ResetParameter;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.ir.DeployedLayer;

/**
 * The event-driven engine equals the dense reference exactly on random recurrent networks of every
 * arithmetic ({@link RecurrentNetworks}): every spike of every layer, the readout's raw and float bits,
 * the synaptic events and the decision ({@link SimulationPropertiesTest#check}).
 */
class RecurrentPropertiesTest {

    @Property(tries = 600)
    void floatRecurrentEngineEqualsDenseReference(@ForAll long seed) {
        RandomNetworks.Case c = RecurrentNetworks.floatCase(seed);
        collectSubtraction(c, collect(c));
    }

    @Property(tries = 600)
    void loihiRecurrentEngineEqualsDenseReference(@ForAll long seed) {
        RandomNetworks.Case c = RecurrentNetworks.loihiCase(seed);
        collect(c);
        boolean negative = false;
        for (DeployedLayer l : c.net().layers()) {
            if (l.isRecurrent()) {
                Statistics.label("recurrent sign mode").collect(
                        Loihi2Lif.SignMode.ofCode(l.neuron().value(Loihi2Lif.RECURRENT_SIGN_MODE, 0)));
                for (long e : l.neuron().values().get(Loihi2Lif.RECURRENT_WEIGHT_EXP)) {
                    negative |= e < 0;
                }
            }
        }
        Statistics.label("a negative recurrent exponent").collect(negative);
    }

    @Property(tries = 600)
    void spinnakerRecurrentEngineEqualsDenseReference(@ForAll long seed) {
        collect(RecurrentNetworks.spinnakerCase(seed));
    }

    @Property(tries = 600)
    void trueNorthRecurrentEngineEqualsDenseReference(@ForAll long seed) {
        RandomNetworks.Case c = RecurrentNetworks.trueNorthCase(seed);
        collect(c);
        boolean linear = false;
        for (DeployedLayer l : c.net().layers()) {
            for (long m : l.neuron().values().get(TrueNorthLif.RESET_MODE)) {
                linear |= m == TrueNorthLif.LINEAR;
            }
        }
        Statistics.label("a neuron resets by subtraction").collect(linear);
    }

    @Property(tries = 600)
    void senecaRecurrentEngineEqualsDenseReference(@ForAll long seed) {
        RandomNetworks.Case c = RecurrentNetworks.senecaCase(seed);
        collectSubtraction(c, collect(c));
    }

    /** Checks {@code c}, collects whether a recurrent layer spiked, the longest lag and the offset; the engine's result. */
    private static Simulation.Result collect(RandomNetworks.Case c) {
        Simulation.Result event = SimulationPropertiesTest.check(c);
        boolean recurrentSpikes = false;
        int maxLag = 0;
        for (int l = 0; l < c.net().layers().size(); l++) {
            DeployedLayer layer = c.net().layers().get(l);
            recurrentSpikes |= !event.spikes().get(l).isEmpty() && layer.isRecurrent();
            maxLag = Math.max(maxLag, layer.recurrent().maxDelay());
        }
        Statistics.label("a recurrent layer spiked").collect(recurrentSpikes);
        Statistics.label("longest lag > 30").collect(maxLag > 30);
        Statistics.label("recurrent offset").collect(c.platform().recurrentOffset());
        return event;
    }

    /** Collects whether a layer of {@code c} that resets by subtraction spiked in {@code event}. */
    private static void collectSubtraction(RandomNetworks.Case c, Simulation.Result event) {
        boolean subtractSpikes = false;
        for (int l = 0; l < c.net().layers().size(); l++) {
            subtractSpikes |= !event.spikes().get(l).isEmpty() && ResetParameter.subtracts(c.net().layers().get(l).neuron());
        }
        Statistics.label("a layer resetting by subtraction spiked").collect(subtractSpikes);
    }
}
