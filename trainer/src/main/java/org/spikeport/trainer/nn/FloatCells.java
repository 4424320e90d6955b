package org.spikeport.trainer.nn;

import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float32 arrays as Java {@code float[]} for the fused loops of the layers ({@link Lif},
 * {@link BatchNormTime}, {@link Dropout}, {@link DclsConv}, {@link ReadoutLoss}) and the optimiser:
 * copies in C order, and ranges split into chunks that run in parallel on the common fork-join pool (its
 * parallelism plus the calling thread; one chunk, on the calling thread, when the system property
 * {@value #THREADS_PROPERTY} is 1).
 */
public final class FloatCells {

    /** System property: the most chunks a fused loop is split into (default the number of processors). */
    static final String THREADS_PROPERTY = "spikeport.trainer.threads";

    /** Fewest cells per chunk: below this a loop runs on one thread. */
    private static final int MIN_CHUNK = 1 << 14;

    private FloatCells() {
    }

    /** Whether the fused float32 path applies to {@code a}. */
    static boolean applies(INDArray a) {
        return a.dataType() == DataType.FLOAT;
    }

    /**
     * The values of float32 {@code a} in C order, as a new array (one bulk copy out of the native buffer;
     * {@code DataBuffer.asFloat} copies element by element, several times slower).
     */
    public static float[] values(INDArray a) {
        INDArray c = plain(a) ? a : a.dup('c');
        float[] out = new float[(int) c.length()];
        c.data().asNioFloat().get(out);
        return out;
    }

    /**
     * Whether {@code a} is float32 and its buffer holds exactly its elements in C order from offset 0 (also
     * a reshaped view of such a buffer), so that the buffer can be read and written in bulk.
     */
    public static boolean plain(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.data().offset() == 0
                && a.data().length() == a.length() && Shape.hasDefaultStridesForShape(a);
    }

    /**
     * Writes {@code values} over the elements of {@code target} in C order (one bulk copy into its buffer);
     * {@code target} must be {@link #plain} and hold exactly {@code values.length} elements.
     */
    public static void write(float[] values, INDArray target) {
        if (!plain(target) || target.length() != values.length) {
            throw new IllegalArgumentException("cannot write " + values.length + " values in bulk over "
                    + java.util.Arrays.toString(target.shape()) + " (" + target.dataType() + ", "
                    + (plain(target) ? "plain" : "not a plain C-order buffer") + ")");
        }
        target.data().asNioFloat().put(values);
    }

    /** A float32 array of {@code shape} holding {@code values} in C order (one bulk copy into a new buffer). */
    public static INDArray array(float[] values, long... shape) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        if (a.length() != values.length) {
            throw new IllegalArgumentException(values.length + " values for shape " + java.util.Arrays.toString(shape));
        }
        a.data().asNioFloat().put(values);
        return a;
    }

    /** Chunks to split {@code n} independent cells into. */
    static int chunks(long n) {
        int threads = Integer.getInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors());
        return (int) Math.max(1, Math.min(Math.max(1, threads), n / MIN_CHUNK));
    }

    /**
     * Runs {@code body(lo, hi)} over {@code [0, n)} split into {@code chunks(work)} contiguous ranges (at
     * most {@code n}), where {@code work} is the whole loop's cost in simple float updates (for a recurrence
     * over steps, cells times steps; an exponential counts as several).
     */
    static void forRanges(int n, long work, Range body) {
        int chunks = (int) Math.min(n, chunks(work));
        if (chunks <= 1) {
            body.run(0, n);
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(c -> body.run(
                (int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks)));
    }

    /** A loop body over the index range {@code [lo, hi)}. */
    @FunctionalInterface
    interface Range {
        void run(int lo, int hi);
    }
}
