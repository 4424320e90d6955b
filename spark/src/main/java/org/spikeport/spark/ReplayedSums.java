package org.spikeport.spark;

import java.util.List;
import org.spikeport.trainer.nn.BatchReduction;

/**
 * A {@link BatchReduction} for one part of a batch computed without talking to the other parts: it answers
 * the first {@code known.size()} reductions with the whole batch's sums the driver has already reduced, and at
 * the next one stops the computation with {@link Pending}, carrying this part's sums for the driver to reduce.
 * The part's forward and backward are deterministic, so computing again with one more known sum reaches the
 * next reduction with the same values as before.
 */
final class ReplayedSums implements BatchReduction {

    /** This part's sums at reduction {@link #index}, which the driver has not reduced yet. */
    static final class Pending extends RuntimeException {

        private static final long serialVersionUID = 1L;

        final int index;
        final transient double[] local;

        Pending(int index, double[] local) {
            super("reduction " + index + " pending", null, false, false);
            this.index = index;
            this.local = local;
        }
    }

    private final List<double[]> known;
    private int next;

    ReplayedSums(List<double[]> known) {
        this.known = known;
    }

    @Override
    public double[] sum(double[] local) {
        if (next < known.size()) {
            double[] whole = known.get(next);
            if (whole.length != local.length) {
                throw new IllegalStateException("reduction " + next + " has " + local.length + " sums here, "
                        + whole.length + " reduced: the parts computed different things");
            }
            next++;
            return whole;
        }
        throw new Pending(next, local);
    }
}
