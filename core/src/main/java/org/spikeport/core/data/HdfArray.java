package org.spikeport.core.data;

import io.jhdf.GlobalHeap;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.dataset.CompactDataset;
import io.jhdf.dataset.DatasetReader;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.ChunkOffset;
import io.jhdf.dataset.chunked.ChunkedDatasetBase;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import io.jhdf.object.message.FilterPipelineMessage;
import io.jhdf.storage.HdfBackingStorage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A 1-D HDF5 dataset read range by range, whatever its storage layout: contiguous, compact or chunked
 * (with the filters {@link HdfFilters} decodes). spikeport reads the stored bytes itself and lets jhdf
 * only parse the file's structure and convert element bytes to Java arrays: jhdf 0.10.0 returns zeros for
 * the elements of a slice that lie outside a chunked dataset's first chunk (a variable-length element of
 * zeros reads as an empty sample).
 *
 * <p>Every size read from the file is checked before anything is allocated from it: a dataset's element
 * count times its element size must fit in the file (times the largest expansion of its filters when
 * chunked), every chunk of the dataset's extent must be stored and lie in the file, and a
 * variable-length element's sequence length must match the global heap object it points to. A dataset
 * created but never (or only partly) written is rejected, as its unwritten elements are not data.
 *
 * <p>Not thread-safe: it keeps the last decoded chunk and the global heap collections it used.
 */
final class HdfArray {

    /** jhdf's value for an address the file does not define ({@code io.jhdf.Constants.UNDEFINED_ADDRESS}). */
    private static final long UNDEFINED_ADDRESS = -1L;
    /** Largest Java array spikeport allocates for one chunk or range. */
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;
    private static final int CACHED_HEAPS = 8;

