package org.spikeport.trainer.nn;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.spikeport.core.ir.DelayRounding;
import org.spikeport.trainer.DclsKernel;

/**
 * DCLS temporal convolution: every synapse {@code i <- j} has a weight {@code w_ij} and a real delay
 * {@code d_ij} in {@code [0, Td - 1]} ({@code Td = maxDelay + 1} taps), realised as a normalised
 * Gaussian kernel (the vectorised form of {@link DclsKernel#taps}):
 *
 * <pre>
 *   K[n]_ij = w_ij m_ij g_ij(n) / (sum_m g_ij(m) + EPSILON),   n = 0 .. Td-1
 *   g_ij(n) = exp(-0.5 z^2),   z = (n - (Td - 1 - d_ij)) / s,   s = |sigma| + SIGMA_OFFSET
 *   (with g set to 0 where it is below FLUSH_TO_ZERO)
 * </pre>
 *
 * where {@code m} is the optional fixed 0/1 connectivity mask (all ones without one). In rounded
 * mode the kernel is one-hot: {@code K[n]_ij = w_ij m_ij} iff
 * {@code n = Td - 1 - DelayRounding.round(d_ij, Td)}.
 *
 * <p>Shapes: input {@code x (T, B, in)}, output {@code I (T + (Td-1)/2, B, out)}, time-major,
 * C order. {@code x} is zero-padded by {@code Td - 1} steps before and {@code (Td - 1) / 2} steps
 * after ({@code x_pad}, {@code T_pad = T + Td - 1 + (Td-1)/2} steps) and
 *
 * <pre>
 *   I[t] = sum_n K[n] x_pad[t + n]          (K[n] is (out, in), x_pad[t] is (in) per sample)
 * </pre>
 *
 * so input {@code x[t - d]} reaches the output at step {@code t} through a delay-{@code d} synapse.
 * Viewing {@code x_pad} as a {@code (T_pad B, in)} matrix, the rows of shift {@code n} are the
 * contiguous block {@code [nB, (n + T_out) B)}, and the convolution is {@code Td} accumulated matrix
 * products on views of it.
 *
 * <p>Backward, with {@code dI} viewed as {@code (T_out B, out)} and {@code X_n} the shift-{@code n}
 * block: {@code dK[n] = dI^T X_n}; {@code dX_pad[block n] += dI K[n]} (skipped when the input
 * gradient is not needed); then, with {@code N = sum_m g(m) + EPSILON} and
 * {@code g'(n) = dg(n)/dd = -g(n) z(n) / s}:
 *
 * <pre>
 *   dw_ij += m_ij sum_n dK[n]_ij g_ij(n) / N_ij
 *   dd_ij += m_ij (w_ij / N_ij) (sum_n dK[n]_ij g'_ij(n) - (sum_m g'_ij(m) / N_ij) sum_n dK[n]_ij g_ij(n))
 * </pre>
 *
 * In rounded mode {@code dw_ij += m_ij dK[n_ij]_ij} and no delay gradient is accumulated (the
 * one-hot kernel is piecewise constant in {@code d}). {@code sigma} is not a parameter.
 *
 * <p>With one tap ({@code maxDelay = 0}) the layer is a plain linear map {@code I[t] = (w m) x[t]}: the
 * kernel is the one-hot one in both modes (a Gaussian normalised over a single tap would scale the
 * weights by {@code 1 / (1 + EPSILON)}), and delays carry no gradient.
 *
 * <p>The products {@code sum_n K[n] x_pad[t + n]} and their backward are computed either directly
 * ({@code Td} accumulated matrix products per pass, above) or in the frequency domain
 * ({@link Products}); both compute the same linear map and its exact transpose, and differ by float
 * rounding only. With {@code L = T + Td - 1}, {@code F = L / 2 + 1} and {@code theta(f, t) = 2 pi f t / L}:
 *
 * <pre>
 *   X^[f] = sum_t x_pad[t] e^(-i theta(f, t))        (f = 0 .. F-1; (B, in) complex)
 *   K~[f] = sum_n K[n] e^(+i theta(f, n))             ((out, in) complex)
 *   Y^[f] = X^[f] K~[f]^T                             ((B, out) complex: four real products)
 *   I[t]  = (1 / L) sum_f c_f Re(Y^[f] e^(+i theta(f, t))),   c_0 = c_(L/2) = 1, else c_f = 2
 * </pre>
 *
 * which is the circular correlation of length {@code L}. It equals {@code I[t]} for every output step
 * {@code t < T_out}: {@code x_pad} is non-zero only at {@code p} in {@code [Td - 1, Td - 1 + T)}, and a
 * step {@code s = t + n <= T_pad - 1} meets such a {@code p} modulo {@code L} only when {@code p - s} is a
 * multiple of {@code L} in {@code [1 - T_out, T + Td - 2]}, which holds only for {@code p = s} as
 * {@code L >= T_out} and {@code L > T + Td - 2}. The transforms are matrix products with fixed
 * cosine/sine matrices; backward applies the transposes of the same real-linear maps (so {@code dK} and
 * {@code dx} are the exact gradients of the spectral forward). Per frequency the work is four
 * {@code (B, in) x (in, out)} products instead of {@code Td} per output step: for the SHD network about
 * ten times fewer operations than the direct products, seven to eight times with the transforms, at any
 * sigma.
 *
 * <p>All arrays of one layer share the data type given at construction; inputs must have it.
 */
