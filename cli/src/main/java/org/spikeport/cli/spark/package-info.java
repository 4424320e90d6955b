/**
 * How {@code train --spark} and {@code replay --spark} reach Apache Spark without the command line depending
 * on it: {@link org.spikeport.cli.spark.SparkBackend} is a service the {@code spikeport-spark} module provides
 * ({@link java.util.ServiceLoader}); {@link org.spikeport.cli.spark.SparkBackends#load} finds it or fails with
 * exit code {@value org.spikeport.cli.spark.SparkUnavailableException#EXIT_UNAVAILABLE} and a line saying how
 * to run with Spark.
 */
package org.spikeport.cli.spark;
