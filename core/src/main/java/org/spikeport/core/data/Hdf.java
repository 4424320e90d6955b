package org.spikeport.core.data;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jhdf.exceptions.UnsupportedHdfException;
import io.jhdf.links.ExternalLink;
import io.jhdf.links.SoftLink;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import io.jhdf.storage.HdfBackingStorage;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Access to an HDF5 file through jhdf that turns every failure into a one-line {@link DatasetException}.
 *
 * <p>jhdf reports damaged or truncated files with a variety of unchecked exceptions (its own
 * {@code HdfException}s, buffer underflows, illegal arguments) thrown when a node or its data is first
 * touched, so every jhdf call made by the readers goes through {@link #read}, which also turns a
 * {@code StackOverflowError} (a structure in the file that refers to itself) or an
 * {@code OutOfMemoryError} into a {@link DatasetException}.
 *
 * <p>A file of up to 2 GiB is memory-mapped and handed to jhdf as a buffer, so that every read jhdf makes
 * is a view of the mapped file: a size or address in the file that points past its end fails instead of
 * allocating a buffer of that size. Larger files are read through jhdf's file channel. The data the
 * readers use is read through {@link HdfArray}, which checks every size against the file first. Paths
 * are resolved by spikeport, following at most {@value #MAX_SOFT_LINKS} soft links (libhdf5's limit);
 * external links are not followed.
 */
final class Hdf implements AutoCloseable {

    /** Most soft links followed while resolving one path, as in libhdf5 ({@code H5L_NUM_LINKS}). */
    static final int MAX_SOFT_LINKS = 16;

    private final Path file;
    private final HdfFile hdf;
    private final long size;

    private Hdf(Path file, HdfFile hdf, long size) {
        this.file = file;
        this.hdf = hdf;
        this.size = size;
    }

    /** Opens {@code file}, failing with a readable message when it is missing or not HDF5. */
    static Hdf open(Path file) {
        if (!Files.exists(file)) {
            throw new DatasetException(file, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file, "not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new DatasetException(file, "file is not readable");
        }
        long size;
        HdfFile hdf;
        try {
            size = Files.size(file);
            hdf = openHdf(file, size);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read (" + summary(e) + ")", e);
        } catch (HdfException e) {
            if (String.valueOf(e.getMessage()).contains("No valid HDF5 signature")) {
                throw new DatasetException(file, "not an HDF5 file (no HDF5 signature found)", e);
            }
            throw new DatasetException(file, "cannot open as HDF5, the file may be truncated or damaged ("
                    + summary(e) + ")", e);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new DatasetException(file, "cannot open as HDF5, the file may be truncated or damaged ("
                    + summary(e) + ")", e);
        }
        checkLength(file, hdf, size);
        return new Hdf(file, hdf, size);
    }

    /** jhdf's view of the file: the mapped file when it can be mapped as one buffer, else jhdf's file channel. */
    private static HdfFile openHdf(Path file, long size) {
        if (size <= Integer.MAX_VALUE) {
            MappedByteBuffer mapped = null;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            } catch (IOException | UnsupportedOperationException e) {
                // A file system that cannot map files: jhdf's file channel reads it.
            }
            if (mapped != null) {
                return HdfFile.fromByteBuffer(mapped);
            }
        }
        return new HdfFile(file);
    }

    /**
     * Rejects a file shorter than the end-of-file address its superblock records (HDF5 File Format
     * Specification, "Superblock": the address is relative to the base address). Such a file was cut
     * off, even when the samples that happen to lie in the surviving part still read.
     */
    private static void checkLength(Path file, HdfFile hdf, long actual) {
        Superblock sb = hdf.getHdfBackingStorage().getSuperblock();
        long expected = sb.getBaseAddressByte() + sb.getEndOfFileAddress();
        if (actual < expected || expected < 0) {
            hdf.close();
            throw new DatasetException(file, "is truncated: " + actual + " bytes, but its HDF5 superblock says "
                    + Long.toUnsignedString(expected));
        }
    }

    Path file() {
        return file;
    }

    /** The file's size in bytes. */
    long fileSize() {
        return size;
    }

    /** jhdf's storage of the file; addresses passed to it are relative to the HDF5 base address. */
    HdfBackingStorage storage() {
        return hdf.getHdfBackingStorage();
    }

    /**
     * Checks that {@code length} bytes at {@code address} (relative to the HDF5 base address) lie in the
     * file.
     *
     * @param what        dataset path and, where it applies, sample, for the error message
     * @param description what is stored there, for the error message
     */
    void checkInFile(String what, String description, long address, long length) {
        long base = storage().getUserBlockSize();
        if (address < 0 || length < 0 || address > size - base || length > size - base - address) {
            throw new DatasetException(file, what + ": " + description + " (" + Long.toUnsignedString(length)
                    + " bytes at address " + Long.toUnsignedString(address) + ") would lie beyond the end of the "
                    + size + "-byte file");
        }
    }

    /**
     * Runs a jhdf call that touches {@code what} (a dataset path, or a dataset path and sample) and wraps
     * any unchecked exception other than a {@link DatasetException}, a {@code StackOverflowError} or an
     * {@code OutOfMemoryError} into a {@link DatasetException}.
     */
    <T> T read(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (DatasetException e) {
            throw e;
        } catch (RuntimeException e) {
            UnsupportedHdfException unsupported = unsupportedCause(e);
            if (unsupported != null) {
                throw new DatasetException(file, what + ": uses an HDF5 feature that jhdf cannot read ("
                        + summary(unsupported) + ")", e);
            }
            throw new DatasetException(file, what + ": cannot read, the file may be truncated or damaged ("
                    + summary(e) + ")", e);
        } catch (StackOverflowError e) {
            throw new DatasetException(file, what + ": cannot read, a structure in the file refers to itself"
                    + " or nests too deeply (StackOverflowError); the file is damaged", e);
        } catch (OutOfMemoryError e) {
            throw new DatasetException(file, what + ": cannot read, it needs more memory than is available ("
                    + summary(e) + "); the file may be damaged", e);
        }
    }

    /** The first {@code UnsupportedHdfException} among {@code e} and its causes, or {@code null}. */
    private static UnsupportedHdfException unsupportedCause(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof UnsupportedHdfException u) {
                return u;
            }
        }
        return null;
    }

    /** The dataset at {@code path}, or {@code null} when there is no node there. */
    Dataset optionalDataset(String path) {
        return read(path, () -> {
            Node node = resolve(hdf, path, path, new ArrayList<>());
            if (node == null) {
                return null;
            }
            if (!(node instanceof Dataset dataset)) {
                throw new DatasetException(file, path + ": expected a dataset, found a " + node.getType());
            }
            return dataset;
        });
    }

    /** The dataset at {@code path}; {@code layout} names the expected layout in the error message. */
    Dataset dataset(String path, String layout) {
        Dataset d = optionalDataset(path);
        if (d == null) {
            throw new DatasetException(file, path + ": missing (required by the " + layout + " layout)");
        }
        return d;
    }

    /**
     * The node at {@code path} below {@code start}, following soft links; {@code null} when a component
     * is missing.
     *
     * @param requested the path the reader asked for, for error messages
     * @param followed  the soft links followed so far, by path
     */
    private Node resolve(Group start, String path, String requested, List<String> followed) {
        Node node = start;
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (!(node instanceof Group group)) {
                return null;
            }
            node = group.getChildren().get(part);
            if (node instanceof SoftLink link) {
                String where = link.getPath();
                if (followed.contains(where)) {
                    throw new DatasetException(file, requested + ": soft links form a cycle ("
                            + String.join(" -> ", followed) + " -> " + where + ")");
                }
                followed.add(where);
                if (followed.size() > MAX_SOFT_LINKS) {
                    throw new DatasetException(file, requested + ": more than " + MAX_SOFT_LINKS
                            + " soft links to follow (" + followed.get(0) + " -> ...)");
                }
                String target = link.getTargetPath();
                node = resolve(target.startsWith("/") ? hdf : group, target, requested, followed);
                if (node == null) {
                    throw new DatasetException(file, requested + ": soft link " + where + " points to " + target
                            + ", which does not exist");
                }
            } else if (node instanceof ExternalLink link) {
                throw new DatasetException(file, requested + ": is an external link (to " + link.getTargetPath()
                        + "); links to other files are not followed");
            }
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** The root attribute {@code name}, or {@code null} when absent. */
    Attribute rootAttribute(String name) {
        return read("root attributes", () -> hdf.getAttributes().get(name));
    }

    /** A scalar integer root attribute, or {@code null} when absent. */
    Long rootIntAttribute(String name) {
        Attribute a = rootAttribute(name);
        if (a == null) {
            return null;
        }
        Object v = value(name, a);
        if (v instanceof Object[] arr && arr.length == 1) {
            v = arr[0];
        } else if (v != null && v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 1) {
            v = java.lang.reflect.Array.get(v, 0);
        }
        if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        throw new DatasetException(file, "root attribute " + name + ": expected an integer, found " + describeValue(v));
    }

    /** A scalar string root attribute, or {@code null} when absent. */
    String rootStringAttribute(String name) {
        Attribute a = rootAttribute(name);
        if (a == null) {
            return null;
        }
        Object v = value(name, a);
        if (v instanceof String[] arr && arr.length == 1) {
            v = arr[0];
        }
        if (v instanceof String s) {
            return s;
        }
        throw new DatasetException(file, "root attribute " + name + ": expected a string, found " + describeValue(v));
    }

    /** The data of a root attribute that must hold one value, checked to hold one before it is read. */
    private Object value(String name, Attribute a) {
        String what = "root attribute " + name;
        long n = read(what, a::getSize);
        if (n != 1) {
            throw new DatasetException(file, what + ": expected one value, found " + n);
        }
        return read(what, a::getData);
    }

    private static String describeValue(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v.getClass().isArray()) {
            return "an array of " + v.getClass().getComponentType().getSimpleName();
        }
        return "a " + v.getClass().getSimpleName() + " (" + v + ")";
    }

    /** Number of elements of a 1-D dataset; anything but 1-D is an error. */
    int length1d(Dataset d) {
        int[] dims = read(d.getPath(), d::getDimensions);
        if (dims.length != 1) {
            throw new DatasetException(file, name(d) + ": expected a 1-D dataset, found shape " + Arrays.toString(dims));
        }
        return dims[0];
    }

    /** The dataset path without the leading slash, as written in the layouts. */
    static String name(Dataset d) {
        String p = d.getPath();
        return p.startsWith("/") ? p.substring(1) : p;
    }

    /** The element type of {@code d}. */
    DataType type(Dataset d) {
        return read(name(d), d::getDataType);
    }

    /** A human-readable HDF5 type: {@code float16}, {@code uint16}, {@code string}, {@code variable-length int32}. */
    static String describe(DataType t) {
        if (t instanceof FloatingPoint f) {
            return "float" + f.getBitPrecision();
        }
        if (t instanceof FixedPoint x) {
            return (x.isSigned() ? "int" : "uint") + x.getBitPrecision();
        }
        if (t instanceof StringData) {
            return "fixed-length string";
        }
        if (t instanceof VariableLength v) {
            return v.isVariableLengthString() ? "variable-length string" : "variable-length " + describe(v.getParent());
        }
        return t.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    static boolean isFloat(DataType t) {
        return t instanceof FloatingPoint f && (f.getSize() == 2 || f.getSize() == 4 || f.getSize() == 8);
    }

    static boolean isInteger(DataType t) {
        return t instanceof FixedPoint;
    }

    /** Whether {@code t} holds text: fixed-length or variable-length strings. */
    static boolean isString(DataType t) {
        return t instanceof StringData || t instanceof VariableLength v && v.isVariableLengthString();
    }

    /**
     * Converts an array returned by jhdf for an integer dataset ({@code byte[]}, {@code short[]},
     * {@code int[]}, {@code long[]} or {@code BigInteger[]}) to {@code int[]}.
     *
     * @param what dataset path and, where it applies, sample, for the error message
     */
    static int[] toInts(Path file, String what, Object data) {
        if (data instanceof int[] a) {
            return a;
        }
        if (data instanceof short[] a) {
            int[] out = new int[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
            return out;
        }
        if (data instanceof byte[] a) {
            int[] out = new int[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
            return out;
        }
        if (data instanceof long[] a) {
            int[] out = new int[a.length];
            for (int i = 0; i < a.length; i++) {
                if (a[i] != (int) a[i]) {
                    throw new DatasetException(file, what + ": element " + i + " value " + a[i] + " does not fit in 32 bits");
                }
                out[i] = (int) a[i];
            }
            return out;
        }
        if (data instanceof BigInteger[] a) {
            int[] out = new int[a.length];
            for (int i = 0; i < a.length; i++) {
                if (a[i].bitLength() > 31) {
                    throw new DatasetException(file, what + ": element " + i + " value " + a[i] + " does not fit in 32 bits");
                }
                out[i] = a[i].intValue();
            }
            return out;
        }
        throw new DatasetException(file, what + ": expected integers, got " + describeValue(data));
    }

    /** Converts an integer array returned by jhdf to {@code long[]} (unsigned 64-bit values must fit). */
    static long[] toLongs(Path file, String what, Object data) {
        if (data instanceof long[] a) {
            return a;
        }
        if (data instanceof BigInteger[] a) {
            long[] out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                if (a[i].bitLength() > 63) {
                    throw new DatasetException(file, what + ": element " + i + " value " + a[i] + " does not fit in 63 bits");
                }
                out[i] = a[i].longValue();
            }
            return out;
        }
        int[] ints = toInts(file, what, data);
        return Arrays.stream(ints).asLongStream().toArray();
    }

    /** Converts a {@code float[]} or {@code double[]} returned by jhdf to {@code double[]} (exact). */
    static double[] toDoubles(Path file, String what, Object data) {
        if (data instanceof double[] a) {
            return a;
        }
        if (data instanceof float[] a) {
            double[] out = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i];
            }
            return out;
        }
        throw new DatasetException(file, what + ": expected floating-point values, got " + describeValue(data));
    }

    /** Exception class and message on one line, for wrapping jhdf failures. */
    static String summary(Throwable e) {
        String m = e.getMessage();
        String text = e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
        return text.replaceAll("\\s+", " ").trim();
    }

    @Override
    public void close() {
        try {
            hdf.close();
        } catch (RuntimeException e) {
            throw new DatasetException(file, "cannot close (" + summary(e) + ")", e);
        }
    }
}
