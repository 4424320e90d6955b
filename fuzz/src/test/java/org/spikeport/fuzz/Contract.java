package org.spikeport.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spikeport.core.SpikeportException;

/**
 * The contract every reader of user files keeps, checked on each fuzz input: it returns a value or throws
 * a {@link SpikeportException} whose message is one non-empty line; it throws nothing else (no other
 * exception, no {@link Error}: no stack overflow, no out-of-memory), takes at most {@link #MAX_SECONDS}
 * and allocates at most {@link #MAX_ALLOCATED_BYTES} on the calling thread. A breach is an
 * {@link AssertionError}, which Jazzer reports as a finding.
 */
final class Contract {

    /** Time one input may take (generous: CI machines are shared; a real blow-up takes minutes). */
    static final double MAX_SECONDS = 5;

    /** Bytes one input may allocate (inputs are kilobytes; the readers must not allocate what a file only announces). */
    static final long MAX_ALLOCATED_BYTES = 256L << 20;

    /** Work on one input that may throw anything. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Contract() {
    }

    /**
     * Runs {@code work} on one input and checks the contract; {@code what} names the reader in a failure.
     * An input over the time or allocation bound is run once more and judged on that second run, so that
     * loading and instrumenting classes on first use is not counted.
     */
    static void holds(String what, Work work) {
        Cost first = run(what, work);
        if (first.seconds() > MAX_SECONDS || first.allocated() > MAX_ALLOCATED_BYTES) {
            Cost again = run(what, work);
            if (again.seconds() > MAX_SECONDS) {
                throw new AssertionError(what + ": took " + again.seconds() + " s, more than " + MAX_SECONDS);
            }
            if (again.allocated() > MAX_ALLOCATED_BYTES) {
                throw new AssertionError(what + ": allocated " + again.allocated() + " bytes, more than "
                        + MAX_ALLOCATED_BYTES);
            }
        }
    }

    /** The time and the bytes allocated on this thread of one run. */
    private record Cost(double seconds, long allocated) {
    }

    private static Cost run(String what, Work work) {
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        try {
            work.run();
        } catch (SpikeportException e) {
            String m = e.getMessage();
            if (m == null || m.isBlank() || m.contains("\n") || m.contains("\r")) {
                throw new AssertionError(what + ": a rejection's message must be one non-empty line, got: " + m, e);
            }
        } catch (Throwable t) {
            throw new AssertionError(what + ": threw " + t + " instead of a value or a SpikeportException", t);
        }
        return new Cost((System.nanoTime() - start) / 1e9, THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore);
    }

    /** A per-JVM scratch directory for the files the targets write their inputs to. */
    static Path scratch() {
        return Scratch.DIR;
    }

    /** Writes {@code bytes} to {@code name} in the scratch directory and returns the file. */
    static Path file(String name, byte[] bytes) {
        try {
            return Files.write(Scratch.DIR.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Scratch {
        static final Path DIR = create();

        private static Path create() {
            try {
                Path d = Files.createTempDirectory("spikeport-fuzz");
                d.toFile().deleteOnExit();
                return d;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
