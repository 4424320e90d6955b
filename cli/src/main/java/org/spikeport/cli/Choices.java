package org.spikeport.cli;

import java.util.Arrays;
import java.util.Locale;

/** Option values that name an enum constant: case-insensitive, written with '-' for '_'. */
final class Choices {

    private Choices() {
    }

    /**
     * The constant of {@code type} named {@code value}.
     *
     * @throws IllegalArgumentException naming the option, the allowed values and the value given
     */
    static <E extends Enum<E>> E of(String option, String value, Class<E> type) {
        String key = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(key)) {
                return e;
            }
        }
        throw new IllegalArgumentException(option + " must be one of " + String.join(", ",
                Arrays.stream(type.getEnumConstants()).map(Choices::name).toList()) + ", got '" + value + "'");
    }

    /** How a constant is written on the command line. */
    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
