package org.spikeport.core;

/** Rethrowing the failure of a task that ran on another thread. */
public final class Failures {

    private Failures() {
    }

    /**
     * {@code cause} itself when it is unchecked ({@link Error}s are thrown from here), else {@code cause}
     * wrapped in an {@link IllegalStateException}; callers write {@code throw Failures.unchecked(cause)}.
     */
    public static RuntimeException unchecked(Throwable cause) {
        if (cause instanceof Error e) {
            throw e;
        }
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException(cause);
    }
}
