package org.spikeport.trainer.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation per channel with statistics over batch and time (PyTorch's
 * {@code BatchNorm1d} on {@code (B, C, T)}). With the input viewed as {@code (N, C)},
 * {@code N = T B}:
 *
 * <pre>
 *   training:   mu = mean_N x,   var = mean_N (x - mu)^2              (biased)
 *               running_mean = (1 - MOMENTUM) running_mean + MOMENTUM mu
 *               running_var  = (1 - MOMENTUM) running_var  + MOMENTUM var N / (N - 1)   (unbiased)
 *   evaluation: mu = running_mean,  var = running_var
 *   y = gamma (x - mu) / sqrt(var + EPS) + beta
 * </pre>
 *
 * Backward in training mode goes through the batch statistics, with {@code xhat} the normalised
 * input and {@code g = dy gamma}:
 * {@code dx = (g - mean_N g - xhat mean_N(g xhat)) / sqrt(var + EPS)};
 * {@code dgamma += sum_N dy xhat}, {@code dbeta += sum_N dy}. In evaluation mode the statistics are
 * constants: {@code dx = g / sqrt(var + EPS)}.
 *
 * <p>Shapes: input and output {@code (T, B, C)}; gamma, beta, running statistics {@code (C)}.
 * Initial gamma 1, beta 0, running mean 0, running variance 1.
 *
 * <p>Float32 inputs run forward and backward as fused loops over {@code float[]} (rows split over
 * threads, per-channel sums accumulated in double); other types as array operations. Both agree to
 * float rounding.
 */
public final class BatchNormTime {

    /** Weight of the current batch in the running statistics. */
    public static final double MOMENTUM = 0.1;
    /** Added to the variance. */
    public static final double EPS = 1e-5;

    private final int channels;
    private final DataType dataType;
    private final INDArray gamma;
    private final INDArray beta;
    private final INDArray gammaGrad;
    private final INDArray betaGrad;
    private final INDArray runningMean;
    private final INDArray runningVar;
    private boolean training = true;

    private INDArray cachedNormalised;
    private INDArray cachedInvStd;
    private boolean cachedTraining;
    private long[] cachedShape;
    private float[] cachedNormalisedValues;
    private float[] cachedInvStdValues;
    private boolean fused = true;
    private BatchReduction reduction = BatchReduction.LOCAL;

    public BatchNormTime(int channels, DataType dataType) {
        if (channels < 1) {
            throw new IllegalArgumentException("batch norm needs at least one channel, got " + channels);
        }
        this.channels = channels;
        this.dataType = dataType;
        this.gamma = Nd4j.ones(dataType, channels);
        this.beta = Nd4j.zeros(dataType, channels);
        this.gammaGrad = Nd4j.zeros(dataType, channels);
        this.betaGrad = Nd4j.zeros(dataType, channels);
        this.runningMean = Nd4j.zeros(dataType, channels);
        this.runningVar = Nd4j.ones(dataType, channels);
    }

    public int channels() {
        return channels;
    }

    /** Scale {@code (C)}; the live array. */
    public INDArray gamma() {
        return gamma;
    }

    /** Shift {@code (C)}; the live array. */
    public INDArray beta() {
        return beta;
    }

    public INDArray gammaGrad() {
        return gammaGrad;
    }

    public INDArray betaGrad() {
        return betaGrad;
    }

    /** Running mean {@code (C)}; the live array. */
    public INDArray runningMean() {
        return runningMean;
    }

    /** Running unbiased variance {@code (C)}; the live array. */
    public INDArray runningVar() {
        return runningVar;
    }

    /** Training mode (batch statistics, running statistics updated) or evaluation; default training. */
    public void setTraining(boolean training) {
        this.training = training;
    }

    public boolean isTraining() {
        return training;
    }

    /** Whether float32 inputs take the fused loops (default) or the array operations; for tests. */
    void setFused(boolean fused) {
        this.fused = fused;
    }

    /**
     * How training-mode statistics are summed over the batch: {@link BatchReduction#LOCAL} (default) when
     * this process holds the whole batch; another reduction when it holds one part of it, so that the mean
     * and variance (forward) and the two gradient sums (backward) are those of the whole batch. The
     * parameter gradients stay this part's own. Needs float32 inputs (the fused loops).
     */
    public void setReduction(BatchReduction reduction) {
        this.reduction = java.util.Objects.requireNonNull(reduction, "reduction");
    }

    public void zeroGrad() {
        gammaGrad.assign(0);
        betaGrad.assign(0);
    }

