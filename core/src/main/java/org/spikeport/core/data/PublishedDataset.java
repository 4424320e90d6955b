package org.spikeport.core.data;

import io.jhdf.api.Dataset;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.VariableLength;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file in the published SHD/SSC layout (Cramer et al., Heidelberg spiking datasets):
 * {@code spikes/times} variable-length floats per sample (seconds; float16 in the published files,
 * float32/float64 accepted), {@code spikes/units} variable-length integers per sample (uint16 in the
 * published files), {@code labels} 1-D integers, optional {@code extra/keys} class names. The input
 * channel count is the root attribute {@code channels}, 700 when absent; other groups such as
 * {@code extra/speaker} are ignored.
 *
 * <p>Sample {@code i} is read on demand: element {@code i} of each variable-length dataset (whatever its
 * storage layout, see {@link HdfArray}) and the global heap object it points to.
 */
final class PublishedDataset extends HdfSpikeDataset {

    private static final String LAYOUT = "published SHD";

    private final HdfArray times;
    private final HdfArray units;

    private PublishedDataset(Hdf hdf, HdfArray times, HdfArray units, Samples.Labels labels, int channels) {
        super(hdf, labels, channels);
        this.times = times;
        this.units = units;
    }

    /** Reads the structure of an open file; takes ownership of {@code hdf}. */
    static PublishedDataset open(Hdf hdf) {
        try {
            Path file = hdf.file();
            Long attr = hdf.rootIntAttribute("channels");
            int channels = attr == null ? SpikeDatasets.DEFAULT_INPUT_CHANNELS : Samples.channels(file, attr);
            Dataset times = hdf.dataset(Samples.TIMES, LAYOUT);
            Dataset units = hdf.dataset(Samples.UNITS, LAYOUT);
            requireVlen(hdf, times, true);
            requireVlen(hdf, units, false);
            HdfArray timesArray = HdfArray.open(hdf, times);
            HdfArray unitsArray = HdfArray.open(hdf, units);
            int nTimes = timesArray.length();
            int nUnits = unitsArray.length();
            Samples.Labels labels = Samples.readLabels(hdf, LAYOUT);
            if (nTimes != nUnits || nTimes != labels.labels().length) {
                throw new DatasetException(file, "sample counts disagree: " + Samples.TIMES + " has " + nTimes + ", "
                        + Samples.UNITS + " has " + nUnits + ", " + Samples.LABELS + " has " + labels.labels().length);
            }
            return new PublishedDataset(hdf, timesArray, unitsArray, labels, channels);
        } catch (RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    private static void requireVlen(Hdf hdf, Dataset d, boolean floating) {
        DataType type = hdf.type(d);
        boolean ok = type instanceof VariableLength v && !v.isVariableLengthString()
                && (floating ? Hdf.isFloat(v.getParent()) : Hdf.isInteger(v.getParent()));
        if (!ok) {
            throw new DatasetException(hdf.file(), Hdf.name(d) + ": expected variable-length "
                    + (floating ? "floating-point times" : "integer units") + " per sample (published SHD layout), found "
                    + Hdf.describe(type));
        }
    }

    @Override
    public Layout layout() {
        return Layout.PUBLISHED;
    }

    @Override
    public SpikeRecording get(int i) {
        Objects.checkIndex(i, size());
        Path file = hdf.file();
        String tw = Samples.TIMES + ", sample " + i;
        String uw = Samples.UNITS + ", sample " + i;
        double[] td = Hdf.toDoubles(file, tw, times.sequence(i, tw));
        int[] ud = Hdf.toInts(file, uw, units.sequence(i, uw));
        return Samples.checked(file, i, td, ud, labels.labels()[i], channels);
    }
}
