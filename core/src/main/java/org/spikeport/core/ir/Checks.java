package org.spikeport.core.ir;

/** Argument checks shared by the IR records; every message names the layer and index. */
final class Checks {

    private Checks() {
    }

    static void require(boolean condition, String where, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(where + ": " + problem);
        }
    }

    static void length(String where, String array, int actual, long expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(
                    where + ": " + array + " has " + actual + " entries, expected " + expected);
        }
    }

    static void finite(String where, String array, float[] values, int columns) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(
                        where + ": " + array + " " + position(i, columns) + " is " + values[i]);
            }
        }
    }

    /** "(post p, pre q)" for a row-major (outputs, inputs) index, "[i]" for a vector. */
    static String position(int index, int columns) {
        return columns <= 0 ? "[" + index + "]" : "(post " + index / columns + ", pre " + index % columns + ")";
    }
}
