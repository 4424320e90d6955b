/**
 * The neuron arithmetic of each profile, one final class per arithmetic, shared by the exporter's
 * quantizer, the simulator and the tests: there is no second copy of any chip's integer rules.
 * Each class documents every bit width and rounding rule it implements.
 */
package org.spikeport.core.arith;
