package org.spikeport.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.spikeport.core.arith.LayerQuantizer;
import org.spikeport.core.ir.BatchNorm;
import org.spikeport.core.ir.Decoding;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.ResetMode;
import org.spikeport.core.ir.TimeConvention;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.core.limits.ChipLimits;
import org.spikeport.trainer.nn.BatchNormTime;
import org.spikeport.trainer.nn.DclsConv;
import org.spikeport.trainer.nn.Dropout;
import org.spikeport.trainer.nn.RecurrentLif;
import org.spikeport.trainer.nn.Reset;
import org.spikeport.trainer.nn.Surrogate;

/**
 * The trained network: hidden layers of DCLS convolution (a plain linear map with one tap), optional
 * bias, optional BatchNorm, LIF neurons (with or without DelRec recurrent synapses) and dropout, then a
 * DCLS readout into non-spiking neurons whose membrane is the output ({@link Architecture} gives the
 * order). Activations are time-major {@code (T, B, C)}.
 *
 * <h2>Two time semantics</h2>
 *
 * <ul>
 *   <li>{@link #forwardTraining}: exactly the reference code. The batch is zero-padded to its longest
 *       sample ({@code T}); each DCLS layer pads its input with {@code Td - 1} zeros before and
 *       {@code R = (Td - 1) / 2} after, so layer {@code l}'s output has {@code T + l R} steps and the
 *       readout {@code T + L R} ({@code R = 0} without feed-forward delays: DelRec's linear layers).
 *   <li>{@link #forwardDeployed}: what a chip computes. Every layer runs causally for
 *       {@code T + L R} steps on input that is zero after the sample ends; no layer's output is cut
 *       short. Sample {@code b} of length {@code len_b} is scored on its first {@code len_b + L R}
 *       readout steps only, so its prediction does not depend on the rest of the batch. This is the
 *       semantics of {@code spikeport evaluate} and of the simulator ({@link TimeConvention#SPIKEPORT}).
 *       With {@link TimeConvention#REFERENCE} hidden layer {@code l}'s output is cut at
 *       {@code len_b + l R} per sample, which reproduces the reference on each sample alone.
 * </ul>
 *
 * The two agree on every step where no layer reads the reference's right padding; they differ only
 * in the tail, where a hidden layer driven by its BatchNorm bias may keep spiking after its input
 * ends.
 *
 * <h2>Kernels</h2>
 *
 * In training the feed-forward delays are Gaussian kernels of width {@code |sigma| + 0.27} and the
 * recurrent ones triangles of width {@code 1 + sigma_rec} ({@link #setRecurrentSigma}, DelRec's
 * schedule); rounded, both are one-hot at the integer delays the chip runs (recurrent lag
 * {@code 1 + rint(d)}).
 */
public final class DelayNetwork {

    /** One hidden layer's modules; {@code bias}, {@code norm} and exactly one of {@code lif}, {@code rec} may be null. */
    private record Hidden(DclsConv conv, INDArray bias, INDArray biasGrad, BatchNormTime norm,
                          org.spikeport.trainer.nn.Lif lif, RecurrentLif rec, Dropout dropout, double tau,
                          ResetMode reset) {
    }

    private final List<Hidden> hidden;
    private final DclsConv readoutConv;
    private final INDArray readoutBias;
    private final INDArray readoutBiasGrad;
    private final org.spikeport.trainer.nn.Lif readout;
    private final double readoutTau;
    private final Decoding decoding;
    private final Architecture.DropoutAt dropoutAt;
    private final Random dropoutRng;
    private final int maxDelay;
    private final int inputs;
    private double recurrentSigma;

    private DelayNetwork(List<Hidden> hidden, DclsConv readoutConv, INDArray readoutBias, double readoutTau,
                         Decoding decoding, Architecture.DropoutAt dropoutAt, int maxDelay, int inputs,
                         Random dropoutRng) {
        this.hidden = List.copyOf(hidden);
        this.readoutConv = readoutConv;
        this.readoutBias = readoutBias;
        this.readoutBiasGrad = readoutBias == null ? null : Nd4j.zeros(readoutBias.dataType(), readoutBias.shape());
        this.readoutTau = readoutTau;
        this.readout = org.spikeport.trainer.nn.Lif.readout(readoutTau);
        this.decoding = decoding;
        this.dropoutAt = dropoutAt;
        this.maxDelay = maxDelay;
        this.inputs = inputs;
        this.dropoutRng = dropoutRng;
        if (!hidden.isEmpty()) {
            hidden.get(0).conv().setInputGradientNeeded(false);
        } else {
            readoutConv.setInputGradientNeeded(false);
        }
    }

