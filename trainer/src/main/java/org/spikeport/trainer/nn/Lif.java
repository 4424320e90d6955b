package org.spikeport.trainer.nn;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Discrete leaky integrate-and-fire neurons over time (no parameters), from {@code v[-1] = 0}:
 *
 * <pre>
 *   spiking:  h[t] = v[t-1] - v[t-1] / tau + I[t]
 *             s[t] = H(h[t] - theta)            (spike iff h[t] &gt;= theta)
 *             v[t] = h[t] (1 - s[t])            ({@link Reset#ZERO}: (1 - s[t]) is a constant for the gradient)
 *             v[t] = h[t] - theta s[t]          ({@link Reset#SUBTRACT}: not detached)
 *   readout:  v[t] = v[t-1] - v[t-1] / tau + I[t]   (no threshold, no reset)
 * </pre>
 *
 * The spiking layer outputs {@code s (T, B, C)}, the readout outputs {@code v (T, B, C)}. Backward
 * is backpropagation through time, with {@code H'(x)} replaced by the layer's {@link Surrogate},
 * {@code a = 1 - 1/tau} and {@code dv[t] = a dh[t+1]} the gradient reaching {@code v[t]}:
 *
 * <pre>
 *   spiking, ZERO:      dh[t] = ds[t] H'(h[t] - theta) + dv[t] (1 - s[t]),        dI[t] = dh[t]
 *   spiking, SUBTRACT:  dh[t] = (ds[t] - theta dv[t]) H'(h[t] - theta) + dv[t],  dI[t] = dh[t]
 *   readout:            dv[t] = dout[t] + a dv[t+1],                               dI[t] = dv[t]
 * </pre>
 *
 * with {@code dh[T] = dv[T] = 0}.
 *
 * <p><b>Linear leak</b> ({@link #useLinearLeak}, spiking layers, for a chip whose neurons leak by a constant
 * {@code D >= 0}): the carried value {@code v[t-1] - v[t-1] / tau} becomes {@code max(0, v[t-1] - D)}, so
 * {@code h[t] = max(0, v[t-1] - D) + I[t]}, and the gradient reaching {@code v[t]} is
 * {@code dv[t] = 1[v[t] > D] dh[t+1]} in place of {@code a dh[t+1]}.
 *
 * <p>Float32 inputs run the same recurrences as one fused loop over {@code float[]} (every cell
 * {@code (b, c)} independent, split over threads); other types run them as array operations per step.
 * Both compute in the input's precision, so they agree to float rounding (the surrogate's value).
 */
public final class Lif {

    /** Steepness {@code alpha} of the arctangent surrogate, {@link Surrogate#ATAN_ALPHA}. */
    public static final double SURROGATE_ALPHA = Surrogate.ATAN_ALPHA;
    /** Firing threshold. */
    public static final double THRESHOLD = 1.0;

    private final double tau;
    private final boolean readout;
    private final Reset reset;
    private final Surrogate surrogate;
    private double linearLeak = Double.NaN;
    private INDArray cachedPotential;
    private INDArray cachedSpikes;
    private float[] cachedPotentialValues;
    private float[] cachedSpikeValues;
    private long[] cachedShape;
    private boolean fused = true;

    private Lif(double tau, boolean readout, Reset reset, Surrogate surrogate) {
        if (!(tau >= 1.0) || !Double.isFinite(tau)) {
            throw new IllegalArgumentException("LIF tau must be a finite number of steps >= 1, got " + tau);
        }
        this.tau = tau;
        this.readout = readout;
        this.reset = Objects.requireNonNull(reset, "reset");
        this.surrogate = Objects.requireNonNull(surrogate, "surrogate");
    }

    /** Spiking neurons with threshold {@link #THRESHOLD}, detached hard reset and the arctangent surrogate. */
    public static Lif spiking(double tau) {
        return spiking(tau, Reset.ZERO, Surrogate.ATAN);
    }

    /** Spiking neurons with threshold {@link #THRESHOLD}, the given reset and surrogate. */
    public static Lif spiking(double tau, Reset reset, Surrogate surrogate) {
        return new Lif(tau, false, reset, surrogate);
    }

    /** Readout neurons: the output is the membrane potential. */
    public static Lif readout(double tau) {
        return new Lif(tau, true, Reset.ZERO, Surrogate.ATAN);
    }

    public double tau() {
        return tau;
    }

    public boolean isReadout() {
        return readout;
    }

    /** The reset of a spiking layer ({@link Reset#ZERO} for a readout, where it is unused). */
    public Reset reset() {
        return reset;
    }

    /** The surrogate of a spiking layer ({@link Surrogate#ATAN} for a readout, where it is unused). */
    public Surrogate surrogateFunction() {
        return surrogate;
    }

    /**
     * Sets the linear leak {@code D} (see the class comment) of a spiking layer, or {@code NaN} for the
     * exponential decay {@code 1 - 1/tau}; returns the previous value.
     */
    public double useLinearLeak(double leak) {
        if (!Double.isNaN(leak) && (readout || !(leak >= 0) || !Double.isFinite(leak))) {
            throw new IllegalArgumentException(readout ? "a readout keeps its exponential decay"
                    : "a linear leak must be finite and >= 0, got " + leak);
        }
        double previous = linearLeak;
        linearLeak = leak;
        return previous;
    }

    /** Whether float32 inputs take the fused loop (default) or the per-step array operations; for tests. */
    void setFused(boolean fused) {
        this.fused = fused;
    }

    /** The linear leak {@code D}, or {@code NaN} for the exponential decay. */
    public double linearLeak() {
        return linearLeak;
    }

    /** Spikes (spiking) or membrane potential (readout), {@code (T, B, C)}, for currents {@code I (T, B, C)}. */
    public INDArray forward(INDArray current) {
        if (current.rank() != 3) {
            throw new IllegalArgumentException("LIF input must be (T, B, C), got " + java.util.Arrays.toString(current.shape()));
        }
        if (fused && FloatCells.applies(current)) {
            return forwardFloat(current);
        }
        cachedPotentialValues = null;
        cachedSpikeValues = null;
        long steps = current.size(0);
        DataType type = current.dataType();
        double decay = 1.0 - 1.0 / tau;
        INDArray potential = Nd4j.create(type, current.shape());
        INDArray spikes = readout ? null : Nd4j.create(type, current.shape());
        INDArray v = Nd4j.create(type, current.size(1), current.size(2));
        boolean linear = !Double.isNaN(linearLeak);
        for (long t = 0; t < steps; t++) {
            INDArray carried = linear ? Transforms.relu(v.sub(linearLeak), false) : v.mul(decay);
            INDArray h = carried.addi(step(current, t));
            step(potential, t).assign(h);
            if (readout) {
                v = h;
            } else {
                INDArray s = h.gte(THRESHOLD).castTo(type);
                step(spikes, t).assign(s);
                v = reset == Reset.ZERO ? h.muli(s.rsubi(1.0)) : h.subi(s.muli(THRESHOLD));
            }
        }
        cachedPotential = potential;
        cachedSpikes = spikes;
        return readout ? potential.dup() : spikes.dup();
    }

    /** {@code dL/dI (T, B, C)} for the gradient of the output, {@code (T, B, C)}. */
    public INDArray backward(INDArray gradOut) {
        if (cachedPotentialValues != null) {
            return backwardFloat(gradOut);
        }
        if (cachedPotential == null) {
            throw new IllegalStateException("backward before forward");
        }
        long steps = cachedPotential.size(0);
        double decay = 1.0 - 1.0 / tau;
        INDArray grad = Nd4j.create(cachedPotential.dataType(), cachedPotential.shape());
        INDArray carry = Nd4j.create(cachedPotential.dataType(), cachedPotential.size(1), cachedPotential.size(2));
        boolean linear = !Double.isNaN(linearLeak);
        for (long t = steps - 1; t >= 0; t--) {
            INDArray dh;
            if (readout) {
                dh = step(gradOut, t).add(carry);
            } else {
                INDArray slope = surrogate.derivative(step(cachedPotential, t).sub(THRESHOLD));
                if (reset == Reset.ZERO) {
                    INDArray keep = step(cachedSpikes, t).rsub(1.0);
                    dh = slope.muli(step(gradOut, t)).addi(carry.muli(keep));
                } else {
                    dh = slope.muli(step(gradOut, t).sub(carry.mul(THRESHOLD))).addi(carry);
                }
            }
            step(grad, t).assign(dh);
            carry = !linear ? dh.mul(decay) : t > 0 ? dh.mul(carriedSlope(t - 1)) : dh;
        }
        return grad;
    }

    /** {@link #forward} for float32: the recurrence per cell over {@code float[]}, cells split over threads. */
    private INDArray forwardFloat(INDArray current) {
        long[] shape = current.shape();
        int steps = (int) shape[0];
        int cells = (int) (shape[1] * shape[2]);
        float[] in = FloatCells.values(current);
        float[] potential = new float[in.length];
        float[] spikes = readout ? null : new float[in.length];
        float decay = (float) (1.0 - 1.0 / tau);
        boolean linear = !Double.isNaN(linearLeak);
        float leak = (float) linearLeak;
        float theta = (float) THRESHOLD;
        boolean zero = reset == Reset.ZERO;
        FloatCells.forRanges(cells, (long) cells * steps, (lo, hi) -> {
            float[] v = new float[hi - lo];
            for (int t = 0; t < steps; t++) {
                int base = t * cells + lo;
                for (int k = 0; k < v.length; k++) {
                    float carried = linear ? Math.max(0f, v[k] - leak) : v[k] * decay;
                    float h = carried + in[base + k];
                    potential[base + k] = h;
                    if (readout) {
                        v[k] = h;
                    } else {
                        float s = h >= theta ? 1f : 0f;
                        spikes[base + k] = s;
                        v[k] = zero ? h * (1f - s) : h - s * theta;
                    }
                }
            }
        });
        cachedPotential = null;
        cachedSpikes = null;
        cachedPotentialValues = potential;
        cachedSpikeValues = spikes;
        cachedShape = shape;
        return FloatCells.array(readout ? potential : spikes, shape);
    }

    /** {@link #backward} for float32, after {@link #forwardFloat}. */
    private INDArray backwardFloat(INDArray gradOut) {
        long[] shape = cachedShape;
        if (!java.util.Arrays.equals(gradOut.shape(), shape)) {
            throw new IllegalArgumentException("LIF output gradient must be " + java.util.Arrays.toString(shape)
                    + ", got " + java.util.Arrays.toString(gradOut.shape()));
        }
        int steps = (int) shape[0];
        int cells = (int) (shape[1] * shape[2]);
        float[] g = FloatCells.values(gradOut.castTo(DataType.FLOAT));
        float[] potential = cachedPotentialValues;
        float[] spikes = cachedSpikeValues;
        float[] grad = new float[g.length];
        float decay = (float) (1.0 - 1.0 / tau);
        boolean linear = !Double.isNaN(linearLeak);
        float leak = (float) linearLeak;
        float theta = (float) THRESHOLD;
        boolean zero = reset == Reset.ZERO;
        Surrogate sg = surrogate;
        FloatCells.forRanges(cells, (long) cells * steps, (lo, hi) -> {
            float[] carry = new float[hi - lo];
            for (int t = steps - 1; t >= 0; t--) {
                int base = t * cells + lo;
                int prev = base - cells;
                for (int k = 0; k < carry.length; k++) {
                    float dh;
                    if (readout) {
                        dh = g[base + k] + carry[k];
                    } else {
                        float slope = (float) sg.derivative(potential[base + k] - theta);
                        dh = zero ? slope * g[base + k] + carry[k] * (1f - spikes[base + k])
                                : slope * (g[base + k] - carry[k] * theta) + carry[k];
                    }
                    grad[base + k] = dh;
                    if (!linear) {
                        carry[k] = dh * decay;
                    } else if (t > 0) {
                        float h = potential[prev + k];
                        float s = spikes[prev + k];
                        float v = zero ? h * (1f - s) : h - s * theta;
                        carry[k] = v > leak ? dh : 0f;
                    } else {
                        carry[k] = dh;
                    }
                }
            }
        });
        return FloatCells.array(grad, shape);
    }

    /** {@code 1[v[t] > D]} for the cached step {@code t}, {@code v[t]} the value after its reset. */
    private INDArray carriedSlope(long t) {
        INDArray h = step(cachedPotential, t);
        INDArray s = step(cachedSpikes, t);
        INDArray v = reset == Reset.ZERO ? h.mul(s.rsub(1.0)) : h.sub(s.mul(THRESHOLD));
        return v.gt(linearLeak).castTo(h.dataType());
    }

    /** The arctangent surrogate derivative {@code alpha / 2 / (1 + (pi/2 alpha (h - theta))^2)}, elementwise. */
    public static INDArray surrogate(INDArray potential) {
        return Surrogate.ATAN.derivative(potential.sub(THRESHOLD));
    }

    private static INDArray step(INDArray a, long t) {
        return a.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
    }
}
