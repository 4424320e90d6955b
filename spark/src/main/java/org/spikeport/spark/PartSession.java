package org.spikeport.spark;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.spikeport.core.Failures;
import org.spikeport.trainer.data.BinnedSamples;
import org.spikeport.trainer.nn.BatchReduction;

/**
 * One part of a batch in progress on an executor, between the Spark jobs (rounds) of its batch. The part's
 * forward and backward run on a thread of their own (from a pool); at each BatchNorm reduction the thread
 * hands this part's sums to the round's task ({@link #round}) and waits for the whole batch's sums, which
 * the next round's task brings. The task of round {@code r} carries every sum reduced so far ({@code known}, {@code r} of them):
 *
 * <ul>
 *   <li>when this executor holds the part waiting at reduction {@code r - 1}, the task gives it sum
 *       {@code r - 1} and the thread goes on from where it stopped;
 *   <li>otherwise (round 0; the previous round's task ran on another executor; a task retried) a new thread
 *       computes the part from the start, answering the first {@code r} reductions from {@code known}. The
 *       computation is deterministic, so it reaches reduction {@code r} with the same sums.
 * </ul>
 *
 * Either way the round's result is the same; keeping the thread only saves computing the part again. A part
 * whose next round does not come within {@link #ABANDON_MINUTES} minutes is abandoned.
 */
final class PartSession implements BatchReduction {

    static final long ABANDON_MINUTES = 30;

    private static final Map<String, PartSession> LIVE = new ConcurrentHashMap<>();

    /** Threads kept for the next batches (ND4J sets up per-thread state once per thread). */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "spikeport-part");
        t.setDaemon(true);
        return t;
    });

    private final String key;
    private final int part;
    private final List<double[]> known;
    private final BlockingQueue<Object> out = new LinkedBlockingQueue<>();
    private final BlockingQueue<double[]> in = new LinkedBlockingQueue<>();
    private final Runnable body;
    private Future<?> running;
    private volatile int waitingAt = -1;

    private PartSession(String key, BatchStep step, int part, BinnedSamples samples, List<double[]> known) {
        this.key = key;
        this.part = part;
        this.known = known;
        this.body = () -> {
            Object result;
            try {
                result = step.compute(part, samples, this);
            } catch (Abandoned e) {
                return;
            } catch (Throwable t) {
                result = t;
            }
            out.add(result);
        };
    }

    private void start() {
        running = THREADS.submit(body);
    }

    private void abandon() {
        running.cancel(true);
    }

    /** Thrown in an abandoned part's thread to end it. */
    private static final class Abandoned extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abandoned() {
            super("abandoned", null, false, false);
        }
    }

    /**
     * Round {@code known.size()} of part {@code part} of {@code step}: this part's sums at its next reduction, or
     * its finished result.
     */
    static PartResult round(BatchStep step, int part, BinnedSamples samples, List<double[]> known) {
        String key = step.id() + "/" + part;
        int r = known.size();
        PartSession s = LIVE.remove(key);
        if (s != null && r > 0 && s.waitingAt == r - 1) {
            s.in.add(known.get(r - 1));
        } else {
            if (s != null) {
                s.abandon();
            }
            s = new PartSession(key, step, part, samples, known);
            s.start();
        }
        Object result;
        try {
            result = s.out.poll(ABANDON_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            s.abandon();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while part " + part + " computed", e);
        }
        if (result == null) {
            s.abandon();
            throw new IllegalStateException("part " + part + " computed for more than " + ABANDON_MINUTES + " minutes");
        }
        if (result instanceof Throwable t) {
            throw Failures.unchecked(t);
        }
        PartResult p = (PartResult) result;
        if (p.isPending()) {
            LIVE.put(key, s);
        }
        return p;
    }

    @Override
    public double[] sum(double[] local) {
        int index = waitingAt + 1;
        double[] whole;
        if (index < known.size()) {
            whole = known.get(index);
        } else {
            waitingAt = index;
            out.add(PartResult.pending(part, index, local));
            try {
                whole = in.poll(ABANDON_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                whole = null;
            }
            if (whole == null) {
                LIVE.remove(key, this);
                throw new Abandoned();
            }
        }
        if (whole.length != local.length) {
            throw new IllegalStateException("reduction " + index + " has " + local.length + " sums here, "
                    + whole.length + " reduced: the parts computed different things");
        }
        waitingAt = index;
        return whole;
    }
}
