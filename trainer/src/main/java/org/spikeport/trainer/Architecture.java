package org.spikeport.trainer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.trainer.nn.Surrogate;
import org.spikeport.trainer.optim.RecurrentSigmaSchedule;

/**
 * The shape of each layer and how it is trained, beyond sizes and delays: which of DCLS's and DelRec's
 * building blocks a network uses. {@link #DCLS} is the feed-forward DCLS network of the paper's reference
 * code; DelRec's configurations ({@link TrainConfig#preset}) set the rest.
 *
 * <p>A hidden layer is, in order:
 *
 * <pre>
 *   I = conv(x) [+ b] [-&gt; BatchNorm] [-&gt; dropout if CURRENT] -&gt; LIF (recurrent or not) [-&gt; dropout if SPIKES]
 * </pre>
 *
 * and the readout is {@code conv(x) [+ b]} into non-spiking neurons: a LIF membrane decoded by the summed
 * softmax ({@link Readout#LIF}), or the current itself ({@code tau = 1}) decoded by its sum over time
 * ({@link Readout#LINEAR}).
 *
 * @param bias          a learned bias after every layer's feed-forward map (the readout's too)
 * @param batchNorm     BatchNorm over batch and time after each hidden layer's feed-forward map
 * @param dropoutAt     where each hidden layer's dropout acts
 * @param reset         hidden neurons' reset: {@link ResetMode#ZERO} (hard, detached from the gradient) or
 *                      {@link ResetMode#SUBTRACT} (by the threshold, not detached)
 * @param surrogate     the spike function's surrogate derivative
 * @param weightInit    how feed-forward weights (and biases) are drawn
 * @param readout       the readout's neurons and decoding
 * @param optimizer     Adam (L2 weight decay) or AdamW (decoupled weight decay)
 * @param delaySchedule learning-rate schedule of every delay parameter
 * @param gradClip      when positive, every weight, bias and BatchNorm gradient is clipped to
 *                      {@code [-gradClip, gradClip]} before each step (DelRec does so for its vanilla
 *                      recurrent network); 0 = none
 * @param recurrent     the recurrent layers and their delays
 */
