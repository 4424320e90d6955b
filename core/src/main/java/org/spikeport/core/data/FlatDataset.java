package org.spikeport.core.data;

import io.jhdf.api.Dataset;
import io.jhdf.object.datatype.DataType;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file in spikeport's flat layout (see {@link FlatDatasetWriter} for the format). {@code spikes/offsets}
 * and {@code labels} are read and checked when the file is opened; the events of sample {@code i} are
 * read on demand as the element range {@code offsets[i]..offsets[i+1]} of {@code spikes/times} and
 * {@code spikes/units}, whatever their storage layout (see {@link HdfArray}).
 */
final class FlatDataset extends HdfSpikeDataset {

    private static final String LAYOUT = SpikeDatasets.FLAT_LAYOUT;

    private final HdfArray times;
    private final HdfArray units;
    private final long[] offsets;

    private FlatDataset(Hdf hdf, HdfArray times, HdfArray units, long[] offsets, Samples.Labels labels, int channels) {
        super(hdf, labels, channels);
        this.times = times;
        this.units = units;
        this.offsets = offsets;
    }

    /** Reads the structure of an open file whose root attribute {@code layout} is the flat layout's. */
    static FlatDataset open(Hdf hdf) {
        try {
            Path file = hdf.file();
            Long version = hdf.rootIntAttribute("layout_version");
            if (version == null) {
                throw new DatasetException(file, "root attribute layout_version is missing (required by the "
                        + LAYOUT + " layout)");
            }
            if (version != SpikeDatasets.FLAT_LAYOUT_VERSION) {
                throw new DatasetException(file, "root attribute layout_version: " + LAYOUT + " version " + version
                        + " is not supported (this reader knows version " + SpikeDatasets.FLAT_LAYOUT_VERSION + ")");
            }
            Long channelsAttr = hdf.rootIntAttribute("channels");
            if (channelsAttr == null) {
                throw new DatasetException(file, "root attribute channels is missing (required by the " + LAYOUT + " layout)");
            }
            int channels = Samples.channels(file, channelsAttr);
            Dataset times = hdf.dataset(Samples.TIMES, LAYOUT);
            Dataset units = hdf.dataset(Samples.UNITS, LAYOUT);
            Dataset offsetsSet = hdf.dataset(Samples.OFFSETS, LAYOUT);
            requireType(hdf, times, true, "floating-point times");
            requireType(hdf, units, false, "integer units");
            requireType(hdf, offsetsSet, false, "integer offsets");
            HdfArray timesArray = HdfArray.open(hdf, times);
            HdfArray unitsArray = HdfArray.open(hdf, units);
            HdfArray offsetsArray = HdfArray.open(hdf, offsetsSet);
            int nTimes = timesArray.length();
            int nUnits = unitsArray.length();
            int nOffsets = offsetsArray.length();
            Samples.Labels labels = Samples.readLabels(hdf, LAYOUT);
            int samples = labels.labels().length;
            if (nTimes != nUnits) {
                throw new DatasetException(file, Samples.TIMES + " has " + nTimes + " events but "
                        + Samples.UNITS + " has " + nUnits);
            }
            if (nOffsets != samples + 1) {
                throw new DatasetException(file, "sample counts disagree: " + Samples.OFFSETS + " has " + nOffsets
                        + " entries, expected " + Samples.LABELS + " samples + 1 = " + (samples + 1L));
            }
            long[] offsets = Hdf.toLongs(file, Samples.OFFSETS, offsetsArray.values());
            checkOffsets(file, offsets, nTimes);
            return new FlatDataset(hdf, timesArray, unitsArray, offsets, labels, channels);
        } catch (RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    private static void requireType(Hdf hdf, Dataset d, boolean floating, String what) {
        DataType type = hdf.type(d);
        if (floating ? !Hdf.isFloat(type) : !Hdf.isInteger(type)) {
            throw new DatasetException(hdf.file(), Hdf.name(d) + ": expected " + what + " (" + LAYOUT
                    + " layout), found " + Hdf.describe(type));
        }
    }

    private static void checkOffsets(Path file, long[] offsets, int events) {
        if (offsets[0] != 0) {
            throw DatasetException.atSample(file, Samples.OFFSETS, 0, "first offset is " + offsets[0] + ", expected 0");
        }
        for (int i = 0; i + 1 < offsets.length; i++) {
            if (offsets[i + 1] < offsets[i]) {
                throw DatasetException.atSample(file, Samples.OFFSETS, i, "end offset " + offsets[i + 1]
                        + " is before start offset " + offsets[i] + " (offsets must not decrease)");
            }
        }
        long last = offsets[offsets.length - 1];
        if (last != events) {
            throw new DatasetException(file, Samples.OFFSETS + ": last offset is " + last + " but "
                    + Samples.TIMES + " has " + events + " events (they must be equal)");
        }
    }

    @Override
    public Layout layout() {
        return Layout.FLAT;
    }

    @Override
    public SpikeRecording get(int i) {
        Objects.checkIndex(i, size());
        Path file = hdf.file();
        long start = offsets[i];
        int n = (int) (offsets[i + 1] - start);
        double[] t;
        int[] u;
        if (n == 0) {
            t = new double[0];
            u = new int[0];
        } else {
            String tw = Samples.TIMES + ", sample " + i;
            String uw = Samples.UNITS + ", sample " + i;
            t = Hdf.toDoubles(file, tw, times.values(start, n, tw));
            u = Hdf.toInts(file, uw, units.values(start, n, uw));
        }
        return Samples.checked(file, i, t, u, labels.labels()[i], channels);
    }

}
