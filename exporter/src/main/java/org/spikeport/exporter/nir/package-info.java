/**
 * The NIR target: a network as a Neuromorphic Intermediate Representation graph (HDF5) that the
 * {@code nir} Python package reads, with per-synapse delays as Delay and Affine nodes per delay value.
 */
package org.spikeport.exporter.nir;
