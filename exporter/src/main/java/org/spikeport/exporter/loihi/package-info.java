/**
 * The Loihi 2 target: quantization of a folded network to Lava's bit-accurate fixed-point LIF
 * ({@link org.spikeport.core.arith.Loihi2Lif}) and the lava-dl NetX HDF5 file that
 * {@code lava.lib.dl.netx.hdf5.Network} loads.
 */
package org.spikeport.exporter.loihi;
