package org.spikeport.trainer.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The surrogate derivative that replaces {@code H'(x)} of the spike function in backpropagation,
 * with {@code x = h - theta}. The forward is the Heaviside step for every surrogate: a spike iff
 * {@code h >= theta}.
 */
public enum Surrogate {

    /**
     * {@code H'(x) ~ alpha / 2 / (1 + (pi/2 alpha x)^2)} with {@code alpha = }{@link #ATAN_ALPHA}: the
     * derivative of {@code atan(pi/2 alpha x) / pi + 1/2} (SpikingJelly's {@code ATan}).
     */
    ATAN {
        @Override
        public double derivative(double x) {
            double u = Math.PI / 2 * ATAN_ALPHA * x;
            return ATAN_ALPHA / 2 / (1 + u * u);
        }

        @Override
        public INDArray derivative(INDArray x) {
            INDArray u = x.mul(Math.PI / 2 * ATAN_ALPHA);
            return u.muli(u).addi(1.0).rdivi(ATAN_ALPHA / 2);
        }
    },

    /**
     * {@code H'(x) ~ max(0, 1 - |x|)} (DelRec's {@code Triangle} with {@code gamma = 1}): the derivative
     * of the piecewise quadratic {@code 0, (1 + x)^2 / 2, 1 - (1 - x)^2 / 2, 1} on
     * {@code x <= -1, -1..0, 0..1, >= 1}.
     */
    TRIANGLE {
        @Override
        public double derivative(double x) {
            return Math.max(0.0, 1.0 - Math.abs(x));
        }

        @Override
        public INDArray derivative(INDArray x) {
            return Transforms.max(Transforms.abs(x, true).rsubi(1.0), 0.0, false);
        }
    };

    /** Steepness {@code alpha} of {@link #ATAN}. */
    public static final double ATAN_ALPHA = 5.0;

    /** The surrogate derivative at {@code x = h - theta}. */
    public abstract double derivative(double x);

    /** The surrogate derivative elementwise at {@code x = h - theta}, as a new array of {@code x}'s type. */
    public abstract INDArray derivative(INDArray x);
}
