/**
 * The NIR target: a network as a Neuromorphic Intermediate Representation graph (HDF5) that the
 * {@code nir} Python package reads (releases 1.0.8 and 1.0.4), with per-synapse delays as Delay and
 * Affine nodes per delay value, and the measured table of what the Python SNN simulators' NIR
 * importers do with it.
 */
package org.spikeport.exporter.nir;
