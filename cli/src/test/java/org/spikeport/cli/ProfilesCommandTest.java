package org.spikeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.profile.HardwareProfiles;
import picocli.CommandLine;

class ProfilesCommandTest {

    @TempDir
    Path dir;

    private static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ProfilesCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler(new ErrorHandler());
        int exit = cl.execute(args);
        return new Cli(exit, out.toString(), err.toString());
    }

    @Test
    void listNamesEveryBundledProfile() {
        Cli r = run("list");
        assertEquals(0, r.exit(), r.err());
        for (String name : HardwareProfiles.bundledNames()) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(name + " ")), name + " missing in:\n" + r.out());
        }
        assertTrue(r.out().contains("loihi2-lif"), r.out());
    }

    @Test
    void listAsJson() {
        Cli r = run("list", "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"name\": \"truenorth-like\""), r.out());
    }

    @Test
    void showPrintsLimitsWithSources() {
        Cli r = run("show", "loihi");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("62 steps"), r.out());
        assertTrue(r.out().contains("8192"), r.out());
        assertTrue(r.out().contains("(assumption)"), r.out());
        assertTrue(r.out().contains("SANA-FE"), r.out());
    }

    @Test
    void showAsJsonIsTheWholeRecord() {
        Cli r = run("show", "spinnaker", "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"neurons_per_core\": 256"), r.out());
        assertTrue(r.out().contains("\"sha256\": \""), r.out());
    }

    @Test
    void showOfAnUnknownNameFailsWithOneLine() {
        Cli r = run("show", "loihi3");
        assertEquals(1, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.errorLine().startsWith("spikeport: no bundled profile named \"loihi3\"; bundled profiles are: "),
                r.err());
    }

    @Test
    void showOfABadFileNamesTheKey() throws IOException {
        Path bad = dir.resolve("mychip.yaml");
        Files.writeString(bad, """
                name: mychip
                description: mine
                arithmetic: loihi2-lif
                delays: {min: 0, max: sixty, pipeline_steps_per_layer: 1, convention: c}
                weights: {bits: 8}
                input: {kind: binary}
                energy: {}
                """);
        Cli r = run("show", "--profile", bad.toString());
        assertEquals(1, r.exit());
        assertEquals("spikeport: " + bad + ": delays.max: expected an integer >= 0, got \"sixty\"", r.err().strip());
    }

    @Test
    void showOfACustomFile() throws IOException {
        Path good = dir.resolve("mychip.yaml");
        Files.writeString(good, """
                name: mychip
                description: mine
                arithmetic: truenorth-lif
                delays: {min: 1, max: 15, pipeline_steps_per_layer: 0, convention: c}
                weights: {bits: 9}
                neuron: {weight: 9, leak: 9, threshold: 20, membrane: 20, input_count: 4}
                input: {kind: binary}
                energy: {}
                """);
        Cli r = run("show", "--profile", good.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("15 steps"), r.out());
    }

    @Test
    void showNeedsExactlyOneProfile() {
        assertEquals(2, run("show").exit());
        assertEquals(2, run("show", "loihi", "--profile", "x.yaml").exit());
    }

    @Test
    void figuresArePrintedWithAnSiPrefix() {
        assertEquals("35.5 pJ", ProfilesShowCommand.withPrefix(35.5e-12, "J"));
        assertEquals("43 nJ", ProfilesShowCommand.withPrefix(43e-9, "J"));
        assertEquals("63 mW", ProfilesShowCommand.withPrefix(0.063, "W"));
        assertEquals("1000 W", ProfilesShowCommand.withPrefix(1000, "W"));
        assertEquals("0 J", ProfilesShowCommand.withPrefix(0, "J"));
    }
}
