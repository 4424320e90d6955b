package org.spikeport.core.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.spikeport.core.arith.LayerQuantizer;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;

class ChipLimitsTest {

    private static HardwareProfile profile(int min, Integer max, int pipeline, int recurrentOffset, Integer fanIn,
                                           Long synapsesPerCore) {
        return new HardwareProfile("test", "", "lif-float",
                new HardwareProfile.Delays(min, max, pipeline, "", recurrentOffset),
                new HardwareProfile.Weights(null, List.of(), null, null), new TreeMap<>(),
                new HardwareProfile.Resources(null, synapsesPerCore, fanIn, null, null),
                new HardwareProfile.Input("graded", 8), new TreeMap<>(), new TreeMap<>(), "0");
    }

    @Test
    void feedForwardDelaysLeaveRoomForTheChipsMinimum() {
        ChipLimits l = ChipLimits.of(profile(3, 20, 0, 0, null, null));
        assertEquals(17, l.maxDelay());
        assertEquals(10, l.feedForwardDelay(10));
        assertEquals(17, l.feedForwardDelay(24));
        assertEquals(24, ChipLimits.of(profile(0, null, 0, 0, null, null)).feedForwardDelay(24));
    }

    @Test
    void recurrentLagsAreTheChipDelaysShiftedByPipelineAndOffset() {
        // chip delay = D + offset - pipeline in [min, max]
        ChipLimits l = ChipLimits.of(profile(1, 30, 1, 0, null, null));
        assertEquals(2, l.minLag());
        assertEquals(31, l.maxLag());
        ChipLimits shifted = ChipLimits.of(profile(0, 62, 1, 2, null, null));
        assertEquals(1, shifted.minLag());
        assertEquals(61, shifted.maxLag());
        assertNull(ChipLimits.of(profile(0, null, 0, 0, null, null)).maxLag());
    }

    @Test
    void fanInIsTheSmallerOfNeuronAndCoreLimits() {
        assertEquals(100, ChipLimits.of(profile(0, null, 0, 0, 256, 100L)).fanIn());
        assertEquals(256, ChipLimits.of(profile(0, null, 0, 0, 256, 1000L)).fanIn());
        assertEquals(50, ChipLimits.of(profile(0, null, 0, 0, null, 50L)).fanIn());
        assertNull(ChipLimits.of(profile(0, null, 0, 0, null, null)).fanIn());
    }

    @Test
    void bundledProfilesGiveTheirDocumentedRanges() {
        Map<String, int[]> expected = Map.of("loihi", new int[] {62, 1, 63}, "spinnaker", new int[] {255, 1, 256},
                "truenorth-like", new int[] {29, 2, 31});
        expected.forEach((name, e) -> {
            HardwareProfile p = HardwareProfiles.bundled(name);
            ChipLimits l = ChipLimits.of(p);
            assertEquals(e[0], l.maxDelay(), name);
            assertEquals(e[1], l.minLag(), name);
            assertEquals(e[2], l.maxLag(), name);
            assertEquals(p.name(), l.profile());
            assertEquals(p.sha256(), l.sha256());
        });
        assertSame(LayerQuantizer.EXACT, ChipLimits.of(HardwareProfiles.bundled("nir")).quantizer());
    }

    @Test
    void inputCopiesAreWhatAFirstLayerNeuronsCoreLeavesRoomFor() {
        ChipLimits tn = ChipLimits.of(HardwareProfiles.bundled("truenorth-like"));
        assertEquals(256, tn.axons());
        assertEquals(15, tn.maxCopies());
        // floor(256 / 64) = 4; a neuron without inputs does not count
        assertEquals(4, tn.inputCopies(new int[] {64, 10, 0}, new int[3]));
        // (256 - 16) / 60 = 4 with 16 recurrent axons, (256 - 20) / 60 = 3 with 20
        assertEquals(3, tn.inputCopies(new int[] {60, 60}, new int[] {16, 20}));
        assertEquals(15, tn.inputCopies(new int[] {2}, new int[1]));
        assertEquals(1, tn.inputCopies(new int[] {300}, new int[1]));
        assertNull(ChipLimits.of(HardwareProfiles.bundled("loihi")).inputCopies(new int[] {64}, new int[1]));
        assertNull(ChipLimits.of(HardwareProfiles.bundled("spinnaker")).axons());
    }
}