    /** {@code y (T, B, C)} for {@code x (T, B, C)}. */
    public INDArray forward(INDArray x) {
        if (x.rank() != 3 || x.size(2) != channels || x.dataType() != dataType) {
            throw new IllegalArgumentException("batch norm input must be " + dataType + " (T, B, " + channels
                    + "), got " + x.dataType() + " " + java.util.Arrays.toString(x.shape()));
        }
        if (fused && FloatCells.applies(x)) {
            return forwardFloat(x);
        }
        if (reduction != BatchReduction.LOCAL && training) {
            throw new IllegalStateException("batch statistics reduced over parts of a batch need float32 inputs");
        }
        cachedNormalisedValues = null;
        long rows = x.size(0) * x.size(1);
        INDArray flat = x.dup('c').reshape('c', rows, channels);
        INDArray mean;
        INDArray var;
        if (training) {
            if (rows < 2) {
                throw new IllegalArgumentException("batch norm training needs at least 2 values per channel");
            }
            mean = flat.mean(0);
            flat.subiRowVector(mean);
            var = flat.mul(flat).mean(0);
            runningMean.muli(1 - MOMENTUM).addi(mean.mul(MOMENTUM));
            runningVar.muli(1 - MOMENTUM).addi(var.mul(MOMENTUM * rows / (rows - 1.0)));
        } else {
            mean = runningMean;
            var = runningVar;
            flat.subiRowVector(mean);
        }
        INDArray invStd = Transforms.pow(var.add(EPS), -0.5, false);
        flat.muliRowVector(invStd);
        cachedNormalised = flat;
        cachedInvStd = invStd;
        cachedTraining = training;
        cachedShape = x.shape();
        return flat.mulRowVector(gamma).addiRowVector(beta).reshape('c', cachedShape);
    }

    /** {@code dL/dx (T, B, C)} for {@code dL/dy (T, B, C)}; accumulates {@code dL/dgamma}, {@code dL/dbeta}. */
    public INDArray backward(INDArray gradOut) {
        if (cachedNormalisedValues != null) {
            return backwardFloat(gradOut);
        }
        if (cachedNormalised == null) {
            throw new IllegalStateException("backward before forward");
        }
        long rows = cachedNormalised.size(0);
        INDArray dy = gradOut.dup('c').reshape('c', rows, channels);
        gammaGrad.addi(dy.mul(cachedNormalised).sum(0));
        betaGrad.addi(dy.sum(0));
        INDArray g = dy.muliRowVector(gamma);
        if (cachedTraining) {
            INDArray meanG = g.mean(0);
            INDArray meanGx = g.mul(cachedNormalised).mean(0);
            g.subiRowVector(meanG).subi(cachedNormalised.mulRowVector(meanGx));
        }
        return g.muliRowVector(cachedInvStd).reshape('c', cachedShape);
    }

