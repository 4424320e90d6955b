package org.spikeport.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.data.Binning;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.data.RecordingCsv;
import org.spikeport.core.data.SpikeDataset;
import org.spikeport.core.data.SpikeDatasets;
import org.spikeport.core.data.SpikeRecording;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.simulator.Replay;

/**
 * Recorded samples to replay, binned for a deployed network: an HDF5 dataset (SHD/SSC published or
 * flat layout) or one recording in a CSV of {@code time,channel} rows ({@link RecordingCsv}; no label).
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
        return open(data, net, inputUnits, limit, Binning.Mode.FLOOR);
    }

    /** {@link #open(Path, DeployedNetwork, Integer, int)} with the recordings binned as {@code mode} bins them. */
    static ReplaySamples open(Path data, DeployedNetwork net, Integer inputUnits, int limit, Binning.Mode mode) {
        if (data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            SpikeRecording r = RecordingCsv.read(data);
            Binning binning = binning(data, net, inputUnits != null ? inputUnits : SpikeDatasets.DEFAULT_INPUT_CHANNELS)
                    .withMode(mode);
            checkLength(binning, r, data + ": the recording");
            int units = inputUnits != null ? inputUnits : SpikeDatasets.DEFAULT_INPUT_CHANNELS;
            for (int i = 0; i < r.size(); i++) {
                if (r.units()[i] >= units) {
                    throw new SpikeportException(data + ": event " + (i + 1) + " has channel " + r.units()[i]
                            + ", outside the " + units + " input units (give --input-units)");
                }
            }
            return new ReplaySamples(data, null, r, binning, 1);
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
            return new ReplaySamples(data, d, null, binning(data, net, units).withMode(mode), n);
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /** Rejects a recording longer than {@link Replay#MAX_SAMPLE_STEPS} steps before it is binned. */
    private static void checkLength(Binning binning, SpikeRecording r, String what) {
        double steps = Math.floor(r.duration() / binning.dtSeconds()) + 1;
        if (steps > Replay.MAX_SAMPLE_STEPS) {
            double dtMs = binning.dtSeconds() * 1000;
            throw new SpikeportException(what + " lasts " + r.duration() + " s (its last event), " + (long) steps
                    + " steps of " + dtMs + " ms; spikeport replays samples of at most " + Replay.MAX_SAMPLE_STEPS
                    + " steps (" + Replay.MAX_SAMPLE_STEPS * binning.dtSeconds() + " s at this network's dt)");
        }
    }

    private static Binning binning(Path data, DeployedNetwork net, int units) {
        if (units % net.inputs() != 0) {
            throw new SpikeportException(data + ": its " + units + " input units do not group evenly into the network's "
                    + net.inputs() + " input channels; give the recordings' unit count with --input-units");
        }
        return new Binning(net.dtMs() / 1000.0, units / net.inputs(), units);
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
        if (dataset != null) {
            checkLength(binning, r, file + ": sample " + i);
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
