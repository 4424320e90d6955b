/**
 * The bridge to Lava (lava-nc 0.10.0): a deployed Loihi 2 network as Lava processes, and Lava's own
 * fixed-point simulation of it.
 *
 * <ul>
 *   <li>{@link org.spikeport.exporter.loihi.lava.LavaEnvironment}: finds and checks the Python 3.10
 *       environment (lava-nc, numpy, h5py, jep); every failure says what to install.</li>
 *   <li>{@link org.spikeport.exporter.loihi.lava.LavaProcesses}: builds {@code DelayDense} and
 *       {@code LIF} per layer in the JVM's embedded CPython (jep, on one dedicated thread), checks them
 *       and saves them with {@code lava.utils.serialization.save} ({@code network.lava.pkl}).</li>
 *   <li>{@link org.spikeport.exporter.loihi.lava.LavaSimulation}: runs saved networks in Lava's CPU
 *       simulation ({@code select_tag='fixed_pt'}) in a separate Python process and returns every
 *       spike and the readout's integer voltage at every step.</li>
 * </ul>
 *
 * The Python half is the resource {@code spikeport_lava.py} in this package (versioned by its
 * {@code FORMAT_VERSION}); Java passes data, never Python code of its own beyond calls into it.
 */
package org.spikeport.exporter.loihi.lava;
