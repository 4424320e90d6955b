package org.spikeport.trainer.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.spikeport.core.ir.Recurrence;

/**
 * A layer of {@code N} leaky integrate-and-fire neurons with recurrent synapses that have learnable
 * real delays (DelRec). Input: the feed-forward current {@code a (T, B, N)}; output: the spikes
 * {@code s (T, B, N)}. From {@code v[-1] = 0} and no spikes before {@code t = 0}, for
 * {@code t = 0 .. T-1}:
 *
 * <pre>
 *   z_bo[t]  = sum_{n &gt;= 1} k_o[n] s_bo[t-n]                          (AXONAL)
 *   r_bi[t]  = sum_o W[i,o] z_bo[t]                                     (AXONAL)
 *   r_bi[t]  = sum_o W[i,o] sum_{n &gt;= 1} k_io[n] s_bo[t-n]              (SYNAPTIC)
 *   h[t]     = beta v[t-1] + a[t] + m r[t],     beta = 1 - 1/tau
 *   s[t]     = H(h[t] - theta)                  (1 iff h[t] &gt;= theta, theta = {@link #THRESHOLD})
 *   v[t]     = h[t] (1 - s[t])                  ({@link Reset#ZERO}, (1 - s) detached)
 *   v[t]     = h[t] - theta s[t]                ({@link Reset#SUBTRACT}, not detached)
 * </pre>
 *
 * {@code W (N, N)} has the postsynaptic neuron {@code i} as row and the presynaptic neuron {@code o}
 * as column. {@code m} is the recurrent dropout scale {@code (B, N)}, indexed by sample and
 * postsynaptic neuron: in training one mask per forward, fixed over all steps, 0 with probability
 * {@code q} ({@link Options#recurrentDropout}) and {@code 1 / (1 - q)} otherwise (drawn sample-major
 * from the layer's {@link Random}, or fixed with {@link #fixRecurrentMask}); in evaluation
 * {@code m = 1}.
 *
 * <p><b>Kernels.</b> Delays: AXONAL {@code d (N)}, one per presynaptic neuron; SYNAPTIC
 * {@code d (N, N)} indexed {@code [i, o]}. With {@code c = 1 + d} the kernel of a delay is
 *
 * <pre>
 *   TRIANGULAR:  k[n] = max(0, w_o - |n - c|) / w_o^2,   n = 1, 2, ...   (tap n = 0 is never used)
 *                w_o  = 1 + sigma                        (fixed width)
 *                w_o  = 1 + 2 sigma sigmoid(p_o)         (learned width, one p per presynaptic neuron)
 *   ONE_HOT:     k[n] = 1 iff n = D = 1 + max(0, rint(d)) (round half to even), else 0
 * </pre>
 *
 * Only the taps of its exact support, {@code n >= 1} with {@code |n - c| < w}, are stored and used,
 * and taps {@code n >= T} are skipped (they reach no step of the sequence). {@code sigma >= 0} is not
 * a parameter: it is passed to {@link #forward}.
 *
 * <p><b>Backward</b> (surrogate-gradient BPTT). Given {@code gs[t] = dL/ds[t]}, with {@code H'} the
 * layer's {@link Surrogate}, {@code delta[t] = dL/dh[t]}, {@code rho[t] = dL/dr[t]},
 * {@code zeta[t] = dL/dz[t]} and {@code nu[t] = dL/dv[t] = beta delta[t+1]} ({@code nu[T-1] = 0}),
 * for {@code t = T-1 .. 0}:
 *
 * <pre>
 *   AXONAL:    ds_bo[t] = gs_bo[t] + sum_{n &gt;= 1} k_o[n] zeta_bo[t+n]       (zeta[t'] = 0 for t' &gt;= T)
 *   SYNAPTIC:  ds[t]    = gs[t] + sum_{n &gt;= 1} rho[t+n] K_n,    K_n[i,o] = W[i,o] k_io[n]
 *   ZERO:      delta[t] = ds[t] H'(h[t] - theta) + nu[t] (1 - s[t])
 *   SUBTRACT:  delta[t] = (ds[t] - theta nu[t]) H'(h[t] - theta) + nu[t]
 *   dL/da[t]  = delta[t],    rho[t] = m delta[t],    zeta[t] = rho[t] W      (AXONAL)
 * </pre>
 *
 * <p><b>Linear leak</b> ({@link #useLinearLeak}, for a chip whose neurons leak by a constant {@code D >= 0}):
 * {@code beta v[t-1]} becomes {@code max(0, v[t-1] - D)} in {@code h[t]}, and {@code nu[t] = 1[v[t] > D] delta[t+1]}.
 *
 * and the parameter gradients, accumulated over the batch and all steps:
 *
 * <pre>
 *   AXONAL:    dW = sum_t rho[t]^T z[t]                                  (one (N, TB) (TB, N) product)
 *              dk_o[n] = sum_{t,b} zeta_bo[t] s_bo[t-n]
 *   SYNAPTIC:  dK_n = sum_t rho[t]^T s[t-n]                              (one (N, (T-n)B) (., N) product per tap)
 *              dW[i,o] = sum_n dK_n[i,o] k_io[n],     dk_io[n] = W[i,o] dK_n[i,o]
 *   dd   = sum_n dk[n] sign(n - c) / w^2                                 (sign(0) = 0)
 *   dw_o = sum_n dk_o[n] (2 |n - c| - w_o) / w_o^3                        (SYNAPTIC: also summed over i)
 *   dp_o = dw_o 2 sigma sigmoid(p_o) (1 - sigmoid(p_o))
 * </pre>
 *
 * In ONE_HOT mode no delay or width gradient is accumulated (the kernel is piecewise constant in
 * {@code d}); {@code dW} is. Backward uses the parameters of the forward it follows.
 *
 * <p><b>Cost.</b> AXONAL: one {@code (B, N) (N, N)} matrix product per step forward ({@code r = z W^T})
 * and one backward ({@code zeta = rho W}), plus one {@code (N, TB) (TB, N)} product for {@code dW}.
 * The tap sums for {@code z}, for the recurrent part of {@code ds} and for {@code dk} are dense:
 * {@code B} times the total support of the kernels ({@code N} times about {@code 2 w} taps) per step
 * each; neurons are internally ordered by delay so that each tap's sum runs over contiguous memory.
 * SYNAPTIC cannot factor: with {@code A} active taps (taps {@code n} where some {@code k_io[n] != 0}),
 * forward is up to {@code A} products {@code (B, N) (N, N)} per step (a tap is skipped at steps where
 * {@code s[t-n]} has no spike), backward {@code A} per step plus {@code A} products over {@code TB}
 * rows: about {@code A} times the matrix-product work of AXONAL. With DelRec's delays (spread over
 * 20 to 40 steps) {@code A} is a few tens, more while {@code sigma} is large.
 *
 * <p><b>Precision.</b> Parameters, gradients, inputs, outputs and every cached array are in the
 * layer's data type (FLOAT in training, DOUBLE in gradient checks), and the matrix products run in it.
 * The per-element work (membrane update, kernel sums) runs in Java double arithmetic on host copies of
 * one step at a time, rounded to the layer's type where it is stored; results are deterministic.
 *
 * <p><b>Initialisation</b> ({@link #create}) draws from the given {@link Random}, in this order:
 * {@code N^2} values {@code nextGaussian()} filling a matrix {@code G} row-major, {@code W} = the
 * orthogonal factor of the QR decomposition of {@code G} with the signs of its columns set so that
 * {@code R} has a positive diagonal ({@code torch.nn.init.orthogonal_}, gain 1); then the delays in
 * index order ({@code N} values, or {@code N^2} row-major), each {@code lo + (hi - lo) nextDouble()}
 * (uniform) or {@code std |nextGaussian()|} (half-normal), then clamped at 0; {@code p = 0}. A second
 * {@code Random} draws the dropout masks.
 *
 * <p>Where the delays are is the IR's {@link Recurrence.Kind}: AXONAL, {@code d (N)} per presynaptic
 * neuron, shared by all its recurrent synapses; SYNAPTIC, {@code d (N, N)} indexed {@code [i, o]}.
 */
