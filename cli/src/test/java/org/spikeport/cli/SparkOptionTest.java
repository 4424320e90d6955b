package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.cli.spark.SparkUnavailableException;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.FlatDatasetWriter;

/** Without the spark module on the class path (the cli's own tests), {@code --spark} fails with one line and exit 69. */
class SparkOptionTest {

    @TempDir
    Path dir;

    @Test
    void trainAndReplayWithoutSparkSayWhatToDo() {
        Path data = dir.resolve("train.h5");
        FlatDatasetWriter.write(data, TrainedFixture.SYNTH.test().subList(0, 8), TrainedFixture.SYNTH.classNames(),
                Binning.SHD.inputChannels());
        Cli t = Cli.run("train", "--data", data.toString(), "--epochs", "1", "--out", dir.resolve("m.pb").toString(),
                "--spark", "local[2]");
        assertEquals(SparkUnavailableException.EXIT_UNAVAILABLE, t.exit(), t.err());
        assertTrue(t.errorLine().startsWith("spikeport: --spark: the spikeport-spark module is not on the class path; "
                + "run through ./spikeport"), t.err());
        assertEquals(1, t.err().lines().filter(l -> l.startsWith("spikeport:")).count());

        Path out = dir.resolve("float");
        assertEquals(0, Cli.run("export", "--model", TrainedFixture.get().model.toString(), "--target", "float", "--out",
                out.toString()).exit());
        Cli r = Cli.run("replay", "--network", out.resolve("network.pb").toString(), "--data", data.toString(), "--spark");
        assertEquals(SparkUnavailableException.EXIT_UNAVAILABLE, r.exit(), r.err());
        assertTrue(r.errorLine().startsWith("spikeport: --spark: the spikeport-spark module is not on the class path"),
                r.err());
        Cli f = Cli.run("train", "--data", data.toString(), "--epochs", "1", "--out", dir.resolve("m.pb").toString(),
                "--spark", "--for", "loihi");
        assertEquals(1, f.exit(), f.err());
        assertTrue(f.errorLine().contains("--for trains in one process"), f.err());
    }
}
