/** Benchmarks of the simulator (run by hand, recorded in BENCHMARKS.md; never timed in the test suite). */
package org.spikeport.simulator.bench;
