/**
 * The {@code spikeport} command line: one picocli class per command, each returning an exit code and
 * writing through its command's writers so tests can capture the output.
 *
 * <p>Exit codes: 0 success; 1 bad input (a file, a value: {@link org.spikeport.core.SpikeportException});
 * 2 bad usage (unknown option, missing argument); 3 a check found violations (where a command says so);
 * 69 Spark unavailable ({@code --spark}: {@link org.spikeport.cli.spark.SparkUnavailableException});
 * 70 an internal error (a bug: the message asks for a report).
 */
package org.spikeport.cli;
