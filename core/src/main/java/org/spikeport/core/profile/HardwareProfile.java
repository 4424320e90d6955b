package org.spikeport.core.profile;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One chip's (or format's) profile, as read from its YAML file. Absent limits are {@code null}:
 * nothing is checked for them.
 *
 * @param name        the profile's name (its file name without {@code .yaml})
 * @param description one paragraph for {@code profiles show}
 * @param arithmetic  name of the neuron arithmetic (a class in {@code org.spikeport.core.arith})
 * @param delays      delay range and convention
 * @param weights     weight precision
 * @param neuron      bit widths of neuron parameters and state, by name (e.g. {@code v: 24})
 * @param resources   neurons, synapses and fan-in per core, cores per chip
 * @param input       the kind of input spike the chip accepts
 * @param energy      energy figures by name ({@code synaptic_op}, {@code neuron_update}, {@code spike})
 * @param sources     public sources of the profile's facts, by topic
 * @param sha256      SHA-256 (hex) of the file it was read from
 */
public record HardwareProfile(
        String name,
        String description,
        String arithmetic,
        Delays delays,
        Weights weights,
        SortedMap<String, Integer> neuron,
        Resources resources,
        Input input,
        SortedMap<String, Figure> energy,
        SortedMap<String, String> sources,
        String sha256) {

    public HardwareProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(arithmetic, "arithmetic");
        Objects.requireNonNull(delays, "delays");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(sha256, "sha256");
        neuron = Collections.unmodifiableSortedMap(new TreeMap<>(neuron));
        energy = Collections.unmodifiableSortedMap(new TreeMap<>(energy));
        sources = Collections.unmodifiableSortedMap(new TreeMap<>(sources));
    }

    /**
     * Synaptic delays.
     *
     * @param min                   smallest delay the chip can realise, in steps
     * @param max                   largest, or {@code null} when unbounded
     * @param pipelineStepsPerLayer steps of latency every layer adds on the chip beyond the synaptic
     *                              delay (a spike at {@code t} through delay {@code d} arrives at
     *                              {@code t + pipeline + d})
     * @param convention            how the chip's delays relate to the IR's, in words
     * @param recurrentOffset       steps a recurrent synapse adds beyond its IR lag {@code D >= 1} on the chip:
     *                              a layer's spike at {@code t} reaches the same layer at
     *                              {@code t + D + recurrentOffset}; {@code >= 0}, 0 when the chip's recurrent
     *                              path realises the trained lag exactly
     */
    public record Delays(int min, Integer max, int pipelineStepsPerLayer, String convention, int recurrentOffset) {

        public Delays {
            if (recurrentOffset < 0) {
                throw new IllegalArgumentException("the recurrent offset must be >= 0, got " + recurrentOffset);
            }
        }

        /** Delays whose recurrent path realises the IR lag exactly ({@code recurrentOffset = 0}). */
        public Delays(int min, Integer max, int pipelineStepsPerLayer, String convention) {
            this(min, max, pipelineStepsPerLayer, convention, 0);
        }
    }

    /**
     * Synaptic weights.
     *
     * @param bits        mantissa bits including sign handling as the sign modes define, or {@code null}
     *                    for floating point
     * @param signModes   the sign modes the chip offers (e.g. {@code excitatory}, {@code mixed},
     *                    {@code inhibitory}); empty when weights are plain signed numbers
     * @param exponentMin smallest per-layer weight exponent, or {@code null} when there is none
     * @param exponentMax largest per-layer weight exponent, or {@code null}
     */
    public record Weights(Integer bits, List<String> signModes, Integer exponentMin, Integer exponentMax) {
        public Weights {
            signModes = List.copyOf(signModes);
        }
    }

    /**
     * Resources; {@code null} means unlimited.
     *
     * @param neuronsPerCore  neurons one core holds
     * @param synapsesPerCore synapses one core's memory holds
     * @param fanInPerNeuron  inputs one neuron may have
     * @param axonsPerCore    input lines (axons) of one core, for crossbar chips
     * @param coresPerChip    cores of one chip
     * @param delayQueueDepth slots of a core's circular delay queue, for chips that realise synaptic delays
     *                        in software (a delay d needs d + 1 slots)
     * @param memoryBytesPerCore data memory of one core in bytes, for chips whose neurons, synapses and
     *                        queues share it
     * @param spikesPerCorePerStep spikes one core can send in one time step without dropping any, for chips
     *                        whose input sources run on cores in real time (an exporter slows the run down
     *                        when an input needs more)
     */
    public record Resources(Integer neuronsPerCore, Long synapsesPerCore, Integer fanInPerNeuron,
                            Integer axonsPerCore, Integer coresPerChip, Integer delayQueueDepth,
                            Long memoryBytesPerCore, Integer spikesPerCorePerStep) {

        /** Resources without a spike-rate figure. */
        public Resources(Integer neuronsPerCore, Long synapsesPerCore, Integer fanInPerNeuron, Integer axonsPerCore,
                         Integer coresPerChip, Integer delayQueueDepth, Long memoryBytesPerCore) {
            this(neuronsPerCore, synapsesPerCore, fanInPerNeuron, axonsPerCore, coresPerChip, delayQueueDepth,
                    memoryBytesPerCore, null);
        }

        /** Resources without a delay queue or a memory figure. */
        public Resources(Integer neuronsPerCore, Long synapsesPerCore, Integer fanInPerNeuron, Integer axonsPerCore,
                         Integer coresPerChip) {
            this(neuronsPerCore, synapsesPerCore, fanInPerNeuron, axonsPerCore, coresPerChip, null, null, null);
        }
    }

    /**
     * Input spikes.
     *
     * @param kind       {@code binary} or {@code graded}
     * @param gradedBits payload bits of a graded spike (0 for binary)
     */
    public record Input(String kind, int gradedBits) {
    }

    /**
     * A measured or estimated figure with its source.
     *
     * @param value      the value in {@code unit}
     * @param unit       e.g. {@code J}, {@code W}
     * @param source     the public source (citation)
     * @param assumption true when the figure is not confirmed for this chip
     */
    public record Figure(double value, String unit, String source, boolean assumption) {
    }
}
