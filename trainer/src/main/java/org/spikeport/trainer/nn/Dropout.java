package org.spikeport.trainer.nn;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dropout with one mask per sample and channel, the same at every step: in training
 * {@code y[t, b, c] = x[t, b, c] m[b, c] / (1 - p)} with {@code m[b, c]} 1 with probability
 * {@code 1 - p} (drawn from the layer's {@link Random}, sample-major, once per forward, or fixed with
 * {@link #fixMask}), and {@code dx = dy m / (1 - p)}; in evaluation {@code y = x}. Shapes {@code (T, B, C)}.
 * Float32 arrays are scaled in one loop over {@code float[]}, others by an array operation.
 */
public final class Dropout {

    private final double rate;
    private final Random rng;
    private boolean training = true;
    private INDArray fixedScale;
    private INDArray cachedScale;

    /**
     * @param rate drop probability {@code p} in {@code [0, 1)}
     * @param rng  source of the masks; a seeded instance makes runs reproducible
     */
    public Dropout(double rate, Random rng) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.rng = rng;
    }

    public double rate() {
        return rate;
    }

    /** Training (masks drawn) or evaluation (identity); default training. */
    public void setTraining(boolean training) {
        this.training = training;
    }

    public boolean isTraining() {
        return training;
    }

    /**
     * Makes every following training forward use {@code scale (B, C)} as the scale {@code m / (1 - p)}
     * instead of drawing one (any values, also with {@code p = 0}); {@code null} returns to drawing.
     * Nothing is drawn from the layer's {@link Random} while a scale is fixed.
     */
    public void fixMask(INDArray scale) {
        if (scale != null && scale.rank() != 2) {
            throw new IllegalArgumentException("dropout mask must be (B, C), got " + java.util.Arrays.toString(scale.shape()));
        }
        this.fixedScale = scale == null ? null : scale.dup('c');
    }

    public INDArray forward(INDArray x) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException("dropout input must be (T, B, C), got " + java.util.Arrays.toString(x.shape()));
        }
        int cells = (int) (x.size(1) * x.size(2));
        if (training && fixedScale != null) {
            if (fixedScale.size(0) != x.size(1) || fixedScale.size(1) != x.size(2)) {
                throw new IllegalStateException("the fixed dropout mask is " + java.util.Arrays.toString(fixedScale.shape())
                        + ", the input has (B, C) = (" + x.size(1) + ", " + x.size(2) + ")");
            }
            cachedScale = fixedScale.castTo(x.dataType()).reshape('c', 1, cells);
            return applyScale(x);
        }
        if (!training || rate == 0) {
            cachedScale = null;
            return x.dup();
        }
        cachedScale = drawScale(x.size(1), x.size(2)).castTo(x.dataType()).reshape(1, cells);
        return applyScale(x);
    }

    /**
     * Draws the scale {@code m / (1 - p)} {@code (batch, channels)} from the layer's {@link Random}, sample-major,
     * as a training forward of a {@code (T, batch, channels)} input draws it (and advancing the generator as
     * far); {@code null}, drawing nothing, when the rate is 0. Lets a caller draw the masks of a whole batch
     * and hand each part of it its rows ({@link #fixMask}).
     */
    public INDArray drawScale(long batch, long channels) {
        if (rate == 0) {
            return null;
        }
        int cells = Math.toIntExact(batch * channels);
        double keep = 1.0 / (1.0 - rate);
        double[] scale = new double[cells];
        for (int k = 0; k < cells; k++) {
            scale[k] = rng.nextDouble() < rate ? 0.0 : keep;
        }
        return Nd4j.createFromArray(scale).reshape('c', batch, channels);
    }

    /** The mask scale {@code m / (1 - p)} of the last training forward, {@code (B, C)}, or {@code null}. */
    public INDArray lastScale() {
        return cachedScale == null ? null : cachedScale.reshape(-1);
    }

    public INDArray backward(INDArray gradOut) {
        return cachedScale == null ? gradOut.dup() : applyScale(gradOut);
    }

    private INDArray applyScale(INDArray a) {
        if (FloatCells.applies(a) && FloatCells.applies(cachedScale)) {
            float[] v = FloatCells.values(a);
            float[] scale = FloatCells.values(cachedScale);
            int cells = scale.length;
            for (int base = 0; base < v.length; base += cells) {
                for (int k = 0; k < cells; k++) {
                    v[base + k] *= scale[k];
                }
            }
            return FloatCells.array(v, a.shape());
        }
        return a.dup('c').reshape('c', a.size(0), a.size(1) * a.size(2)).muliRowVector(cachedScale)
                .reshape('c', a.shape());
    }
}