    /**
     * A freshly initialised network for {@code config} with {@code classes} outputs, layer by layer from
     * one {@link Random} seeded with the config's seed: the fan-in mask, then the feed-forward weights
     * (kaiming-uniform, or PyTorch's Linear default) and delays (uniform over {@code [0, maxDelay]}),
     * then the bias (PyTorch's Linear default; zeros with kaiming), then a recurrent layer's weights and
     * delays ({@link RecurrentLif#create}). Dropout masks come from a second generator, reseeded every
     * epoch ({@link #reseedDropout}).
     */
    public static DelayNetwork create(TrainConfig config, int classes, DataType dataType) {
        Architecture arch = config.architecture();
        Architecture.Recurrent r = arch.recurrent();
        Random rng = new Random(config.seed());
        Random dropoutRng = new Random(config.seed());
        List<Hidden> layers = new ArrayList<>();
        int in = config.inputs();
        int[] sizes = config.hidden();
        for (int l = 0; l < sizes.length; l++) {
            int h = sizes[l];
            DclsConv conv = conv(config, in, h, rng, dataType);
            INDArray bias = bias(arch, in, h, rng, dataType);
            RecurrentLif rec = null;
            if (r.has(l + 1)) {
                RecurrentLif.DelayInit init = switch (r.delays()) {
                    case NONE -> RecurrentLif.DelayInit.uniform(0, 0);
                    default -> r.init() == Architecture.DelayInit.UNIFORM
                            ? RecurrentLif.DelayInit.uniform(r.initA(), r.initB())
                            : RecurrentLif.DelayInit.halfNormal(r.initA());
                };
                rec = RecurrentLif.create(options(h, r, config.tau(), arch.reset(), arch.surrogate()), init, dataType,
                        rng, dropoutRng);
            }
            layers.add(hidden(conv, bias, arch.batchNorm() ? new BatchNormTime(h, dataType) : null, rec, config.tau(),
                    arch.reset(), arch.surrogate(), new Dropout(config.dropout(), dropoutRng)));
            in = h;
        }
        DclsConv out = conv(config, in, classes, rng, dataType);
        INDArray outBias = bias(arch, in, classes, rng, dataType);
        boolean linear = arch.readout() == Architecture.Readout.LINEAR;
        DelayNetwork net = new DelayNetwork(layers, out, outBias, linear ? 1.0 : config.tau(),
                linear ? Decoding.SUM : Decoding.SOFTMAX_SUM, arch.dropoutAt(), config.maxDelay(), config.inputs(),
                dropoutRng);
        net.setRecurrentSigma(r.sigma(0, config.epochs()));
        return net;
    }

    private static DclsConv conv(TrainConfig config, int in, int out, Random rng, DataType dataType) {
        INDArray mask = mask(config.fanIn(), in, out, rng, dataType);
        double bound = config.architecture().weightInit() == Architecture.WeightInit.KAIMING
                ? Math.sqrt(6.0 / in) : 1 / Math.sqrt(in);
        return new DclsConv(in, out, config.maxDelay(), dataType, mask, rng, bound);
    }

    private static INDArray bias(Architecture arch, int in, int out, Random rng, DataType dataType) {
        if (!arch.bias()) {
            return null;
        }
        double[] b = new double[out];
        if (arch.weightInit() == Architecture.WeightInit.LINEAR_DEFAULT) {
            double bound = 1 / Math.sqrt(in);
            for (int i = 0; i < out; i++) {
                b[i] = (2 * rng.nextDouble() - 1) * bound;
            }
        }
        return Nd4j.createFromArray(b).castTo(dataType);
    }

    private static RecurrentLif.Options options(int neurons, Architecture.Recurrent r, double tau, ResetMode reset,
                                                Surrogate surrogate) {
        return new RecurrentLif.Options(neurons, r.kind(), r.learnedWidth(), tau, reset(reset), surrogate, r.dropout());
    }

    private static Reset reset(ResetMode mode) {
        return switch (mode) {
            case ZERO -> Reset.ZERO;
            case SUBTRACT -> Reset.SUBTRACT;
            case NONE -> throw new IllegalArgumentException("a hidden layer spikes and resets; 'none' is a readout's");
        };
    }

