package org.spikeport.trainer;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's thread counts during training: its element-wise loops ({@code Environment.setMaxThreads},
 * {@code setMaxMasterThreads}) and the BLAS behind its matrix products ({@code Blas.setMaxThreads}), set
 * together to one number {@code n}. {@link Trainer#run} applies {@link #configured()} before the first
 * epoch. With nd4j-native 1.0.0-M2.1 the master-thread and BLAS counts take the value;
 * {@code Environment.maxThreads} stays at its start-up value (the environment variable
 * {@code OMP_NUM_THREADS} sets that one).
 *
 * <p>The number is the system property {@value #PROPERTY}, else the environment variable {@value #ENV},
 * else {@link #DEFAULT}: one thread. The layers' own float32 loops (LIF, BatchNorm) run on Java's
 * common fork-join pool and use every core whatever this number is; with one ND4J thread the matrix
 * products and those loops do not contend for the cores through spinning OpenMP/BLAS workers.
 */
public final class Nd4jThreads {

    /** System property holding the thread count. */
    public static final String PROPERTY = "spikeport.nd4j.threads";
    /** Environment variable holding the thread count when the property is not set. */
    public static final String ENV = "SPIKEPORT_ND4J_THREADS";
    /** The thread count when neither is set. */
    public static final int DEFAULT = 1;

    private Nd4jThreads() {
    }

    /** The configured thread count (property, environment, default); a value below 1 is an error. */
    public static int configured() {
        String p = System.getProperty(PROPERTY);
        String v = p != null ? p : System.getenv(ENV);
        int n;
        try {
            n = v == null || v.isBlank() ? DEFAULT : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException((p != null ? PROPERTY : ENV) + " must be a whole number, got " + v, e);
        }
        if (n < 1) {
            throw new IllegalArgumentException((p != null ? PROPERTY : ENV) + " must be >= 1, got " + n);
        }
        return n;
    }

    /**
     * Sets ND4J's element-wise and BLAS thread counts to {@code n}; returns {@code n}. A backend that does not
     * support a setting (its call throws {@link UnsupportedOperationException}) keeps its own.
     */
    public static int apply(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("ND4J threads must be >= 1, got " + n);
        }
        try {
            Nd4j.getEnvironment().setMaxThreads(n);
            Nd4j.getEnvironment().setMaxMasterThreads(n);
        } catch (UnsupportedOperationException e) {
            // the backend schedules its own element-wise work
        }
        try {
            Nd4j.factory().blas().setMaxThreads(n);
        } catch (UnsupportedOperationException e) {
            // the backend's BLAS has no thread setting
        }
        return n;
    }

    /** {@link #apply} of {@link #configured()}. */
    public static int applyConfigured() {
        return apply(configured());
    }
}
