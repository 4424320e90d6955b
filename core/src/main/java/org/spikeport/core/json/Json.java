package org.spikeport.core.json;

import java.util.Collection;
import java.util.Map;

/**
 * Writes plain Java values as JSON (RFC 8259), pretty-printed with two-space indentation.
 *
 * <p>Supported values: {@code null}, {@link Boolean}, {@link Number}, {@link CharSequence},
 * {@link Map} (keys written with {@code toString()}, in the map's iteration order),
 * {@link Collection}, {@code int[]}, {@code long[]}, {@code double[]} and {@code Object[]}. Non-finite
 * numbers have no JSON form and are written as {@code null}.
 */
public final class Json {

    private Json() {
    }

    /** The JSON text of {@code value}. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                sb.append("null");
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                sb.append((long) d);
            } else {
                sb.append(d);
            }
        } else if (v instanceof Number n) {
            sb.append(n);
        } else if (v instanceof CharSequence s) {
            string(sb, s);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "\n" : ",\n");
                first = false;
                pad(sb, indent + 1);
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent + 1);
            }
            sb.append('\n');
            pad(sb, indent);
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            array(sb, c.toArray(), indent);
        } else if (v instanceof Object[] a) {
            array(sb, a, indent);
        } else if (v instanceof int[] a) {
            array(sb, java.util.Arrays.stream(a).boxed().toArray(), indent);
        } else if (v instanceof long[] a) {
            array(sb, java.util.Arrays.stream(a).boxed().toArray(), indent);
        } else if (v instanceof double[] a) {
            array(sb, java.util.Arrays.stream(a).boxed().toArray(), indent);
        } else {
            throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        }
    }

    private static void array(StringBuilder sb, Object[] items, int indent) {
        boolean scalars = true;
        for (Object o : items) {
            scalars &= o == null || o instanceof Number || o instanceof Boolean || o instanceof CharSequence;
        }
        sb.append('[');
        for (int i = 0; i < items.length; i++) {
            if (scalars) {
                sb.append(i == 0 ? "" : ", ");
            } else {
                sb.append(i == 0 ? "\n" : ",\n");
                pad(sb, indent + 1);
            }
            write(sb, items[i], indent + 1);
        }
        if (!scalars && items.length > 0) {
            sb.append('\n');
            pad(sb, indent);
        }
        sb.append(']');
    }

    private static void pad(StringBuilder sb, int indent) {
        sb.append("  ".repeat(indent));
    }

    private static void string(StringBuilder sb, CharSequence s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