public final class DclsConv {

    /**
     * Gaussian values below this are set to 0. Every kernel's normaliser is at least about 0.18 (the
     * nearest tap is within half a step of the centre and the width is at least 0.27), so they
     * change no kernel value by more than 1e-29 and no float32 result; left in, they become
     * subnormal numbers once sigma is small, which made a training step about twice as slow.
     */
    static final double FLUSH_TO_ZERO = 1e-30;

    private final int inputs;
    private final int outputs;
    private final int taps;
    private final DataType dataType;
    private final INDArray weight;
    private final INDArray delay;
    private final INDArray mask;
    private final INDArray weightGrad;
    private final INDArray delayGrad;
    private boolean inputGradientNeeded = true;
    private Products products = Products.AUTO;

    /** How {@link #forward} and {@link #backward} compute the convolution's products. */
    public enum Products {
        /** Spectral when its operation count is below the direct one's (never for one tap). */
        AUTO,
        /** {@code Td} accumulated matrix products per pass. */
        DIRECT,
        /** Through the frequency domain of length {@code T + Td - 1} (see the class comment). */
        SPECTRAL
    }

    private INDArray cachedPadded;
    private int cachedSteps;
    private int cachedBatch;
    private boolean cachedRounded;
    private double cachedWidth;
    private INDArray cachedGauss;
    private INDArray cachedZ;
    private INDArray cachedNorm;
    private INDArray cachedUnit;
    private INDArray cachedKernel;
    private boolean cachedSpectral;
    private INDArray cachedSpectrumX;
    private INDArray cachedSpectrumK;
    private Basis basis;
    private boolean fused = true;
    private float[] cachedGaussValues;
    private float[] cachedCentreValues;
    private float[] cachedNormValues;
    private float[] cachedWeightValues;

    /**
     * A layer with weights drawn kaiming-uniform for ReLU ({@code U(-b, b)}, {@code b = sqrt(6 / in)})
     * and delays uniform in {@code [0, Td - 1]}, both from {@code rng}, in that order.
     *
     * @param mask {@code (out, in)} of 0/1 in the layer's data type, or {@code null} for full connectivity
     */
    public DclsConv(int inputs, int outputs, int maxDelay, DataType dataType, INDArray mask, Random rng) {
        this(inputs, outputs, maxDelay, dataType, mask, rng, Math.sqrt(6.0 / Math.max(1, inputs)));
    }

