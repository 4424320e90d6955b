package org.spikeport.exporter;

import java.util.List;
import org.spikeport.core.SpikeportException;
import org.spikeport.exporter.loihi.LoihiTarget;
import org.spikeport.exporter.nir.NirTarget;
import org.spikeport.exporter.seneca.SenecaTarget;
import org.spikeport.exporter.spinnaker.SpinnakerTarget;
import org.spikeport.exporter.truenorth.TrueNorthTarget;

/** The targets spikeport exports to, by name. */
public final class Targets {

    private static final List<Target> ALL = List.of(new FloatTarget(), new NirTarget(), new LoihiTarget(),
            new SpinnakerTarget(), new SenecaTarget(),
            new TrueNorthTarget());


    private Targets() {
    }

    public static List<Target> all() {
        return ALL;
    }

    /** The target named {@code name}; an unknown name is an error listing the known ones. */
    public static Target byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new SpikeportException(
                "unknown target '" + name + "'; known targets: " + String.join(", ", ALL.stream().map(Target::name).toList())));
    }
}
