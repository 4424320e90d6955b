package org.spikeport.trainer.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Discrete leaky integrate-and-fire neurons over time (no parameters), from {@code v[-1] = 0}:
 *
 * <pre>
 *   spiking:  h[t] = v[t-1] - v[t-1] / tau + I[t]
 *             s[t] = H(h[t] - theta)            (spike iff h[t] &gt;= theta)
 *             v[t] = h[t] (1 - s[t])            (hard reset; (1 - s[t]) is a constant for the gradient)
 *   readout:  v[t] = v[t-1] - v[t-1] / tau + I[t]   (no threshold, no reset)
 * </pre>
 *
 * The spiking layer outputs {@code s (T, B, C)}, the readout outputs {@code v (T, B, C)}. Backward
 * is backpropagation through time, with {@code H'(x)} replaced by the surrogate
 * {@code SURROGATE_ALPHA / 2 / (1 + (pi/2 SURROGATE_ALPHA x)^2)} and {@code a = 1 - 1/tau}:
 *
 * <pre>
 *   spiking:  dh[t] = ds[t] H'(h[t] - theta) + a dh[t+1] (1 - s[t]),   dI[t] = dh[t]
 *   readout:  dv[t] = dout[t] + a dv[t+1],                               dI[t] = dv[t]
 * </pre>
 *
 * with {@code dh[T] = dv[T] = 0}.
 */
public final class Lif {

    /** Steepness {@code alpha} of the arctangent surrogate. */
    public static final double SURROGATE_ALPHA = 5.0;
    /** Firing threshold. */
    public static final double THRESHOLD = 1.0;

    private final double tau;
    private final boolean readout;
    private INDArray cachedPotential;
    private INDArray cachedSpikes;

    private Lif(double tau, boolean readout) {
        if (!(tau >= 1.0) || !Double.isFinite(tau)) {
            throw new IllegalArgumentException("LIF tau must be a finite number of steps >= 1, got " + tau);
        }
        this.tau = tau;
        this.readout = readout;
    }

    /** Spiking neurons with threshold {@link #THRESHOLD} and detached hard reset. */
    public static Lif spiking(double tau) {
        return new Lif(tau, false);
    }

    /** Readout neurons: the output is the membrane potential. */
    public static Lif readout(double tau) {
        return new Lif(tau, true);
    }

    public double tau() {
        return tau;
    }

    public boolean isReadout() {
        return readout;
    }

    /** Spikes (spiking) or membrane potential (readout), {@code (T, B, C)}, for currents {@code I (T, B, C)}. */
    public INDArray forward(INDArray current) {
        if (current.rank() != 3) {
            throw new IllegalArgumentException("LIF input must be (T, B, C), got " + java.util.Arrays.toString(current.shape()));
        }
        long steps = current.size(0);
        DataType type = current.dataType();
        double decay = 1.0 - 1.0 / tau;
        INDArray potential = Nd4j.create(type, current.shape());
        INDArray spikes = readout ? null : Nd4j.create(type, current.shape());
        INDArray v = Nd4j.create(type, current.size(1), current.size(2));
        for (long t = 0; t < steps; t++) {
            INDArray h = v.mul(decay).addi(step(current, t));
            step(potential, t).assign(h);
            if (readout) {
                v = h;
            } else {
                INDArray s = h.gte(THRESHOLD).castTo(type);
                step(spikes, t).assign(s);
                v = h.muli(s.rsubi(1.0));
            }
        }
        cachedPotential = potential;
        cachedSpikes = spikes;
        return readout ? potential.dup() : spikes.dup();
    }

    /** {@code dL/dI (T, B, C)} for the gradient of the output, {@code (T, B, C)}. */
    public INDArray backward(INDArray gradOut) {
        if (cachedPotential == null) {
            throw new IllegalStateException("backward before forward");
        }
        long steps = cachedPotential.size(0);
        double decay = 1.0 - 1.0 / tau;
        INDArray grad = Nd4j.create(cachedPotential.dataType(), cachedPotential.shape());
        INDArray carry = Nd4j.create(cachedPotential.dataType(), cachedPotential.size(1), cachedPotential.size(2));
        for (long t = steps - 1; t >= 0; t--) {
            INDArray dh;
            if (readout) {
                dh = step(gradOut, t).add(carry);
            } else {
                INDArray keep = step(cachedSpikes, t).rsub(1.0);
                dh = surrogate(step(cachedPotential, t)).muli(step(gradOut, t)).addi(carry.muli(keep));
            }
            step(grad, t).assign(dh);
            carry = dh.mul(decay);
        }
        return grad;
    }

    /** The surrogate derivative {@code alpha / 2 / (1 + (pi/2 alpha (h - theta))^2)}, elementwise. */
    public static INDArray surrogate(INDArray potential) {
        INDArray u = potential.sub(THRESHOLD).muli(Math.PI / 2 * SURROGATE_ALPHA);
        return u.muli(u).addi(1.0).rdivi(SURROGATE_ALPHA / 2);
    }

    private static INDArray step(INDArray a, long t) {
        return a.get(NDArrayIndex.point(t), NDArrayIndex.all(), NDArrayIndex.all());
    }
}
