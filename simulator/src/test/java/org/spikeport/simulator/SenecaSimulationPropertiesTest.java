package org.spikeport.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import org.spikeport.core.arith.SenecaBf16Lif;

/** The event-driven engine equals the dense {@code seneca-bf16-lif} reference exactly, on random networks and inputs. */
class SenecaSimulationPropertiesTest {

    @Property(tries = 1000)
    void senecaEngineEqualsDenseReference(@ForAll long seed) {
        RandomNetworks.Case c = SenecaRandomNetworks.senecaCase(seed);
        Simulation.Result event = Simulation.run(c.net(), c.platform(), c.counts(), c.steps());
        Simulation.Result dense = DenseReference.run(c.net(), c.platform(), c.counts(), c.steps());
        assertEquals(dense.spikes(), event.spikes(), "spikes per layer");
        boolean nonFinite = false;
        for (int t = 0; t < c.steps(); t++) {
            for (int i = 0; i < c.net().outputs(); i++) {
                assertEquals(Double.doubleToRawLongBits(dense.readout()[t][i]),
                        Double.doubleToRawLongBits(event.readout()[t][i]),
                        "readout at step " + t + ", class " + i + ": " + dense.readout()[t][i] + " vs "
                                + event.readout()[t][i]);
                assertEquals(dense.rawReadout()[t][i], event.rawReadout()[t][i], "raw readout at step " + t + ", class " + i);
                nonFinite |= !Double.isFinite(dense.readout()[t][i]);
            }
        }
        assertEquals(dense.synapticEvents(), event.synapticEvents(), "synaptic events");
        long hidden = 0;
        for (int l = 0; l + 1 < event.spikes().size(); l++) {
            hidden += event.spikes().get(l).size();
        }
        Statistics.label("hidden spikes").collect(hidden > 0);
        Statistics.label("bf16 accumulator").collect(c.platform().neuronBits().get(SenecaBf16Lif.ACCUMULATOR) == 16);
        Statistics.label("readout not finite").collect(nonFinite);
        Statistics.label("event updates < dense updates").collect(event.neuronUpdates() < dense.neuronUpdates());
    }
}