public final class RecurrentLif {

    /** Firing threshold {@code theta}. */
    public static final double THRESHOLD = 1.0;

    /** The kernel realising a real delay. */
    public enum Kernel {
        /** The triangle of width {@code w} centred on {@code 1 + d} (training). */
        TRIANGULAR,
        /** All weight on the integer lag {@code 1 + max(0, rint(d))} (the deployed network). */
        ONE_HOT
    }

    /**
     * The structure of a layer.
     *
     * @param neurons          {@code N}
     * @param delays           axonal or synaptic delays
     * @param learnedWidth     whether each presynaptic neuron has a width parameter {@code p}
     * @param tau              membrane time constant in steps, {@code >= 1}
     * @param reset            what a spike does to the membrane
     * @param surrogate        the surrogate derivative of the spike
     * @param recurrentDropout drop probability of the recurrent input in training, in {@code [0, 1)}
     */
    public record Options(int neurons, Recurrence.Kind delays, boolean learnedWidth, double tau, Reset reset,
                          Surrogate surrogate, double recurrentDropout) {

        public Options {
            if (neurons < 1) {
                throw new IllegalArgumentException("a recurrent layer needs at least one neuron, got " + neurons);
            }
            Objects.requireNonNull(delays, "delays");
            Objects.requireNonNull(reset, "reset");
            Objects.requireNonNull(surrogate, "surrogate");
            if (!(tau >= 1.0) || !Double.isFinite(tau)) {
                throw new IllegalArgumentException("LIF tau must be a finite number of steps >= 1, got " + tau);
            }
            if (!(recurrentDropout >= 0 && recurrentDropout < 1)) {
                throw new IllegalArgumentException("recurrent dropout must be in [0, 1), got " + recurrentDropout);
            }
        }
    }

    /**
     * How {@link #create} draws the delays: uniform in {@code [low, high]} or half-normal
     * {@code std |N(0, 1)|}; both then clamped at 0.
     */
    public record DelayInit(boolean halfNormal, double low, double high, double std) {

        public DelayInit {
            if (!Double.isFinite(low) || !Double.isFinite(high) || !Double.isFinite(std)) {
                throw new IllegalArgumentException("delay init parameters must be finite");
            }
            if (!halfNormal && !(high >= low)) {
                throw new IllegalArgumentException("uniform delay init needs high >= low, got " + low + ", " + high);
            }
            if (halfNormal && !(std >= 0)) {
                throw new IllegalArgumentException("half-normal delay init needs std >= 0, got " + std);
            }
        }

        /** Uniform in {@code [low, high]} (DelRec SHD: [10, 30]). */
        public static DelayInit uniform(double low, double high) {
            return new DelayInit(false, low, high, 0);
        }

        /** {@code std |N(0, 1)|} (DelRec SSC: std 12). */
        public static DelayInit halfNormal(double std) {
            return new DelayInit(true, 0, 0, std);
        }
    }

    private final Options options;
    private final int neurons;
    private final DataType dataType;
    private final INDArray weight;
    private final INDArray delay;
    private final INDArray width;
    private final INDArray weightGrad;
    private final INDArray delayGrad;
    private final INDArray widthGrad;
    private final Random rng;
    private boolean training = true;
    private double linearLeak = Double.NaN;
    private INDArray fixedMask;
    private INDArray lastMask;

    private int cachedSteps;
    private int cachedBatch;
    private double cachedSigma;
    private Kernel cachedKernel;
    private INDArray cachedWeight;
    private double[] cachedWidthParams;
    private Taps cachedTaps;
    private Columns cachedColumns;
    private double[] cachedMask;
    private INDArray cachedPotential;
    private INDArray cachedSpikes;
    private INDArray cachedZ;
    private INDArray cachedTapMatrices;
    private int[] cachedSpikeCounts;
    private INDArray rhoWork;
    private INDArray stepWork;

