package org.spikeport.trainer;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** Reads the entries of a model file's config ({@link TrainConfig#toMap}) back, each with its value when absent. */
final class ConfigValues {

    private ConfigValues() {
    }

    static double number(Map<String, String> m, String key, double absent) {
        String v = m.get(key);
        if (v == null) {
            return absent;
        }
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw invalid(key, v, "a number");
        }
    }

    static int integer(Map<String, String> m, String key, int absent) {
        double d = number(m, key, absent);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw invalid(key, m.get(key), "an integer");
        }
        return (int) d;
    }

    static boolean bool(Map<String, String> m, String key, boolean absent) {
        String v = m.get(key);
        if (v == null) {
            return absent;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw invalid(key, v, "true or false");
        }
        return Boolean.parseBoolean(v);
    }

    /** An enum constant written as its lower-case name with '-' for '_'. */
    static <E extends Enum<E>> E choice(Map<String, String> m, String key, Class<E> type, E absent) {
        String v = m.get(key);
        if (v == null) {
            return absent;
        }
        try {
            return Enum.valueOf(type, v.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw invalid(key, v, "one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }

    /** A list written as {@code [1, 2, 3]}. */
    static int[] ints(Map<String, String> m, String key) {
        String v = m.get(key).strip();
        if (!v.startsWith("[") || !v.endsWith("]")) {
            throw invalid(key, v, "a list such as [64, 64]");
        }
        String body = v.substring(1, v.length() - 1).strip();
        if (body.isEmpty()) {
            return new int[0];
        }
        try {
            return Arrays.stream(body.split(",")).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
        } catch (NumberFormatException e) {
            throw invalid(key, v, "a list of integers such as [64, 64]");
        }
    }

    private static IllegalArgumentException invalid(String key, String value, String expected) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return new IllegalArgumentException("config entry '" + key + "' is \"" + shown + "\", expected " + expected);
    }
}
