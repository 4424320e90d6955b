/**
 * The imec SENECA target: bf16 neuron programs with a circular delay queue per core, written as
 * spikeport's own documented JSON ({@code docs/seneca-format.md}).
 */
package org.spikeport.exporter.seneca;
