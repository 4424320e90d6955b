package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpikeportCommandTest {

    @Test
    void versionAndHelp() {
        Cli v = Cli.run("--version");
        assertEquals(0, v.exit());
        assertTrue(v.out().startsWith("spikeport "), v.out());
        Cli h = Cli.run("--help");
        assertEquals(0, h.exit());
        assertTrue(h.out().contains("dataset"), h.out());
        Cli dh = Cli.run("dataset", "synth", "--help");
        assertEquals(0, dh.exit());
        assertTrue(dh.out().contains("--out=DIR") && dh.out().contains("default: "), dh.out());
    }

    @Test
    void missingCommandIsAUsageError() {
        Cli r = Cli.run();
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("a command is required"), r.err());
        Cli d = Cli.run("dataset");
        assertEquals(2, d.exit());
        Cli u = Cli.run("dataset", "nonsense");
        assertEquals(2, u.exit());
        assertTrue(u.err().contains("nonsense"), u.err());
    }
}
