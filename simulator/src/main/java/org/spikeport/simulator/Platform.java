package org.spikeport.simulator;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.spikeport.core.profile.HardwareProfile;

/**
 * What the simulator takes from a hardware profile: the delay convention and the neuron state widths.
 *
 * <p>A spike emitted at step {@code t} through a synapse of IR delay {@code d} (the IR's contract:
 * arrival at {@code t + d}) reaches its neuron at step {@code t + d + delayOffset + pipelineStepsPerLayer}.
 * {@code delayOffset} is the profile's {@code delays.min} when positive (a chip that cannot realise
 * {@code d = 0} runs every synapse {@code min} steps slower, as the exporter's delay-range check
 * assumes); {@code pipelineStepsPerLayer} is the latency every layer adds on the chip (Lava's Dense: 1).
 * Both apply to every layer, the first one included (its input spikes pass a synapse layer too), so
 * a network of {@code L} layers adds {@code L (delayOffset + pipelineStepsPerLayer)} steps end to end.
 *
 * <p>A recurrent synapse of IR lag {@code D >= 1} (from a layer's neuron to a neuron of the same layer)
 * carries a spike of step {@code t} to step {@code t + D + recurrentOffset}: {@code recurrentOffset} is the
 * profile's {@code delays.recurrent_offset}, the steps the chip's recurrent path adds beyond the lag. The
 * feed-forward extra steps only shift a layer's whole timeline, so 0 keeps the trained computation.
 *
 * @param delayOffset           steps added to every feed-forward delay, {@code >= 0}
 * @param pipelineStepsPerLayer steps of pipeline latency per layer, {@code >= 0}
 * @param recurrentOffset       steps added to every recurrent lag, {@code >= 0}
 * @param neuronBits            bit widths of neuron state and parameters by name (profile {@code neuron:})
 */
public record Platform(int delayOffset, int pipelineStepsPerLayer, int recurrentOffset,
                       SortedMap<String, Integer> neuronBits) {

    public Platform {
        if (delayOffset < 0 || pipelineStepsPerLayer < 0 || recurrentOffset < 0) {
            throw new IllegalArgumentException("delay offset, pipeline steps and recurrent offset must be >= 0, got "
                    + delayOffset + ", " + pipelineStepsPerLayer + " and " + recurrentOffset);
        }
        neuronBits = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(neuronBits));
    }

    /** The trained model's own timing: no offset, no pipeline, no widths. */
    public static final Platform IDEAL = new Platform(0, 0, 0, new TreeMap<>());

    /** The timing and widths of {@code profile}. */
    public static Platform of(HardwareProfile profile) {
        return new Platform(Math.max(0, profile.delays().min()), profile.delays().pipelineStepsPerLayer(),
                profile.delays().recurrentOffset(), profile.neuron());
    }

    /** Platform with the given feed-forward timing and widths, and no recurrent offset. */
    public static Platform of(int delayOffset, int pipelineStepsPerLayer, Map<String, Integer> neuronBits) {
        return of(delayOffset, pipelineStepsPerLayer, 0, neuronBits);
    }

    /** Platform with the given timing and widths. */
    public static Platform of(int delayOffset, int pipelineStepsPerLayer, int recurrentOffset,
                              Map<String, Integer> neuronBits) {
        return new Platform(delayOffset, pipelineStepsPerLayer, recurrentOffset, new TreeMap<>(neuronBits));
    }

    /** Steps every feed-forward synapse adds beyond its IR delay: {@code delayOffset + pipelineStepsPerLayer}. */
    public int extraStepsPerLayer() {
        return delayOffset + pipelineStepsPerLayer;
    }

    /** End-to-end latency the platform adds to a network of {@code layers} layers, in steps. */
    public int latencySteps(int layers) {
        return Math.multiplyExact(layers, extraStepsPerLayer());
    }

    /** A neuron width by name; fails with a message naming the arithmetic that needs it. */
    public int bits(String name, String arithmetic) {
        Integer b = neuronBits.get(name);
        if (b == null) {
            throw new IllegalArgumentException("the platform gives no bit width for neuron '" + name
                    + "', which the " + arithmetic + " arithmetic needs");
        }
        return b;
    }
}
