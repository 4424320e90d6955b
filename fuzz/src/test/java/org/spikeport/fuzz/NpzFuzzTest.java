package org.spikeport.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.importer.DelRecImport;
import org.spikeport.trainer.importer.DelRecImport.Settings;
import org.spikeport.trainer.importer.ReferenceImport;

/**
 * NumPy {@code .npz} archives through both importers ({@link ReferenceImport#fromNpz}, {@link DelRecImport#read})
 * with the settings of the importers' tests (7 input channels, no grouping). A model that imports is planned
 * for the float target.
 */
class NpzFuzzTest {

    private static final TrainConfig REFERENCE = new TrainConfig("small", new int[] {6, 5}, 24, 1.005, 12, 64, 0.1,
            1e-3, 5e-3, 1e-5, 0.1, TrainConfig.DelayMode.LEARNED, TrainConfig.SigmaMode.DECREASING, true, 0, 10, 1, 7, 42);

    private static final Settings DELREC = fitted(Settings.small(29));

    private static Settings fitted(Settings s) {
        Map<String, String> config = new TreeMap<>(s.config());
        config.put("input_units", "7");
        config.remove("hidden");
        return new Settings(s.layout(), s.kind(), s.tau(), s.reset(), s.threshold(), s.sigma(), s.dtMs(), 1, 7,
                s.seed(), config, "fuzz");
    }

    @FuzzTest
    void read(byte[] data) {
        Path file = Contract.file("fuzz.npz", data);
        Contract.holds("npz reference import", () -> planned(ReferenceImport.fromNpz(file, REFERENCE, "fuzz").model()));
        Contract.holds("npz delrec import", () -> planned(DelRecImport.read(file, DELREC).model()));
    }

    private static void planned(org.spikeport.core.ir.TrainedModel m) {
        try {
            Fixtures.exportAndReplay(m, HardwareProfiles.bundled("float"));
        } catch (SpikeportException e) {
            throw new AssertionError("an imported model must export to float: " + e.getMessage(), e);
        }
    }
}
