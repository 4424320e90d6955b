package org.spikeport.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.spikeport.core.ir.BatchNorm;
import org.spikeport.core.ir.Lif;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedNetwork;
import org.spikeport.trainer.nn.BatchNormTime;
import org.spikeport.trainer.nn.DclsConv;
import org.spikeport.trainer.nn.Dropout;

/**
 * The trained network: hidden layers of DCLS convolution, BatchNorm, LIF and dropout, then a DCLS
 * readout into non-spiking LIF neurons whose membrane is the output. Activations are time-major
 * {@code (T, B, C)}.
 *
 * <h2>Two time semantics</h2>
 *
 * <ul>
 *   <li>{@link #forwardTraining}: exactly the reference code. The batch is zero-padded to its longest
 *       sample ({@code T}); each DCLS layer pads its input with {@code Td - 1} zeros before and
 *       {@code R = (Td - 1) / 2} after, so layer {@code l}'s output has {@code T + l R} steps and the
 *       readout {@code T + L R}.
 *   <li>{@link #forwardDeployed}: what a chip computes. Every layer runs causally for
 *       {@code T + L R} steps on input that is zero after the sample ends; no layer's output is cut
 *       short. Sample {@code b} of length {@code len_b} is scored on its first {@code len_b + L R}
 *       readout steps only, so its prediction does not depend on the rest of the batch. This is the
 *       semantics of {@code spikeport evaluate} and of the simulator.
 * </ul>
 *
 * The two agree on every step where no layer reads the reference's right padding; they differ only
 * in the tail, where a hidden layer driven by its BatchNorm bias may keep spiking after its input
 * ends.
 */
public final class DelayNetwork {

    /** One hidden layer's modules. */
    private record Hidden(DclsConv conv, BatchNormTime norm, org.spikeport.trainer.nn.Lif lif, Dropout dropout) {
    }

    private final List<Hidden> hidden;
    private final DclsConv readoutConv;
    private final org.spikeport.trainer.nn.Lif readout;
    private final Random dropoutRng;
    private final double tau;
    private final int maxDelay;
    private final int inputs;

