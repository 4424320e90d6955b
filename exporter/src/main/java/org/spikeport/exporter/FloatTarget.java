package org.spikeport.exporter;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.profile.HardwareProfile;

/**
 * The trained model's own arithmetic ({@link org.spikeport.core.arith.FloatLif}): no chip, no quantization beyond storing
 * weights as float32, no limits. Its export ({@code network.pb}) is the reference every chip's
 * deployed accuracy is compared with. It deploys every {@link Feature}: recurrent synapses and reset by
 * subtraction run exactly as {@link FloatDeployment} writes them.
 */
public final class FloatTarget implements Target {

    @Override
    public String name() {
        return "float";
    }

    @Override
    public String profileName() {
        return "float";
    }

    @Override
    public Set<Feature> deploys() {
        return EnumSet.allOf(Feature.class);
    }

    @Override
    public DeployedNetwork deploy(FoldedNetwork net, HardwareProfile profile, Provenance provenance) {
        return FloatDeployment.deploy(name(), net, profile, provenance);
    }

    @Override
    public List<Path> write(DeployedNetwork net, FoldedNetwork folded, HardwareProfile profile, Path dir) {
        return List.of();
    }
}
