package org.spikeport.fuzz;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spikeport.core.arith.FloatLif;
import org.spikeport.core.arith.Loihi2Lif;
import org.spikeport.core.arith.SenecaBf16Lif;
import org.spikeport.core.arith.SpinnakerLif;
import org.spikeport.core.arith.TrueNorthLif;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import org.spikeport.exporter.Export;
import org.spikeport.exporter.Targets;
import org.spikeport.simulator.Platform;
import org.spikeport.simulator.Replay;

/**
 * What the fuzz targets do with a value a reader accepted, to check that it also passes the stages after
 * the reader (the exporter's planning, the simulator): the contract is that a file either is rejected when
 * read or works.
 */
final class Fixtures {

    /** The bundled profile and the target of each arithmetic. */
    private static final Map<String, String> TARGET_OF = Map.of(
            FloatLif.NAME, "float",
            Loihi2Lif.NAME, "loihi",
            SpinnakerLif.NAME, "spinnaker",
            SenecaBf16Lif.NAME, "seneca",
            TrueNorthLif.NAME, "truenorth-like");

    static final Provenance PROVENANCE = new Provenance("fuzz", "fuzz", 1, "", Instant.EPOCH, "");

    private Fixtures() {
    }

    /** A 3 -> 2 -> 2 network with delays up to 2: the model the profile target exports. */
    static TrainedModel smallModel() {
        TrainedLayer hidden = new TrainedLayer("hidden", 3, 2, new float[] {0.5f, -0.25f, 1f, 0.75f, 0.1f, -1f},
                new float[] {0, 1, 2, 2, 0.5f, 1.5f}, 2, null, null, Lif.spiking(2, 1));
        TrainedLayer readout = new TrainedLayer("readout", 2, 2, new float[] {1f, -0.5f, 0.25f, 0.5f},
                new float[] {0, 1, 1, 0}, 2, null, null, Lif.readout(2));
        return new TrainedModel(new TrainedNetwork(3, 10, 0.23, List.of(hidden, readout)), new TreeMap<>(), List.of(),
                PROVENANCE);
    }

    /** Plans the export of {@code model} to the target of {@code profile}'s arithmetic and replays a sample. */
    static void exportAndReplay(TrainedModel model, HardwareProfile profile) {
        Export e = Export.plan(model, Targets.byName(TARGET_OF.get(profile.arithmetic())), profile, PROVENANCE);
        if (e.fits()) {
            replay(e.network(), profile);
        }
    }

    /** Replays four steps of input on every channel through {@code net} on its arithmetic's bundled profile. */
    static void replay(DeployedNetwork net) {
        String arithmetic = net.layers().get(0).neuron().model();
        replay(net, HardwareProfiles.bundled(TARGET_OF.get(arithmetic)));
    }

    private static void replay(DeployedNetwork net, HardwareProfile profile) {
        int steps = 4;
        int[] counts = new int[steps * net.inputs()];
        java.util.Arrays.fill(counts, 1);
        Replay.run(0, net, Platform.of(profile), new CountFrame(steps, net.inputs(), counts, 0));
    }
}
