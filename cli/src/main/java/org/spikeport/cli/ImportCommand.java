package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.json.Json;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.importer.ImportResult;
import org.spikeport.trainer.importer.ReferenceImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spikeport import}: a model trained elsewhere, as a spikeport model file. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Import a model trained with the reference PyTorch code (SNN-delays).", "",
            "Convert a model trained with the reference PyTorch code (SNN-delays) into model.pb, so it "
                + "can be evaluated, exported and verified with spikeport. Save its state_dict with "
                + "numpy.savez(path, **{k: v.cpu().numpy() for k, v in model.state_dict().items()}); the "
                + "key names and the conversion of the centred position P to the delay d = Td/2 - P are "
                + "documented in the class ReferenceImport. --config gives what the archive does not hold "
                + "(Td, tau, time step)."})
public final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Option(names = "--from", paramLabel = "FORMAT", description = "Source format; only snn-delays (default: ${DEFAULT-VALUE}).")
    String from = ReferenceImport.IMPORTED_FROM;

    @Parameters(index = "0", paramLabel = "STATE.npz", description = "The state_dict archive.")
    Path npz;

    @Option(names = "--config", required = true, paramLabel = "NAME", description = "Preset the model was trained with: shd, ssc or gsc.")
    String preset;

    @Option(names = "--out", paramLabel = "FILE", description = "Model file to write (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("model.pb");

    @Override
    public Integer call() {
        if (!ReferenceImport.IMPORTED_FROM.equals(from)) {
            throw new SpikeportException("unknown import format '" + from + "'; known: " + ReferenceImport.IMPORTED_FROM);
        }
        TrainConfig config;
        try {
            config = TrainConfig.preset(preset);
        } catch (IllegalArgumentException e) {
            throw new SpikeportException("invalid --config: " + e.getMessage());
        }
        String commandLine = CommandLines.of(spec);
        ImportResult r = ReferenceImport.fromNpz(npz, config, commandLine);
        ModelFiles.write(out, r.model());
        PrintWriter err = spec.commandLine().getErr();
        r.warnings().forEach(w -> err.println("warning: " + w));
        PrintWriter o = spec.commandLine().getOut();
        if (json.enabled()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", out.toString());
            m.put("layers", r.model().network().layers().size());
            m.put("clamped_delays", r.clampedDelays());
            m.put("warnings", r.warnings());
            o.println(Json.write(m));
        } else {
            o.printf("wrote %s: %d layers from %s%n", out, r.model().network().layers().size(), npz);
        }
        o.flush();
        return 0;
    }
}