    /**
     * A layer with weights drawn {@code U(-bound, bound)} and delays uniform in {@code [0, Td - 1]}, both
     * from {@code rng}, in that order.
     *
     * @param mask {@code (out, in)} of 0/1 in the layer's data type, or {@code null} for full connectivity
     */
    public DclsConv(int inputs, int outputs, int maxDelay, DataType dataType, INDArray mask, Random rng,
                    double bound) {
        if (inputs < 1 || outputs < 1 || maxDelay < 0) {
            throw new IllegalArgumentException("DCLS layer needs in, out >= 1 and maxDelay >= 0, got "
                    + inputs + ", " + outputs + ", " + maxDelay);
        }
        if (mask != null && (mask.rank() != 2 || mask.size(0) != outputs || mask.size(1) != inputs)) {
            throw new IllegalArgumentException("mask must be (out, in) = (" + outputs + ", " + inputs + ")");
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.taps = maxDelay + 1;
        this.dataType = dataType;
        double[] w = new double[outputs * inputs];
        double[] d = new double[outputs * inputs];
        for (int k = 0; k < w.length; k++) {
            w[k] = (2 * rng.nextDouble() - 1) * bound;
        }
        for (int k = 0; k < d.length; k++) {
            d[k] = rng.nextDouble() * maxDelay;
        }
        this.weight = Nd4j.createFromArray(w).castTo(dataType).reshape('c', outputs, inputs);
        this.delay = Nd4j.createFromArray(d).castTo(dataType).reshape('c', outputs, inputs);
        this.mask = mask == null ? null : mask.castTo(dataType).dup('c');
        this.weightGrad = Nd4j.create(dataType, outputs, inputs);
        this.delayGrad = Nd4j.create(dataType, outputs, inputs);
    }

    /** Number of kernel taps {@code Td = maxDelay + 1}. */
    public int taps() {
        return taps;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public DataType dataType() {
        return dataType;
    }

    /** The weights {@code (out, in)}; the live array, updated in place by optimizers. */
    public INDArray weight() {
        return weight;
    }

    /** The real delays {@code (out, in)} in steps; the live array. */
    public INDArray delay() {
        return delay;
    }

    /** The fixed 0/1 mask {@code (out, in)}, or {@code null} for full connectivity. */
    public INDArray mask() {
        return mask;
    }

    /** Accumulated gradient of the weights, {@code (out, in)}. */
    public INDArray weightGrad() {
        return weightGrad;
    }

    /** Accumulated gradient of the delays, {@code (out, in)}. */
    public INDArray delayGrad() {
        return delayGrad;
    }

    /** Zeroes the accumulated parameter gradients. */
    public void zeroGrad() {
        weightGrad.assign(0);
        delayGrad.assign(0);
    }

    /** Whether {@link #backward} computes the input gradient (off for a first layer); default on. */
    public void setInputGradientNeeded(boolean needed) {
        this.inputGradientNeeded = needed;
    }

    /** Selects how the products are computed; {@link Products#AUTO} by default. */
    public void setProducts(Products products) {
        this.products = java.util.Objects.requireNonNull(products, "products");
    }

    public Products products() {
        return products;
    }

    /**
     * Whether float32 layers build the Gaussian kernel, reduce its gradient and rearrange the spectral
     * products' blocks in fused loops over {@code float[]} (default) or as array operations; for tests.
     */
    void setFused(boolean fused) {
        this.fused = fused;
    }

    /** Whether a forward over {@code steps} input steps and {@code batch} samples runs in the frequency domain. */
    public boolean spectral(int steps, int batch) {
        if (products != Products.AUTO) {
            return products == Products.SPECTRAL;
        }
        if (taps == 1) {
            return false;
        }
        int left = taps - 1;
        double out = outputSteps(steps);
        double freq = Math.floor((steps + left) / 2.0) + 1;
        double passes = inputGradientNeeded ? 3 : 2;
        double direct = passes * taps * out * inputs * outputs;
        double spectral = passes * 4 * freq * inputs * outputs
                + 2 * freq * (steps * inputs * (inputGradientNeeded ? 2 : 1) + 2 * out * outputs);
        return spectral < direct;
    }

    /** Clamps every delay into {@code [0, Td - 1]}. */
    public void clampDelays() {
        clampDelays(taps - 1);
    }

    /**
     * Clamps every delay into {@code [0, min(max, Td - 1)]}; a delay in that range rounds
     * ({@code DelayRounding.round}) to at most {@code max}.
     */
    public void clampDelays(int max) {
        Transforms.max(delay, 0.0, false);
        Transforms.min(delay, Math.min(max, taps - 1.0), false);
    }

    /** Output steps for {@code steps} input steps: {@code T + (Td - 1) / 2}. */
    public int outputSteps(int steps) {
        return steps + (taps - 1) / 2;
    }

    /**
     * The kernel {@code K (Td, out, in)} for the current parameters: Gaussian with width
     * {@code |sigma| + SIGMA_OFFSET}, or one-hot at the rounded delays when {@code rounded}.
     */
    public INDArray kernel(double sigma, boolean rounded) {
        return rounded || taps == 1 ? roundedKernel(false) : gaussianKernel(sigma, false);
    }

    /**
     * {@code I = conv(x)}: {@code x (T, B, in)} to {@code (T + (Td-1)/2, B, out)}; caches what
     * {@link #backward} needs. {@code sigma} is ignored when {@code rounded}.
     */
    public INDArray forward(INDArray x, double sigma, boolean rounded) {
        if (x.rank() != 3 || x.size(2) != inputs) {
            throw new IllegalArgumentException("DCLS input must be (T, B, " + inputs + "), got "
                    + java.util.Arrays.toString(x.shape()));
        }
        if (x.dataType() != dataType) {
            throw new IllegalArgumentException("DCLS input is " + x.dataType() + ", layer is " + dataType);
        }
        int steps = (int) x.size(0);
        int batch = (int) x.size(1);
        int left = taps - 1;
        int padded = steps + left + left / 2;
        int out = outputSteps(steps);
        boolean oneHot = rounded || taps == 1;
        INDArray kernel = oneHot ? roundedKernel(true) : gaussianKernel(sigma, true);
        cachedSteps = steps;
        cachedBatch = batch;
        cachedRounded = oneHot;
        cachedKernel = kernel;
        if (spectral(steps, batch)) {
            cachedSpectral = true;
            cachedPadded = null;
            return spectralForward(x, kernel, steps, batch);
        }
        cachedSpectral = false;
        cachedSpectrumX = null;
        cachedSpectrumK = null;
        INDArray xPad = Nd4j.create(dataType, padded, batch, inputs);
        xPad.get(NDArrayIndex.interval(left, left + steps), NDArrayIndex.all(), NDArrayIndex.all()).assign(x);
        INDArray xRows = xPad.reshape('c', (long) padded * batch, inputs);
        INDArray result = Nd4j.create(dataType, (long) out * batch, outputs);
        INDArray resultT = result.transpose();
        for (int n = 0; n < taps; n++) {
            INDArray block = xRows.get(rowBlock(n, batch, out), NDArrayIndex.all());
            Nd4j.gemm(tap(kernel, n), block, resultT, false, true, 1.0, 1.0);
        }
        cachedPadded = xRows;
        return result.reshape('c', out, batch, outputs);
    }

    /**
     * Given {@code dL/dI (T_out, B, out)}, accumulates {@code dL/dw} and (Gaussian mode)
     * {@code dL/dd}; returns {@code dL/dx (T, B, in)}, or {@code null} when the input gradient is
     * not needed.
     */
    public INDArray backward(INDArray gradOut) {
        if (cachedKernel == null) {
            throw new IllegalStateException("backward before forward");
        }
        int batch = cachedBatch;
        int out = outputSteps(cachedSteps);
        if (gradOut.rank() != 3 || gradOut.size(0) != out || gradOut.size(1) != batch
                || gradOut.size(2) != outputs) {
            throw new IllegalArgumentException("DCLS output gradient must be (" + out + ", " + batch + ", "
                    + outputs + "), got " + java.util.Arrays.toString(gradOut.shape()));
        }
        INDArray dense = gradOut.ordering() == 'c' && !gradOut.isView() ? gradOut : gradOut.dup('c');
        INDArray dI = dense.reshape('c', (long) out * batch, outputs);
        INDArray dK;
        INDArray dx = null;
        if (cachedSpectral) {
            dK = Nd4j.create(dataType, taps, (long) outputs * inputs);
            dx = spectralBackward(dI.reshape('c', out, (long) batch * outputs), dK);
        } else {
            INDArray dKernel = Nd4j.create(dataType, taps, outputs, inputs);
            INDArray dPad = inputGradientNeeded ? Nd4j.create(dataType, cachedPadded.size(0), inputs) : null;
            for (int n = 0; n < taps; n++) {
                INDArray rows = cachedPadded.get(rowBlock(n, batch, out), NDArrayIndex.all());
                Nd4j.gemm(rows, dI, tap(dKernel, n).transpose(), true, false, 1.0, 0.0);
                if (dPad != null) {
                    INDArray target = dPad.get(rowBlock(n, batch, out), NDArrayIndex.all());
                    Nd4j.gemm(tap(cachedKernel, n), dI, target.transpose(), true, true, 1.0, 1.0);
                }
            }
            dK = dKernel.reshape('c', taps, (long) outputs * inputs);
            if (dPad != null) {
                int left = taps - 1;
                dx = dPad.reshape('c', cachedPadded.size(0) / batch, batch, inputs)
                        .get(NDArrayIndex.interval(left, left + cachedSteps), NDArrayIndex.all(), NDArrayIndex.all())
                        .dup('c');
            }
        }
        if (cachedGaussValues != null) {
            kernelGradientFloat(dK);
            return dx;
        }
        INDArray dwFlat = dK.mul(cachedUnit).sum(0);
        if (!cachedRounded) {
            INDArray w = effectiveWeight().reshape('c', new long[] {(long) outputs * inputs});
            INDArray gPrime = cachedGauss.mul(cachedZ).divi(-cachedWidth);
            INDArray sumGPrime = gPrime.sum(0);
            INDArray dkGPrime = dK.mul(gPrime).sum(0);
            INDArray dkG = dK.mul(cachedGauss).sum(0);
            INDArray dd = dkGPrime.subi(sumGPrime.divi(cachedNorm).muli(dkG)).muli(w).divi(cachedNorm);
            delayGrad.addi(masked(dd.reshape('c', outputs, inputs)));
        }
        weightGrad.addi(masked(dwFlat.reshape('c', outputs, inputs)));
        return dx;
    }

    /**
     * The forward products in the frequency domain. Spectra are stored with the real and imaginary
     * parts of frequency {@code f} interleaved ({@code (F, 2, ...)}), so per frequency the input spectrum
     * is the stacked {@code Xv = [Xr; Xi] (2B, in)}: {@code X^ = C x} with {@code x} as {@code (T, B in)},
     * {@code K~ = E K}, {@code R = Xv [Kr^T | Ki^T]} (one batched product over the frequencies), then
     * {@code Yr = R_rr - R_ii}, {@code Yi = R_ri + R_ir} and {@code I = D Y^}; caches {@code Xv} and
     * {@code K~}.
     */
    private INDArray spectralForward(INDArray x, INDArray kernel, int steps, int batch) {
        Basis b = basis(steps);
        int f = b.freq;
        INDArray xc = x.ordering() == 'c' && !x.isView() ? x : x.dup('c');
        INDArray xHat = Nd4j.create(dataType, 2L * f, (long) batch * inputs);
        Nd4j.gemm(b.analysis, xc.reshape('c', steps, (long) batch * inputs), xHat, false, false, 1.0, 0.0);
        INDArray kHat = Nd4j.create(dataType, 2L * f, (long) outputs * inputs);
        Nd4j.gemm(b.kernel, kernel.reshape('c', taps, (long) outputs * inputs), kHat, false, false, 1.0, 0.0);
        INDArray xv = xHat.reshape('c', f, 2L * batch, inputs);
        INDArray ks = kHat.reshape('c', f, 2, outputs, inputs);
        INDArray r = Nd4j.matmul(xv, ks.reshape('c', f, 2L * outputs, inputs), false, true, false);
        INDArray yHat;
        if (fused && FloatCells.applies(r)) {
            yHat = combineFloat(r, f, batch);
        } else {
            INDArray rs = r.reshape('c', f, 2, batch, 2, outputs);
            yHat = Nd4j.create(dataType, 2L * f, (long) batch * outputs);
            INDArray ys = yHat.reshape('c', f, 2, batch, outputs);
            part(ys, 0).assign(block(rs, 0, 0)).subi(block(rs, 1, 1));
            part(ys, 1).assign(block(rs, 0, 1)).addi(block(rs, 1, 0));
        }
        INDArray result = Nd4j.create(dataType, b.outSteps, (long) batch * outputs);
        Nd4j.gemm(b.synthesis, yHat, result, false, false, 1.0, 0.0);
        cachedSpectrumX = xv;
        cachedSpectrumK = ks;
        return result.reshape('c', b.outSteps, batch, outputs);
    }

    /**
     * The transposes of {@link #spectralForward}'s maps for {@code dI (T_out, B out)}: {@code dY^ = D^T dI};
     * per frequency, with {@code G = [[dYr, dYi], [dYi, -dYr]] (2B, 2out)}, {@code [dKr; dKi] = G^T Xv}
     * ({@code dKr = dYr^T Xr + dYi^T Xi}, {@code dKi = dYi^T Xr - dYr^T Xi}) and
     * {@code [dXr; dXi] = G [Kr; Ki]} ({@code dXr = dYr Kr + dYi Ki}, {@code dXi = dYi Kr - dYr Ki}), each one
     * batched product; {@code dK = E^T dK~}, {@code dx = C^T dX^}. Writes {@code dK (Td, out in)}, returns
     * {@code dx (T, B, in)} or {@code null} when not needed.
     */
    private INDArray spectralBackward(INDArray dI, INDArray dK) {
        int batch = cachedBatch;
        Basis b = basis(cachedSteps);
        int f = b.freq;
        INDArray dyHat = Nd4j.create(dataType, 2L * f, (long) batch * outputs);
        Nd4j.gemm(b.synthesis, dI, dyHat, true, false, 1.0, 0.0);
        INDArray dyCat;
        if (fused && FloatCells.applies(dyHat)) {
            dyCat = stackFloat(dyHat, f, batch);
        } else {
            INDArray dys = dyHat.reshape('c', f, 2, batch, outputs);
            dyCat = Nd4j.create(dataType, f, 2, batch, 2, outputs);
            dyCat.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0),
                    NDArrayIndex.all()).assign(dys);
            block(dyCat, 0, 1).assign(part(dys, 1));
            block(dyCat, 1, 1).assign(part(dys, 0)).negi();
        }
        INDArray dkHat = Nd4j.matmul(dyCat.reshape('c', f, 2L * batch, 2L * outputs), cachedSpectrumX, true, false,
                false);
        Nd4j.gemm(b.kernel, dkHat.reshape('c', 2L * f, (long) outputs * inputs), dK, true, false, 1.0, 0.0);
        if (!inputGradientNeeded) {
            return null;
        }
        INDArray dxHat = Nd4j.matmul(dyCat.reshape('c', f, 2L * batch, 2L * outputs),
                cachedSpectrumK.reshape('c', f, 2L * outputs, inputs)).reshape('c', 2L * f, (long) batch * inputs);
        INDArray dx = Nd4j.create(dataType, cachedSteps, (long) batch * inputs);
        Nd4j.gemm(b.analysis, dxHat, dx, true, false, 1.0, 0.0);
        return dx.reshape('c', cachedSteps, batch, inputs);
    }

