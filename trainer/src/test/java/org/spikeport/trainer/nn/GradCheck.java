package org.spikeport.trainer.nn;

import java.util.Random;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Central finite differences in double precision, for gradient checks. */
final class GradCheck {

    private GradCheck() {
    }

    /**
     * Largest relative error between {@code analytic} and the central difference of {@code loss}
     * with respect to every element of {@code param} (perturbed in place and restored), where the
     * relative error of one element is {@code |a - f| / max(|a| + |f|, floor)}.
     */
    static double maxRelativeError(INDArray param, INDArray analytic, DoubleSupplier loss, double h, double floor) {
        if (param.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("gradient checks run in double precision");
        }
        INDArray grad = analytic.dup('c').reshape(analytic.length());
        double worst = 0;
        for (long k = 0; k < param.length(); k++) {
            double original = param.getDouble(k);
            param.putScalar(k, original + h);
            double plus = loss.getAsDouble();
            param.putScalar(k, original - h);
            double minus = loss.getAsDouble();
            param.putScalar(k, original);
            double numeric = (plus - minus) / (2 * h);
            double a = grad.getDouble(k);
            double err = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), floor);
            worst = Math.max(worst, err);
        }
        return worst;
    }

    /**
     * The primitive of a surrogate: its derivative is the surrogate, it rises from 0 to 1. A spike
     * {@code H(h0 - theta) + S(h - theta) - S(h0 - theta)} equals the real spike at {@code h = h0} and has
     * the surrogate as its exact derivative, which is what surrogate-gradient BPTT computes.
     */
    static double surrogatePrimitive(Surrogate surrogate, double x) {
        if (surrogate == Surrogate.ATAN) {
            return Math.atan(Math.PI / 2 * Surrogate.ATAN_ALPHA * x) / Math.PI + 0.5;
        }
        if (x <= -1) {
            return 0;
        }
        if (x <= 0) {
            return (1 + x) * (1 + x) / 2;
        }
        return x >= 1 ? 1 : 1 - (1 - x) * (1 - x) / 2;
    }

    /** A double array of the given shape with entries uniform in {@code [lo, hi)}. */
    static INDArray uniform(Random rng, double lo, double hi, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int k = 0; k < v.length; k++) {
            v[k] = lo + (hi - lo) * rng.nextDouble();
        }
        return Nd4j.createFromArray(v).reshape('c', shape);
    }

    /** {@code sum(a * b)} in double. */
    static double dot(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).mul(b.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
    }
}
