package org.spikeport.trainer.importer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikeport.core.SpikeportException;

/**
 * Reads the NumPy {@code .npy} format, versions 1.0, 2.0 and 3.0, as specified in the documentation of
 * {@code numpy.lib.format} (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
 *
 * <pre>
 *   bytes 0-5   magic "\x93NUMPY"
 *   byte  6, 7  major and minor version (1.0, 2.0 or 3.0)
 *   then        header length: 2 bytes little-endian (version 1) or 4 bytes (versions 2 and 3)
 *   then        the header: a Python dict literal, Latin-1 (versions 1, 2) or UTF-8 (version 3), e.g.
 *               {'descr': '&lt;f4', 'fortran_order': False, 'shape': (6, 7, 1), }
 *               padded with spaces and ended by a newline
 *   then        the elements, shape product times the element size
 * </pre>
 *
 * <p>Supported: the element types of {@link NpyDtype} (little-endian float32, float64, int32, int64 and
 * bool) in C order. Anything else — Fortran order, big-endian or other types, structured types, object
 * arrays — is rejected with a {@link SpikeportException} saying so; so is a truncated or foreign file.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** The longest header read, in bytes (NumPy's own reader refuses headers over 10,000 by default). */
    static final int MAX_HEADER = 65_536;

    /** The deepest nesting of tuples, lists and dicts read in a header (NumPy's headers nest two deep). */
    static final int MAX_NESTING = 16;

    private Npy() {
    }

    /**
     * Parses the bytes of one {@code .npy} file.
     *
     * @param bytes the complete file
     * @param where names the file (and the key in an archive) at the start of every error message
     * @throws SpikeportException a one-line message {@code "<where>: <problem>"}
     */
    public static NpyArray parse(byte[] bytes, String where) {
        if (bytes.length < MAGIC.length + 2 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw error(where, "is not a NumPy .npy array (no \\x93NUMPY magic at the start)");
        }
        int major = bytes[6] & 0xff;
        int minor = bytes[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw error(where, "has .npy format version " + major + "." + minor + "; supported are 1.0, 2.0 and 3.0");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        int start = 8 + lengthBytes;
        if (bytes.length < start) {
            throw error(where, "is truncated inside the .npy header");
        }
        long headerLength = 0;
        for (int i = lengthBytes - 1; i >= 0; i--) {
            headerLength = (headerLength << 8) | (bytes[8 + i] & 0xff);
        }
        if (headerLength > MAX_HEADER) {
            throw error(where, "has a .npy header of " + headerLength + " bytes; NumPy writes headers of at most "
                    + MAX_HEADER);
        }
        if (start + headerLength > bytes.length) {
            throw error(where, "is truncated: the .npy header needs " + headerLength + " bytes, the file has "
                    + (bytes.length - start) + " after the preamble");
        }
        String header = new String(bytes, start, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict = parseHeader(header, where);
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shapeValue = dict.get("shape");
        if (descr == null || fortran == null || shapeValue == null) {
            throw error(where, "has a .npy header without 'descr', 'fortran_order' or 'shape': " + quote(header));
        }
        if (!(descr instanceof String d)) {
            throw error(where, "has a structured dtype " + quote(header) + "; only plain numeric arrays are supported");
        }
        NpyDtype dtype = NpyDtype.fromDescr(d);
        if (dtype == null) {
            throw error(where, "has unsupported dtype '" + d + "'; supported are "
                    + Arrays.stream(NpyDtype.values()).map(NpyDtype::descr).toList()
                    + " (little-endian float32, float64, int32, int64, bool)");
        }
        if (!(fortran instanceof Boolean f)) {
            throw error(where, "has a .npy header whose 'fortran_order' is not True or False: " + quote(header));
        }
        if (f) {
            throw error(where, "is stored in Fortran (column-major) order, which is not supported; "
                    + "save it from numpy.ascontiguousarray(...)");
        }
        int[] shape = shape(shapeValue, header, where);
        long n = 1;
        for (int s : shape) {
            n *= s;
            if (n * dtype.itemSize() > Integer.MAX_VALUE - 16) {
                throw error(where, "is too large to load: shape " + Arrays.toString(shape));
            }
        }
        long expected = n * dtype.itemSize();
        long available = bytes.length - start - headerLength;
        if (available < expected) {
            throw error(where, "is truncated: shape " + text(shape) + " of " + dtype.descr() + " needs " + expected
                    + " bytes of data, the file has " + available);
        }
        if (available > expected) {
            throw error(where, "has " + (available - expected) + " bytes after the data of its shape "
                    + text(shape) + " of " + dtype.descr());
        }
        int from = (int) (start + headerLength);
        return new NpyArray(dtype, shape, Arrays.copyOfRange(bytes, from, from + (int) expected));
    }

    private static int[] shape(Object value, String header, String where) {
        if (!(value instanceof List<?> dims)) {
            throw error(where, "has a .npy header whose 'shape' is not a tuple: " + quote(header));
        }
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long dim) || dim < 0 || dim > Integer.MAX_VALUE) {
                throw error(where, "has a .npy header with an invalid shape: " + quote(header));
            }
            shape[i] = dim.intValue();
        }
        return shape;
    }

    /** The header as quoted in messages: stripped, at most 200 characters. */
    private static String quote(String header) {
        String h = header.strip();
        return h.length() > 200 ? h.substring(0, 200) + "..." : h;
    }

    private static String text(int[] shape) {
        return NpyArray.shapeText(shape);
    }

    private static SpikeportException error(String where, String problem) {
        return new SpikeportException(where + ": " + problem);
    }

    /** Parses the header's dict literal: string keys; values are strings, booleans, integers, tuples or lists. */
    private static Map<String, Object> parseHeader(String header, String where) {
        HeaderParser p = new HeaderParser(header);
        try {
            Object v = p.value();
            p.skipSpace();
            if (!(v instanceof Map<?, ?> m) || p.pos != header.length()) {
                throw new IllegalArgumentException("not a single dict");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), val));
            return out;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw error(where, "has an unreadable .npy header: " + quote(header));
        }
    }

    /** A recursive-descent parser for the subset of Python literals NumPy writes in headers. */
    private static final class HeaderParser {
        private final String s;
        private int pos;
        private int depth;

        HeaderParser(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        Object value() {
            skipSpace();
            char c = s.charAt(pos);
            if (c == '{' || c == '(' || c == '[') {
                if (++depth > MAX_NESTING) {
                    throw new IllegalArgumentException("nested more than " + MAX_NESTING + " deep");
                }
                pos++;
                Object v;
                if (c == '{') {
                    Map<Object, Object> m = new LinkedHashMap<>();
                    for (Object k : sequence('}', true)) {
                        m.put(((Object[]) k)[0], ((Object[]) k)[1]);
                    }
                    v = m;
                } else {
                    v = sequence(c == '(' ? ')' : ']', false);
                }
                depth--;
                return v;
            }
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, pos + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated string");
                }
                String str = s.substring(pos + 1, end);
                pos = end + 1;
                return str;
            }
            int begin = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '-')) {
                pos++;
            }
            String word = s.substring(begin, pos);
            switch (word) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                default:
                    String digits = word.endsWith("L") ? word.substring(0, word.length() - 1) : word;
                    return Long.parseLong(digits);
            }
        }

        /** Items up to {@code close}; for a dict each item is a {@code {key, value}} pair. */
        List<Object> sequence(char close, boolean dict) {
            List<Object> items = new ArrayList<>();
            while (true) {
                skipSpace();
                if (s.charAt(pos) == close) {
                    pos++;
                    return items;
                }
                Object item = value();
                if (dict) {
                    skipSpace();
                    expect(':');
                    item = new Object[] {item, value()};
                }
                items.add(item);
                skipSpace();
                if (s.charAt(pos) == ',') {
                    pos++;
                } else if (s.charAt(pos) != close) {
                    throw new IllegalArgumentException("expected ',' or '" + close + "'");
                }
            }
        }

        private void expect(char c) {
            if (s.charAt(pos) != c) {
                throw new IllegalArgumentException("expected '" + c + "'");
            }
            pos++;
        }
    }
}
