package org.spikeport.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;

class EnergyEstimateTest {

    @Test
    void sumsFigureTimesCountWithSources() {
        HardwareProfile loihi = HardwareProfiles.bundled("loihi");
        EnergyEstimate e = EnergyEstimate.of(loihi, 1000, 200, 30);
        double expected = 1000 * loihi.energy().get("synaptic_op").value() + 200 * loihi.energy().get("neuron_update").value()
                + 30 * loihi.energy().get("spike").value();
        assertEquals(expected, e.joules(), 1e-24);
        assertEquals(EnergyEstimate.FIGURES, e.terms().stream().map(EnergyEstimate.Term::figure).toList());
        assertTrue(e.usesAssumptions());
        assertTrue(e.terms().get(0).source().contains("Davies"));
    }

    @Test
    void aProfileWithoutFiguresHasNoEstimate() {
        EnergyEstimate e = EnergyEstimate.of(HardwareProfiles.bundled("float"), 1000, 200, 30);
        assertFalse(e.available());
        assertEquals(0, e.joules());
    }
}