public record Architecture(
        boolean bias,
        boolean batchNorm,
        DropoutAt dropoutAt,
        ResetMode reset,
        Surrogate surrogate,
        WeightInit weightInit,
        Readout readout,
        Optimizer optimizer,
        Schedule delaySchedule,
        double gradClip,
        Recurrent recurrent) {

    /** Where dropout acts in a hidden layer. */
    public enum DropoutAt {
        /** On the layer's spikes (DCLS; DelRec on SHD). */
        SPIKES,
        /** On the layer's input current, before its neurons (DelRec on SSC). */
        CURRENT
    }

    /** How feed-forward weights are initialised. */
    public enum WeightInit {
        /** Kaiming-uniform for ReLU: {@code U(-sqrt(6 / in), sqrt(6 / in))}; biases 0. */
        KAIMING,
        /**
         * PyTorch's {@code nn.Linear} default: weights and biases {@code U(-1 / sqrt(in), 1 / sqrt(in))}.
         */
        LINEAR_DEFAULT
    }

    /** The readout's neurons and decoding. */
    public enum Readout {
        /** Leaky membrane (the hidden layers' tau) decoded by {@code sum_t softmax(v[t])}. */
        LIF,
        /** The current itself (tau 1) decoded by {@code sum_t v[t]}. */
        LINEAR
    }

    /** The optimiser of every parameter group. */
    public enum Optimizer {
        /** {@code torch.optim.Adam}: weight decay added to the gradient. */
        ADAM,
        /** {@code torch.optim.AdamW}: decoupled weight decay. */
        ADAMW
    }

    /** A per-epoch learning-rate schedule. */
    public enum Schedule {
        /** Cosine annealing from the learning rate to 0 over all epochs. */
        COSINE,
        /** One-cycle (PyTorch's defaults) peaking at the learning rate. */
        ONE_CYCLE
    }

    /** How recurrent delays are obtained. */
    public enum RecurrentDelays {
        /** Learned with DelRec's triangular kernels. */
        LEARNED,
        /** Drawn at initialisation, never updated, kernel width 1 (sigma 0). */
        FIXED_RANDOM,
        /** Vanilla recurrence: every delay 0, lag {@code D = 1}, never updated. */
        NONE
    }

    /** How recurrent delays are drawn. */
    public enum DelayInit {
        /** Uniform in {@code [a, b]} steps. */
        UNIFORM,
        /** {@code |N(0, 1)| * a} steps. */
        HALF_NORMAL
    }

    /**
     * Recurrent synapses in some hidden layers (DelRec).
     *
     * @param layers       1-based indices of the hidden layers that have recurrent synapses, increasing;
     *                     empty for none
     * @param delays       how their delays are obtained
     * @param kind         one delay per presynaptic neuron, or per synapse
     * @param learnedWidth per-neuron learned kernel widths {@code 1 + 2 sigma sigmoid(p)} instead of
     *                     {@code 1 + sigma}
     * @param init         how delays are drawn, with {@code initA}, {@code initB}
     * @param initA        uniform: lower bound; half-normal: scale
     * @param initB        uniform: upper bound; half-normal: unused (0)
     * @param dropout      recurrent dropout: one mask per sample and neuron for a whole sequence
     * @param sigma0       kernel width parameter in epoch 0
     * @param sigmaDecay   {@code sigma_e = sigma0 (sigmaDecay^(100 / epochs))^e}
     */
    public record Recurrent(int[] layers, RecurrentDelays delays, Recurrence.Kind kind, boolean learnedWidth,
                            DelayInit init, double initA, double initB, double dropout, double sigma0,
                            double sigmaDecay) {

        /** No recurrent layer. */
        public static final Recurrent NONE = new Recurrent(new int[0], RecurrentDelays.LEARNED,
                Recurrence.Kind.AXONAL, false, DelayInit.UNIFORM, 10, 30, 0, 10, 0.95);

        public Recurrent {
            layers = layers.clone();
            for (int i = 0; i < layers.length; i++) {
                check(layers[i] >= 1 && (i == 0 || layers[i] > layers[i - 1]), "recurrent",
                        "layers must be increasing 1-based hidden-layer indices, got " + Arrays.toString(layers));
            }
            check(delays != null && kind != null && init != null, "recurrent", "settings are missing");
            check(init == DelayInit.UNIFORM ? initA >= 0 && initB >= initA && Double.isFinite(initB)
                    : initA > 0 && Double.isFinite(initA), "recurrent-init",
                    init == DelayInit.UNIFORM ? "needs 0 <= lo <= hi, got " + initA + ", " + initB
                            : "needs a positive scale, got " + initA);
            check(dropout >= 0 && dropout < 1, "recurrent-dropout", "must be in [0, 1), got " + dropout);
            check(sigma0 >= 0 && Double.isFinite(sigma0), "recurrent-sigma", "must be >= 0, got " + sigma0);
            check(sigmaDecay > 0 && sigmaDecay <= 1, "recurrent-sigma-decay", "must be in (0, 1], got " + sigmaDecay);
        }

        /** As {@link Architecture#require}, without initialising the outer class (whose constants hold a Recurrent). */
        private static void check(boolean ok, String option, String problem) {
            if (!ok) {
                throw new IllegalArgumentException(option + " " + problem);
            }
        }

        /** The indices (a copy). */
        @Override
        public int[] layers() {
            return layers.clone();
        }

        /** Whether 1-based hidden layer {@code layer} is recurrent. */
        public boolean has(int layer) {
            return Arrays.binarySearch(layers, layer) >= 0;
        }

        public boolean any() {
            return layers.length > 0;
        }

        /**
         * The width parameter in epoch {@code epoch} of {@code epochs} ({@link RecurrentSigmaSchedule}); 0 unless
         * the delays are learned (DelRec sets sigma 0 for fixed and vanilla recurrent delays).
         */
        public double sigma(int epoch, int epochs) {
            if (delays != RecurrentDelays.LEARNED) {
                return 0;
            }
            return new RecurrentSigmaSchedule(sigma0, sigmaDecay, epochs).sigma(epoch);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Recurrent r && Arrays.equals(layers, r.layers) && toMap().equals(r.toMap());
        }

        @Override
        public int hashCode() {
            return toMap().hashCode();
        }

        Map<String, String> toMap() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("recurrent_layers", Arrays.toString(layers));
            if (layers.length > 0) {
                m.put("recurrent_delays", name(delays));
                m.put("recurrent_kind", name(kind));
                m.put("recurrent_width", learnedWidth ? "learned" : "fixed");
                m.put("recurrent_init", init == DelayInit.UNIFORM ? "uniform:" + initA + ":" + initB
                        : "half-normal:" + initA);
                m.put("recurrent_dropout", Double.toString(dropout));
                m.put("recurrent_sigma0", Double.toString(sigma0));
                m.put("recurrent_sigma_decay", Double.toString(sigmaDecay));
            }
            return m;
        }
    }

    /** The feed-forward DCLS network of the reference code. */
    public static final Architecture DCLS = new Architecture(false, true, DropoutAt.SPIKES, ResetMode.ZERO,
            Surrogate.ATAN, WeightInit.KAIMING, Readout.LIF, Optimizer.ADAM, Schedule.COSINE, 0, Recurrent.NONE);

    public Architecture {
        require(dropoutAt != null && reset != null && surrogate != null && weightInit != null && readout != null
                && optimizer != null && delaySchedule != null && recurrent != null, "architecture", "settings are missing");
        require(reset == ResetMode.ZERO || reset == ResetMode.SUBTRACT, "reset", "must be zero or subtract, got " + reset);
        require(gradClip >= 0 && Double.isFinite(gradClip), "grad-clip", "must be >= 0, got " + gradClip);
    }

    /** The same architecture with other recurrent settings. */
    public Architecture withRecurrent(Recurrent r) {
        return new Architecture(bias, batchNorm, dropoutAt, reset, surrogate, weightInit, readout, optimizer,
                delaySchedule, gradClip, r);
    }

    static void require(boolean ok, String option, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(option + " " + problem);
        }
    }

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The architecture a model file's config records ({@link #toMap}), each setting it lacks taken from
     * {@code absent} (a file of an earlier version records a DCLS network's none).
     *
     * @throws IllegalArgumentException naming the entry that is not a valid setting
     */
    public static Architecture fromMap(Map<String, String> m, Architecture absent) {
        Recurrent r = absent.recurrent();
        int[] layers = m.containsKey("recurrent_layers") ? ConfigValues.ints(m, "recurrent_layers") : r.layers();
        Recurrent rec = r;
        if (layers.length > 0) {
            DelayInit init = r.init();
            double a = r.initA();
            double b = r.initB();
            if (m.containsKey("recurrent_init")) {
                String[] parts = m.get("recurrent_init").split(":");
                init = ConfigValues.choice(Map.of("recurrent_init", parts[0]), "recurrent_init", DelayInit.class, init);
                a = ConfigValues.number(Map.of("recurrent_init", parts.length > 1 ? parts[1] : ""), "recurrent_init", a);
                b = parts.length > 2 ? ConfigValues.number(Map.of("recurrent_init", parts[2]), "recurrent_init", b) : 0;
            }
            rec = new Recurrent(layers, ConfigValues.choice(m, "recurrent_delays", RecurrentDelays.class, r.delays()),
                    ConfigValues.choice(m, "recurrent_kind", Recurrence.Kind.class, r.kind()),
                    m.containsKey("recurrent_width") ? "learned".equals(m.get("recurrent_width")) : r.learnedWidth(),
                    init, a, b, ConfigValues.number(m, "recurrent_dropout", r.dropout()),
                    ConfigValues.number(m, "recurrent_sigma0", r.sigma0()),
                    ConfigValues.number(m, "recurrent_sigma_decay", r.sigmaDecay()));
        } else {
            rec = Recurrent.NONE;
        }
        return new Architecture(ConfigValues.bool(m, "bias", absent.bias()),
                ConfigValues.bool(m, "batch_norm", absent.batchNorm()),
                ConfigValues.choice(m, "dropout_at", DropoutAt.class, absent.dropoutAt()),
                ConfigValues.choice(m, "reset", ResetMode.class, absent.reset()),
                ConfigValues.choice(m, "surrogate", Surrogate.class, absent.surrogate()),
                ConfigValues.choice(m, "weight_init", WeightInit.class, absent.weightInit()),
                ConfigValues.choice(m, "readout", Readout.class, absent.readout()),
                ConfigValues.choice(m, "optimizer", Optimizer.class, absent.optimizer()),
                ConfigValues.choice(m, "delay_schedule", Schedule.class, absent.delaySchedule()),
                ConfigValues.number(m, "grad_clip", absent.gradClip()), rec);
    }

    /** The settings as key/value strings for the model file. */
    Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bias", Boolean.toString(bias));
        m.put("batch_norm", Boolean.toString(batchNorm));
        m.put("dropout_at", name(dropoutAt));
        m.put("reset", name(reset));
        m.put("surrogate", name(surrogate));
        m.put("weight_init", name(weightInit));
        m.put("readout", name(readout));
        m.put("optimizer", name(optimizer));
        m.put("delay_schedule", name(delaySchedule));
        m.put("grad_clip", Double.toString(gradClip));
        m.putAll(recurrent.toMap());
        return m;
    }
}