    /** {@link #forward} for float32 as fused loops: sums, centred squares, then normalise and scale. */
    private INDArray forwardFloat(INDArray x) {
        long[] shape = x.shape();
        int rows = (int) (shape[0] * shape[1]);
        int c = channels;
        float[] v = FloatCells.values(x);
        double[] mean;
        double[] var;
        if (training) {
            double[] sums = reduced(channelSums(v, null, rows), rows);
            double n = sums[c];
            if (n < 2) {
                throw new IllegalArgumentException("batch norm training needs at least 2 values per channel");
            }
            mean = java.util.Arrays.copyOf(sums, c);
            for (int j = 0; j < c; j++) {
                mean[j] /= n;
            }
            double[] centre = mean;
            var = java.util.Arrays.copyOf(reduced(channelSums(v, centre, rows), rows), c);
            for (int j = 0; j < c; j++) {
                var[j] /= n;
            }
            runningMean.muli(1 - MOMENTUM).addi(Nd4j.createFromArray(mean).castTo(dataType).muli(MOMENTUM));
            runningVar.muli(1 - MOMENTUM).addi(Nd4j.createFromArray(var).castTo(dataType)
                    .muli(MOMENTUM * n / (n - 1.0)));
        } else {
            mean = runningMean.toDoubleVector();
            var = runningVar.toDoubleVector();
        }
        float[] mu = new float[c];
        float[] inv = new float[c];
        for (int j = 0; j < c; j++) {
            mu[j] = (float) mean[j];
            inv[j] = (float) (1.0 / Math.sqrt((float) var[j] + EPS));
        }
        float[] g = gamma.toFloatVector();
        float[] b = beta.toFloatVector();
        float[] normalised = new float[v.length];
        float[] y = new float[v.length];
        FloatCells.forRanges(rows, (long) rows * c, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int base = r * c;
                for (int j = 0; j < c; j++) {
                    float h = (v[base + j] - mu[j]) * inv[j];
                    normalised[base + j] = h;
                    y[base + j] = h * g[j] + b[j];
                }
            }
        });
        cachedNormalised = null;
        cachedNormalisedValues = normalised;
        cachedInvStdValues = inv;
        cachedTraining = training;
        cachedShape = shape;
        return FloatCells.array(y, shape);
    }

    /** {@link #backward} for float32 as fused loops: the two per-channel sums, then the input gradient. */
    private INDArray backwardFloat(INDArray gradOut) {
        long[] shape = cachedShape;
        if (!java.util.Arrays.equals(gradOut.shape(), shape)) {
            throw new IllegalArgumentException("batch norm output gradient must be " + java.util.Arrays.toString(shape)
                    + ", got " + java.util.Arrays.toString(gradOut.shape()));
        }
        int rows = (int) (shape[0] * shape[1]);
        int c = channels;
        float[] dy = FloatCells.values(gradOut.castTo(DataType.FLOAT));
        float[] xhat = cachedNormalisedValues;
        float[] inv = cachedInvStdValues;
        double[][] sums = sumsOfGradient(dy, xhat, rows);
        double[] sumDy = sums[0];
        double[] sumDyX = sums[1];
        gammaGrad.addi(Nd4j.createFromArray(sumDyX).castTo(dataType));
        betaGrad.addi(Nd4j.createFromArray(sumDy).castTo(dataType));
        float[] g = gamma.toFloatVector();
        float[] meanG = new float[c];
        float[] meanGx = new float[c];
        if (cachedTraining) {
            double[] both = new double[2 * c];
            System.arraycopy(sumDy, 0, both, 0, c);
            System.arraycopy(sumDyX, 0, both, c, c);
            double[] whole = reduced(both, rows);
            double n = whole[2 * c];
            for (int j = 0; j < c; j++) {
                meanG[j] = (float) (g[j] * whole[j] / n);
                meanGx[j] = (float) (g[j] * whole[c + j] / n);
            }
        }
        float[] dx = new float[dy.length];
        FloatCells.forRanges(rows, (long) rows * c, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int base = r * c;
                for (int j = 0; j < c; j++) {
                    dx[base + j] = (dy[base + j] * g[j] - meanG[j] - xhat[base + j] * meanGx[j]) * inv[j];
                }
            }
        });
        return FloatCells.array(dx, shape);
    }

    /** {@code sums} with {@code rows} appended, summed over the whole batch by the {@link #reduction}. */
    private double[] reduced(double[] sums, int rows) {
        double[] local = java.util.Arrays.copyOf(sums, sums.length + 1);
        local[sums.length] = rows;
        double[] whole = reduction.sum(local);
        if (whole.length != local.length) {
            throw new IllegalStateException("the batch reduction returned " + whole.length + " sums, expected "
                    + local.length);
        }
        return whole;
    }

    /** Per channel {@code sum_rows (v - centre)^2}, or {@code sum_rows v} when {@code centre} is null. */
    private double[] channelSums(float[] v, double[] centre, int rows) {
        int c = channels;
        int chunks = FloatCells.chunks((long) rows * c);
        double[][] parts = new double[chunks][c];
        java.util.stream.IntStream.range(0, chunks).parallel().forEach(k -> {
            double[] acc = parts[k];
            int lo = (int) ((long) rows * k / chunks);
            int hi = (int) ((long) rows * (k + 1) / chunks);
            for (int r = lo; r < hi; r++) {
                int base = r * c;
                if (centre == null) {
                    for (int j = 0; j < c; j++) {
                        acc[j] += v[base + j];
                    }
                } else {
                    for (int j = 0; j < c; j++) {
                        double d = v[base + j] - centre[j];
                        acc[j] += d * d;
                    }
                }
            }
        });
        return combine(parts);
    }

    /** Per channel {@code sum_rows dy} and {@code sum_rows dy xhat}. */
    private double[][] sumsOfGradient(float[] dy, float[] xhat, int rows) {
        int c = channels;
        int chunks = FloatCells.chunks((long) rows * c);
        double[][] dyParts = new double[chunks][c];
        double[][] dyxParts = new double[chunks][c];
        java.util.stream.IntStream.range(0, chunks).parallel().forEach(k -> {
            double[] a = dyParts[k];
            double[] b = dyxParts[k];
            int lo = (int) ((long) rows * k / chunks);
            int hi = (int) ((long) rows * (k + 1) / chunks);
            for (int r = lo; r < hi; r++) {
                int base = r * c;
                for (int j = 0; j < c; j++) {
                    float d = dy[base + j];
                    a[j] += d;
                    b[j] += d * xhat[base + j];
                }
            }
        });
        return new double[][] {combine(dyParts), combine(dyxParts)};
    }

    private static double[] combine(double[][] parts) {
        double[] sum = parts[0].clone();
        for (int k = 1; k < parts.length; k++) {
            for (int j = 0; j < sum.length; j++) {
                sum[j] += parts[k][j];
            }
        }
        return sum;
    }
}