    /**
     * {@code Y^ (2F, B out)} from the float32 stacked product {@code R (F, 2B, 2out)}, blocks
     * {@code R_pq (B, out)}: {@code Yr = R_rr - R_ii}, {@code Yi = R_ri + R_ir}, in one loop.
     */
    private INDArray combineFloat(INDArray r, int f, int batch) {
        float[] rv = FloatCells.values(r);
        int o = outputs;
        int plane = batch * o;
        float[] y = new float[2 * f * plane];
        for (int q = 0; q < f; q++) {
            int src = q * 4 * plane;
            int dst = q * 2 * plane;
            for (int b = 0; b < batch; b++) {
                int rr = src + b * 2 * o;
                int ii = src + (batch + b) * 2 * o + o;
                int ri = rr + o;
                int ir = ii - o;
                int yr = dst + b * o;
                int yi = yr + plane;
                for (int j = 0; j < o; j++) {
                    y[yr + j] = rv[rr + j] - rv[ii + j];
                    y[yi + j] = rv[ri + j] + rv[ir + j];
                }
            }
        }
        return FloatCells.array(y, 2L * f, (long) plane);
    }

    /**
     * {@code G (F, 2B, 2out) = [[dYr, dYi], [dYi, -dYr]]} per frequency from float32 {@code dY^ (2F, B out)},
     * in one loop.
     */
    private INDArray stackFloat(INDArray dyHat, int f, int batch) {
        float[] dy = FloatCells.values(dyHat);
        int o = outputs;
        int plane = batch * o;
        float[] g = new float[4 * f * plane];
        for (int q = 0; q < f; q++) {
            int src = q * 2 * plane;
            int dst = q * 4 * plane;
            for (int b = 0; b < batch; b++) {
                int yr = src + b * o;
                int yi = yr + plane;
                int top = dst + b * 2 * o;
                int bottom = dst + (batch + b) * 2 * o;
                for (int j = 0; j < o; j++) {
                    float re = dy[yr + j];
                    float im = dy[yi + j];
                    g[top + j] = re;
                    g[top + o + j] = im;
                    g[bottom + j] = im;
                    g[bottom + o + j] = -re;
                }
            }
        }
        return FloatCells.array(g, f, 2L * batch, 2L * o);
    }

