package org.spikeport.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/** The event-driven engine in {@code truenorth-lif} equals its dense reference exactly, on random networks and inputs. */
class TrueNorthSimulationPropertiesTest {

    @Property(tries = 1000)
    void trueNorthEngineEqualsDenseReference(@ForAll long seed) {
        RandomNetworks.Case c = TrueNorthNetworks.randomCase(seed);
        Simulation.Result event = Simulation.run(c.net(), c.platform(), c.counts(), c.steps());
        Simulation.Result dense = DenseReference.run(c.net(), c.platform(), c.counts(), c.steps());
        assertEquals(dense.spikes(), event.spikes(), "spikes per layer");
        for (int t = 0; t < c.steps(); t++) {
            for (int i = 0; i < c.net().outputs(); i++) {
                assertEquals(Double.doubleToRawLongBits(dense.readout()[t][i]),
                        Double.doubleToRawLongBits(event.readout()[t][i]),
                        "readout at step " + t + ", class " + i + ": " + dense.readout()[t][i] + " vs "
                                + event.readout()[t][i]);
                assertEquals(dense.rawReadout()[t][i], event.rawReadout()[t][i], "raw readout at step " + t + ", class " + i);
            }
        }
        assertEquals(dense.synapticEvents(), event.synapticEvents(), "synaptic events");
        long spikes = 0;
        for (var s : event.spikes()) {
            spikes += s.size();
        }
        Statistics.label("spiking").collect(spikes > 0);
        boolean clipped = false;
        long copies = c.net().layers().get(0).neuron().value("input_copies", 0);
        for (int count : c.counts()) {
            clipped |= count > copies;
        }
        Statistics.label("input counts above the copy axons").collect(clipped);
        Statistics.label("event updates < dense updates").collect(event.neuronUpdates() < dense.neuronUpdates());
    }
}
