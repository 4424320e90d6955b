package org.spikeport.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** {@link TestPython#run}'s contract, with {@code /bin/sh} commands. */
class TestPythonTest {

    @TempDir
    Path dir;

    @Test
    void runsInTheDirectoryWithTheEnvironmentAndInterleavesOutputAndErrors() throws Exception {
        TestPython.Result r = TestPython.run(
                List.of("/bin/sh", "-c", "pwd; echo \"$SPIKEPORT_TEST_VALUE\" >&2; exit 3"),
                Map.of("SPIKEPORT_TEST_VALUE", "from the test"), dir, Duration.ofSeconds(60));
        assertEquals(3, r.exit(), r.output());
        assertEquals(dir.toRealPath().toString() + "\nfrom the test\n", r.output());
    }

    @Test
    void closesStandardInputAndTakesOutputLargerThanAPipe() {
        TestPython.Result r = TestPython.run(List.of("/bin/sh", "-c",
                "cat; i=0; while [ $i -lt 20000 ]; do echo 0123456789abcdef; i=$((i + 1)); done"), Map.of(), null,
                Duration.ofSeconds(60));
        assertEquals(0, r.exit(), r.output());
        assertEquals(20000 * 17, r.output().length());
    }

    @Test
    void aCommandThatCannotStartExitsWithMinusOne() {
        TestPython.Result r = TestPython.run(List.of(dir.resolve("missing").toString()), Map.of());
        assertEquals(-1, r.exit());
        assertTrue(r.output().contains("IOException"), r.output());
    }

    @Test
    void aCommandPastItsTimeoutIsKilledWithItsDescendantsAndFailsTheTest() throws Exception {
        List<String> cmd = List.of("/bin/sh", "-c", "echo started; (sleep 4; touch late) & wait");
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> TestPython.run(cmd, Map.of(), dir, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains(String.join(" ", cmd) + " did not finish within 1 s"), e.getMessage());
        assertTrue(e.getMessage().endsWith("started\n"), e.getMessage());
        Thread.sleep(4000);
        assertFalse(Files.exists(dir.resolve("late")), "the command's subshell outlived the timeout");
    }
}