    /** Part {@code p} (0 real, 1 imaginary) of a spectrum {@code (F, 2, B, C)}: the view {@code (F, B, C)}. */
    private static INDArray part(INDArray spectrum, int p) {
        return spectrum.get(NDArrayIndex.all(), NDArrayIndex.point(p), NDArrayIndex.all(), NDArrayIndex.all());
    }

    /** Block {@code (p, q)} of a stacked product {@code (F, 2, B, 2, C)}: the view {@code (F, B, C)}. */
    private static INDArray block(INDArray product, int p, int q) {
        return product.get(NDArrayIndex.all(), NDArrayIndex.point(p), NDArrayIndex.all(), NDArrayIndex.point(q),
                NDArrayIndex.all());
    }

    private Basis basis(int steps) {
        if (basis == null || basis.steps != steps) {
            basis = new Basis(steps, taps, dataType);
        }
        return basis;
    }

    /**
     * The real matrices of the spectral products for {@code T} input steps, {@code L = T + Td - 1},
     * {@code F = L / 2 + 1} frequencies, row (or column) {@code 2f} the real part of frequency {@code f} and
     * {@code 2f + 1} its imaginary part, with {@code theta(f, t) = 2 pi f t / L} and {@code left = Td - 1}:
     * analysis {@code C (2F, T)}: {@code cos theta(f, s + left)}, {@code -sin theta(f, s + left)};
     * kernel {@code E (2F, Td)}: {@code cos theta(f, n)}, {@code sin theta(f, n)};
     * synthesis {@code D (T_out, 2F)}: {@code c_f cos theta(f, t) / L}, {@code -c_f sin theta(f, t) / L}.
     * Angles are reduced exactly ({@code f t mod L}) and evaluated in double before the cast.
     */
    private static final class Basis {
        final int steps;
        final int length;
        final int freq;
        final int outSteps;
        final INDArray analysis;
        final INDArray kernel;
        final INDArray synthesis;

