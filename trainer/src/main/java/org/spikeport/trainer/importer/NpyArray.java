package org.spikeport.trainer.importer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One array read from an {@code .npy} file: its element type, its shape and its elements in C
 * (row-major) order.
 *
 * <p>The accessors convert every element to the requested Java type: {@link #floats()} rounds
 * {@code float64} to the nearest {@code float}, integers are converted as by a Java cast, booleans
 * become 0 or 1.
 *
 * @param dtype the element type
 * @param shape the dimensions; empty for a scalar (one element)
 * @param data  the elements, {@code size() * dtype.itemSize()} bytes, little-endian
 */
public record NpyArray(NpyDtype dtype, int[] shape, byte[] data) {

    public NpyArray {
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n * dtype.itemSize() != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype.descr()
                    + " needs " + n * dtype.itemSize() + " bytes, got " + data.length);
        }
    }

    /** Number of elements (the product of the shape; 1 for a scalar). */
    public int size() {
        return data.length / dtype.itemSize();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The shape as NumPy prints it, e.g. {@code (6, 7, 1)}, {@code (3,)} or {@code ()}. */
    public String shapeText() {
        return shapeText(shape);
    }

    static String shapeText(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** The elements as doubles. */
    public double[] doubles() {
        double[] out = new double[size()];
        ByteBuffer b = buffer();
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case FLOAT32 -> b.getFloat();
                case FLOAT64 -> b.getDouble();
                case INT32 -> b.getInt();
                case INT64 -> b.getLong();
                case BOOL -> b.get() != 0 ? 1 : 0;
            };
        }
        return out;
    }

    /** The elements as floats. */
    public float[] floats() {
        if (dtype == NpyDtype.FLOAT32) {
            float[] out = new float[size()];
            buffer().asFloatBuffer().get(out);
            return out;
        }
        double[] d = doubles();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    /** The elements as longs; floating-point elements are truncated toward zero. */
    public long[] longs() {
        if (dtype == NpyDtype.INT64) {
            long[] out = new long[size()];
            buffer().asLongBuffer().get(out);
            return out;
        }
        double[] d = doubles();
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (long) d[i];
        }
        return out;
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && dtype == a.dtype && Arrays.equals(shape, a.shape)
                && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return (dtype.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype.descr() + " " + shapeText() + "]";
    }
}
