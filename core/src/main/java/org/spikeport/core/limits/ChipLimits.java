package org.spikeport.core.limits;

import org.spikeport.core.arith.LayerQuantizer;
import org.spikeport.core.arith.LayerQuantizers;
import org.spikeport.core.profile.HardwareProfile;

/**
 * The limits a chip's profile sets on a trained network, in the IR's terms, so that training can stay inside
 * them and the export finds nothing to report. Everything is read from the profile; nothing here names a
 * chip.
 *
 * <ul>
 *   <li><b>Feed-forward delays</b>: the chip realises the IR delay {@code d} as {@code d + min}
 *       ({@code min = max(0, delays.min)}), which must not exceed {@code delays.max}:
 *       {@code 0 <= d <= max - min} ({@link #maxDelay}).</li>
 *   <li><b>Recurrent lags</b>: a recurrent synapse of IR lag {@code D >= 1} is the chip delay
 *       {@code D + recurrent_offset - pipeline_steps_per_layer}, which must lie in
 *       {@code [delays.min, delays.max]}: {@code minLag <= D <= maxLag}.</li>
 *   <li><b>Fan-in</b>: a neuron's inputs (feed-forward and recurrent) may not exceed
 *       {@code resources.fan_in_per_neuron}, nor the synapses one core holds
 *       ({@code resources.synapses_per_core}); {@link #fanIn}.</li>
 *   <li><b>Input counts</b>: a chip with binary input whose cores have a fixed number of axons
 *       ({@code resources.axons_per_core}) and whose neurons take each input channel on several copy axons
 *       (up to {@code 2^neuron.input_count - 1}) delivers a step's count {@code c} as {@code min(c, K)} spikes,
 *       {@code K} the copies that fit a neuron's core ({@link #inputCopies(HardwareProfile, int[], int[])}).</li>
 *   <li><b>Precision</b>: the arithmetic's rounding rule ({@link LayerQuantizers}), the one its exporter
 *       deploys with.</li>
 * </ul>
 *
 * @param profile   the profile's name
 * @param sha256    the profile file's hash
 * @param maxDelay  the largest feed-forward IR delay, or {@code null} when unbounded
 * @param minLag    the smallest recurrent IR lag ({@code >= 1})
 * @param maxLag    the largest recurrent IR lag, or {@code null} when unbounded
 * @param fanIn     the most inputs one neuron may have, or {@code null} when unbounded
 * @param axons     the axons of one core when input counts arrive on copy axons, else {@code null}
 * @param maxCopies the most copy axons of one input channel ({@code 2^neuron.input_count - 1}), with {@code axons}
 * @param quantizer the arithmetic's rounding rule
 */
public record ChipLimits(String profile, String sha256, Integer maxDelay, int minLag, Integer maxLag, Integer fanIn,
                         Integer axons, Integer maxCopies, LayerQuantizer quantizer) {

    /** The profile's {@code neuron} width of the count of copy axons of one input channel. */
    public static final String INPUT_COUNT = "input_count";

    /** Limits without copy axons. */
    public ChipLimits(String profile, String sha256, Integer maxDelay, int minLag, Integer maxLag, Integer fanIn,
                      LayerQuantizer quantizer) {
        this(profile, sha256, maxDelay, minLag, maxLag, fanIn, null, null, quantizer);
    }

    /** The limits of {@code p}. */
    public static ChipLimits of(HardwareProfile p) {
        HardwareProfile.Delays d = p.delays();
        int offset = delayOffset(p);
        Integer maxDelay = d.max() == null ? null : d.max() - offset;
        int lagShift = d.pipelineStepsPerLayer() - d.recurrentOffset();
        int minLag = Math.max(1, d.min() + lagShift);
        Integer maxLag = d.max() == null ? null : d.max() + lagShift;
        Integer fanIn = p.resources().fanInPerNeuron();
        Long perCore = p.resources().synapsesPerCore();
        if (perCore != null && (fanIn == null || perCore < fanIn)) {
            fanIn = (int) Math.min(Integer.MAX_VALUE, perCore);
        }
        boolean copies = copyAxons(p);
        return new ChipLimits(p.name(), p.sha256(), maxDelay, minLag, maxLag, fanIn,
                copies ? p.resources().axonsPerCore() : null, copies ? maxCopies(p) : null, LayerQuantizers.of(p));
    }

    private static boolean copyAxons(HardwareProfile p) {
        return "binary".equals(p.input().kind()) && p.resources().axonsPerCore() != null
                && p.neuron().get(INPUT_COUNT) != null;
    }

    private static int maxCopies(HardwareProfile p) {
        return (1 << p.neuron().get(INPUT_COUNT)) - 1;
    }

    /**
     * The copies {@code K} of every input axon of a first layer whose neuron {@code i} has {@code fanIn[i]}
     * feed-forward and {@code recurrentIn[i]} recurrent synapses: {@code min(2^input_count - 1, min over neurons
     * with inputs of floor((axons - recurrentIn[i]) / fanIn[i]))}, at least 1 (each input synapse takes K copy
     * axons and each recurrent synapse one, all on the neuron's core); {@code null} for a profile without copy axons.
     */
    public static Integer inputCopies(HardwareProfile p, int[] fanIn, int[] recurrentIn) {
        if (!copyAxons(p)) {
            return null;
        }
        return copies(p.resources().axonsPerCore(), maxCopies(p), fanIn, recurrentIn);
    }

    /** {@link #inputCopies(HardwareProfile, int[], int[])} for these limits ({@code null} without copy axons). */
    public Integer inputCopies(int[] fanIn, int[] recurrentIn) {
        return axons == null ? null : copies(axons, maxCopies, fanIn, recurrentIn);
    }

    private static int copies(int axons, int cap, int[] fanIn, int[] recurrentIn) {
        int fit = cap;
        for (int i = 0; i < fanIn.length; i++) {
            if (fanIn[i] > 0) {
                fit = Math.min(fit, Math.max(0, axons - recurrentIn[i]) / fanIn[i]);
            }
        }
        return Math.max(1, fit);
    }

    /**
     * The steps a chip whose smallest synaptic delay is {@code min > 0} adds to every feed-forward IR delay:
     * {@code max(0, delays.min)}.
     */
    public static int delayOffset(HardwareProfile p) {
        return Math.max(0, p.delays().min());
    }

    /** The largest feed-forward delay a layer trained with {@code maxDelay} may keep: the smaller of the two. */
    public int feedForwardDelay(int maxDelay) {
        return this.maxDelay == null ? maxDelay : Math.max(0, Math.min(maxDelay, this.maxDelay));
    }
}