        Basis(int steps, int taps, DataType type) {
            int left = taps - 1;
            this.steps = steps;
            this.length = steps + left;
            this.freq = length / 2 + 1;
            this.outSteps = steps + left / 2;
            double[] c = new double[2 * freq * steps];
            double[] e = new double[2 * freq * taps];
            double[] d = new double[outSteps * 2 * freq];
            for (int f = 0; f < freq; f++) {
                for (int s = 0; s < steps; s++) {
                    double a = angle(f, s + left);
                    c[2 * f * steps + s] = Math.cos(a);
                    c[(2 * f + 1) * steps + s] = -Math.sin(a);
                }
                for (int n = 0; n < taps; n++) {
                    double a = angle(f, n);
                    e[2 * f * taps + n] = Math.cos(a);
                    e[(2 * f + 1) * taps + n] = Math.sin(a);
                }
                double weight = (f == 0 || 2 * f == length ? 1.0 : 2.0) / length;
                for (int t = 0; t < outSteps; t++) {
                    double a = angle(f, t);
                    d[t * 2 * freq + 2 * f] = weight * Math.cos(a);
                    d[t * 2 * freq + 2 * f + 1] = -weight * Math.sin(a);
                }
            }
            this.analysis = Nd4j.createFromArray(c).castTo(type).reshape('c', 2L * freq, steps);
            this.kernel = Nd4j.createFromArray(e).castTo(type).reshape('c', 2L * freq, taps);
            this.synthesis = Nd4j.createFromArray(d).castTo(type).reshape('c', outSteps, 2L * freq);
        }

