package org.spikeport.core.data.bench;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spikeport.core.data.SpikeDataset;
import org.spikeport.core.data.SpikeDatasets;
import org.spikeport.core.data.SpikeRecording;

/**
 * Times reading every sample of a spike dataset file, converting a published-layout file to the flat
 * layout, and reading the flat result. Run by hand (see BENCHMARKS.md); not part of the test suite.
 *
 * <p>Arguments: {@code PUBLISHED.h5 [REPEATS]}. The flat file is written next to the input as
 * {@code PUBLISHED.h5.flat.h5} and deleted afterwards. Also times the two raw jhdf strategies for the
 * variable-length datasets (one {@code getData()} of the whole dataset against one slice per sample)
 * and for the flat arrays (whole arrays against one slice per sample).
 */
public final class DatasetReadBenchmark {

    private DatasetReadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: DatasetReadBenchmark PUBLISHED.h5 [REPEATS]");
            System.exit(2);
        }
        Path published = Path.of(args[0]);
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path flat = Path.of(args[0] + ".flat.h5");
        try {
            for (int r = 0; r < repeats; r++) {
                rawVlen(published, true);
                rawVlen(published, false);
            }
            for (int r = 0; r < repeats; r++) {
                readAll("published", published);
            }
            long t0 = System.nanoTime();
            SpikeDatasets.convert(published, flat);
            System.out.printf("convert published -> flat: %.2f s (%d MB)%n", seconds(t0), Files.size(flat) >> 20);
            for (int r = 0; r < repeats; r++) {
                rawFlat(flat, true);
                rawFlat(flat, false);
            }
            for (int r = 0; r < repeats; r++) {
                readAll("flat", flat);
            }
        } finally {
            Files.deleteIfExists(flat);
        }
    }

    private static void readAll(String name, Path file) {
        long t0 = System.nanoTime();
        long events = 0;
        int samples;
        try (SpikeDataset ds = SpikeDatasets.open(file)) {
            samples = ds.size();
            for (int i = 0; i < samples; i++) {
                SpikeRecording rec = ds.get(i);
                events += rec.size();
            }
        }
        double s = seconds(t0);
        System.out.printf("read %-9s: %d samples, %d events in %.2f s (%.1f M events/s)%n",
                name, samples, events, s, events / s / 1e6);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void rawVlen(Path file, boolean whole) {
        long t0 = System.nanoTime();
        long events = 0;
        try (HdfFile f = new HdfFile(file)) {
            Dataset times = f.getDatasetByPath("spikes/times");
            Dataset units = f.getDatasetByPath("spikes/units");
            if (whole) {
                Object[] t = (Object[]) times.getData();
                Object[] u = (Object[]) units.getData();
                for (int i = 0; i < t.length; i++) {
                    events += ((float[]) t[i]).length + ((int[]) u[i]).length;
                }
            } else {
                int n = times.getDimensions()[0];
                for (int i = 0; i < n; i++) {
                    Object[] t = (Object[]) times.getData(new long[] {i}, new int[] {1});
                    Object[] u = (Object[]) units.getData(new long[] {i}, new int[] {1});
                    events += ((float[]) t[0]).length + ((int[]) u[0]).length;
                }
            }
        }
        System.out.printf("raw jhdf vlen %-17s: %d values in %.2f s%n",
                whole ? "whole getData()" : "slice per sample", events, seconds(t0));
    }

    private static void rawFlat(Path file, boolean whole) {
        long t0 = System.nanoTime();
        long events = 0;
        try (HdfFile f = new HdfFile(file)) {
            Dataset times = f.getDatasetByPath("spikes/times");
            Dataset units = f.getDatasetByPath("spikes/units");
            long[] offsets = (long[]) f.getDatasetByPath("spikes/offsets").getData();
            if (whole) {
                events += ((float[]) times.getData()).length + ((short[]) units.getData()).length;
            } else {
                for (int i = 0; i + 1 < offsets.length; i++) {
                    int n = (int) (offsets[i + 1] - offsets[i]);
                    if (n > 0) {
                        long[] at = {offsets[i]};
                        events += ((float[]) times.getData(at, new int[] {n})).length
                                + ((short[]) units.getData(at, new int[] {n})).length;
                    }
                }
            }
        }
        System.out.printf("raw jhdf flat %-17s: %d values in %.2f s%n",
                whole ? "whole arrays" : "slice per sample", events, seconds(t0));
    }
}
