package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.spikeport.audio.AudioException;
import org.spikeport.audio.AudioFiles;
import org.spikeport.audio.Cochlea;
import org.spikeport.audio.Resampler;
import org.spikeport.core.Failures;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.SpikeRecording;

/**
 * Encodes labelled recordings into spike samples with the SHD cochlea ({@link Cochlea}), on several threads:
 * each file is read (header checked first), mixed to mono, resampled to {@value Cochlea#SAMPLE_RATE} Hz and
 * encoded with the seed {@code hash(seed, index)}, so the result does not depend on the thread count. Files of
 * equal resampled length share one transfer function when it fits in a quarter of the heap.
 *
 * <p>A file that cannot be read or encoded is reported as one line {@code spikeport: FILE: why (skipped)} and
 * left out; with {@code strict} it fails the run instead.
 */
final class AudioEncoding {

    /** One recording and its class. */
    record Item(Path file, int label) {
    }

    /** The samples of the items that were encoded, in item order, and the lines of those skipped. */
    record Result(List<SpikeRecording> samples, List<Path> encoded, List<String> skipped) {
    }

    private AudioEncoding() {
    }

    static Result encode(List<Item> items, double maxSeconds, long seed, int threads, boolean strict,
            PrintWriter err, String label) {
        int n = items.size();
        String[] failure = new String[n];
        long[] lengths = new long[n];
        for (int i = 0; i < n; i++) {
            try {
                AudioFiles.Header h = AudioFiles.probe(items.get(i).file(), maxSeconds);
                lengths[i] = h.frames() * Cochlea.SAMPLE_RATE / h.sampleRate();
            } catch (AudioException e) {
                if (strict) {
                    throw e;
                }
                failure[i] = e.getMessage();
            }
        }
        // Equal lengths together, so one shared transfer function is alive at a time.
        Map<Long, List<Integer>> byLength = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (failure[i] == null) {
                byLength.computeIfAbsent(lengths[i], k -> new ArrayList<>()).add(i);
            }
        }
        Cochlea cochlea = new Cochlea();
        SpikeRecording[] out = new SpikeRecording[n];
        Progress progress = new Progress(err, label, n);
        AtomicInteger done = new AtomicInteger(n - byLength.values().stream().mapToInt(List::size).sum());
        long budget = Runtime.getRuntime().maxMemory() / 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Map.Entry<Long, List<Integer>> group : byLength.entrySet()) {
                long len = group.getKey();
                Cochlea.Transfer transfer = null;
                if (group.getValue().size() > 1 && len >= 4 && len < Integer.MAX_VALUE
                        && Cochlea.Transfer.bytes((int) len, Cochlea.CHANNELS) <= budget) {
                    transfer = cochlea.transfer((int) len, Cochlea.SAMPLE_RATE, threads);
                }
                Cochlea.Transfer shared = transfer;
                List<Future<?>> jobs = new ArrayList<>();
                for (int i : group.getValue()) {
                    jobs.add(pool.submit(() -> {
                        Item item = items.get(i);
                        try {
                            out[i] = encodeOne(cochlea, item, maxSeconds, seed, i, shared);
                        } catch (AudioException e) {
                            failure[i] = e.getMessage();
                        }
                        synchronized (progress) {
                            progress.update(done.incrementAndGet());
                        }
                    }));
                }
                for (Future<?> f : jobs) {
                    f.get();
                }
                if (strict) {
                    for (int i : group.getValue()) {
                        if (failure[i] != null) {
                            throw new SpikeportException(failure[i]);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpikeportException("interrupted while encoding audio");
        } catch (ExecutionException e) {
            throw Failures.unchecked(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        progress.finish();
        List<SpikeRecording> samples = new ArrayList<>();
        List<Path> encoded = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (failure[i] != null) {
                skipped.add(failure[i]);
            } else {
                samples.add(out[i]);
                encoded.add(items.get(i).file());
            }
        }
        return new Result(samples, encoded, skipped);
    }

    /** The clip seed of item {@code index}: its position mixed into the run's seed. */
    static long clipSeed(long seed, int index) {
        return seed * 0x9E3779B97F4A7C15L + index;
    }

    private static SpikeRecording encodeOne(Cochlea cochlea, Item item, double maxSeconds, long seed, int index,
            Cochlea.Transfer transfer) {
        AudioFiles.Audio audio = AudioFiles.read(item.file(), maxSeconds);
        double[] x = Resampler.resample(audio.samples(), audio.sampleRate(), Cochlea.SAMPLE_RATE);
        Cochlea.Spikes s;
        try {
            s = cochlea.encode(x, Cochlea.SAMPLE_RATE, clipSeed(seed, index), transfer);
        } catch (IllegalArgumentException e) {
            throw new AudioException(item.file() + ": " + e.getMessage());
        }
        return new SpikeRecording(s.times(), s.channels(), item.label());
    }
}
