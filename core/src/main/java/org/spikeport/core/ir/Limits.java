package org.spikeport.core.ir;

/**
 * The largest sizes spikeport accepts in a network, trained or deployed. They are far above any network
 * trained for the spiking benchmarks (SHD: 140 inputs, layers of 256, delays up to 25 steps of 10 ms) and
 * keep what a file can ask for bounded: the memory of a simulation grows with neurons times the longest
 * delay, its time with the steps run. A file beyond them is rejected when it is read, naming the field.
 */
public final class Limits {

    /** Input channels of a network and neurons of one layer. */
    public static final int MAX_NEURONS = 1 << 16;

    /**
     * The longest delay in steps: a trained layer's {@code maxDelay}, a trained recurrent delay, a deployed
     * synapse's delay (a recurrent one may be one more, {@code D = 1 + round(d)}).
     */
    public static final int MAX_DELAY = 1 << 10;

    /** Layers of a network. */
    public static final int MAX_LAYERS = 64;

    /**
     * The largest firing threshold of a trained LIF. Trained thresholds are of order 1 (the weights are
     * float32); the bound keeps every chip's scale factors ({@code threshold / register range}, times the
     * register range again) finite in double precision.
     */
    public static final double MAX_THRESHOLD = 1e30;

    /** The shortest time step, in milliseconds (1 microsecond). */
    public static final double MIN_DT_MS = 1e-3;

    /** The longest time step, in milliseconds (1 second). */
    public static final double MAX_DT_MS = 1000;

    private Limits() {
    }

    /** Checks a network's time step; the message names {@code where}. */
    static void checkDt(String where, double dtMs) {
        Checks.require(dtMs >= MIN_DT_MS && dtMs <= MAX_DT_MS, where, "dt must be in [" + MIN_DT_MS + ", "
                + MAX_DT_MS + "] ms, got " + dtMs);
    }

    /** Checks a count of inputs or neurons ({@code 1 .. MAX_NEURONS}); the message names the field. */
    static void checkNeurons(String where, String field, int n) {
        Checks.require(n >= 1 && n <= MAX_NEURONS, where, field + " must be in 1.." + MAX_NEURONS + ", got " + n);
    }
}
