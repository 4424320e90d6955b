package org.spikeport.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import org.spikeport.core.ir.Decoding;

/** The event-driven engine equals the dense reference exactly, on random networks and inputs. */
class SimulationPropertiesTest {

    @Property(tries = 1000)
    void floatEngineEqualsDenseReference(@ForAll long seed) {
        check(RandomNetworks.floatCase(seed));
    }

    @Property(tries = 1000)
    void loihiEngineEqualsDenseReference(@ForAll long seed) {
        check(RandomNetworks.loihiCase(seed));
    }

    @Property(tries = 1000)
    void spinnakerEngineEqualsDenseReference(@ForAll long seed) {
        check(RandomNetworks.spinnakerCase(seed));
    }

    /** Compares the engine with the reference on {@code c}; returns the engine's result. */
    static Simulation.Result check(RandomNetworks.Case c) {
        Simulation.Result event = Simulation.run(c.net(), c.platform(), c.counts(), c.steps());
        Simulation.Result dense = DenseReference.run(c.net(), c.platform(), c.counts(), c.steps());
        assertEquals(dense.spikes(), event.spikes(), "spikes per layer");
        for (int t = 0; t < c.steps(); t++) {
            for (int i = 0; i < c.net().outputs(); i++) {
                assertEquals(Double.doubleToRawLongBits(dense.readout()[t][i]),
                        Double.doubleToRawLongBits(event.readout()[t][i]),
                        "readout at step " + t + ", class " + i + ": " + dense.readout()[t][i] + " vs "
                                + event.readout()[t][i]);
                assertEquals(dense.rawReadout()[t][i], event.rawReadout()[t][i], "raw readout at step " + t
                        + ", class " + i);
            }
        }
        assertEquals(dense.synapticEvents(), event.synapticEvents(), "synaptic events");
        Decoding decoding = c.net().decoding();
        assertEquals(Decision.predict(dense.readout(), c.net().outputs(), decoding),
                Decision.predict(event.readout(), c.net().outputs(), decoding), "decision by " + decoding);
        long hidden = 0;
        for (var s : event.spikes()) {
            hidden += s.size();
        }
        Statistics.label("spiking").collect(hidden > 0);
        var lastLayer = c.net().layers().get(c.net().layers().size() - 1);
        var q = lastLayer.quantization();
        if (lastLayer.neuron().model().equals(org.spikeport.core.arith.Loihi2Lif.NAME) && q.containsKey("output_scale")) {
            double limit = ((1 << 23) - 1) * q.get("output_scale");
            boolean saturated = false;
            for (double[] row : dense.readout()) {
                for (double x : row) {
                    saturated |= Math.abs(x) == limit;
                }
            }
            Statistics.label("readout saturated").collect(saturated);
        }
        Statistics.label("event updates < dense updates").collect(event.neuronUpdates() < dense.neuronUpdates());
        return event;
    }
}
