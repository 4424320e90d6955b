package org.spikeport.trainer;

import java.util.Objects;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.core.limits.ChipLimits;

/**
 * How a training run is kept inside a chip's limits ({@link ChipLimits}, read from its profile):
 * <ul>
 *   <li>after every optimizer step, feed-forward delays are clamped into the chip's range and recurrent delays
 *       so that every rounded lag is one the chip realises ({@link DelayNetwork#clampDelays(ChipLimits)});</li>
 *   <li>from epoch {@code quantizeFrom} on (0-based), BatchNorm runs on its running statistics and every
 *       training step and every evaluation computes with the values the chip's rounding rule realises
 *       ({@link DelayNetwork#realise}), the gradient passing straight through to the float parameters;</li>
 *   <li>a fine-tuning run starts from a trained network ({@code start}), keeps its final Gaussian width and
 *       recurrent kernel width throughout, and steps with the config's constant learning rates
 *       ({@code lrWeights}, {@code lrDelays}; Adam's {@code beta1} 0.9) instead of the schedules, which
 *       are made for whole runs.</li>
 * </ul>
 * A network whose feed-forward delay range exceeds the chip's is trained with the chip's range as its
 * delay range: a new run asks for it in its config, a fine-tuning run clamps the delays it starts from.
 * The fan-in limit is applied by the caller, in the config's {@code fanIn} ({@link #fit}); on a chip that
 * delivers at most {@code K} spikes of an input channel per step ({@link #inputCopies}), every sample's counts
 * are limited to {@code K}, in training and in the per-epoch scores, and a fine-tuning run first re-estimates
 * BatchNorm's statistics on the limited counts (one pass without steps).
 *
 * @param limits       the chip's limits
 * @param start        the trained network a fine-tuning run starts from, or {@code null} for a new run
 * @param quantizeFrom the first epoch that runs on the chip's values ({@code >= 0})
 */
public record ChipTraining(ChipLimits limits, TrainedNetwork start, int quantizeFrom) {

    public ChipTraining {
        Objects.requireNonNull(limits, "limits");
        if (quantizeFrom < 0) {
            throw new IllegalArgumentException("the first quantized epoch must be >= 0, got " + quantizeFrom);
        }
    }

    /**
     * {@code config} narrowed to {@code limits} for a new run: its feed-forward delay range cut to the chip's
     * ({@link ChipLimits#feedForwardDelay}), and, when a layer's inputs (its own neurons too, for a recurrent
     * layer) exceed the chip's fan-in, each neuron keeping that fan-in less its recurrent inputs as random
     * feed-forward inputs (the config's {@code fanIn}, kept when already smaller). On a chip whose input counts
     * arrive on copy axons ({@link ChipLimits#axons}), the copies {@code K} are the most that leave every later
     * layer's inputs (its own recurrent ones too) dense on a core's axons, {@code K = min(maxCopies,
     * floor(axons / widest))}, and the first layer keeps {@code floor((axons - own recurrent inputs) / K)} random
     * inputs per neuron when it has more (the config's mask applies to every layer; with this choice it leaves the
     * later ones dense).
     *
     * @throws IllegalArgumentException when a recurrent layer alone exceeds the fan-in
     */
    public static TrainConfig fit(TrainConfig config, ChipLimits limits) {
        int fanIn = config.fanIn();
        Integer limit = limits.fanIn();
        int[] hidden = config.hidden();
        int inputs = (config.inputUnits() + config.groupSize() - 1) / config.groupSize();
        int[] recurrent = config.architecture().recurrent().layers();
        if (limit != null) {
            for (int l = 0; l <= hidden.length; l++) {
                int in = l == 0 ? inputs : hidden[l - 1];
                int own = l < hidden.length && contains(recurrent, l + 1) ? hidden[l] : 0;
                int keep = limit - own;
                if (keep < 1) {
                    throw new IllegalArgumentException("hidden layer " + (l + 1) + " has " + own + " recurrent inputs per "
                            + "neuron, the chip's fan-in " + limit + " leaves none for its feed-forward inputs; use "
                            + "smaller recurrent layers");
                }
                if (in + own > limit && (fanIn == 0 || fanIn > keep)) {
                    fanIn = keep;
                }
            }
        }
        if (limits.axons() != null) {
            int widest = 1;
            for (int l = 1; l <= hidden.length; l++) {
                widest = Math.max(widest, hidden[l - 1] + (l < hidden.length && contains(recurrent, l + 1) ? hidden[l] : 0));
            }
            int copies = Math.max(1, Math.min(limits.maxCopies(), limits.axons() / widest));
            int own = contains(recurrent, 1) ? hidden[0] : 0;
            int keep = Math.max(1, (limits.axons() - own) / copies);
            if (keep < inputs && (fanIn == 0 || fanIn > keep)) {
                fanIn = keep;
            }
        }
        return new TrainConfig(config.name(), config.hidden(), limits.feedForwardDelay(config.maxDelay()), config.tau(),
                config.epochs(), config.batchSize(), config.dropout(), config.lrWeights(), config.maxLrWeights(),
                config.weightDecay(), config.lrDelays(), config.delays(), config.sigma(), config.trainWeights(), fanIn,
                config.dtMs(), config.groupSize(), config.inputUnits(), config.seed(), config.architecture());
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /**
     * The most spikes per step one input channel delivers to {@code net}'s first layer on the chip
     * ({@link ChipLimits#inputCopies(int[], int[])} of its mask's fan-in and its recurrent synapses), or
     * {@code null} when the chip delivers every count.
     */
    public Integer inputCopies(TrainedNetwork net) {
        org.spikeport.core.ir.TrainedLayer first = net.layers().get(0);
        int[] fanIn = new int[first.outputs()];
        int[] recurrentIn = new int[first.outputs()];
        for (int i = 0; i < fanIn.length; i++) {
            for (int j = 0; j < first.inputs(); j++) {
                fanIn[i] += first.connected(i, j) ? 1 : 0;
            }
            recurrentIn[i] = first.recurrent() == null ? 0 : first.recurrent().neurons();
        }
        return limits.inputCopies(fanIn, recurrentIn);
    }

    /** Whether the steps of {@code epoch} run on the chip's values. */
    public boolean quantizes(int epoch) {
        return epoch >= quantizeFrom;
    }
}
