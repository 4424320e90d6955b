package org.spikeport.core.data;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.spikeport.core.files.AtomicFiles;

/**
 * Writes spikeport's flat HDF5 layout, version {@value SpikeDatasets#FLAT_LAYOUT_VERSION}.
 *
 * <p>The layout keeps the group and dataset names of the published SHD/SSC files but stores events in
 * flat arrays, since jhdf cannot write variable-length data:
 * <ul>
 *   <li>{@code spikes/times}: 1-D float32 event times in seconds, all samples concatenated; float64 when
 *       some time is not exactly representable as a float32;</li>
 *   <li>{@code spikes/units}: 1-D int16 input unit of each event, parallel to {@code spikes/times};
 *       int32 when some unit is 32768 or more;</li>
 *   <li>{@code spikes/offsets}: 1-D int64 of length samples + 1; sample {@code i} is the slice
 *       {@code offsets[i]..offsets[i+1]} of times and units, {@code offsets[0] = 0}, offsets never
 *       decrease and the last equals the number of events;</li>
 *   <li>{@code labels}: 1-D int32 class label per sample;</li>
 *   <li>{@code extra/keys}: 1-D fixed-length UTF-8 strings, one name per class, present only when class
 *       names are given;</li>
 *   <li>root attributes {@code layout = "spikeport-flat"}, {@code layout_version = 1} and
 *       {@code channels} (int32), the number of input units.</li>
 * </ul>
 *
 * <p>Files are written atomically ({@link AtomicFiles}): on any failure the target is untouched and no
 * temporary file is left. jhdf 0.10.0 cannot write zero-length datasets, so a dataset must have at
 * least one sample and one event.
 */
public final class FlatDatasetWriter {

    private FlatDatasetWriter() {
    }

    /**
     * Writes {@code samples} to {@code out}.
     *
     * @param classNames    one name per class, or empty for a file without {@code extra/keys}; when
     *                      non-empty every label must be below its size
     * @param inputChannels number of input units; every unit must be below it
     * @throws IllegalArgumentException if the arguments break the constraints above, or there are no
     *                                  samples or no events
     * @throws org.spikeport.core.SpikeportException if the file cannot be written
     */
    public static void write(Path out, List<SpikeRecording> samples, List<String> classNames, int inputChannels) {
        long events = 0;
        for (SpikeRecording r : samples) {
            events += r.size();
        }
        Columns c = new Columns(classNames, inputChannels, samples.size(), events);
        for (SpikeRecording r : samples) {
            c.add(r);
        }
        writeAtomically(out, c);
    }

    /**
     * Writes every sample of {@code source} to {@code out}, with its class names when
     * {@link SpikeDataset#hasClassNames()} and its input channel count.
     *
     * @throws IllegalArgumentException if the dataset has no samples or no events
     * @throws DatasetException         if a sample of {@code source} is invalid
     * @throws org.spikeport.core.SpikeportException if the file cannot be written
     */
    public static void write(Path out, SpikeDataset source) {
        List<String> names = source.hasClassNames() ? source.classNames() : List.of();
        Columns c = new Columns(names, source.inputChannels(), source.size(), -1);
        for (int i = 0; i < source.size(); i++) {
            c.add(source.get(i));
        }
        writeAtomically(out, c);
    }

    private static void writeAtomically(Path out, Columns c) {
        c.finish();
        AtomicFiles.writeVia(out, tmp -> {
            try (WritableHdfFile h = HdfFile.write(tmp)) {
                h.putAttribute("layout", SpikeDatasets.FLAT_LAYOUT);
                h.putAttribute("layout_version", SpikeDatasets.FLAT_LAYOUT_VERSION);
                h.putAttribute("channels", c.channels);
                WritableGroup spikes = h.putGroup("spikes");
                spikes.putDataset("times", c.timesArray());
                spikes.putDataset("units", c.unitsArray());
                spikes.putDataset("offsets", c.offsets);
                h.putDataset("labels", c.labels);
                if (!c.classNames.isEmpty()) {
                    h.putGroup("extra").putDataset("keys", c.classNames.toArray(String[]::new));
                }
            } catch (RuntimeException e) {
                throw new IOException("writing the HDF5 file failed (" + Hdf.summary(e) + ")", e);
            }
        });
    }

