package org.spikeport.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.spikeport.cli.Main;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.trainer.DelayNetwork;
import org.spikeport.trainer.TrainConfig;

/**
 * Export plus validation time of an SSC-size model (140 -> 512 -> 512 -> 512 -> 35, max delay 30,
 * dense: about 640k synapses), for each target, in one JVM after one warm-up export; the model is
 * freshly initialised (export does not depend on training). Writes the model to the directory given.
 *
 * <p>Run from the repository root:
 * <pre>
 *   mvn -B -q -DskipTests package &amp;&amp; mvn -B -q -pl cli test-compile dependency:build-classpath \
 *       -Dmdep.outputFile=/tmp/cli.cp -Dmdep.includeScope=test
 *   java -cp cli/target/test-classes:cli/target/classes:$(cat /tmp/cli.cp) org.spikeport.cli.bench.ExportBench /tmp/ssc-bench
 * </pre>
 */
public final class ExportBench {

    private ExportBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "ssc-bench"));
        TrainConfig ssc = TrainConfig.preset("ssc");
        TrainConfig c = new TrainConfig("ssc", new int[] {512, 512, 512}, ssc.maxDelay(), ssc.tau(), ssc.epochs(),
                ssc.batchSize(), ssc.dropout(), ssc.lrWeights(), ssc.maxLrWeights(), ssc.weightDecay(), ssc.lrDelays(),
                ssc.delays(), ssc.sigma(), true, 0, ssc.dtMs(), ssc.groupSize(), ssc.inputUnits(), 1);
        Path model = dir.resolve("model.pb");
        ModelFiles.write(model, new TrainedModel(DelayNetwork.create(c, 35, DataType.FLOAT).toIR(10, 0.23), c.toMap(),
                List.of(), new Provenance("bench", "bench", 1, "", Instant.now(), "")));
        System.out.printf("model: %s, %d bytes%n", model, Files.size(model));
        run(List.of("export", "--model", model.toString(), "--target", "loihi", "--out", dir.resolve("warmup").toString()));
        for (String target : List.of("float", "nir", "loihi")) {
            long start = System.nanoTime();
            int exit = run(List.of("export", "--model", model.toString(), "--target", target,
                    "--out", dir.resolve(target).toString()));
            System.out.printf("export --target %s: exit %d, %.2f s (read, fold, quantize, check, write)%n", target, exit,
                    (System.nanoTime() - start) / 1e9);
        }
        long start = System.nanoTime();
        int exit = run(List.of("validate", "--model", model.toString(), "--target", "loihi"));
        System.out.printf("validate --target loihi: exit %d, %.2f s%n", exit, (System.nanoTime() - start) / 1e9);
    }

    private static int run(List<String> args) {
        var cl = Main.commandLine();
        cl.setOut(new java.io.PrintWriter(java.io.OutputStream.nullOutputStream()));
        return cl.execute(args.toArray(String[]::new));
    }
}