        private double angle(int f, int t) {
            return 2 * Math.PI * (((long) f * t) % length) / length;
        }
    }

    private static INDArrayIndex rowBlock(int shift, int batch, int steps) {
        return NDArrayIndex.interval((long) shift * batch, (long) (shift + steps) * batch);
    }

    private static INDArray tap(INDArray kernel, int n) {
        return kernel.get(NDArrayIndex.point(n), NDArrayIndex.all(), NDArrayIndex.all());
    }

    private INDArray masked(INDArray a) {
        return mask == null ? a : a.muli(mask);
    }

    private INDArray effectiveWeight() {
        return mask == null ? weight : weight.mul(mask);
    }

    private INDArray gaussianKernel(double sigma, boolean cache) {
        if (fused && FloatCells.applies(weight)) {
            return gaussianKernelFloat(sigma, cache);
        }
        if (cache) {
            cachedGaussValues = null;
        }
        long synapses = (long) outputs * inputs;
        double width = Math.abs(sigma) + DclsKernel.SIGMA_OFFSET;
        INDArray centre = delay.reshape('c', 1, synapses).rsub(taps - 1.0);
        INDArray tapIndex = Nd4j.arange(0, taps).castTo(dataType).reshape(taps, 1);
        INDArray z = Nd4j.create(dataType, taps, synapses).addiColumnVector(tapIndex);
        z.subiRowVector(centre).divi(width);
        INDArray gauss = Transforms.exp(z.mul(z).muli(-0.5), false);
        BooleanIndexing.replaceWhere(gauss, 0.0, Conditions.lessThan(FLUSH_TO_ZERO));
        INDArray norm = gauss.sum(0).addi(DclsKernel.EPSILON);
        INDArray unit = gauss.divRowVector(norm);
        INDArray kernel = unit.mulRowVector(effectiveWeight().reshape('c', 1, synapses))
                .reshape('c', taps, outputs, inputs);
        if (cache) {
            cachedWidth = width;
            cachedZ = z;
            cachedGauss = gauss;
            cachedNorm = norm;
            cachedUnit = unit;
        }
        return kernel;
    }

    /**
     * {@link #gaussianKernel} for float32 as one loop over the synapses {@code k}: with the centre
     * {@code c = Td - 1 - d} (float32), {@code a = 1 / (2 s^2)} and {@code n0} the tap nearest {@code c},
     * {@code g(n) = exp(-a (n - c)^2)} is evaluated in double at {@code n0} and carried outward by the
     * exact ratios {@code g(n + 1) / g(n) = exp(-a (2 (n - c) + 1))} (each the previous one times
     * {@code exp(-2 a)}), and likewise downward: four exponentials per synapse instead of {@code Td}, a
     * relative error below {@code Td^2} double roundings, then rounded to float32. Then, as the array
     * operations: {@code g = 0} below {@link #FLUSH_TO_ZERO}, {@code N = sum_n g + EPSILON},
     * {@code K = (g / N) w m}. Caches {@code g}, {@code N}, the centres and {@code w m} for
     * {@link #kernelGradientFloat}.
     */
    private INDArray gaussianKernelFloat(double sigma, boolean cache) {
        int synapses = outputs * inputs;
        double width = Math.abs(sigma) + DclsKernel.SIGMA_OFFSET;
        double widthF = (float) width;
        double a = 0.5 / (widthF * widthF);
        double q = Math.exp(-2 * a);
        float epsilon = (float) DclsKernel.EPSILON;
        float last = taps - 1f;
        float[] d = FloatCells.values(delay);
        float[] w = FloatCells.values(weight);
        if (mask != null) {
            float[] m = FloatCells.values(mask);
            for (int k = 0; k < synapses; k++) {
                w[k] *= m[k];
            }
        }
        float[] gauss = new float[taps * synapses];
        float[] kernel = new float[taps * synapses];
        float[] centre = new float[synapses];
        float[] norm = new float[synapses];
        int t = taps;
        FloatCells.forRanges(synapses, (long) synapses * taps * 2, (lo, hi) -> {
            for (int k = lo; k < hi; k++) {
                float c = last - d[k];
                centre[k] = c;
                int n0 = (int) Math.max(0, Math.min(t - 1, Math.rint(c)));
                double dz = n0 - (double) c;
                double g = Math.exp(-a * dz * dz);
                int i0 = n0 * synapses + k;
                gauss[i0] = flush(g);
                double up = g;
                double ratio = Math.exp(-a * (2 * dz + 1));
                for (int i = i0 + synapses; i < t * synapses; i += synapses) {
                    up *= ratio;
                    ratio *= q;
                    gauss[i] = flush(up);
                }
                double down = g;
                ratio = Math.exp(-a * (1 - 2 * dz));
                for (int i = i0 - synapses; i >= 0; i -= synapses) {
                    down *= ratio;
                    ratio *= q;
                    gauss[i] = flush(down);
                }
                float sum = 0f;
                for (int i = k; i < t * synapses; i += synapses) {
                    sum += gauss[i];
                }
                float nk = sum + epsilon;
                norm[k] = nk;
                for (int i = k; i < t * synapses; i += synapses) {
                    kernel[i] = gauss[i] / nk * w[k];
                }
            }
        });
        if (cache) {
            cachedWidth = width;
            cachedGaussValues = gauss;
            cachedCentreValues = centre;
            cachedNormValues = norm;
            cachedWeightValues = w;
            cachedZ = null;
            cachedGauss = null;
            cachedNorm = null;
            cachedUnit = null;
        }
        return FloatCells.array(kernel, taps, outputs, inputs);
    }

