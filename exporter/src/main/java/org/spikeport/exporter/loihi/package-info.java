/**
 * The Loihi 2 target: quantization of a folded network to Lava's bit-accurate fixed-point LIF
 * ({@link org.spikeport.core.arith.Loihi2Lif}), the lava-dl NetX HDF5 file that
 * {@code lava.lib.dl.netx.hdf5.Network} loads and, through {@link org.spikeport.exporter.loihi.lava},
 * the same network as saved Lava processes.
 */
package org.spikeport.exporter.loihi;
