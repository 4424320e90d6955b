package org.spikeport.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.data.SpikeDataset;
import org.spikeport.core.data.SpikeDatasets;
import org.spikeport.core.data.SpikeRecording;
import org.spikeport.core.ir.DeployedNetwork;

/**
 * Recorded samples to replay, binned for a deployed network: an HDF5 dataset (SHD/SSC published or
 * flat layout) or one recording in a CSV of {@code time,channel} rows (time in seconds, channel the
 * input unit; an optional header row; no label).
 *
 * <p>Binning: steps of the network's {@code dt}; {@code units / net.inputs()} consecutive input units
 * summed into one channel, where {@code units} is the dataset's input-unit count (700 for SHD/SSC)
 * unless overridden. Reading is serialised, so {@link #frame} may be called from several threads.
 */
final class ReplaySamples implements AutoCloseable {

    private final SpikeDataset dataset;
    private final SpikeRecording csv;
    private final Binning binning;
    private final int size;
    private final Path file;

    private ReplaySamples(Path file, SpikeDataset dataset, SpikeRecording csv, Binning binning, int size) {
        this.file = file;
        this.dataset = dataset;
        this.csv = csv;
        this.binning = binning;
        this.size = size;
    }

    /**
     * Opens {@code data} for {@code net}, keeping its first {@code limit} samples ({@code <= 0}: all).
     *
     * @param inputUnits input units of the recordings, or {@code null} for the dataset's own (a CSV's
     *                   default is 700, as SHD's)
     */
    static ReplaySamples open(Path data, DeployedNetwork net, Integer inputUnits, int limit) {
        if (data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            SpikeRecording r = readCsv(data);
            int units = inputUnits != null ? inputUnits : SpikeDatasets.DEFAULT_INPUT_CHANNELS;
            for (int i = 0; i < r.size(); i++) {
                if (r.units()[i] >= units) {
                    throw new SpikeportException(data + ": event " + (i + 1) + " has channel " + r.units()[i]
                            + ", outside the " + units + " input units (give --input-units)");
                }
            }
            return new ReplaySamples(data, null, r, binning(data, net, units), 1);
        }
        SpikeDataset d = SpikeDatasets.open(data);
        try {
            if (d.classes() > net.outputs()) {
                throw new SpikeportException(data + ": has " + d.classes() + " classes, the network has "
                        + net.outputs() + " outputs");
            }
            int units = inputUnits != null ? inputUnits : d.inputChannels();
            if (units < d.inputChannels()) {
                throw new SpikeportException(data + ": has " + d.inputChannels() + " input units, more than --input-units "
                        + units);
            }
            int n = limit > 0 ? Math.min(limit, d.size()) : d.size();
            return new ReplaySamples(data, d, null, binning(data, net, units), n);
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private static Binning binning(Path data, DeployedNetwork net, int units) {
        if (units % net.inputs() != 0) {
            throw new SpikeportException(data + ": its " + units + " input units do not group evenly into the network's "
                    + net.inputs() + " input channels; give the recordings' unit count with --input-units");
        }
        return new Binning(net.dtMs() / 1000.0, units / net.inputs(), units);
    }

    private static SpikeRecording readCsv(Path file) {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            boolean content = false;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                String[] f = s.split("\\s*,\\s*");
                boolean header = !content && !isNumber(f[0]);
                content = true;
                if (header) {
                    continue;
                }
                if (f.length != 2) {
                    throw new SpikeportException(file + ", line " + lineNo + ": expected 'time,channel', got '" + s + "'");
                }
                try {
                    rows.add(new double[] {Double.parseDouble(f[0]), Integer.parseInt(f[1])});
                } catch (NumberFormatException e) {
                    throw new SpikeportException(file + ", line " + lineNo + ": expected a time in seconds and an integer "
                            + "channel, got '" + s + "'");
                }
            }
        } catch (IOException e) {
            throw new SpikeportException("cannot read " + file + ": " + e.getMessage());
        }
        rows.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] t = new double[rows.size()];
        int[] u = new int[rows.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = rows.get(i)[0];
            u[i] = (int) rows.get(i)[1];
        }
        try {
            return new SpikeRecording(t, u, 0);
        } catch (IllegalArgumentException e) {
            throw new SpikeportException(file + ": " + e.getMessage() + " (events sorted by time)");
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    Path file() {
        return file;
    }

    int size() {
        return size;
    }

    /** Whether samples carry labels (a dataset) or not (a CSV recording). */
    boolean labelled() {
        return dataset != null;
    }

    /** Class names by label, or the class indices for a CSV. */
    List<String> classNames(int classes) {
        List<String> names = new ArrayList<>();
        List<String> given = dataset != null ? dataset.classNames() : List.of();
        for (int c = 0; c < classes; c++) {
            names.add(c < given.size() ? given.get(c) : Integer.toString(c));
        }
        return names;
    }

    /** Sample {@code i}, binned over its own length (at least one step); label {@code -1} for a CSV. */
    CountFrame frame(int i) {
        SpikeRecording r;
        if (dataset == null) {
            r = csv;
        } else {
            synchronized (dataset) {
                r = dataset.get(i);
            }
        }
        CountFrame f = binning.bin(r, Math.max(1, binning.steps(r)));
        return dataset == null ? new CountFrame(f.steps(), f.channels(), f.counts(), -1) : f;
    }

    @Override
    public void close() {
        if (dataset != null) {
            dataset.close();
        }
    }
}