    /** {@code g} rounded to float32, or 0 below {@link #FLUSH_TO_ZERO}. */
    private static float flush(double g) {
        float f = (float) g;
        return f < FLUSH_TO_ZERO ? 0f : f;
    }

    /**
     * {@link #backward}'s kernel-gradient chain for a float32 Gaussian kernel, per synapse in one pass over
     * the taps of {@code dK (Td, out in)} (sums in double): {@code dw += m (sum_n dK g) / N},
     * {@code dd += m (w / N) (sum_n dK g' - (sum_n g' / N) sum_n dK g)} with {@code g' = -g z / s}.
     */
    private void kernelGradientFloat(INDArray dK) {
        int synapses = outputs * inputs;
        float[] dk = FloatCells.values(dK);
        float[] gauss = cachedGaussValues;
        float[] centre = cachedCentreValues;
        float[] norm = cachedNormValues;
        float[] w = cachedWeightValues;
        float[] m = mask == null ? null : FloatCells.values(mask);
        float widthF = (float) cachedWidth;
        float[] dw = new float[synapses];
        float[] dd = new float[synapses];
        int t = taps;
        FloatCells.forRanges(synapses, (long) synapses * taps * 2, (lo, hi) -> {
            for (int k = lo; k < hi; k++) {
                float c = centre[k];
                double sumGPrime = 0;
                double sumDkGPrime = 0;
                double sumDkG = 0;
                for (int n = 0, i = k; n < t; n++, i += synapses) {
                    float z = (n - c) / widthF;
                    float gPrime = gauss[i] * z / -widthF;
                    float grad = dk[i];
                    sumGPrime += gPrime;
                    sumDkGPrime += grad * gPrime;
                    sumDkG += grad * gauss[i];
                }
                float keep = m == null ? 1f : m[k];
                float nk = norm[k];
                dw[k] = (float) (sumDkG / nk) * keep;
                float dkGPrime = (float) sumDkGPrime;
                float sgn = (float) sumGPrime / nk * (float) sumDkG;
                dd[k] = (dkGPrime - sgn) * w[k] / nk * keep;
            }
        });
        weightGrad.addi(FloatCells.array(dw, outputs, inputs));
        delayGrad.addi(FloatCells.array(dd, outputs, inputs));
    }

    private INDArray roundedKernel(boolean cache) {
        int synapses = outputs * inputs;
        double[] d = delay.dup('c').reshape(synapses).toDoubleVector();
        double[] unit = new double[taps * synapses];
        for (int k = 0; k < synapses; k++) {
            int n = taps - 1 - DelayRounding.round(d[k], taps);
            unit[n * synapses + k] = 1.0;
        }
        INDArray oneHot = Nd4j.createFromArray(unit).castTo(dataType).reshape('c', taps, synapses);
        INDArray kernel = oneHot.mulRowVector(effectiveWeight().reshape('c', 1, synapses))
                .reshape('c', taps, outputs, inputs);
        if (cache) {
            cachedGaussValues = null;
            cachedUnit = oneHot;
            cachedGauss = null;
            cachedZ = null;
            cachedNorm = null;
        }
        return kernel;
    }
}
