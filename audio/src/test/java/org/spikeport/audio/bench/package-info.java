/** Speed measurements of the cochlea encoder, run by hand (BENCHMARKS.md gives the commands). */
package org.spikeport.audio.bench;
