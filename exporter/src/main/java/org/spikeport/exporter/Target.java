package org.spikeport.exporter;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.profile.HardwareProfile;

/**
 * A chip (or format) that spikeport exports to. A target is one of the two places a chip is named
 * (its profile is the other); every limit it needs is read from the {@link HardwareProfile}.
 *
 * <p>An export runs: {@link FoldedNetwork#of} (shared) -> {@link #deploy} -> the generic checks, the
 * model features the target does not deploy ({@link #deploys}) and {@link #check} -> {@link #write}.
 */
public interface Target {

    /** The name given to {@code --target}. */
    String name();

    /** The bundled profile used when the user gives none. */
    String profileName();

    /**
     * The model features this target deploys exactly. A model that uses any other is not deployed: the
     * export reports each such layer ({@link Feature}). None by default: feed-forward layers that reset to
     * zero.
     */
    default Set<Feature> deploys() {
        return Set.of();
    }

    /**
     * Why this target cannot deploy {@code feature}, one clause for the report, for a feature it does not
     * deploy ({@link #deploys}); {@code null} (the default) when it does not deploy it yet.
     */
    default String whyNotDeployed(Feature feature) {
        return null;
    }

    /**
     * The deployed network for this chip: integer synapses and neuron parameters in the profile's
     * arithmetic, delays still in the IR's convention. Values that do not fit are kept (and found by
     * the checks), not silently clipped. Each layer's quantization map records its scales and errors.
     */
    DeployedNetwork deploy(FoldedNetwork net, HardwareProfile profile, Provenance provenance);

    /** Chip-specific findings beyond the generic checks (none by default). */
    default List<Violation> check(DeployedNetwork net, HardwareProfile profile) {
        return List.of();
    }

    /**
     * Chip-specific resources of the mapping beyond the generic per-layer table (for example axons,
     * splitter neurons, delay-extension cores or delay-queue memory), by name, in the order to report
     * them; values are numbers, strings, lists or maps of those. Empty by default. Computed also when
     * the network does not fit, so the report can say how far off it is.
     */
    default Map<String, Object> mapping(DeployedNetwork net, HardwareProfile profile) {
        return Map.of();
    }

    /**
     * Files that {@link #write} leaves out for this network or on this machine, one line each naming the
     * file, why it is missing and how to get it or what to use instead (for example a file that needs a tool
     * that is not installed, or a format that cannot hold the network). The report shows them. Empty by
     * default.
     */
    default List<String> notes(DeployedNetwork net, HardwareProfile profile) {
        return List.of();
    }

    /**
     * Writes the chip's files into {@code dir} (an existing, empty directory) and returns them. Only
     * called when every check passed.
     */
    List<Path> write(DeployedNetwork net, FoldedNetwork folded, HardwareProfile profile, Path dir);
}