    private RecurrentLif(Options options, DataType dataType, double[] w, double[] d, double[] p, Random rng) {
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("a recurrent layer is FLOAT or DOUBLE, got " + dataType);
        }
        this.options = options;
        this.neurons = options.neurons();
        this.dataType = dataType;
        this.rng = Objects.requireNonNull(rng, "rng");
        long n = neurons;
        this.weight = Nd4j.createFromArray(w).castTo(dataType).reshape('c', n, n);
        this.delay = options.delays() == Recurrence.Kind.AXONAL
                ? Nd4j.createFromArray(d).castTo(dataType).reshape('c', new long[] {n})
                : Nd4j.createFromArray(d).castTo(dataType).reshape('c', n, n);
        this.width = options.learnedWidth() ? Nd4j.createFromArray(p).castTo(dataType).reshape('c', new long[] {n}) : null;
        this.weightGrad = Nd4j.create(dataType, n, n);
        this.delayGrad = Nd4j.create(dataType, delay.shape());
        this.widthGrad = width == null ? null : Nd4j.create(dataType, n);
    }

    /** A layer initialised from {@code rng} as described in the class comment; {@code rng} then draws the masks. */
    public static RecurrentLif create(Options options, DelayInit init, DataType dataType, Random rng) {
        return create(options, init, dataType, rng, rng);
    }

    /**
     * A layer initialised from {@code rng} as described in the class comment, its dropout masks drawn from
     * {@code maskRng}.
     */
    public static RecurrentLif create(Options options, DelayInit init, DataType dataType, Random rng, Random maskRng) {
        int n = options.neurons();
        double[] w = orthogonal(n, rng);
        double[] d = new double[options.delays() == Recurrence.Kind.AXONAL ? n : n * n];
        for (int k = 0; k < d.length; k++) {
            double x = init.halfNormal()
                    ? init.std() * Math.abs(rng.nextGaussian())
                    : init.low() + (init.high() - init.low()) * rng.nextDouble();
            d[k] = Math.max(x, 0.0);
        }
        double[] p = options.learnedWidth() ? new double[n] : null;
        return new RecurrentLif(options, dataType, w, d, p, maskRng);
    }

    /**
     * A layer with the given parameters (copied, cast to {@code dataType}): {@code weight (N, N)},
     * {@code delay (N)} (AXONAL) or {@code (N, N)} (SYNAPTIC), {@code widthParam (N)} exactly when the
     * options have a learned width (else {@code null}). {@code rng} draws the dropout masks.
     */
    public static RecurrentLif of(Options options, INDArray weight, INDArray delay, INDArray widthParam,
                                  DataType dataType, Random rng) {
        long n = options.neurons();
        requireShape(weight, "weight", n, n);
        if (options.delays() == Recurrence.Kind.AXONAL) {
            requireShape(delay, "delay", n);
        } else {
            requireShape(delay, "delay", n, n);
        }
        if (options.learnedWidth() != (widthParam != null)) {
            throw new IllegalArgumentException(options.learnedWidth()
                    ? "a learned width needs its parameters p (N)" : "width parameters given for a fixed width");
        }
        if (widthParam != null) {
            requireShape(widthParam, "width parameter", n);
        }
        return new RecurrentLif(options, dataType, hostVector(weight), hostVector(delay),
                widthParam == null ? null : hostVector(widthParam), rng);
    }

    public Options options() {
        return options;
    }

    public int neurons() {
        return neurons;
    }

    public DataType dataType() {
        return dataType;
    }

    /** Recurrent weights {@code W (N, N)}, row postsynaptic; the live array, updated in place by optimizers. */
    public INDArray weight() {
        return weight;
    }

    /** Real delays in steps, {@code (N)} (AXONAL) or {@code (N, N)} (SYNAPTIC); the live array. */
    public INDArray delay() {
        return delay;
    }

    /** Width parameters {@code p (N)}, or {@code null} for a fixed width; the live array. */
    public INDArray widthParam() {
        return width;
    }

    /** Accumulated {@code dL/dW}. */
    public INDArray weightGrad() {
        return weightGrad;
    }

    /** Accumulated {@code dL/dd}. */
    public INDArray delayGrad() {
        return delayGrad;
    }

    /** Accumulated {@code dL/dp}, or {@code null} for a fixed width. */
    public INDArray widthParamGrad() {
        return widthGrad;
    }

    /** Zeroes the accumulated parameter gradients. */
    public void zeroGrad() {
        weightGrad.assign(0);
        delayGrad.assign(0);
        if (widthGrad != null) {
            widthGrad.assign(0);
        }
    }

    /** Training (recurrent dropout masks) or evaluation ({@code m = 1}); default training. */
    public void setTraining(boolean training) {
        this.training = training;
    }

    public boolean isTraining() {
        return training;
    }

    /**
     * Makes every following training forward use {@code scale (B, N)} as the recurrent dropout scale
     * {@code m} instead of drawing one (values as drawn: 0 or {@code 1 / (1 - p)}, or any others);
     * {@code null} returns to drawing. {@code fixRecurrentMask(recurrentMask())} freezes the last mask.
     */
    public void fixRecurrentMask(INDArray scale) {
        if (scale != null && (scale.rank() != 2 || scale.size(1) != neurons)) {
            throw new IllegalArgumentException("recurrent mask must be (B, " + neurons + "), got "
                    + Arrays.toString(scale.shape()));
        }
        this.fixedMask = scale == null ? null : scale.castTo(dataType).dup('c');
    }

    /** The recurrent dropout scale {@code m (B, N)} of the last training forward, or {@code null} if it had none. */
    public INDArray recurrentMask() {
        return lastMask == null ? null : lastMask.dup();
    }

    /** The membrane potentials {@code h (T, B, N)} (before reset) of the last forward. */
    public INDArray potential() {
        if (cachedPotential == null) {
            throw new IllegalStateException("no forward yet");
        }
        return cachedPotential.dup();
    }

    /** {@code d <- max(d, 0)}; DelRec does this after every optimizer step (there is no upper bound). */
    public void clampDelays() {
        Transforms.max(delay, 0.0, false);
    }

    /**
     * Clamps every delay into {@code [lo, hi]} ({@code 0 <= lo <= hi}), so that its lag {@code 1 + rint(d)}
     * lies in {@code [1 + lo, 1 + hi]}.
     */
    public void clampDelays(double lo, double hi) {
        if (!(lo >= 0 && lo <= hi)) {
            throw new IllegalArgumentException("recurrent delay bounds must satisfy 0 <= lo <= hi, got " + lo + ", " + hi);
        }
        Transforms.max(delay, lo, false);
        Transforms.min(delay, hi, false);
    }

    /** {@code d <- max(rint(d), 0)} (round half to even), as DelRec before every evaluation. */
    public void roundDelaysInPlace() {
        double[] d = hostVector(delay);
        for (int k = 0; k < d.length; k++) {
            d[k] = Math.max(Math.rint(d[k]), 0.0);
        }
        delay.assign(Nd4j.createFromArray(d).castTo(dataType).reshape('c', delay.shape()));
    }

    /** The deployed integer lags {@code D = 1 + max(0, rint(d))}, in the order of {@link #delay()} (row-major). */
    public int[] deployedLags() {
        double[] d = hostVector(delay);
        int[] lags = new int[d.length];
        for (int k = 0; k < d.length; k++) {
            lags[k] = oneHotLag(d[k]);
        }
        return lags;
    }

    /**
     * The spikes {@code s (T, B, N)} for the feed-forward current {@code a (T, B, N)}; caches what
     * {@link #backward} needs. {@code sigma >= 0} sets the TRIANGULAR kernel's width and is ignored for
     * ONE_HOT.
     */
    public INDArray forward(INDArray current, double sigma, Kernel kernel) {
        Objects.requireNonNull(kernel, "kernel");
        if (current.rank() != 3 || current.size(2) != neurons) {
            throw new IllegalArgumentException("recurrent LIF input must be (T, B, " + neurons + "), got "
                    + Arrays.toString(current.shape()));
        }
        if (current.dataType() != dataType) {
            throw new IllegalArgumentException("recurrent LIF input is " + current.dataType() + ", layer is " + dataType);
        }
        if (current.size(0) < 1 || current.size(1) < 1) {
            throw new IllegalArgumentException("recurrent LIF input needs at least one step and one sample, got "
                    + Arrays.toString(current.shape()));
        }
        if (kernel == Kernel.TRIANGULAR && (!(sigma >= 0) || !Double.isFinite(sigma))) {
            throw new IllegalArgumentException("sigma must be finite and >= 0, got " + sigma);
        }
        int steps = (int) current.size(0);
        int batch = (int) current.size(1);
        int cells = batch * neurons;
        INDArray a = hostReadable(current);
        double[] p = width == null ? null : hostVector(width);
        Taps taps = Taps.build(options, hostVector(delay), p, sigma, kernel, neurons, steps);
        double[] mask = drawMask(batch);
        boolean axonal = options.delays() == Recurrence.Kind.AXONAL;
        Columns columns = axonal ? Columns.of(taps, neurons) : null;
        INDArray w = axonal ? columns.permuteColumns(weight, dataType) : weight.dup('c');
        INDArray potential = reuse(cachedPotential, steps, batch, neurons);
        INDArray spikes = reuse(cachedSpikes, steps, batch, neurons);
        INDArray z = axonal ? reuse(cachedZ, steps, batch, neurons) : null;
        INDArray tapMatrices = axonal ? null : tapMatrices(taps, hostVector(w));
        int[] spikeCounts = new int[steps];
        HostIo io = new HostIo(dataType, cells);
        INDArray rStep = reuse(stepWork, batch, neurons);
        stepWork = rStep;
        int ring = Math.max(1, Math.min(taps.maxTap, steps - 1) + 1);
        float[][] spikeRing = axonal ? new float[ring][cells] : null;
        double[] zRank = axonal ? new double[cells] : null;
        double[] r = new double[cells];
        double[] aRow = new double[cells];
        double[] hRow = new double[cells];
        double[] sRow = new double[cells];
        double[] v = new double[cells];
        double beta = 1.0 - 1.0 / options.tau();
        double leak = linearLeak;
        boolean linear = !Double.isNaN(leak);
        boolean subtract = options.reset() == Reset.SUBTRACT;
        for (int t = 0; t < steps; t++) {
            boolean anyInput;
            if (axonal) {
                anyInput = gatherInput(taps, columns, spikeRing, spikeCounts, t, batch, zRank);
                io.write(zRank, z, (long) t * cells);
                if (anyInput) {
                    Nd4j.gemm(step(z, t), w, rStep, false, true, 1.0, 0.0);
                }
            } else {
                anyInput = synapticInput(taps, tapMatrices, spikes, spikeCounts, t, rStep);
            }
            if (anyInput) {
                io.read(rStep, 0, r);
            } else {
                Arrays.fill(r, 0.0);
            }
            io.read(a, (long) t * cells, aRow);
            int count = 0;
            for (int k = 0; k < cells; k++) {
                double input = mask == null ? aRow[k] + r[k] : aRow[k] + mask[k] * r[k];
                double h = (linear ? Math.max(0.0, v[k] - leak) : beta * v[k]) + input;
                boolean spike = h >= THRESHOLD;
                hRow[k] = h;
                sRow[k] = spike ? 1.0 : 0.0;
                if (subtract) {
                    v[k] = spike ? h - THRESHOLD : h;
                } else {
                    v[k] = spike ? 0.0 : h;
                }
                count += spike ? 1 : 0;
            }
            spikeCounts[t] = count;
            io.write(hRow, potential, (long) t * cells);
            io.write(sRow, spikes, (long) t * cells);
            if (axonal) {
                columns.toRankOrder(sRow, spikeRing[t % ring], batch);
            }
        }
        cachedSteps = steps;
        cachedBatch = batch;
        cachedSigma = sigma;
        cachedKernel = kernel;
        cachedWeight = w;
        cachedWidthParams = p;
        cachedTaps = taps;
        cachedColumns = columns;
        cachedMask = mask;
        cachedPotential = potential;
        cachedSpikes = spikes;
        cachedZ = z;
        cachedTapMatrices = tapMatrices;
        cachedSpikeCounts = spikeCounts;
        return spikes.dup();
    }

    /**
     * Sets the linear leak {@code D} (see the class comment), or {@code NaN} for the exponential decay
     * {@code beta}; returns the previous value.
     */
    public double useLinearLeak(double leak) {
        if (!Double.isNaN(leak) && (!(leak >= 0) || !Double.isFinite(leak))) {
            throw new IllegalArgumentException("a linear leak must be finite and >= 0, got " + leak);
        }
        double previous = linearLeak;
        linearLeak = leak;
        return previous;
    }

    /**
     * Given {@code dL/ds (T, B, N)}, accumulates {@code dL/dW}, and for the TRIANGULAR kernel
     * {@code dL/dd} and {@code dL/dp}; returns {@code dL/da (T, B, N)}.
     */
    public INDArray backward(INDArray gradSpikes) {
        if (cachedPotential == null) {
            throw new IllegalStateException("backward before forward");
        }
        int steps = cachedSteps;
        int batch = cachedBatch;
        int cells = batch * neurons;
        if (gradSpikes.rank() != 3 || gradSpikes.size(0) != steps || gradSpikes.size(1) != batch
                || gradSpikes.size(2) != neurons) {
            throw new IllegalArgumentException("recurrent LIF output gradient must be (" + steps + ", " + batch + ", "
                    + neurons + "), got " + Arrays.toString(gradSpikes.shape()));
        }
        if (gradSpikes.dataType() != dataType) {
            throw new IllegalArgumentException("recurrent LIF output gradient is " + gradSpikes.dataType()
                    + ", layer is " + dataType);
        }
        INDArray gs = hostReadable(gradSpikes);
        Taps taps = cachedTaps;
        boolean axonal = options.delays() == Recurrence.Kind.AXONAL;
        boolean learning = cachedKernel == Kernel.TRIANGULAR;
        double[] mask = cachedMask;
        INDArray gradInput = Nd4j.createUninitialized(dataType, steps, batch, neurons);
        INDArray rho = reuse(rhoWork, steps, batch, neurons);
        rhoWork = rho;
        INDArray work = reuse(stepWork, batch, neurons);
        stepWork = work;
        HostIo io = new HostIo(dataType, cells);
        int ring = Math.max(1, Math.min(taps.maxTap, steps - 1) + 1);
        Columns columns = cachedColumns;
        double[][] zetaRing = axonal ? new double[ring][cells] : null;
        double[][] dkByTap = axonal && learning ? new double[taps.activeTaps.length][neurons] : null;
        double[] recRank = axonal ? new double[cells] : null;
        float[] sRank = axonal ? new float[cells] : null;
        double[] gRow = new double[cells];
        double[] hRow = new double[cells];
        double[] sRow = new double[cells];
        double[] rec = new double[cells];
        double[] delta = new double[cells];
        double[] rhoRow = new double[cells];
        double[] nu = new double[cells];
        double beta = 1.0 - 1.0 / options.tau();
        double leak = linearLeak;
        boolean linear = !Double.isNaN(leak);
        double[] hPrev = linear ? new double[cells] : null;
        double[] sPrev = linear ? new double[cells] : null;
        boolean subtract = options.reset() == Reset.SUBTRACT;
        Surrogate surrogate = options.surrogate();
        for (int t = steps - 1; t >= 0; t--) {
            long offset = (long) t * cells;
            io.read(gs, offset, gRow);
            io.read(cachedPotential, offset, hRow);
            io.read(cachedSpikes, offset, sRow);
            if (linear && t > 0) {
                io.read(cachedPotential, offset - cells, hPrev);
                io.read(cachedSpikes, offset - cells, sPrev);
            }
            if (axonal) {
                boolean kernelGradient = dkByTap != null && cachedSpikeCounts[t] > 0;
                if (kernelGradient) {
                    columns.toRankOrder(sRow, sRank, batch);
                }
                gatherAxonal(taps, columns, zetaRing, kernelGradient ? sRank : null, dkByTap, t, steps, batch,
                        recRank);
                for (int b = 0; b < batch; b++) {
                    int row = b * neurons;
                    for (int r = 0; r < neurons; r++) {
                        rec[row + columns.perm[r]] = recRank[row + r];
                    }
                }
            } else if (synapticFeedback(taps, rho, t, steps, work)) {
                io.read(work, 0, rec);
            } else {
                Arrays.fill(rec, 0.0);
            }
            for (int k = 0; k < cells; k++) {
                double ds = gRow[k] + rec[k];
                double slope = surrogate.derivative(hRow[k] - THRESHOLD);
                double d;
                if (subtract) {
                    d = (ds - THRESHOLD * nu[k]) * slope + nu[k];
                } else {
                    d = sRow[k] != 0 ? ds * slope : ds * slope + nu[k];
                }
                delta[k] = d;
                rhoRow[k] = mask == null ? d : mask[k] * d;
                if (!linear) {
                    nu[k] = beta * d;
                } else if (t > 0) {
                    double vPrev = subtract ? hPrev[k] - THRESHOLD * sPrev[k] : sPrev[k] != 0 ? 0.0 : hPrev[k];
                    nu[k] = vPrev > leak ? d : 0.0;
                }
            }
            io.write(delta, gradInput, offset);
            io.write(rhoRow, rho, offset);
            if (axonal && t >= taps.minTap) {
                Nd4j.gemm(step(rho, t), cachedWeight, work, false, false, 1.0, 0.0);
                io.read(work, 0, zetaRing[t % ring]);
            }
        }
        if (axonal) {
            INDArray rhoRows = rho.reshape('c', (long) steps * batch, neurons);
            INDArray zRows = cachedZ.reshape('c', (long) steps * batch, neurons);
            INDArray dWRank = Nd4j.create(dataType, neurons, neurons);
            Nd4j.gemm(rhoRows, zRows, dWRank, true, false, 1.0, 0.0);
            weightGrad.addi(columns.unpermuteColumns(dWRank, dataType));
            if (learning) {
                double[] dd = new double[taps.rows];
                double[] dw = new double[neurons];
                for (int o = 0; o < taps.rows; o++) {
                    int r = columns.rank[o];
                    for (int e = taps.start[o], n = taps.first[o]; e < taps.start[o + 1]; e++, n++) {
                        double dk = dkByTap[columns.tapIndex[n]][r];
                        dd[o] += dk * taps.dDelay[e];
                        dw[o] += dk * taps.dWidth[e];
                    }
                }
                accumulateDelayAndWidth(dd, dw);
            }
        } else {
            synapticParameterGradients(taps, rho, learning);
        }
        return gradInput;
    }

    private double[] drawMask(int batch) {
        int cells = batch * neurons;
        if (!training) {
            lastMask = null;
            return null;
        }
        INDArray scale;
        if (fixedMask != null) {
            if (fixedMask.size(0) != batch) {
                throw new IllegalStateException("the fixed recurrent mask is for batch " + fixedMask.size(0)
                        + ", the input has " + batch);
            }
            scale = fixedMask.dup('c');
        } else if (options.recurrentDropout() == 0) {
            lastMask = null;
            return null;
        } else {
            double keep = 1.0 / (1.0 - options.recurrentDropout());
            double[] m = new double[cells];
            for (int k = 0; k < cells; k++) {
                m[k] = rng.nextDouble() < options.recurrentDropout() ? 0.0 : keep;
            }
            scale = Nd4j.createFromArray(m).castTo(dataType).reshape('c', batch, neurons);
        }
        lastMask = scale;
        return hostVector(scale);
    }

    /**
     * {@code z_b[rank o] = sum_n k_o[n] s_bo[t-n]} from the spikes of the past steps in rank order,
     * tap by tap over the contiguous range of ranks that use the tap, in ascending {@code n} for every
     * cell; false if no past spike reaches step {@code t}.
     */
    private boolean gatherInput(Taps taps, Columns columns, float[][] spikeRing, int[] spikeCounts, int t,
                                int batch, double[] zRank) {
        Arrays.fill(zRank, 0.0);
        int ring = spikeRing.length;
        boolean any = false;
        for (int a = 0; a < taps.activeTaps.length; a++) {
            int n = taps.activeTaps[a];
            if (n > t) {
                break;
            }
            if (spikeCounts[t - n] == 0) {
                continue;
            }
            any = true;
            float[] s = spikeRing[(t - n) % ring];
            double[] k = columns.values[a];
            int lo = columns.lo[a];
            int hi = columns.hi[a];
            for (int b = 0; b < batch; b++) {
                int row = b * neurons;
                for (int r = lo; r < hi; r++) {
                    zRank[row + r] += k[r] * s[row + r];
                }
            }
        }
        return any;
    }

    /**
     * {@code rec_b[rank o] = sum_n k_o[n] zeta_bo[t+n]}, tap by tap over the contiguous range of
     * ranks that use the tap, in ascending {@code n} for every cell; with {@code sRank} (the spikes of
     * step {@code t} in rank order) also {@code dk_o[n] += sum_b s_bo[t] zeta_bo[t+n]}, accumulated as
     * {@code dkByTap[a][rank o]} for tap {@code taps.activeTaps[a]}.
     */
    private void gatherAxonal(Taps taps, Columns columns, double[][] zetaRing, float[] sRank, double[][] dkByTap,
                              int t, int steps, int batch, double[] recRank) {
        Arrays.fill(recRank, 0.0);
        int ring = zetaRing.length;
        for (int a = 0; a < taps.activeTaps.length; a++) {
            int n = taps.activeTaps[a];
            if (t + n >= steps) {
                break;
            }
            double[] zeta = zetaRing[(t + n) % ring];
            double[] k = columns.values[a];
            int lo = columns.lo[a];
            int hi = columns.hi[a];
            if (sRank == null) {
                for (int b = 0; b < batch; b++) {
                    int row = b * neurons;
                    for (int r = lo; r < hi; r++) {
                        recRank[row + r] += k[r] * zeta[row + r];
                    }
                }
            } else {
                double[] dk = dkByTap[a];
                for (int b = 0; b < batch; b++) {
                    int row = b * neurons;
                    for (int r = lo; r < hi; r++) {
                        double z = zeta[row + r];
                        recRank[row + r] += k[r] * z;
                        dk[r] += sRank[row + r] * z;
                    }
                }
            }
        }
    }

    /** {@code r[t] = sum_n s[t-n] K_n^T} into {@code out}; false (and {@code out} untouched) if no term. */
    private boolean synapticInput(Taps taps, INDArray tapMatrices, INDArray spikes, int[] spikeCounts, int t,
                                  INDArray out) {
        boolean any = false;
        for (int a = 0; a < taps.activeTaps.length; a++) {
            int n = taps.activeTaps[a];
            if (n > t || spikeCounts[t - n] == 0) {
                continue;
            }
            Nd4j.gemm(step(spikes, t - n), step(tapMatrices, a), out, false, true, 1.0, any ? 1.0 : 0.0);
            any = true;
        }
        return any;
    }

    /** {@code sum_n rho[t+n] K_n} into {@code out}; false (and {@code out} untouched) if no term. */
    private boolean synapticFeedback(Taps taps, INDArray rho, int t, int steps, INDArray out) {
        boolean any = false;
        for (int a = 0; a < taps.activeTaps.length; a++) {
            int n = taps.activeTaps[a];
            if (t + n >= steps) {
                continue;
            }
            Nd4j.gemm(step(rho, t + n), step(cachedTapMatrices, a), out, false, false, 1.0, any ? 1.0 : 0.0);
            any = true;
        }
        return any;
    }

    private void synapticParameterGradients(Taps taps, INDArray rho, boolean learning) {
        int steps = cachedSteps;
        long batch = cachedBatch;
        int synapses = neurons * neurons;
        double[] w = hostVector(cachedWeight);
        double[] dW = new double[synapses];
        double[] dd = learning ? new double[synapses] : null;
        double[] dw = learning ? new double[neurons] : null;
        double[] dK = new double[synapses];
        INDArray dKn = Nd4j.create(dataType, neurons, neurons);
        HostIo io = new HostIo(dataType, synapses);
        INDArray rhoRows = rho.reshape('c', steps * batch, neurons);
        INDArray spikeRows = cachedSpikes.reshape('c', steps * batch, neurons);
        for (int n : taps.activeTaps) {
            if (n >= steps) {
                continue;
            }
            INDArray later = rhoRows.get(NDArrayIndex.interval(n * batch, steps * batch), NDArrayIndex.all());
            INDArray earlier = spikeRows.get(NDArrayIndex.interval(0, (steps - n) * batch), NDArrayIndex.all());
            Nd4j.gemm(later, earlier, dKn, true, false, 1.0, 0.0);
            io.read(dKn, 0, dK);
            for (int j = 0; j < synapses; j++) {
                int e = taps.start[j] + n - taps.first[j];
                if (n < taps.first[j] || e >= taps.start[j + 1]) {
                    continue;
                }
                dW[j] += dK[j] * taps.value[e];
                if (learning) {
                    double g = w[j] * dK[j];
                    dd[j] += g * taps.dDelay[e];
                    dw[j % neurons] += g * taps.dWidth[e];
                }
            }
        }
        weightGrad.addi(Nd4j.createFromArray(dW).castTo(dataType).reshape('c', neurons, neurons));
        if (learning) {
            accumulateDelayAndWidth(dd, dw);
        }
    }

    /** Adds {@code dd} to the delay gradient and, for a learned width, {@code dw_o dw_o/dp_o} to the width one. */
    private void accumulateDelayAndWidth(double[] dd, double[] dw) {
        delayGrad.addi(Nd4j.createFromArray(dd).castTo(dataType).reshape('c', delayGrad.shape()));
        if (widthGrad != null) {
            double[] p = cachedWidthParams;
            double[] dp = new double[neurons];
            for (int o = 0; o < neurons; o++) {
                double sig = sigmoid(p[o]);
                dp[o] = dw[o] * 2 * cachedSigma * sig * (1 - sig);
            }
            widthGrad.addi(Nd4j.createFromArray(dp).castTo(dataType));
        }
    }

    /** {@code K_n[i,o] = W[i,o] k_io[n]} for each active tap, {@code (A, N, N)}. */
    private INDArray tapMatrices(Taps taps, double[] w) {
        int synapses = neurons * neurons;
        int[] position = new int[taps.maxTap + 1];
        for (int a = 0; a < taps.activeTaps.length; a++) {
            position[taps.activeTaps[a]] = a;
        }
        double[] k = new double[taps.activeTaps.length * synapses];
        for (int j = 0; j < synapses; j++) {
            for (int e = taps.start[j], n = taps.first[j]; e < taps.start[j + 1]; e++, n++) {
                k[position[n] * synapses + j] = w[j] * taps.value[e];
            }
        }
        return Nd4j.createFromArray(k).castTo(dataType).reshape('c', taps.activeTaps.length, neurons, neurons);
    }

    static int oneHotLag(double d) {
        return 1 + (int) Math.min(Math.max(0.0, Math.rint(d)), Integer.MAX_VALUE - 1.0);
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /**
     * {@code previous} if it has this shape (and the layer's type), else a new uninitialised array: the
     * large per-sequence arrays are kept between calls, since allocating them costs more than the
     * arithmetic that fills them.
     */
    private INDArray reuse(INDArray previous, long... shape) {
        if (previous != null && previous.dataType() == dataType && Arrays.equals(previous.shape(), shape)) {
            return previous;
        }
        return Nd4j.createUninitialized(dataType, shape);
    }

    private static INDArray step(INDArray a, long t) {
        return a.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
    }

    private static void requireShape(INDArray a, String what, long... shape) {
        Objects.requireNonNull(a, what);
        if (!Arrays.equals(a.shape(), shape)) {
            throw new IllegalArgumentException(what + " must be " + Arrays.toString(shape) + ", got "
                    + Arrays.toString(a.shape()));
        }
    }

    private static double[] hostVector(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').reshape(a.length()).toDoubleVector();
    }

    /** {@code a} itself if its buffer holds exactly its elements in C order from offset 0, else such a copy. */
    private static INDArray hostReadable(INDArray a) {
        boolean plain = !a.isView() && a.ordering() == 'c' && a.offset() == 0 && a.data().length() == a.length();
        return plain ? a : a.dup('c');
    }

    /**
     * The kernel of every delay on its exact support: row {@code j} (neuron {@code o} for AXONAL,
     * synapse {@code j = i N + o} for SYNAPTIC) has taps {@code first[j] ..} with values
     * {@code value[start[j] .. start[j+1])}, and for TRIANGULAR their derivatives by {@code d} and
     * {@code w}.
     */
    static final class Taps {
        final int rows;
        final int[] first;
        final int[] start;
        final double[] value;
        final double[] dDelay;
        final double[] dWidth;
        final int minTap;
        final int maxTap;
        final int[] activeTaps;

        private Taps(int rows, int[] first, int[] start, double[] value, double[] dDelay, double[] dWidth,
                     int minTap, int maxTap, int[] activeTaps) {
            this.rows = rows;
            this.first = first;
            this.start = start;
            this.value = value;
            this.dDelay = dDelay;
            this.dWidth = dWidth;
            this.minTap = minTap;
            this.maxTap = maxTap;
            this.activeTaps = activeTaps;
        }

        /**
         * Taps for delays {@code d} (row-major) and width parameters {@code p} ({@code null}: fixed
         * width). Taps at or beyond {@code steps} are dropped (they reach no step).
         */
        static Taps build(Options options, double[] d, double[] p, double sigma, Kernel kernel, int neurons,
                          int steps) {
            boolean synaptic = options.delays() == Recurrence.Kind.SYNAPTIC;
            int rows = d.length;
            boolean oneHot = kernel == Kernel.ONE_HOT;
            double[] w = new double[neurons];
            for (int o = 0; o < neurons; o++) {
                w[o] = p == null ? 1.0 + sigma : 1.0 + 2.0 * sigma * sigmoid(p[o]);
            }
            int[] first = new int[rows];
            int[] start = new int[rows + 1];
            int[] last = new int[rows];
            int total = 0;
            for (int j = 0; j < rows; j++) {
                int o = synaptic ? j % neurons : j;
                double c = 1.0 + d[j];
                int lo;
                int hi;
                if (oneHot) {
                    lo = oneHotLag(d[j]);
                    hi = lo;
                } else {
                    lo = (int) Math.max(1.0, Math.floor(c - w[o]) + 1);
                    hi = (int) Math.min(Math.ceil(c + w[o]) - 1, Integer.MAX_VALUE / 2.0);
                    while (lo <= hi && !(Math.abs(lo - c) < w[o])) {
                        lo++;
                    }
                    while (hi >= lo && !(Math.abs(hi - c) < w[o])) {
                        hi--;
                    }
                }
                hi = Math.min(hi, steps - 1);
                first[j] = lo;
                last[j] = hi;
                start[j] = total;
                total += Math.max(0, hi - lo + 1);
            }
            start[rows] = total;
            double[] value = new double[total];
            double[] dDelay = oneHot ? null : new double[total];
            double[] dWidth = oneHot ? null : new double[total];
            int minTap = Integer.MAX_VALUE;
            int maxTap = 0;
            boolean[] active = new boolean[Math.max(steps, 1)];
            for (int j = 0; j < rows; j++) {
                int o = synaptic ? j % neurons : j;
                double c = 1.0 + d[j];
                double wo = w[o];
                for (int n = first[j], e = start[j]; n <= last[j]; n++, e++) {
                    if (oneHot) {
                        value[e] = 1.0;
                    } else {
                        double u = n - c;
                        double dist = Math.abs(u);
                        value[e] = (wo - dist) / (wo * wo);
                        dDelay[e] = Math.signum(u) / (wo * wo);
                        dWidth[e] = (2 * dist - wo) / (wo * wo * wo);
                    }
                    active[n] = true;
                    minTap = Math.min(minTap, n);
                    maxTap = Math.max(maxTap, n);
                }
            }
            int count = 0;
            for (boolean a : active) {
                count += a ? 1 : 0;
            }
            int[] activeTaps = new int[count];
            for (int n = 0, a = 0; n < active.length; n++) {
                if (active[n]) {
                    activeTaps[a++] = n;
                }
            }
            return new Taps(rows, first, start, value, dDelay, dWidth, minTap, maxTap, activeTaps);
        }
    }

    /**
     * AXONAL kernels arranged by tap over the neurons sorted by their kernel's first tap (then last tap,
     * then index): {@code perm[rank]} is a neuron, {@code rank[o]} its position. Active tap
     * {@code taps.activeTaps[a]} is used only by ranks in {@code [lo[a], hi[a])}, with kernel values
     * {@code values[a][rank]} (0 for a rank in the range whose support skips the tap);
     * {@code tapIndex[n] = a}. Past spikes, {@code z}, {@code zeta} and the columns of {@code W} used by
     * the products are kept in rank order, so that every tap's sums run over contiguous memory.
     */
    static final class Columns {
        final int[] perm;
        final int[] rank;
        final int[] lo;
        final int[] hi;
        final double[][] values;
        final int[] tapIndex;

        private Columns(int[] perm, int[] rank, int[] lo, int[] hi, double[][] values, int[] tapIndex) {
            this.perm = perm;
            this.rank = rank;
            this.lo = lo;
            this.hi = hi;
            this.values = values;
            this.tapIndex = tapIndex;
        }

        static Columns of(Taps taps, int neurons) {
            Integer[] order = new Integer[neurons];
            for (int o = 0; o < neurons; o++) {
                order[o] = o;
            }
            Arrays.sort(order, (x, y) -> {
                int c = Integer.compare(taps.first[x], taps.first[y]);
                if (c == 0) {
                    c = Integer.compare(taps.start[x + 1] - taps.start[x], taps.start[y + 1] - taps.start[y]);
                }
                return c != 0 ? c : Integer.compare(x, y);
            });
            int[] perm = new int[neurons];
            int[] rank = new int[neurons];
            for (int r = 0; r < neurons; r++) {
                perm[r] = order[r];
                rank[order[r]] = r;
            }
            int active = taps.activeTaps.length;
            int[] lo = new int[active];
            int[] hi = new int[active];
            double[][] values = new double[active][neurons];
            Arrays.fill(lo, neurons);
            for (int a = 0; a < active; a++) {
                int n = taps.activeTaps[a];
                for (int r = 0; r < neurons; r++) {
                    int o = perm[r];
                    int e = taps.start[o] + n - taps.first[o];
                    if (n >= taps.first[o] && e < taps.start[o + 1]) {
                        values[a][r] = taps.value[e];
                        lo[a] = Math.min(lo[a], r);
                        hi[a] = r + 1;
                    }
                }
            }
            int[] tapIndex = new int[taps.maxTap + 1];
            for (int a = 0; a < active; a++) {
                tapIndex[taps.activeTaps[a]] = a;
            }
            return new Columns(perm, rank, lo, hi, values, tapIndex);
        }

        /** {@code dst[b, r] = src[b, perm[r]]} for {@code batch} rows of spikes (0 or 1, exact in float). */
        void toRankOrder(double[] src, float[] dst, int batch) {
            int n = perm.length;
            for (int b = 0; b < batch; b++) {
                int row = b * n;
                for (int r = 0; r < n; r++) {
                    dst[row + r] = (float) src[row + perm[r]];
                }
            }
        }

        /** {@code W} with its columns in rank order, {@code W_rank[i, r] = W[i, perm[r]]}. */
        INDArray permuteColumns(INDArray w, DataType type) {
            int n = perm.length;
            double[] src = hostVector(w);
            double[] dst = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int r = 0; r < n; r++) {
                    dst[i * n + r] = src[i * n + perm[r]];
                }
            }
            return Nd4j.createFromArray(dst).castTo(type).reshape('c', n, n);
        }

        /** The inverse of {@link #permuteColumns}. */
        INDArray unpermuteColumns(INDArray wRank, DataType type) {
            int n = perm.length;
            double[] src = hostVector(wRank);
            double[] dst = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int r = 0; r < n; r++) {
                    dst[i * n + perm[r]] = src[i * n + r];
                }
            }
            return Nd4j.createFromArray(dst).castTo(type).reshape('c', n, n);
        }
    }

    /** Bulk copies of one step between a layer array's buffer and a Java double[]. */
    private static final class HostIo {
        private final DataType type;
        private final float[] floats;

        HostIo(DataType type, int length) {
            this.type = type;
            this.floats = type == DataType.FLOAT ? new float[length] : null;
        }

        /** {@code dst.length} elements of {@code src} (plain C-order buffer) from element {@code offset}. */
        void read(INDArray src, long offset, double[] dst) {
            if (type == DataType.FLOAT) {
                FloatBuffer buffer = src.data().asNioFloat();
                buffer.get(Math.toIntExact(offset), floats, 0, dst.length);
                for (int k = 0; k < dst.length; k++) {
                    dst[k] = floats[k];
                }
            } else {
                DoubleBuffer buffer = src.data().asNioDouble();
                buffer.get(Math.toIntExact(offset), dst, 0, dst.length);
            }
        }

        /** {@code src} into {@code dst} (plain C-order buffer) from element {@code offset}, rounded to its type. */
        void write(double[] src, INDArray dst, long offset) {
            if (type == DataType.FLOAT) {
                for (int k = 0; k < src.length; k++) {
                    floats[k] = (float) src[k];
                }
                FloatBuffer buffer = dst.data().asNioFloat();
                buffer.put(Math.toIntExact(offset), floats, 0, src.length);
            } else {
                DoubleBuffer buffer = dst.data().asNioDouble();
                buffer.put(Math.toIntExact(offset), src, 0, src.length);
            }
        }
    }

    /**
     * {@code torch.nn.init.orthogonal_} for a square matrix with gain 1: {@code n^2} draws of
     * {@code nextGaussian()} row-major into {@code G}, Householder QR {@code G = Q R} in double, and
     * {@code Q}'s column {@code j} multiplied by {@code sign(R[j][j])} (1 where it is 0); row-major.
     */
    static double[] orthogonal(int n, Random rng) {
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                r[i][j] = rng.nextGaussian();
            }
        }
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            q[i][i] = 1.0;
        }
        double[] v = new double[n];
        for (int k = 0; k < n - 1; k++) {
            double norm = 0;
            for (int i = k; i < n; i++) {
                norm += r[i][k] * r[i][k];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                continue;
            }
            double alpha = r[k][k] > 0 ? -norm : norm;
            double vv = 0;
            for (int i = k; i < n; i++) {
                v[i] = r[i][k] - (i == k ? alpha : 0.0);
                vv += v[i] * v[i];
            }
            if (vv == 0) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int i = k; i < n; i++) {
                    dot += v[i] * r[i][j];
                }
                double f = 2 * dot / vv;
                for (int i = k; i < n; i++) {
                    r[i][j] -= f * v[i];
                }
            }
            for (int i = 0; i < n; i++) {
                double dot = 0;
                for (int l = k; l < n; l++) {
                    dot += q[i][l] * v[l];
                }
                double f = 2 * dot / vv;
                for (int l = k; l < n; l++) {
                    q[i][l] -= f * v[l];
                }
            }
        }
        double[] out = new double[n * n];
        for (int j = 0; j < n; j++) {
            double sign = r[j][j] < 0 ? -1.0 : 1.0;
            for (int i = 0; i < n; i++) {
                out[i * n + j] = sign * q[i][j];
            }
        }
        return out;
    }
}
