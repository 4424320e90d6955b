package org.spikeport.exporter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.files.AtomicFiles;
import org.spikeport.core.files.ModelFiles;
import org.spikeport.core.files.StagingFiles;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.json.Json;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;

/**
 * The deployment pipeline shared by every target: fold ({@link FoldedNetwork}), deploy
 * ({@link Target#deploy}), check ({@link ProfileChecks}, the model's {@link Feature}s and
 * {@link Target#check}), report, write.
 *
 * <p>{@link #write} never leaves partial output: everything is written into a fresh sibling
 * directory ({@link StagingFiles}), which then replaces the output directory by rename; a failure, an
 * {@link Error} included, deletes it, and those of killed runs are removed by the next export to the
 * same directory. An output directory that exists,
 * is not empty and holds no {@code report.json} (so is not an earlier export) is refused.
 *
 * @param target     the target
 * @param profile    the profile the network was checked against
 * @param folded     the float network after rounding, folding and pruning
 * @param network    the deployed network
 * @param checks     every check's result: the generic ones, the model features the target does not deploy
 *                   ({@value Feature#CHECK}), then the target's ({@code target-specific})
 * @param partition  the core placement
 * @param mapping    the target's own mapping resources ({@link Target#mapping}), computed once
 */
public record Export(Target target, HardwareProfile profile, FoldedNetwork folded, DeployedNetwork network,
                     List<ProfileChecks.Result> checks, CorePartition partition, Map<String, Object> mapping) {

    /** Whether every check passed. */
    public boolean fits() {
        return checks.stream().allMatch(ProfileChecks.Result::passed);
    }

    /** Every violation of every check. */
    public List<Violation> violations() {
        return checks.stream().flatMap(c -> c.violations().stream()).toList();
    }

    /**
     * Folds, deploys and checks {@code model} for {@code target} on {@code profile}; writes nothing.
     *
     * @throws SpikeportException when {@code profile}'s arithmetic is not the one {@code target} deploys in
     *                            (that of its bundled profile; a target without one is not checked)
     */
    public static Export plan(TrainedModel model, Target target, HardwareProfile profile, Provenance provenance) {
        String arithmetic = HardwareProfiles.bundledNames().contains(target.profileName())
                ? HardwareProfiles.bundled(target.profileName()).arithmetic() : profile.arithmetic();
        if (!profile.arithmetic().equals(arithmetic)) {
            throw new SpikeportException("profile '" + profile.name() + "' computes in '" + profile.arithmetic()
                    + "', but target '" + target.name() + "' deploys in '" + arithmetic + "'; give a profile whose "
                    + "arithmetic is " + arithmetic + " (e.g. '" + target.profileName() + "')");
        }
        FoldedNetwork folded = FoldedNetwork.of(model.network());
        DeployedNetwork net = target.deploy(folded, profile, provenance);
        CorePartition partition = CorePartition.of(net, profile);
        List<ProfileChecks.Result> checks = new ArrayList<>(ProfileChecks.run(net, profile, partition));
        checks.add(new ProfileChecks.Result(Feature.CHECK, "the target deploys every feature of the model ("
                + target.name() + ")", Feature.violations(folded, target, Targets.all())));
        checks.add(new ProfileChecks.Result("target-specific", "the chip's own encodings (" + target.name() + ")",
                target.check(net, profile)));
        return new Export(target, profile, folded, net, List.copyOf(checks), partition,
                Collections.unmodifiableMap(new LinkedHashMap<>(target.mapping(net, profile))));
    }

    /**
     * Writes into {@code outDir}: {@code report.json} and {@code report.md} always; when every check
     * passed also {@code network.pb} and the target's files. Returns the files written (in their final
     * place).
     */
    public List<Path> write(Path outDir, ExportReport report) {
        Path out = outDir.toAbsolutePath().normalize();
        refuseForeignDirectory(out);
        Path parent = out.getParent();
        Path staging;
        try {
            Files.createDirectories(parent);
            StagingFiles.removeStale(out);
            staging = StagingFiles.tempDirectory(out, "partial");
        } catch (IOException e) {
            throw new SpikeportException(parent + ": cannot create the output directory here (" + e.getMessage() + ")", e);
        }
        List<String> names = new ArrayList<>();
        try {
            if (fits()) {
                ModelFiles.write(staging.resolve("network.pb"), network);
                names.add("network.pb");
                for (Path p : target.write(network, folded, profile, staging)) {
                    names.add(staging.relativize(p).toString());
                }
            }
            names.add("report.json");
            names.add("report.md");
            AtomicFiles.write(staging.resolve("report.json"),
                    Json.write(report.toMap(names)).concat("\n").getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(staging.resolve("report.md"), report.toMarkdown(names).getBytes(StandardCharsets.UTF_8));
            replace(staging, out);
        } catch (RuntimeException | Error e) {
            try {
                deleteTree(staging);
            } catch (RuntimeException | Error cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return names.stream().map(out::resolve).toList();
    }

    private static void refuseForeignDirectory(Path out) {
        if (!Files.exists(out)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw new SpikeportException(out + ": exists and is not a directory; give a directory for the export");
        }
        try (Stream<Path> s = Files.list(out)) {
            if (s.findAny().isPresent() && !Files.exists(out.resolve("report.json"))) {
                throw new SpikeportException(out + ": is not empty and holds no earlier export (report.json); "
                        + "choose an empty or new directory");
            }
        } catch (IOException e) {
            throw new SpikeportException(out + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static void replace(Path staging, Path out) {
        try {
            if (Files.exists(out)) {
                Path old = StagingFiles.tempDirectory(out, "old");
                Files.delete(old);
                Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new SpikeportException(out + ": cannot move the export into place (" + e.getMessage() + ")", e);
        }
    }

    static void deleteTree(Path dir) {
        try {
            StagingFiles.deleteTree(dir);
        } catch (IOException e) {
            throw new SpikeportException(dir + ": cannot remove a temporary directory (" + e.getMessage() + ")", e);
        }
    }
}
