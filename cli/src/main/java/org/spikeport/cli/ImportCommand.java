package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.json.Json;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.trainer.Architecture;
import org.spikeport.trainer.TrainConfig;
import org.spikeport.trainer.importer.DelRecImport;
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
        description = {"Import a model trained with DCLS's (SNN-delays) or DelRec's PyTorch code.", "",
            "Convert a model trained with the reference PyTorch code of DCLS (--from snn-delays) or of DelRec "
                + "(--from delrec) into model.pb, so it can be evaluated, exported and verified with spikeport. "
                + "Save its state_dict with numpy.savez(path, **{k: v.cpu().numpy() for k, v in "
                + "model.state_dict().items()}) (for a DelRec checkpoint, of torch.load('best.pth')['net']). The "
                + "keys read and how they convert are documented in the classes ReferenceImport and DelRecImport. "
                + "--config gives what the archive does not hold (tau, reset, time step; for DCLS the number of "
                + "taps; for DelRec the layout and, with --epoch, the recurrent kernel width of that epoch)."})
public final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Option(names = "--from", paramLabel = "FORMAT", description = "Source format: snn-delays or delrec (default: ${DEFAULT-VALUE}).")
    String from = ReferenceImport.IMPORTED_FROM;

    @Parameters(index = "0", paramLabel = "STATE.npz", description = "The state_dict archive.")
    Path npz;

    @Option(names = "--config", required = true, paramLabel = "NAME",
            description = "Preset the model was trained with: shd, ssc or gsc (snn-delays); delrec-shd, delrec-ssc or "
                    + "delrec-small (delrec: DelRec's perf_SHD, perf_SSC and equiparam_SHD).")
    String preset;

    @Option(names = "--epoch", paramLabel = "E",
            description = "delrec: the checkpoint's 'epoch' entry, from 0, which sets the recurrent kernel width "
                    + "sigma of that epoch (default: the last epoch of the preset).")
    Integer epoch;

    @Option(names = "--recurrent-delays", paramLabel = "MODE",
            description = "delrec: learned (SNN_recurrent_delays), or fixed-random / none for DelRec's "
                    + "SNN_fixed_recurrent_delays / SNN_vanilla_recurrent, trained with sigma 0 (default: ${DEFAULT-VALUE}).")
    String recurrentDelays = "learned";

    @Option(names = "--recurrent-kind", paramLabel = "KIND",
            description = "delrec: axonal (axonal_recdel) or synaptic (synaptic_recdel) (default: the preset's, axonal).")
    String recurrentKind;

    @Option(names = "--out", paramLabel = "FILE", description = "Model file to write (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("model.pb");

    @Override
    public Integer call() {
        boolean delrec = DelRecImport.IMPORTED_FROM.equals(from);
        if (!delrec && !ReferenceImport.IMPORTED_FROM.equals(from)) {
            throw new SpikeportException("unknown import format '" + from + "'; known: " + ReferenceImport.IMPORTED_FROM
                    + ", " + DelRecImport.IMPORTED_FROM);
        }
        TrainConfig config;
        try {
            config = TrainConfig.preset(preset);
        } catch (IllegalArgumentException e) {
            throw new SpikeportException("invalid --config: " + e.getMessage());
        }
        String commandLine = CommandLines.of(spec);
        ImportResult r = delrec ? DelRecImport.read(npz, delRecSettings(config).withCommandLine(commandLine))
                : ReferenceImport.fromNpz(npz, config, commandLine);
        ModelFiles.write(out, r.model());
        PrintWriter err = spec.commandLine().getErr();
        r.warnings().forEach(w -> err.println("warning: " + w));
        PrintWriter o = spec.commandLine().getOut();
        if (json.enabled()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", out.toString());
            m.put("layers", r.model().network().layers().size());
            m.put("clamped_delays", r.clampedDelays());
            m.put("time_convention", r.model().timeConvention().id());
            m.put("binning", r.model().binning());
            m.put("warnings", r.warnings());
            o.println(Json.write(m));
        } else {
            o.printf("wrote %s: %d layers from %s%n", out, r.model().network().layers().size(), npz);
            o.printf("trained with time convention %s and binning %s; evaluate uses them by default (override with "
                    + "--time-convention, --binning)%n", r.model().timeConvention().id(), r.model().binning());
        }
        o.flush();
        return 0;
    }

    private DelRecImport.Settings delRecSettings(TrainConfig config) {
        if (!config.architecture().recurrent().any()) {
            throw new SpikeportException("--config " + preset + " has no recurrent layer; --from delrec takes delrec-shd, "
                    + "delrec-ssc or delrec-small");
        }
        int e = epoch != null ? epoch : config.epochs() - 1;
        if (e < 0 || e >= config.epochs()) {
            throw new SpikeportException("--epoch must be in 0.." + (config.epochs() - 1) + " for " + preset + ", got " + e);
        }
        try {
            DelRecImport.Settings s = DelRecImport.Settings.of(config, e);
            Architecture.RecurrentDelays mode = Choices.of("recurrent-delays", recurrentDelays,
                    Architecture.RecurrentDelays.class);
            if (mode != Architecture.RecurrentDelays.LEARNED) {
                s = s.withSigma(0);
            }
            if (recurrentKind != null) {
                s = s.withKind(Choices.of("recurrent-kind", recurrentKind, Recurrence.Kind.class));
            }
            return s;
        } catch (IllegalArgumentException ex) {
            throw new SpikeportException("invalid option: " + ex.getMessage());
        }
    }
}