    private static Hidden hidden(DclsConv conv, INDArray bias, BatchNormTime norm, RecurrentLif rec, double tau,
                                 ResetMode reset, Surrogate surrogate, Dropout dropout) {
        org.spikeport.trainer.nn.Lif lif = rec != null ? null
                : org.spikeport.trainer.nn.Lif.spiking(tau, reset(reset), surrogate);
        INDArray biasGrad = bias == null ? null : Nd4j.zeros(bias.dataType(), bias.shape());
        return new Hidden(conv, bias, biasGrad, norm, lif, rec, dropout, tau, reset);
    }

    private static INDArray mask(int fanIn, int in, int out, Random rng, DataType dataType) {
        if (fanIn <= 0 || fanIn >= in) {
            return null;
        }
        double[] m = new double[in * out];
        int[] candidates = new int[in];
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < in; j++) {
                candidates[j] = j;
            }
            for (int k = 0; k < fanIn; k++) {
                int pick = k + rng.nextInt(in - k);
                int tmp = candidates[k];
                candidates[k] = candidates[pick];
                candidates[pick] = tmp;
                m[i * in + candidates[k]] = 1;
            }
        }
        return Nd4j.createFromArray(m).castTo(dataType).reshape('c', out, in);
    }

    /**
     * A network holding the parameters of a trained model for evaluation (no dropout, ATan surrogate;
     * neither acts outside training).
     */
    public static DelayNetwork fromModel(TrainedNetwork net, DataType dataType) {
        return load(net, dataType, 0, 0, Architecture.DropoutAt.SPIKES, Surrogate.ATAN, 0);
    }

    /**
     * A network holding the parameters of a trained model to continue training it with {@code config}
     * (dropout, its placement, the surrogate, recurrent dropout), dropout masks drawn from the config's seed.
     */
    public static DelayNetwork resume(TrainedNetwork net, TrainConfig config, DataType dataType) {
        Architecture arch = config.architecture();
        return load(net, dataType, config.dropout(), config.seed(), arch.dropoutAt(), arch.surrogate(),
                arch.recurrent().dropout());
    }

    private static DelayNetwork load(TrainedNetwork net, DataType dataType, double dropout, long seed,
                                     Architecture.DropoutAt dropoutAt, Surrogate surrogate, double recurrentDropout) {
        Random init = new Random(0);
        Random dropoutRng = new Random(seed);
        List<Hidden> layers = new ArrayList<>();
        List<TrainedLayer> ls = net.layers();
        int maxDelay = ls.get(0).maxDelay();
        double recSigma = 0;
        for (int i = 0; i < ls.size() - 1; i++) {
            TrainedLayer l = ls.get(i);
            if (l.maxDelay() != maxDelay) {
                throw new IllegalArgumentException("layer '" + l.name() + "' has max delay " + l.maxDelay()
                        + ", the first layer " + maxDelay + "; spikeport's trainer uses one delay range for every layer");
            }
            BatchNormTime norm = null;
            BatchNorm bn = l.batchNorm();
            if (bn != null) {
                norm = new BatchNormTime(l.outputs(), dataType);
                norm.gamma().assign(floats(bn.gamma(), dataType));
                norm.beta().assign(floats(bn.beta(), dataType));
                norm.runningMean().assign(floats(bn.mean(), dataType));
                norm.runningVar().assign(floats(bn.variance(), dataType));
            }
            if (l.neuron().threshold() != org.spikeport.trainer.nn.Lif.THRESHOLD) {
                throw new IllegalArgumentException("layer '" + l.name() + "' fires at " + l.neuron().threshold()
                        + "; spikeport's trainer runs neurons with threshold " + org.spikeport.trainer.nn.Lif.THRESHOLD);
            }
            RecurrentLif rec = null;
            Recurrence r = l.recurrent();
            if (r != null) {
                long n = r.neurons();
                RecurrentLif.Options o = new RecurrentLif.Options(r.neurons(), r.kind(), r.spread() != null,
                        l.neuron().tau(), reset(l.neuron().reset()), surrogate, recurrentDropout);
                INDArray delay = r.kind() == Recurrence.Kind.AXONAL
                        ? floats(r.delays(), dataType) : floats(r.delays(), dataType).reshape('c', n, n);
                rec = RecurrentLif.of(o, floats(r.weights(), dataType).reshape('c', n, n), delay,
                        r.spread() == null ? null : floats(r.spread(), dataType), dataType, dropoutRng);
                recSigma = r.sigma();
            }
            layers.add(hidden(load(l, dataType, init), l.bias() == null ? null : floats(l.bias(), dataType), norm, rec,
                    l.neuron().tau(), l.neuron().reset(), surrogate, new Dropout(dropout, dropoutRng)));
        }
        TrainedLayer last = ls.get(ls.size() - 1);
        if (last.maxDelay() != maxDelay) {
            throw new IllegalArgumentException("readout '" + last.name() + "' has max delay " + last.maxDelay()
                    + ", the first layer " + maxDelay + "; spikeport's trainer uses one delay range for every layer");
        }
        DelayNetwork d = new DelayNetwork(layers, load(last, dataType, init),
                last.bias() == null ? null : floats(last.bias(), dataType), last.neuron().tau(), net.decoding(),
                dropoutAt, maxDelay, net.inputs(), dropoutRng);
        d.setRecurrentSigma(recSigma);
        return d;
    }

    private static DclsConv load(TrainedLayer l, DataType dataType, Random init) {
        INDArray mask = null;
        if (l.mask() != null) {
            double[] m = new double[l.mask().length];
            for (int k = 0; k < m.length; k++) {
                m[k] = l.mask()[k] ? 1 : 0;
            }
            mask = Nd4j.createFromArray(m).castTo(dataType).reshape('c', l.outputs(), l.inputs());
        }
        DclsConv conv = new DclsConv(l.inputs(), l.outputs(), l.maxDelay(), dataType, mask, init);
        conv.weight().assign(floats(l.weights(), dataType).reshape('c', l.outputs(), l.inputs()));
        conv.delay().assign(floats(l.delays(), dataType).reshape('c', l.outputs(), l.inputs()));
        return conv;
    }

    private static INDArray floats(float[] values, DataType dataType) {
        return Nd4j.createFromArray(values).castTo(dataType);
    }

    /** The IR of the current parameters; {@code sigma} is the Gaussian width they were trained with. */
    public TrainedNetwork toIR(double dtMs, double sigma) {
        List<TrainedLayer> layers = new ArrayList<>();
        int index = 1;
        for (Hidden h : hidden) {
            BatchNorm bn = null;
            if (h.norm() != null) {
                BatchNormTime n = h.norm();
                bn = new BatchNorm(n.gamma().toFloatVector(), n.beta().toFloatVector(),
                        n.runningMean().toFloatVector(), n.runningVar().toFloatVector(), BatchNormTime.EPS);
            }
            Lif lif = new Lif(h.tau(), org.spikeport.trainer.nn.Lif.THRESHOLD, h.reset());
            layers.add(layer("hidden" + index++, h.conv(), h.bias(), bn, lif, recurrence(h.rec())));
        }
        layers.add(layer("readout", readoutConv, readoutBias, null, Lif.readout(readoutTau), null));
        return new TrainedNetwork(inputs, dtMs, sigma, layers, decoding);
    }

    private Recurrence recurrence(RecurrentLif rec) {
        if (rec == null) {
            return null;
        }
        INDArray p = rec.widthParam();
        return new Recurrence(rec.options().delays(), rec.neurons(), flat(rec.weight()), flat(rec.delay()),
                p == null ? null : flat(p), recurrentSigma);
    }

    private static float[] flat(INDArray a) {
        return a.dup('c').reshape(-1).toFloatVector();
    }

    private static TrainedLayer layer(String name, DclsConv conv, INDArray bias, BatchNorm bn, Lif lif,
                                      Recurrence recurrent) {
        boolean[] mask = null;
        if (conv.mask() != null) {
            float[] m = flat(conv.mask());
            mask = new boolean[m.length];
            for (int k = 0; k < m.length; k++) {
                mask[k] = m[k] != 0;
            }
        }
        return new TrainedLayer(name, conv.inputs(), conv.outputs(), flat(conv.weight()), flat(conv.delay()),
                conv.taps() - 1, mask, bn, lif, bias == null ? null : flat(bias), recurrent);
    }

    /** Right padding {@code R = (Td - 1) / 2} each layer adds. */
    public int stepsAddedPerLayer() {
        return maxDelay / 2;
    }

    /** Number of DCLS layers {@code L} (hidden layers and the readout). */
    public int layers() {
        return hidden.size() + 1;
    }

    public int maxDelay() {
        return maxDelay;
    }

    /** How the readout's membranes give the answer. */
    public Decoding decoding() {
        return decoding;
    }

    /** Whether any hidden layer has recurrent synapses. */
    public boolean recurrent() {
        return hidden.stream().anyMatch(h -> h.rec() != null);
    }

    /** The width parameter {@code sigma} of the recurrent triangular kernels (DelRec's schedule). */
    public void setRecurrentSigma(double sigma) {
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("recurrent sigma must be >= 0, got " + sigma);
        }
        this.recurrentSigma = sigma;
    }

    public double recurrentSigma() {
        return recurrentSigma;
    }

    /** Training or evaluation mode of BatchNorm, dropout and recurrent dropout. */
    public void setTraining(boolean training) {
        for (Hidden h : hidden) {
            if (h.norm() != null) {
                h.norm().setTraining(training);
            }
            if (h.rec() != null) {
                h.rec().setTraining(training);
            }
            h.dropout().setTraining(training);
        }
    }

    /**
     * Fixes the masks of 0-based hidden layer {@code layer} for every following training forward: its
     * dropout scale {@code (B, C)} ({@link Dropout#fixMask}) and, for a recurrent layer, its recurrent
     * dropout scale {@code (B, N)} ({@link RecurrentLif#fixRecurrentMask}); {@code null} draws again. A
     * hook for tests that compare a training step with one computed elsewhere; training never calls it.
     */
    void fixMasks(int layer, INDArray dropout, INDArray recurrent) {
        Hidden h = hidden.get(layer);
        if (recurrent != null && h.rec() == null) {
            throw new IllegalArgumentException("hidden layer " + layer + " has no recurrent synapses to mask");
        }
        h.dropout().fixMask(dropout);
        if (h.rec() != null) {
            h.rec().fixRecurrentMask(recurrent);
        }
    }

    /**
     * Draws the dropout scales {@code (batch, C)} of every hidden layer, in layer order, as the next
     * {@link #forwardTraining} of a batch of {@code batch} samples would draw them, advancing the generator
     * as far; a layer without dropout has {@code null}. With {@link #fixDropoutMasks} a part of the batch
     * computed elsewhere gets its rows of the masks the whole batch would have had. Not for recurrent layers
     * (their recurrent masks come from the same generator).
     */
    public List<INDArray> drawDropoutMasks(int batch) {
        if (recurrent()) {
            throw new IllegalStateException("dropout masks of recurrent layers are drawn during the forward pass");
        }
        List<INDArray> out = new ArrayList<>();
        for (Hidden h : hidden) {
            out.add(h.dropout().drawScale(batch, h.conv().outputs()));
        }
        return out;
    }

    /**
     * Makes every following training forward use {@code masks} (one {@code (B, C)} scale or {@code null} per
     * hidden layer, as {@link #drawDropoutMasks} gives) as its dropout scales; {@code null} draws again.
     */
    public void fixDropoutMasks(List<INDArray> masks) {
        if (masks != null && masks.size() != hidden.size()) {
            throw new IllegalArgumentException(masks.size() + " dropout masks for " + hidden.size() + " hidden layers");
        }
        for (int l = 0; l < hidden.size(); l++) {
            hidden.get(l).dropout().fixMask(masks == null ? null : masks.get(l));
        }
    }

    /** Sets how every BatchNorm sums its batch statistics ({@link BatchNormTime#setReduction}). */
    public void setBatchReduction(org.spikeport.trainer.nn.BatchReduction reduction) {
        for (Hidden h : hidden) {
            if (h.norm() != null) {
                h.norm().setReduction(reduction);
            }
        }
    }

    /** Reseeds the dropout masks (once per epoch, so any epoch can be replayed exactly). */
    public void reseedDropout(long seed) {
        dropoutRng.setSeed(seed);
    }

    /**
     * The reference forward pass (see the class comment) in training mode; returns the readout
     * membrane {@code (T + L R, B, classes)}.
     */
    public INDArray forwardTraining(INDArray x, double sigma) {
        INDArray a = x;
        for (Hidden h : hidden) {
            a = hiddenForward(h, h.conv().forward(a, sigma, false), sigma, false);
        }
        return readout.forward(withBias(readoutConv.forward(a, sigma, false), readoutBias));
    }

    private INDArray hiddenForward(Hidden h, INDArray current, double sigma, boolean rounded) {
        INDArray i = withBias(current, h.bias());
        if (h.norm() != null) {
            i = h.norm().forward(i);
        }
        if (dropoutAt == Architecture.DropoutAt.CURRENT) {
            i = h.dropout().forward(i);
        }
        INDArray s = h.rec() != null
                ? h.rec().forward(i, recurrentSigma, rounded ? RecurrentLif.Kernel.ONE_HOT : RecurrentLif.Kernel.TRIANGULAR)
                : h.lif().forward(i);
        return dropoutAt == Architecture.DropoutAt.SPIKES ? h.dropout().forward(s) : s;
    }

    private static INDArray withBias(INDArray current, INDArray bias) {
        if (bias == null) {
            return current;
        }
        long steps = current.size(0);
        long batch = current.size(1);
        long channels = current.size(2);
        return current.reshape('c', steps * batch, channels).addiRowVector(bias).reshape('c', steps, batch, channels);
    }

    /** Back-propagates {@code dL/dv} of the last {@link #forwardTraining}, accumulating parameter gradients. */
    public void backward(INDArray gradReadout) {
        INDArray g = readout.backward(gradReadout);
        accumulateBias(readoutBiasGrad, g);
        g = readoutConv.backward(g);
        for (int i = hidden.size() - 1; i >= 0; i--) {
            Hidden h = hidden.get(i);
            if (dropoutAt == Architecture.DropoutAt.SPIKES) {
                g = h.dropout().backward(g);
            }
            g = h.rec() != null ? h.rec().backward(g) : h.lif().backward(g);
            if (dropoutAt == Architecture.DropoutAt.CURRENT) {
                g = h.dropout().backward(g);
            }
            if (h.norm() != null) {
                g = h.norm().backward(g);
            }
            accumulateBias(h.biasGrad(), g);
            g = h.conv().backward(g);
        }
    }

    private static void accumulateBias(INDArray biasGrad, INDArray g) {
        if (biasGrad != null) {
            biasGrad.addi(g.sum(0, 1).castTo(biasGrad.dataType()));
        }
    }

    /**
     * The deployed-semantics forward pass (see the class comment) in evaluation mode: input
     * {@code (T, B, in)} is zero-padded to {@code T + L R} steps, every layer's output is kept to that
     * length, and readout steps at or after {@code lengths[b] + L R} are zeroed for sample {@code b}
     * (a zero membrane adds the same {@code 1/K} to every class's summed softmax and nothing to a plain
     * sum, so predictions are those of the sample's own steps).
     *
     * @param rounded true for integer delays (one-hot kernels), false for the training kernels (Gaussian
     *                feed-forward of width {@code sigma}, triangular recurrent of the recurrent sigma)
     */
    public INDArray forwardDeployed(INDArray x, int[] lengths, double sigma, boolean rounded) {
        return forwardDeployed(x, lengths, sigma, rounded, TimeConvention.SPIKEPORT);
    }

    /**
     * {@link #forwardDeployed(INDArray, int[], double, boolean)} under time convention {@code time}: with
     * {@link TimeConvention#REFERENCE}, the spikes of hidden layer {@code l = 1..L-1} at steps at or after
     * {@code lengths[b] + l R} are zeroed for sample {@code b} before the next layer reads them, which on
     * every remaining step equals the reference code run on that sample alone (causal layers: a cut
     * output equals the reference's shorter output followed by its zero padding).
     */
    public INDArray forwardDeployed(INDArray x, int[] lengths, double sigma, boolean rounded, TimeConvention time) {
        long steps = x.size(0);
        long total = steps + (long) layers() * stepsAddedPerLayer();
        INDArray a = Nd4j.zeros(x.dataType(), total, x.size(1), x.size(2));
        a.get(NDArrayIndex.interval(0, steps), NDArrayIndex.all(), NDArrayIndex.all()).assign(x);
        int layer = 0;
        for (Hidden h : hidden) {
            a = hiddenForward(h, keep(h.conv().forward(a, sigma, rounded), total), sigma, rounded);
            layer++;
            if (time == TimeConvention.REFERENCE) {
                for (int b = 0; b < lengths.length; b++) {
                    long cut = lengths[b] + (long) layer * stepsAddedPerLayer();
                    if (cut < total) {
                        a.get(NDArrayIndex.interval(cut, total), NDArrayIndex.point(b), NDArrayIndex.all()).assign(0);
                    }
                }
            }
        }
        INDArray v = readout.forward(withBias(keep(readoutConv.forward(a, sigma, rounded), total), readoutBias));
        for (int b = 0; b < lengths.length; b++) {
            long valid = validSteps(lengths[b]);
            if (valid < total) {
                v.get(NDArrayIndex.interval(valid, total), NDArrayIndex.point(b), NDArrayIndex.all()).assign(0);
            }
        }
        return v;
    }

    /** Readout steps that belong to a sample of {@code length} steps: {@code length + L R}. */
    public int validSteps(int length) {
        return length + layers() * stepsAddedPerLayer();
    }

    private static INDArray keep(INDArray a, long steps) {
        return a.get(NDArrayIndex.interval(0, steps), NDArrayIndex.all(), NDArrayIndex.all()).dup('c');
    }

    /** Clamps every feed-forward delay into {@code [0, maxDelay]} and every recurrent delay at 0 (after each step). */
    public void clampDelays() {
        for (Hidden h : hidden) {
            h.conv().clampDelays();
            if (h.rec() != null) {
                h.rec().clampDelays();
            }
        }
        readoutConv.clampDelays();
    }

    /**
     * Clamps every delay into the chip's ranges: feed-forward delays into
     * {@code [0, limits.feedForwardDelay(maxDelay)]}, recurrent delays into {@code [minLag - 1, maxLag - 1]} so
     * that every rounded lag {@code 1 + rint(d)} is one the chip realises.
     */
    public void clampDelays(ChipLimits limits) {
        int ff = limits.feedForwardDelay(maxDelay);
        double hi = limits.maxLag() == null ? Recurrence.MAX_DELAY : limits.maxLag() - 1.0;
        for (Hidden h : hidden) {
            h.conv().clampDelays(ff);
            if (h.rec() != null) {
                h.rec().clampDelays(limits.minLag() - 1.0, Math.max(limits.minLag() - 1.0, hi));
            }
        }
        readoutConv.clampDelays(ff);
    }

    /** Puts every BatchNorm in evaluation mode (running statistics, not updated) until {@link #setTraining}. */
    public void freezeBatchNorm() {
        for (Hidden h : hidden) {
            if (h.norm() != null) {
                h.norm().setTraining(false);
            }
        }
    }

    /**
     * Sets every layer's parameters to the values {@code quantizer} realises for them: each layer is folded
     * ({@link LayerQuantizer.Layer#of}, BatchNorm at its running statistics), realised, and unfolded again,
     * a feed-forward weight {@code w} becoming {@code w W_q / W} ({@code W} its folded value, kept where
     * {@code W = 0}), the recurrent weights {@code W_q}, and the bias current's change {@code c_q - c} added to
     * BatchNorm's beta (or to the layer's bias when it has no BatchNorm), and a hidden layer's neurons take the
     * chip's linear leak where it has one ({@link LayerQuantizer.Realised#linearLeak}). A forward in
     * evaluation-mode BatchNorm then computes with the chip's weights, biases and leak. Returns the action that restores the float
     * parameters: a training step runs forward and backward on the realised values and applies the gradients
     * to the restored ones (a straight-through gradient).
     */
    public Runnable realise(LayerQuantizer quantizer) {
        TrainedNetwork ir = toIR(1.0, 1.0);
        List<Runnable> undo = new ArrayList<>();
        for (int k = 0; k <= hidden.size(); k++) {
            boolean last = k == hidden.size();
            DclsConv conv = last ? readoutConv : hidden.get(k).conv();
            INDArray bias = last ? readoutBias : hidden.get(k).bias();
            BatchNormTime norm = last ? null : hidden.get(k).norm();
            RecurrentLif rec = last ? null : hidden.get(k).rec();
            LayerQuantizer.Layer folded = LayerQuantizer.Layer.of(ir.layers().get(k));
            LayerQuantizer.Realised q = quantizer.realise(folded);
            float[] w = ir.layers().get(k).weights();
            double[] unfolded = new double[w.length];
            for (int j = 0; j < w.length; j++) {
                double f = folded.weights()[j];
                unfolded[j] = f == 0 ? w[j] : w[j] * (q.weights()[j] / f);
            }
            undo.add(replace(conv.weight(), unfolded));
            INDArray shifted = norm != null ? norm.beta() : bias;
            if (shifted != null) {
                double[] b = shifted.toDoubleVector();
                for (int i = 0; i < b.length; i++) {
                    b[i] += q.bias()[i] - folded.bias()[i];
                }
                undo.add(replace(shifted, b));
            }
            if (rec != null) {
                undo.add(replace(rec.weight(), q.recurrent()));
            }
            if (!last && q.hasLinearLeak()) {
                org.spikeport.trainer.nn.Lif lif = hidden.get(k).lif();
                double before = rec != null ? rec.useLinearLeak(q.linearLeak()) : lif.useLinearLeak(q.linearLeak());
                undo.add(rec != null ? () -> rec.useLinearLeak(before) : () -> lif.useLinearLeak(before));
            }
        }
        return () -> undo.forEach(Runnable::run);
    }

    /** Assigns {@code values} (c order) to {@code a}; returns the action that assigns its former values back. */
    private static Runnable replace(INDArray a, double[] values) {
        INDArray saved = a.dup();
        a.assign(Nd4j.createFromArray(values).castTo(a.dataType()).reshape('c', a.shape()));
        return () -> a.assign(saved);
    }

    /** Rounds every recurrent delay in place, {@code d <- max(rint(d), 0)}: DelRec does so at every evaluation. */
    public void roundRecurrentDelays() {
        for (Hidden h : hidden) {
            if (h.rec() != null) {
                h.rec().roundDelaysInPlace();
            }
        }
    }

    public void zeroGrad() {
        for (Hidden h : hidden) {
            h.conv().zeroGrad();
            if (h.norm() != null) {
                h.norm().zeroGrad();
            }
            if (h.biasGrad() != null) {
                h.biasGrad().assign(0);
            }
            if (h.rec() != null) {
                h.rec().zeroGrad();
            }
        }
        if (readoutBiasGrad != null) {
            readoutBiasGrad.assign(0);
        }
        readoutConv.zeroGrad();
    }

    /**
     * Synaptic weights and biases of every layer, in order: per hidden layer its feed-forward weights,
     * its bias, its recurrent weights (those it has), then the readout's weights and bias;
     * {@link #weightGrads()} matches.
     */
    public List<INDArray> weights() {
        return weightsOrGrads(false);
    }

    public List<INDArray> weightGrads() {
        return weightsOrGrads(true);
    }

    private List<INDArray> weightsOrGrads(boolean grads) {
        List<INDArray> out = new ArrayList<>();
        for (Hidden h : hidden) {
            out.add(grads ? h.conv().weightGrad() : h.conv().weight());
            if (h.bias() != null) {
                out.add(grads ? h.biasGrad() : h.bias());
            }
            if (h.rec() != null) {
                out.add(grads ? h.rec().weightGrad() : h.rec().weight());
            }
        }
        out.add(grads ? readoutConv.weightGrad() : readoutConv.weight());
        if (readoutBias != null) {
            out.add(grads ? readoutBiasGrad : readoutBias);
        }
        return out;
    }

    /** BatchNorm gammas and betas, in order; {@link #normGrads()} matches. */
    public List<INDArray> normParams() {
        List<INDArray> out = new ArrayList<>();
        hidden.stream().filter(h -> h.norm() != null).forEach(h -> {
            out.add(h.norm().gamma());
            out.add(h.norm().beta());
        });
        return out;
    }

    public List<INDArray> normGrads() {
        List<INDArray> out = new ArrayList<>();
        hidden.stream().filter(h -> h.norm() != null).forEach(h -> {
            out.add(h.norm().gammaGrad());
            out.add(h.norm().betaGrad());
        });
        return out;
    }

    /** BatchNorm running statistics (state, not parameters), in order. */
    public List<INDArray> normState() {
        List<INDArray> out = new ArrayList<>();
        hidden.stream().filter(h -> h.norm() != null).forEach(h -> {
            out.add(h.norm().runningMean());
            out.add(h.norm().runningVar());
        });
        return out;
    }

    /** Feed-forward delays of every layer, in order; {@link #delayGrads()} matches. */
    public List<INDArray> delays() {
        List<INDArray> out = new ArrayList<>();
        hidden.forEach(h -> out.add(h.conv().delay()));
        out.add(readoutConv.delay());
        return out;
    }

    public List<INDArray> delayGrads() {
        List<INDArray> out = new ArrayList<>();
        hidden.forEach(h -> out.add(h.conv().delayGrad()));
        out.add(readoutConv.delayGrad());
        return out;
    }

    /** Recurrent delays and, for learned widths, width parameters, layer by layer; {@link #recurrentDelayGrads()} matches. */
    public List<INDArray> recurrentDelays() {
        List<INDArray> out = new ArrayList<>();
        for (Hidden h : hidden) {
            if (h.rec() != null) {
                out.add(h.rec().delay());
                if (h.rec().widthParam() != null) {
                    out.add(h.rec().widthParam());
                }
            }
        }
        return out;
    }

    public List<INDArray> recurrentDelayGrads() {
        List<INDArray> out = new ArrayList<>();
        for (Hidden h : hidden) {
            if (h.rec() != null) {
                out.add(h.rec().delayGrad());
                if (h.rec().widthParamGrad() != null) {
                    out.add(h.rec().widthParamGrad());
                }
            }
        }
        return out;
    }
}
