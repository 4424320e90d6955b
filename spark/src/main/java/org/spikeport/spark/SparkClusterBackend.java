package org.spikeport.spark;

import org.spikeport.cli.spark.SparkBackend;

/**
 * The {@link SparkBackend} service ({@code META-INF/services}). Its construction loads Spark's
 * {@code SparkContext}, so that a class path without Spark's jars fails when the command line looks the service
 * up, with its one-line message.
 */
public final class SparkClusterBackend implements SparkBackend {

    public SparkClusterBackend() {
        try {
            Class.forName("org.apache.spark.SparkContext", false, SparkClusterBackend.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new NoClassDefFoundError("org.apache.spark.SparkContext");
        }
    }

    @Override
    public Cluster connect(String master, String appName) {
        return new SparkCluster(master, appName);
    }
}
