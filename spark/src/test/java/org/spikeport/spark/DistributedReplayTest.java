package org.spikeport.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.cli.Main;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.FlatDatasetWriter;
import org.spikeport.core.data.SyntheticDataset;
import org.spikeport.core.data.SyntheticSpec;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.Trainer;
import org.spikeport.trainer.TrainingListener;
import org.spikeport.trainer.data.BinnedSamples;

/**
 * {@code replay --spark local[2]} reports the numbers a replay in one process reports, field for field, on two
 * targets of different arithmetic, and {@code compare --spark} prints the same table.
 */
class DistributedReplayTest {

    private static final SyntheticDataset SYNTH = new SyntheticDataset(SyntheticSpec.defaults().withSamples(64, 150)
            .withSeed(9));

    @TempDir
    static Path dir;

    private static Path model;
    private static Path testData;

    /** What a command printed and its exit code. */
    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeAll
    static void trainAndWriteTestSamples() {
        TrainConfig c = new TrainConfig("agree", new int[] {16}, 8, 1.005, 3, 16, 0.1, 1e-3, 5e-3, 1e-5, 0.1,
                TrainConfig.DelayMode.LEARNED, TrainConfig.SigmaMode.DECREASING, true, 0, 10, 5, 700, 4);
        model = dir.resolve("model.pb");
        new Trainer(c, new Trainer.Data(BinnedSamples.of(SYNTH.train(), SYNTH.classes(), Binning.SHD), null, null, ""),
                model, "test", "test", TrainingListener.NONE).run(false);
        testData = dir.resolve("test.h5");
        FlatDatasetWriter.write(testData, SYNTH.test(), SYNTH.classNames(), Binning.SHD.inputChannels());
    }

    @Test
    void replayOnSparkReportsTheNumbersOfOneProcess() throws IOException {
        for (String target : List.of("loihi", "spinnaker")) {
            Path out = dir.resolve(target);
            Run export = cli("export", "--model", model.toString(), "--target", target, "--out", out.toString());
            assertEquals(0, export.exit(), export.err());
            Path network = out.resolve("network.pb");
            Path p1 = dir.resolve(target + "-one.csv");
            Path p2 = dir.resolve(target + "-spark.csv");
            Map<String, Object> one = json(cli("replay", "--network", network.toString(), "--data", testData.toString(),
                    "--json", "--predictions", p1.toString()));
            Map<String, Object> spark = json(cli("replay", "--network", network.toString(), "--data", testData.toString(),
                    "--json", "--predictions", p2.toString(), "--spark", "local[2]"));
            assertEquals(Boolean.TRUE, spark.remove("spark"));
            for (String volatileField : List.of("seconds", "threads")) {
                one.remove(volatileField);
                spark.remove(volatileField);
            }
            assertEquals(150, ((List<?>) one.get("predictions")).size());
            assertTrue(((Number) one.get("synaptic_events")).longValue() > 0, "the network is silent: nothing compared");
            assertEquals(one, spark, target + ": every field the same");
            assertEquals(Files.readString(p1), Files.readString(p2), target + ": the same scores per sample");
        }
    }

    /** {@code compare --spark} (the check replays of every target on one Spark application) prints one process's table. */
    @Test
    void compareOnSparkReportsTheNumbersOfOneProcess() throws IOException {
        Map<String, Object> one = json(cli("compare", "--model", model.toString(), "--check", testData.toString(),
                "--targets", "loihi,seneca", "--check-samples", "60", "--out", dir.resolve("cmp-one").toString(), "--json"));
        Map<String, Object> spark = json(cli("compare", "--model", model.toString(), "--check", testData.toString(),
                "--targets", "loihi,seneca", "--check-samples", "60", "--out", dir.resolve("cmp-spark").toString(), "--json", "--spark",
                "local[2]"));
        assertEquals(60, ((Number) one.get("samples")).intValue());
        assertEquals(one, spark);
    }

    /** {@code train --spark} from the command line: the Spark run's report, and a recurrent network refused in one line. */
    @Test
    void trainOnSparkFromTheCommandLine() throws IOException {
        Path data = dir.resolve("cli-train.h5");
        FlatDatasetWriter.write(data, SYNTH.train().subList(0, 32), SYNTH.classNames(), Binning.SHD.inputChannels());
        Path out = dir.resolve("cli-model.pb");
        Run r = cli("train", "--data", data.toString(), "--epochs", "1", "--batch-size", "16", "--hidden", "8,8", "--out",
                out.toString(), "--spark", "local[2]");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("data-parallel on Spark local[2]: each batch split into 2 parts"), r.err());
        assertTrue(r.err().contains("Spark traffic: 2 steps, 14 jobs"), r.err());
        assertTrue(Files.exists(out));
        Run rec = cli("train", "--data", data.toString(), "--epochs", "1", "--batch-size", "16", "--hidden", "8,8",
                "--recurrent", "2", "--out", dir.resolve("rec.pb").toString(), "--spark", "local[2]");
        assertEquals(1, rec.exit(), rec.err());
        assertTrue(rec.err().contains("spikeport: --spark trains feed-forward networks"), rec.err());
    }

    @Test
    void replayOnSparkRefusesThePerStepFiles() {
        Run r = cli("replay", "--network", dir.resolve("x.pb").toString(), "--data", testData.toString(), "--spark",
                "local[2]", "--events", dir.resolve("e.csv").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("spikeport: --events and --membranes are written by a replay in one process"),
                r.err());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Run r) throws IOException {
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readValue(r.out(), Map.class);
    }
}