    /**
     * The flat arrays being built. Times stay float32 until a time that float32 cannot hold exactly
     * arrives, units stay int16 until a unit of 32768 or more arrives.
     */
    private static final class Columns {

        private final List<String> classNames;
        private final int channels;
        private final long[] offsets;
        private final int[] labels;
        private int samples;
        private int events;
        private float[] times32;
        private double[] times64;
        private short[] units16;
        private int[] units32;

        Columns(List<String> classNames, int channels, int samples, long knownEvents) {
            if (channels < 1) {
                throw new IllegalArgumentException("input channel count must be at least 1, got " + channels);
            }
            if (samples == 0) {
                throw new IllegalArgumentException("there are no samples (jhdf cannot write empty datasets)");
            }
            for (String n : classNames) {
                if (n == null) {
                    throw new IllegalArgumentException("class names must not be null");
                }
            }
            if (knownEvents > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(knownEvents + " events are too many for one flat file");
            }
            this.classNames = List.copyOf(classNames);
            this.channels = channels;
            this.offsets = new long[samples + 1];
            this.labels = new int[samples];
            int capacity = knownEvents >= 0 ? (int) knownEvents : 1024;
            this.times32 = new float[capacity];
            this.units16 = new short[capacity];
        }

        void add(SpikeRecording r) {
            int label = r.label();
            if (!classNames.isEmpty() && label >= classNames.size()) {
                throw new IllegalArgumentException("sample " + samples + ": label " + label + " is outside 0.."
                        + (classNames.size() - 1) + " (" + classNames.size() + " class names)");
            }
            double[] t = r.times();
            int[] u = r.units();
            if ((long) events + t.length > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("more than " + (Integer.MAX_VALUE - 8) + " events are too many for one flat file");
            }
            ensureCapacity(events + t.length);
            for (int j = 0; j < t.length; j++) {
                if (u[j] >= channels) {
                    throw new IllegalArgumentException("sample " + samples + ", event " + j + ": unit " + u[j]
                            + " is outside 0.." + (channels - 1));
                }
                putTime(events + j, t[j]);
                putUnit(events + j, u[j]);
            }
            events += t.length;
            labels[samples] = label;
            samples++;
            offsets[samples] = events;
        }

        private void ensureCapacity(int needed) {
            int capacity = times64 != null ? times64.length : times32.length;
            if (needed <= capacity) {
                return;
            }
            int grown = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, capacity * 2L));
            if (times64 != null) {
                times64 = Arrays.copyOf(times64, grown);
            } else {
                times32 = Arrays.copyOf(times32, grown);
            }
            if (units32 != null) {
                units32 = Arrays.copyOf(units32, grown);
            } else {
                units16 = Arrays.copyOf(units16, grown);
            }
        }

        private void putTime(int k, double t) {
            if (times64 == null) {
                float f = (float) t;
                if (f == t) {
                    times32[k] = f;
                    return;
                }
                times64 = new double[times32.length];
                for (int i = 0; i < k; i++) {
                    times64[i] = times32[i];
                }
                times32 = null;
            }
            times64[k] = t;
        }

        private void putUnit(int k, int u) {
            if (units32 == null) {
                if (u <= Short.MAX_VALUE) {
                    units16[k] = (short) u;
                    return;
                }
                units32 = new int[units16.length];
                for (int i = 0; i < k; i++) {
                    units32[i] = units16[i];
                }
                units16 = null;
            }
            units32[k] = u;
        }

        void finish() {
            if (samples != labels.length) {
                throw new IllegalStateException("expected " + labels.length + " samples, got " + samples);
            }
            if (events == 0) {
                throw new IllegalArgumentException("the samples have no events (jhdf cannot write empty datasets)");
            }
        }

        Object timesArray() {
            return times64 != null ? trim(times64) : trim(times32);
        }

        Object unitsArray() {
            return units32 != null ? trim(units32) : trim(units16);
        }

        private double[] trim(double[] a) {
            return a.length == events ? a : Arrays.copyOf(a, events);
        }

        private float[] trim(float[] a) {
            return a.length == events ? a : Arrays.copyOf(a, events);
        }

        private int[] trim(int[] a) {
            return a.length == events ? a : Arrays.copyOf(a, events);
        }

        private short[] trim(short[] a) {
            return a.length == events ? a : Arrays.copyOf(a, events);
        }
    }
}