    private final Hdf hdf;
    private final String name;
    private final DataType type;
    private final int elementSize;
    private final int length;
    private final Source source;
    private final Map<Long, GlobalHeap> heaps = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, GlobalHeap> eldest) {
            return size() > CACHED_HEAPS;
        }
    };

    /** Stored bytes of an element range; {@code count * elementSize} bytes from position 0. */
    private interface Source {
        ByteBuffer bytes(long start, int count);
    }

    private HdfArray(Hdf hdf, String name, DataType type, int length, Source source) {
        this.hdf = hdf;
        this.name = name;
        this.type = type;
        this.elementSize = type.getSize();
        this.length = length;
        this.source = source;
    }

    /**
     * Opens the 1-D dataset {@code d}, checking its storage against the file.
     *
     * @throws DatasetException naming the dataset if it is not 1-D, uses an unsupported storage layout or
     *                          filter, declares more data than the file can hold, or was not fully written
     */
    static HdfArray open(Hdf hdf, Dataset d) {
        String name = Hdf.name(d);
        int n = hdf.length1d(d);
        return hdf.read(name, () -> {
            DataType type = d.getDataType();
            long bytes = (long) n * type.getSize();
            Source source;
            if (n == 0) {
                source = (start, count) -> ByteBuffer.allocate(0);
            } else if (d instanceof ChunkedDatasetBase c) {
                source = chunked(hdf, name, c, n, type.getSize());
            } else if (d instanceof ContiguousDataset c) {
                source = contiguous(hdf, name, c, n, bytes);
            } else if (d instanceof CompactDataset c) {
                source = compact(hdf, name, c, n, bytes);
            } else {
                throw new DatasetException(hdf.file(), name + ": storage layout " + d.getDataLayout()
                        + " is not supported (spikeport reads contiguous, compact and chunked datasets)");
            }
            return new HdfArray(hdf, name, type, n, source);
        });
    }

    private static Source contiguous(Hdf hdf, String name, ContiguousDataset d, int n, long bytes) {
        long address = d.getDataAddress();
        if (address == UNDEFINED_ADDRESS) {
            throw new DatasetException(hdf.file(), name + ": has " + n + " elements but no data is stored"
                    + " (the dataset was created but never written)");
        }
        int size = d.getDataType().getSize();
        if (bytes > hdf.fileSize()) {
            throw new DatasetException(hdf.file(), name + ": declares " + n + " elements of " + size + " bytes ("
                    + bytes + " bytes), more than the " + hdf.fileSize() + "-byte file holds");
        }
        hdf.checkInFile(name, "its " + n + " elements", address, bytes);
        HdfBackingStorage storage = hdf.storage();
        return (start, count) -> storage.map(address + start * size, (long) count * size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static Source compact(Hdf hdf, String name, CompactDataset d, int n, long bytes) {
        ByteBuffer data = d.getDataBuffer();
        if (data.remaining() < bytes) {
            throw new DatasetException(hdf.file(), name + ": declares " + n + " elements (" + bytes
                    + " bytes) but its compact storage holds " + data.remaining() + " bytes");
        }
        int size = d.getDataType().getSize();
        return (start, count) -> data.duplicate().position(Math.toIntExact(start * size))
                .limit(Math.toIntExact((start + count) * size)).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static Source chunked(Hdf hdf, String name, ChunkedDatasetBase d, int n, int size) {
        Path file = hdf.file();
        int[] dims = d.getChunkDimensions();
        if (dims.length != 1 || dims[0] < 1) {
            throw new DatasetException(file, name + ": chunk shape " + java.util.Arrays.toString(dims)
                    + " does not fit a 1-D dataset");
        }
        int chunk = dims[0];
        long chunkBytes = (long) chunk * size;
        if (chunkBytes > MAX_ARRAY_BYTES) {
            throw new DatasetException(file, name + ": chunks of " + chunkBytes + " bytes are too large to read"
                    + " (at most " + MAX_ARRAY_BYTES + ")");
        }
        FilterPipelineMessage pipeline = d.getHeader().hasMessageOfType(FilterPipelineMessage.class)
                ? d.getHeader().getMessageOfType(FilterPipelineMessage.class) : null;
        HdfFilters filters = HdfFilters.of(file, name, pipeline);
        long bytes = (long) n * size;
        long capacity = saturatedProduct(hdf.fileSize(), filters.maxExpansion(new BitSet()));
        if (bytes > capacity) {
            throw new DatasetException(file, name + ": declares " + n + " elements of " + size + " bytes ("
                    + bytes + " bytes), more than the " + hdf.fileSize() + "-byte file can hold"
                    + (filters.isEmpty() ? "" : " even compressed"));
        }
        Map<ChunkOffset, Chunk> index = ChunkIndex.of(d);
        long needed = (n + (long) chunk - 1) / chunk;
        Chunk[] chunks = new Chunk[(int) Math.min(needed, index.size() + 1L)];
        for (int k = 0; k < chunks.length; k++) {
            Chunk c = index.get(new ChunkOffset(new int[] {k * chunk}));
            if (c == null || c.getAddress() == UNDEFINED_ADDRESS) {
                throw new DatasetException(file, name + ": chunk " + k + " (elements " + (long) k * chunk + ".."
                        + (Math.min(n, (k + 1L) * chunk) - 1) + ") is not stored; the dataset was only partly"
                        + " written (spikeport reads datasets whose every element was written)");
            }
            checkChunk(hdf, name, filters, c, k, chunkBytes);
            chunks[k] = c;
        }
        return new ChunkedSource(hdf, name, filters, chunks, chunk, size);
    }

    private static void checkChunk(Hdf hdf, String name, HdfFilters filters, Chunk c, int k, long chunkBytes) {
        String what = name + ", chunk " + k;
        if (c.getSize() <= 0) {
            throw new DatasetException(hdf.file(), what + ": stored size " + c.getSize() + " is not positive");
        }
        hdf.checkInFile(what, "its data", c.getAddress(), c.getSize());
        BitSet mask = mask(c);
        long expansion = filters.maxExpansion(mask);
        if (filters.isEmpty() && c.getSize() != chunkBytes) {
            throw new DatasetException(hdf.file(), what + ": stored in " + c.getSize() + " bytes, but an"
                    + " unfiltered chunk has " + chunkBytes);
        }
        if (chunkBytes > saturatedProduct(c.getSize(), expansion)) {
            throw new DatasetException(hdf.file(), what + ": " + c.getSize() + " stored bytes cannot decode to"
                    + " the " + chunkBytes + " bytes of a chunk");
        }
    }

    private static BitSet mask(Chunk c) {
        BitSet mask = c.getFilterMask();
        return mask == null ? new BitSet() : mask;
    }

    private static long saturatedProduct(long a, long b) {
        long p = a * b;
        return Math.multiplyHigh(a, b) != 0 || p < 0 ? Long.MAX_VALUE : p;
    }

    /** The chunks of a chunked dataset, decoded on demand; the last decoded chunk is kept. */
    private static final class ChunkedSource implements Source {

        private final Hdf hdf;
        private final String name;
        private final HdfFilters filters;
        private final Chunk[] chunks;
        private final int chunk;
        private final int size;
        private int cachedIndex = -1;
        private ByteBuffer cached;

        ChunkedSource(Hdf hdf, String name, HdfFilters filters, Chunk[] chunks, int chunk, int size) {
            this.hdf = hdf;
            this.name = name;
            this.filters = filters;
            this.chunks = chunks;
            this.chunk = chunk;
            this.size = size;
        }

        @Override
        public ByteBuffer bytes(long start, int count) {
            int first = (int) (start / chunk);
            int last = (int) ((start + count - 1) / chunk);
            if (first == last) {
                int from = (int) (start - (long) first * chunk) * size;
                return decoded(first).duplicate().position(from).limit(from + count * size).slice()
                        .order(ByteOrder.LITTLE_ENDIAN);
            }
            ByteBuffer out = ByteBuffer.allocate(Math.toIntExact((long) count * size)).order(ByteOrder.LITTLE_ENDIAN);
            long end = start + count;
            for (int k = first; k <= last; k++) {
                long from = Math.max(start, (long) k * chunk);
                long to = Math.min(end, (k + 1L) * chunk);
                int offset = (int) (from - (long) k * chunk) * size;
                out.put(decoded(k).duplicate().position(offset).limit(offset + (int) (to - from) * size));
            }
            return out.flip();
        }

        private ByteBuffer decoded(int k) {
            if (k != cachedIndex) {
                Chunk c = chunks[k];
                ByteBuffer stored = hdf.storage().map(c.getAddress(), c.getSize());
                if (filters.isEmpty()) {
                    cached = stored;
                } else {
                    byte[] raw = new byte[stored.remaining()];
                    stored.get(raw);
                    cached = ByteBuffer.wrap(filters.decode(hdf.file(), raw, mask(c), chunk * size,
                            name + ", chunk " + k));
                }
                cachedIndex = k;
            }
            return cached;
        }
    }

    /**
     * jhdf's index of a chunked dataset's chunks: address, stored size, offset and filter mask of each.
     * jhdf 0.10.0 keeps it behind the protected {@code ChunkedDatasetBase.getChunkLookup()}; its public
     * API gives a chunk's bytes but not its filter mask, without which chunks cannot be decoded right.
     */
    private static final class ChunkIndex {

        private static final Method LOOKUP = lookupMethod();

        private static Method lookupMethod() {
            try {
                Method m = ChunkedDatasetBase.class.getDeclaredMethod("getChunkLookup");
                m.setAccessible(true);
                return m;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        @SuppressWarnings("unchecked")
        static Map<ChunkOffset, Chunk> of(ChunkedDatasetBase d) {
            if (LOOKUP == null) {
                throw new IllegalStateException("this jhdf version has no ChunkedDatasetBase.getChunkLookup();"
                        + " spikeport needs it to read chunked datasets");
            }
            try {
                return (Map<ChunkOffset, Chunk>) LOOKUP.invoke(d);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot call jhdf's ChunkedDatasetBase.getChunkLookup()", e);
            }
        }
    }

    int length() {
        return length;
    }

    DataType type() {
        return type;
    }

    String name() {
        return name;
    }

    /**
     * Elements {@code start .. start + count - 1} of a dataset of fixed-size elements, as jhdf converts them
     * ({@code int[]} for uint16, {@code float[]} for float16, {@code String[]} for fixed-length strings, ...).
     */
    Object values(long start, int count, String what) {
        checkRange(start, count, what);
        return hdf.read(what, () -> DatasetReader.readDataset(type, source.bytes(start, count), new int[] {count},
                hdf.storage()));
    }

    /** Every element; see {@link #values(long, int, String)}. */
    Object values() {
        return values(0, length, name);
    }

    /**
     * Element {@code i} of a variable-length sequence dataset: its sequence as jhdf converts the base type.
     *
     * @param what dataset and sample, for error messages
     */
    Object sequence(int i, String what) {
        VariableLength vlen = (VariableLength) type;
        DataType base = vlen.getParent();
        return hdf.read(what, () -> {
            ByteBuffer object = heapObject(i, base.getSize(), what);
            return DatasetReader.readDataset(base, object, new int[] {object.remaining() / base.getSize()},
                    hdf.storage());
        });
    }

    /**
     * Element {@code i} of a string dataset, fixed-length (its padding removed) or variable-length. The
     * bytes are decoded as UTF-8 whatever character set the file declares: h5py stores Python
     * {@code bytes} with the ASCII character set, whose bytes are often UTF-8; malformed bytes read as
     * U+FFFD.
     */
    String string(int i, String what) {
        return hdf.read(what, () -> {
            ByteBuffer bytes;
            if (type instanceof StringData fixed) {
                checkRange(i, 1, what);
                bytes = source.bytes(i, 1);
                fixed.getStringPaddingHandler().setBufferLimit(bytes);
            } else {
                bytes = heapObject(i, 1, what);
            }
            return StandardCharsets.UTF_8.decode(bytes).toString();
        });
    }

    private void checkRange(long start, int count, String what) {
        if (start < 0 || count < 0 || start + count > length) {
            throw new DatasetException(hdf.file(), what + ": elements " + start + ".." + (start + count - 1)
                    + " are outside the dataset's " + length);
        }
    }

    /**
     * The global heap object holding variable-length element {@code i}, checked to hold exactly the
     * sequence length its heap ID declares times {@code baseSize} bytes.
     */
    private ByteBuffer heapObject(int i, int baseSize, String what) {
        checkRange(i, 1, what);
        int offsets = hdf.storage().getSizeOfOffsets();
        if (elementSize != 8 + offsets) {
            throw new DatasetException(hdf.file(), what + ": variable-length elements of " + elementSize
                    + " bytes, expected " + (8 + offsets) + " (length, heap address, object index)");
        }
        ByteBuffer id = source.bytes(i, 1).order(ByteOrder.LITTLE_ENDIAN);
        long sequence = Integer.toUnsignedLong(id.getInt());
        long address = unsigned(id, offsets);
        long index = Integer.toUnsignedLong(id.getInt());
        if (sequence == 0) {
            return ByteBuffer.allocate(0);
        }
        if (index == 0 || index > 0xffff) {
            throw new DatasetException(hdf.file(), what + ": refers to global heap object " + index
                    + ", which cannot exist (objects are numbered 1..65535)");
        }
        GlobalHeap heap = heap(address, what);
        ByteBuffer object;
        try {
            object = heap.getObjectData((int) index);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(hdf.file(), what + ": global heap collection at address " + address
                    + " has no object " + index, e);
        }
        long need = sequence * baseSize;
        if (object.remaining() != need) {
            throw new DatasetException(hdf.file(), what + ": variable-length sequence declares " + sequence
                    + " elements (" + need + " bytes) but its global heap object holds " + object.remaining()
                    + " bytes");
        }
        return object;
    }

    /**
     * The global heap collection at {@code address}, its header checked against the file before jhdf
     * reads (and allocates) the collection.
     */
    private GlobalHeap heap(long address, String what) {
        GlobalHeap heap = heaps.get(address);
        if (heap != null) {
            return heap;
        }
        int lengths = hdf.storage().getSizeOfLengths();
        String where = "global heap collection at address " + address;
        hdf.checkInFile(what, "the header of a global heap collection", address, 8L + lengths);
        ByteBuffer header = hdf.storage().map(address, 8L + lengths).order(ByteOrder.LITTLE_ENDIAN);
        byte[] signature = new byte[4];
        header.get(signature);
        byte version = header.get();
        if (!"GCOL".equals(new String(signature, StandardCharsets.US_ASCII)) || version != 1) {
            throw new DatasetException(hdf.file(), what + ": no " + where + " (signature or version wrong)");
        }
        header.position(8);
        long size = unsigned(header, lengths);
        if (size < 8L + lengths) {
            throw new DatasetException(hdf.file(), what + ": " + where + " declares " + size + " bytes, less than its header");
        }
        hdf.checkInFile(what, "a global heap collection", address, size);
        heap = new GlobalHeap(hdf.storage(), address);
        heaps.put(address, heap);
        return heap;
    }

    private static long unsigned(ByteBuffer b, int bytes) {
        long v = 0;
        for (int k = 0; k < bytes; k++) {
            v |= (b.get() & 0xffL) << (8 * k);
        }
        return v;
    }
}
