package org.spikeport.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;

/**
 * Hardware profile YAML ({@link HardwareProfiles#load}). A profile that loads is used as the exporter and
 * the simulator use it: a small model is planned for the target of its arithmetic and, when it fits,
 * replayed on it.
 */
class ProfileFuzzTest {

    @FuzzTest
    void load(byte[] data) {
        Contract.holds("profile", () -> {
            HardwareProfile p = HardwareProfiles.load(Contract.file("fuzz.yaml", data));
            Fixtures.exportAndReplay(Fixtures.smallModel(), p);
        });
    }
}
