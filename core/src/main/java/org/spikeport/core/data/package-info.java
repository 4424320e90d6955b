/**
 * Spike datasets: the SHD/SSC HDF5 layout (published variable-length form and spikeport's flat form),
 * binning of spike events into count frames, and the built-in synthetic dataset.
 *
 * <p>A dataset is a list of {@link org.spikeport.core.data.SpikeRecording}s, each a time-sorted list of
 * (time in seconds, channel) events with a class label. {@link org.spikeport.core.data.Binning} turns a
 * recording into a {@link org.spikeport.core.data.CountFrame}: step {@code t = floor(time / dt)},
 * channel {@code c = unit / groupSize}, value = number of events that fall into (t, c).
 *
 * <p>Files: {@link org.spikeport.core.data.SpikeDatasets#open(java.nio.file.Path)} reads both HDF5
 * layouts and checks every sample it returns; {@link org.spikeport.core.data.FlatDatasetWriter} writes
 * (and documents) the flat layout; {@link org.spikeport.core.data.DatasetSummary} summarises a dataset.
 * Every problem with a file is a {@link org.spikeport.core.data.DatasetException} naming the file, the
 * HDF5 dataset path and, where it applies, the sample index.
 */
package org.spikeport.core.data;
