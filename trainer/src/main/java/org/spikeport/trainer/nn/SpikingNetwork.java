package org.spikeport.trainer.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The delay-learning network: for each hidden layer
 * {@code DclsConv -> BatchNormTime -> Lif.spiking -> Dropout}, then the readout
 * {@code DclsConv -> Lif.readout}, whose membrane {@code v (T_out, B, classes)} feeds
 * {@link ReadoutLoss}. Every convolution adds {@code (Td - 1) / 2} steps, so
 * {@code T_out = T + (hidden + 1) (Td - 1) / 2}.
 *
 * <p>One training step: {@code zeroGrad()}; {@code v = forward(x, true, false, sigma)};
 * {@code r = ReadoutLoss.compute(v, labels)}; {@code backward(r.gradient())}; the optimizers update
 * the arrays of {@link #weights()}, {@link #batchNormParams()} and {@link #delays()} from the
 * matching gradient lists (same order); then {@link #clampDelays()}. Evaluation:
 * {@code forward(x, false, true, sigma)} (running batch-norm statistics, no dropout, rounded
 * delays).
 */
public final class SpikingNetwork {

    private final List<DclsConv> convs = new ArrayList<>();
    private final List<BatchNormTime> norms = new ArrayList<>();
    private final List<Lif> neurons = new ArrayList<>();
    private final List<Dropout> dropouts = new ArrayList<>();
    private final Lif readout;

    /**
     * @param inputs   input channels
     * @param hidden   sizes of the hidden layers
     * @param classes  readout size
     * @param maxDelay {@code Td - 1}
     * @param tau      membrane time constant in steps (hidden and readout)
     * @param dropout  drop probability of the hidden layers
     * @param dataType parameter and activation type
     * @param rng      draws the initial parameters (layer by layer) and the dropout masks
     */
    public SpikingNetwork(int inputs, int[] hidden, int classes, int maxDelay, double tau, double dropout,
                          DataType dataType, Random rng) {
        int in = inputs;
        for (int size : hidden) {
            convs.add(new DclsConv(in, size, maxDelay, dataType, null, rng));
            norms.add(new BatchNormTime(size, dataType));
            neurons.add(Lif.spiking(tau));
            dropouts.add(new Dropout(dropout, rng));
            in = size;
        }
        convs.add(new DclsConv(in, classes, maxDelay, dataType, null, rng));
        convs.get(0).setInputGradientNeeded(false);
        readout = Lif.readout(tau);
    }

    /** The convolutions, hidden layers first, readout last. */
    public List<DclsConv> convolutions() {
        return List.copyOf(convs);
    }

    /** The batch norms of the hidden layers. */
    public List<BatchNormTime> batchNorms() {
        return List.copyOf(norms);
    }

    /**
     * The readout membrane {@code (T_out, B, classes)} for {@code x (T, B, inputs)}.
     *
     * @param training batch statistics and dropout (true) or running statistics and no dropout
     * @param rounded  one-hot kernels at the rounded delays instead of Gaussians
     * @param sigma    Gaussian width parameter (unused when rounded)
     */
    public INDArray forward(INDArray x, boolean training, boolean rounded, double sigma) {
        INDArray a = x;
        for (int l = 0; l < norms.size(); l++) {
            norms.get(l).setTraining(training);
            dropouts.get(l).setTraining(training);
            a = convs.get(l).forward(a, sigma, rounded);
            a = norms.get(l).forward(a);
            a = neurons.get(l).forward(a);
            a = dropouts.get(l).forward(a);
        }
        a = convs.get(convs.size() - 1).forward(a, sigma, rounded);
        return readout.forward(a);
    }

    /** Backpropagates {@code dL/dv} from the last forward, accumulating every parameter gradient. */
    public void backward(INDArray gradReadout) {
        INDArray g = readout.backward(gradReadout);
        g = convs.get(convs.size() - 1).backward(g);
        for (int l = norms.size() - 1; l >= 0; l--) {
            g = dropouts.get(l).backward(g);
            g = neurons.get(l).backward(g);
            g = norms.get(l).backward(g);
            g = convs.get(l).backward(g);
        }
    }

    public void zeroGrad() {
        convs.forEach(DclsConv::zeroGrad);
        norms.forEach(BatchNormTime::zeroGrad);
    }

    /** Clamps every delay into {@code [0, Td - 1]}. */
    public void clampDelays() {
        convs.forEach(DclsConv::clampDelays);
    }

    /** Convolution weights, layer order. */
    public List<INDArray> weights() {
        return convs.stream().map(DclsConv::weight).toList();
    }

    public List<INDArray> weightGrads() {
        return convs.stream().map(DclsConv::weightGrad).toList();
    }

    /** Batch-norm parameters: gamma then beta of each hidden layer. */
    public List<INDArray> batchNormParams() {
        List<INDArray> p = new ArrayList<>();
        norms.forEach(n -> {
            p.add(n.gamma());
            p.add(n.beta());
        });
        return p;
    }

    public List<INDArray> batchNormGrads() {
        List<INDArray> p = new ArrayList<>();
        norms.forEach(n -> {
            p.add(n.gammaGrad());
            p.add(n.betaGrad());
        });
        return p;
    }

    /** Delays, layer order. */
    public List<INDArray> delays() {
        return convs.stream().map(DclsConv::delay).toList();
    }

    public List<INDArray> delayGrads() {
        return convs.stream().map(DclsConv::delayGrad).toList();
    }
}
