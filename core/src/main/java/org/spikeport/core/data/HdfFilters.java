package org.spikeport.core.data;

import com.ning.compress.lzf.LZFException;
import com.ning.compress.lzf.util.ChunkDecoderFactory;
import io.jhdf.object.message.FilterPipelineMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The filter pipeline of a chunked HDF5 dataset, decoded by spikeport rather than by jhdf: jhdf 0.10.0
 * ignores a chunk's filter mask (h5py stores every chunk of a variable-length dataset with its shuffle
 * filter skipped, and lzf chunks that do not shrink uncompressed) and does not verify fletcher32
 * checksums.
 *
 * <p>Supported filters: deflate (gzip, id 1), shuffle (2), fletcher32 (3, the checksum is verified)
 * and lzf (32000, h5py's). Any other filter is rejected when the dataset is opened, naming it. A chunk
 * is decoded by applying the pipeline's filters in reverse order, skipping those its filter mask marks
 * as not applied (bit {@code i} for the {@code i}-th filter). Every stage's output size is known before
 * it is produced and bounded by the chunk's size, so a damaged chunk cannot make the reader allocate
 * more than one chunk.
 */
final class HdfFilters {

    static final int DEFLATE = 1;
    static final int SHUFFLE = 2;
    static final int FLETCHER32 = 3;
    static final int LZF = 32000;

    /** Largest size ratio deflate reaches: a 258-byte match in 2 bits. */
    private static final long DEFLATE_MAX_RATIO = 1032;
    /** Largest size ratio lzf reaches: a 264-byte back-reference in 3 bytes. */
    private static final long LZF_MAX_RATIO = 88;
    private static final int FLETCHER_BYTES = 4;

    private static final Map<Integer, String> KNOWN = Map.of(
            DEFLATE, "deflate", SHUFFLE, "shuffle", FLETCHER32, "fletcher32", 4, "szip", 5, "nbit",
            6, "scaleoffset", LZF, "lzf", 32001, "blosc", 32004, "lz4", 32008, "bitshuffle");

    private record Filter(int id, String name, int[] data) {
    }

    /** A dataset without filters. */
    static final HdfFilters NONE = new HdfFilters(List.of());

    private final List<Filter> filters;

    private HdfFilters(List<Filter> filters) {
        this.filters = filters;
    }

    /**
     * The pipeline described by {@code message} (none when {@code null}).
     *
     * @throws DatasetException naming {@code dataset} and the filter if a filter is not supported
     */
    static HdfFilters of(Path file, String dataset, FilterPipelineMessage message) {
        if (message == null || message.getFilters().isEmpty()) {
            return NONE;
        }
        List<Filter> list = new ArrayList<>();
        for (FilterPipelineMessage.FilterInfo f : message.getFilters()) {
            int id = f.getId();
            String name = KNOWN.getOrDefault(id, f.getName() == null || f.getName().isBlank() ? "unnamed" : f.getName());
            if (id != DEFLATE && id != SHUFFLE && id != FLETCHER32 && id != LZF) {
                throw new DatasetException(file, dataset + ": HDF5 filter " + name + " (id " + id
                        + ") is not supported; spikeport reads chunks filtered with deflate (gzip), shuffle,"
                        + " fletcher32 and lzf");
            }
            list.add(new Filter(id, name, f.getData() == null ? new int[0] : f.getData().clone()));
        }
        return new HdfFilters(List.copyOf(list));
    }

    boolean isEmpty() {
        return filters.isEmpty();
    }

    /**
     * The largest factor by which the filters not masked by {@code mask} can expand stored bytes: a chunk
     * stored in {@code n} bytes decodes to at most {@code n} times this.
     */
    long maxExpansion(BitSet mask) {
        long ratio = 1;
        for (int i = 0; i < filters.size(); i++) {
            if (!mask.get(i)) {
                int id = filters.get(i).id;
                ratio *= id == DEFLATE ? DEFLATE_MAX_RATIO : id == LZF ? LZF_MAX_RATIO : 1;
            }
        }
        return ratio;
    }

    /**
     * Decodes one chunk.
     *
     * @param stored     the chunk's bytes as stored in the file
     * @param mask       the chunk's filter mask
     * @param chunkBytes the size of a decoded chunk (chunk elements times element size)
     * @param what       dataset and chunk, for error messages
     * @return exactly {@code chunkBytes} bytes
     * @throws DatasetException if the chunk does not decode to exactly {@code chunkBytes} bytes or fails
     *                          its checksum
     */
    byte[] decode(Path file, byte[] stored, BitSet mask, int chunkBytes, String what) {
        byte[] data = stored;
        for (int i = filters.size() - 1; i >= 0; i--) {
            if (mask.get(i)) {
                continue;
            }
            Filter f = filters.get(i);
            int expected = chunkBytes + FLETCHER_BYTES * fletchersBefore(i, mask);
            data = switch (f.id) {
                case DEFLATE -> inflate(file, data, expected, what);
                case SHUFFLE -> unshuffle(file, data, f, what);
                case FLETCHER32 -> verifyFletcher32(file, data, what);
                case LZF -> unlzf(file, data, f, expected, what);
                default -> throw new IllegalStateException("filter " + f.id + " passed the support check");
            };
        }
        if (data.length != chunkBytes) {
            throw new DatasetException(file, what + ": decodes to " + data.length + " bytes, expected " + chunkBytes
                    + " (the chunk is damaged)");
        }
        return data;
    }

    /** Number of unmasked fletcher32 filters applied before filter {@code i} when the chunk was written. */
    private int fletchersBefore(int i, BitSet mask) {
        int n = 0;
        for (int j = 0; j < i; j++) {
            if (!mask.get(j) && filters.get(j).id == FLETCHER32) {
                n++;
            }
        }
        return n;
    }

    private static byte[] inflate(Path file, byte[] in, int expected, String what) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(in);
            byte[] out = new byte[expected];
            int n = 0;
            while (!inflater.finished()) {
                if (n == expected) {
                    if (inflater.inflate(new byte[1]) > 0 || !inflater.finished()) {
                        throw new DatasetException(file, what + ": deflate data decodes to more than the "
                                + expected + " bytes of a chunk (the chunk is damaged)");
                    }
                    break;
                }
                int r = inflater.inflate(out, n, expected - n);
                if (r == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DatasetException(file, what + ": deflate data ends after " + n + " of the "
                            + expected + " bytes of a chunk (the chunk is damaged)");
                }
                n += r;
            }
            if (n != expected) {
                throw new DatasetException(file, what + ": deflate data decodes to " + n + " bytes, expected "
                        + expected + " (the chunk is damaged)");
            }
            return out;
        } catch (DataFormatException e) {
            throw new DatasetException(file, what + ": deflate data is damaged (" + Hdf.summary(e) + ")", e);
        } finally {
            inflater.end();
        }
    }

    /** Undoes HDF5's byte shuffle: byte {@code b} of element {@code e} was stored at {@code b * n + e}. */
    private static byte[] unshuffle(Path file, byte[] in, Filter f, String what) {
        if (f.data.length < 1 || f.data[0] < 1) {
            throw new DatasetException(file, what + ": shuffle filter without an element size was applied"
                    + " (the file is damaged)");
        }
        int size = f.data[0];
        if (size == 1) {
            return in;
        }
        int elements = in.length / size;
        byte[] out = new byte[in.length];
        int pos = 0;
        for (int b = 0; b < size; b++) {
            for (int e = 0; e < elements; e++) {
                out[e * size + b] = in[pos++];
            }
        }
        System.arraycopy(in, pos, out, pos, in.length - pos);
        return out;
    }

    /**
     * Checks and strips the fletcher32 checksum HDF5 appends to a chunk: the little-endian 32-bit value in
     * the last 4 bytes, computed over the rest (HDF5 also accepts it with the bytes of each 16-bit half
     * swapped, as written by HDF5 1.6.0-1.6.2).
     */
    private static byte[] verifyFletcher32(Path file, byte[] in, String what) {
        if (in.length < FLETCHER_BYTES) {
            throw new DatasetException(file, what + ": " + in.length + " bytes cannot hold a fletcher32 checksum"
                    + " (the chunk is damaged)");
        }
        int n = in.length - FLETCHER_BYTES;
        long stored = (in[n] & 0xffL) | (in[n + 1] & 0xffL) << 8 | (in[n + 2] & 0xffL) << 16 | (in[n + 3] & 0xffL) << 24;
        long sum = fletcher32(in, n);
        long swapped = (sum & 0x00ff00ffL) << 8 | (sum & 0xff00ff00L) >>> 8;
        if (stored != sum && stored != swapped) {
            throw new DatasetException(file, what + ": fletcher32 checksum does not match the chunk's data"
                    + " (the chunk is damaged)");
        }
        return java.util.Arrays.copyOf(in, n);
    }

    /** HDF5's fletcher32 over the first {@code length} bytes: big-endian 16-bit words, an odd last byte padded. */
    static long fletcher32(byte[] data, int length) {
        long sum1 = 0;
        long sum2 = 0;
        int words = length / 2;
        int p = 0;
        while (words > 0) {
            int block = Math.min(words, 360);
            words -= block;
            for (int k = 0; k < block; k++) {
                sum1 += (data[p] & 0xff) << 8 | data[p + 1] & 0xff;
                p += 2;
                sum2 += sum1;
            }
            sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
            sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        }
        if (length % 2 != 0) {
            sum1 += (data[p] & 0xff) << 8;
            sum2 += sum1;
            sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
            sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        }
        sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        return (sum2 << 16 | sum1) & 0xffffffffL;
    }

    /** h5py's lzf: a raw LZF block; its third filter parameter is the decoded size. */
    private static byte[] unlzf(Path file, byte[] in, Filter f, int expected, String what) {
        if (f.data.length >= 3 && f.data[2] != expected) {
            throw new DatasetException(file, what + ": lzf filter declares chunks of " + f.data[2]
                    + " bytes, expected " + expected + " (the file is damaged)");
        }
        byte[] out = new byte[expected];
        try {
            ChunkDecoderFactory.safeInstance().decodeChunk(in, 0, out, 0, expected);
        } catch (LZFException | RuntimeException e) {
            throw new DatasetException(file, what + ": lzf data is damaged (" + Hdf.summary(e) + ")", e);
        }
        return out;
    }
}