    private DelayNetwork(List<Hidden> hidden, DclsConv readoutConv, double tau, int maxDelay, int inputs,
                         Random dropoutRng) {
        this.hidden = List.copyOf(hidden);
        this.readoutConv = readoutConv;
        this.readout = org.spikeport.trainer.nn.Lif.readout(tau);
        this.tau = tau;
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
     * A freshly initialised network for {@code config} with {@code classes} outputs: weights
     * kaiming-uniform and delays uniform over {@code [0, maxDelay]}, layer by layer from one
     * {@link Random} seeded with the config's seed; with a fan-in, each neuron keeps that many inputs
     * chosen from the same generator.
     */
    public static DelayNetwork create(TrainConfig config, int classes, DataType dataType) {
        Random rng = new Random(config.seed());
        Random dropoutRng = new Random(config.seed());
        List<Hidden> layers = new ArrayList<>();
        int in = config.inputs();
        for (int h : config.hidden()) {
            DclsConv conv = new DclsConv(in, h, config.maxDelay(), dataType, mask(config.fanIn(), in, h, rng, dataType), rng);
            layers.add(new Hidden(conv, new BatchNormTime(h, dataType), org.spikeport.trainer.nn.Lif.spiking(config.tau()),
                    new Dropout(config.dropout(), dropoutRng)));
            in = h;
        }
        DclsConv out = new DclsConv(in, classes, config.maxDelay(), dataType, mask(config.fanIn(), in, classes, rng, dataType), rng);
        return new DelayNetwork(layers, out, config.tau(), config.maxDelay(), config.inputs(), dropoutRng);
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
     * A network holding the parameters of a trained model (for evaluation or to resume training),
     * with dropout {@code dropout} and dropout masks drawn from {@code seed}.
     */
    public static DelayNetwork fromModel(TrainedNetwork net, DataType dataType, double dropout, long seed) {
        Random init = new Random(0);
        Random dropoutRng = new Random(seed);
        List<Hidden> layers = new ArrayList<>();
        List<TrainedLayer> ls = net.layers();
        int maxDelay = ls.get(0).maxDelay();
        double tau = ls.get(0).neuron().tau();
        for (int i = 0; i < ls.size() - 1; i++) {
            TrainedLayer l = ls.get(i);
            DclsConv conv = load(l, dataType, init);
            BatchNormTime norm = new BatchNormTime(l.outputs(), dataType);
            BatchNorm bn = l.batchNorm();
            if (bn == null) {
                throw new IllegalArgumentException("layer '" + l.name() + "' has no batch norm; spikeport's trainer needs one per hidden layer");
            }
            norm.gamma().assign(floats(bn.gamma(), dataType));
            norm.beta().assign(floats(bn.beta(), dataType));
            norm.runningMean().assign(floats(bn.mean(), dataType));
            norm.runningVar().assign(floats(bn.variance(), dataType));
            layers.add(new Hidden(conv, norm, org.spikeport.trainer.nn.Lif.spiking(l.neuron().tau()),
                    new Dropout(dropout, dropoutRng)));
        }
        DclsConv out = load(ls.get(ls.size() - 1), dataType, init);
        return new DelayNetwork(layers, out, tau, maxDelay, net.inputs(), dropoutRng);
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

    /** The IR of the current parameters; {@code sigma} is the kernel width they were trained with. */
    public TrainedNetwork toIR(double dtMs, double sigma) {
        List<TrainedLayer> layers = new ArrayList<>();
        int index = 1;
        for (Hidden h : hidden) {
            BatchNormTime n = h.norm();
            BatchNorm bn = new BatchNorm(n.gamma().toFloatVector(), n.beta().toFloatVector(),
                    n.runningMean().toFloatVector(), n.runningVar().toFloatVector(), BatchNormTime.EPS);
            layers.add(layer("hidden" + index++, h.conv(), bn, Lif.spiking(tau, org.spikeport.trainer.nn.Lif.THRESHOLD)));
        }
        layers.add(layer("readout", readoutConv, null, Lif.readout(tau)));
        return new TrainedNetwork(inputs, dtMs, sigma, layers);
    }

    private static TrainedLayer layer(String name, DclsConv conv, BatchNorm bn, Lif lif) {
        boolean[] mask = null;
        if (conv.mask() != null) {
            float[] m = conv.mask().dup('c').reshape(-1).toFloatVector();
            mask = new boolean[m.length];
            for (int k = 0; k < m.length; k++) {
                mask[k] = m[k] != 0;
            }
        }
        float[] delays = conv.delay().dup('c').reshape(-1).toFloatVector();
        return new TrainedLayer(name, conv.inputs(), conv.outputs(), conv.weight().dup('c').reshape(-1).toFloatVector(),
                delays, conv.taps() - 1, mask, bn, lif);
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

    /** Training or evaluation mode of BatchNorm and dropout. */
    public void setTraining(boolean training) {
        for (Hidden h : hidden) {
            h.norm().setTraining(training);
            h.dropout().setTraining(training);
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
            a = h.dropout().forward(h.lif().forward(h.norm().forward(h.conv().forward(a, sigma, false))));
        }
        return readout.forward(readoutConv.forward(a, sigma, false));
    }

    /** Back-propagates {@code dL/dv} of the last {@link #forwardTraining}, accumulating parameter gradients. */
    public void backward(INDArray gradReadout) {
        INDArray g = readoutConv.backward(readout.backward(gradReadout));
        for (int i = hidden.size() - 1; i >= 0; i--) {
            Hidden h = hidden.get(i);
            g = h.conv().backward(h.norm().backward(h.lif().backward(h.dropout().backward(g))));
        }
    }

    /**
     * The deployed-semantics forward pass (see the class comment) in evaluation mode: input
     * {@code (T, B, in)} is zero-padded to {@code T + L R} steps, every layer's output is kept to that
     * length, and readout steps at or after {@code lengths[b] + L R} are zeroed for sample {@code b}
     * (a zero membrane adds the same {@code 1/K} to every class's score, so predictions are those of
     * the sample's own steps).
     *
     * @param rounded true for integer delays (one-hot kernels), false for the Gaussian kernels
     */
    public INDArray forwardDeployed(INDArray x, int[] lengths, double sigma, boolean rounded) {
        long steps = x.size(0);
        long total = steps + (long) layers() * stepsAddedPerLayer();
        INDArray a = Nd4j.zeros(x.dataType(), total, x.size(1), x.size(2));
        a.get(NDArrayIndex.interval(0, steps), NDArrayIndex.all(), NDArrayIndex.all()).assign(x);
        for (Hidden h : hidden) {
            INDArray current = keep(h.conv().forward(a, sigma, rounded), total);
            a = h.dropout().forward(h.lif().forward(h.norm().forward(current)));
        }
        INDArray v = readout.forward(keep(readoutConv.forward(a, sigma, rounded), total));
        for (int b = 0; b < lengths.length; b++) {
            long valid = lengths[b] + (long) layers() * stepsAddedPerLayer();
            if (valid < total) {
                v.get(NDArrayIndex.interval(valid, total), NDArrayIndex.point(b), NDArrayIndex.all()).assign(0);
            }
        }
        return v;
    }

    private static INDArray keep(INDArray a, long steps) {
        return a.get(NDArrayIndex.interval(0, steps), NDArrayIndex.all(), NDArrayIndex.all()).dup('c');
    }

    /** Clamps every delay into {@code [0, maxDelay]} (after each optimizer step). */
    public void clampDelays() {
        for (Hidden h : hidden) {
            h.conv().clampDelays();
        }
        readoutConv.clampDelays();
    }

    public void zeroGrad() {
        for (Hidden h : hidden) {
            h.conv().zeroGrad();
            h.norm().zeroGrad();
        }
        readoutConv.zeroGrad();
    }

    /** Synaptic weights of every layer, in order; {@link #weightGrads()} matches. */
    public List<INDArray> weights() {
        List<INDArray> out = new ArrayList<>();
        hidden.forEach(h -> out.add(h.conv().weight()));
        out.add(readoutConv.weight());
        return out;
    }

    public List<INDArray> weightGrads() {
        List<INDArray> out = new ArrayList<>();
        hidden.forEach(h -> out.add(h.conv().weightGrad()));
        out.add(readoutConv.weightGrad());
        return out;
    }

    /** BatchNorm gammas and betas, in order; {@link #normGrads()} matches. */
    public List<INDArray> normParams() {
        List<INDArray> out = new ArrayList<>();
        hidden.forEach(h -> {
            out.add(h.norm().gamma());
            out.add(h.norm().beta());
        });
        return out;
    }

    public List<INDArray> normGrads() {
        List<INDArray> out = new ArrayList<>();
        hidden.forEach(h -> {
            out.add(h.norm().gammaGrad());
            out.add(h.norm().betaGrad());
        });
        return out;
    }

    /** BatchNorm running statistics (state, not parameters), in order. */
    public List<INDArray> normState() {
        List<INDArray> out = new ArrayList<>();
        hidden.forEach(h -> {
            out.add(h.norm().runningMean());
            out.add(h.norm().runningVar());
        });
        return out;
    }

    /** Delays of every layer, in order; {@link #delayGrads()} matches. */
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
}
