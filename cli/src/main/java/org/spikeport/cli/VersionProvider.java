package org.spikeport.cli;

import picocli.CommandLine;

/** The version from the jar manifest ({@code Implementation-Version}), {@code dev} when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"spikeport " + version(), "Java " + System.getProperty("java.version")};
    }
}
