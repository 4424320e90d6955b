package org.spikeport.exporter;

import java.util.ArrayList;
import java.util.List;
import org.spikeport.core.ir.ResetMode;

/**
 * A part of a trained model that a target either deploys exactly or not at all. Each target declares
 * the features it deploys ({@link Target#deploys}); {@link Export#plan} reports every layer that uses a
 * feature its target does not deploy as a violation of the check {@value #CHECK}, so such a model is
 * never deployed without it (the export writes only its report and exits with 3).
 */
public enum Feature {
    /** Synapses from a layer's neurons to neurons of the same layer (delays {@code D >= 1}). */
    RECURRENT_SYNAPSES("recurrent synapses", "retrain without recurrent synapses (--recurrent none)"),
    /** A spiking layer that subtracts the threshold from the membrane on a spike instead of resetting it to 0. */
    RESET_BY_SUBTRACTION("reset by subtraction", "retrain with hard reset (--reset zero)");

    /** The name of the check in the export's report. */
    public static final String CHECK = "model-features";

    private final String description;
    private final String retrain;

    Feature(String description, String retrain) {
        this.description = description;
        this.retrain = retrain;
    }

    /** The feature in words, e.g. {@code recurrent synapses}. */
    public String description() {
        return description;
    }

    /** How {@code layer} uses this feature, e.g. {@code 12 recurrent synapses}, or {@code null} when it does not. */
    String use(FoldedNetwork.Layer layer) {
        return switch (this) {
            case RECURRENT_SYNAPSES -> layer.isRecurrent() ? layer.recurrent().size() + " recurrent synapses" : null;
            case RESET_BY_SUBTRACTION -> layer.reset() == ResetMode.SUBTRACT ? "reset by subtraction" : null;
        };
    }

    /**
     * The findings of check {@value #CHECK}: for each feature {@code target} does not deploy, one violation
     * per layer of {@code net} that uses it, naming the feature, the layer, the targets of {@code known}
     * that do deploy it, how to retrain without it, and why the target cannot ({@link Target#whyNotDeployed})
     * when it says.
     */
    static List<Violation> violations(FoldedNetwork net, Target target, List<Target> known) {
        List<Violation> out = new ArrayList<>();
        for (Feature f : values()) {
            if (target.deploys().contains(f)) {
                continue;
            }
            List<String> alternatives = known.stream().filter(t -> t.deploys().contains(f)).map(t -> "'" + t.name() + "'")
                    .toList();
            String fix = alternatives.isEmpty() ? f.retrain
                    : "export to " + String.join(" or ", alternatives) + ", or " + f.retrain;
            String why = target.whyNotDeployed(f);
            for (FoldedNetwork.Layer l : net.layers()) {
                String use = f.use(l);
                if (use != null) {
                    out.add(new Violation(CHECK, l.name(), "", "target '" + target.name() + "' " + (why == null
                            ? "does not deploy " + f.description + " yet (" + use + ")"
                            : "cannot deploy " + f.description + " (" + use + "): " + why), "", fix));
                }
            }
        }
        return out;
    }
}
