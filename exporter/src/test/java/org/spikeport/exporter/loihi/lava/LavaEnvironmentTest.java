package org.spikeport.exporter.loihi.lava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.SpikeportException;

class LavaEnvironmentTest {

    @TempDir
    Path dir;

    /** A stand-in interpreter that answers the probe with {@code facts}, whatever it is asked. */
    private Path fakePython(String name, String facts) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\ncat <<'EOF'\n" + facts + "EOF\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static String facts(String python, String lava, String jep, String numpy) {
        return "format=" + LavaEnvironment.FORMAT_VERSION + "\npython=" + python
                + "\nbase_prefix=/opt/py\npurelib=/opt/venv/site-packages\njep_dir=\n"
                + "package.lava-nc=" + lava + "\npackage.jep=" + jep + "\npackage.numpy=" + numpy + "\npackage.h5py=3.11.0\n";
    }

    @Test
    void theRealVenvIsUsable() {
        LavaEnvironment env = LavaEnvironment.locate(null);
        assertTrue(env.pythonVersion().startsWith("3.10."), env.toString());
        assertTrue(Files.isRegularFile(env.jepLibrary()), env.jepLibrary().toString());
        assertTrue(Files.isDirectory(env.sitePackages().resolve("lava")));
    }

    @Test
    void aPython311WithoutLavaIsExplainedWithTheInstallCommand() throws IOException {
        Path py = fakePython("py311", facts("3.11.7", "", "", ""));
        SpikeportException e = assertThrows(SpikeportException.class, () -> LavaEnvironment.locate(py));
        String m = e.getMessage();
        assertTrue(m.contains(py + ": it is Python 3.11.7, lava-nc 0.10.0 needs 3.10"), m);
        assertTrue(m.contains("lava-nc is not installed") && m.contains("jep is not installed")
                && m.contains("numpy is not installed"), m);
        assertTrue(m.contains(LavaEnvironment.installCommand()), m);
        assertTrue(!m.contains("\n"), "one line: " + m);
    }

    @Test
    void mismatchedVersionsAreNamed() throws IOException {
        Path py = fakePython("mismatch", facts("3.10.13", "0.9.0", "4.2.0", "2.0.1"));
        String m = assertThrows(SpikeportException.class, () -> LavaEnvironment.locate(py)).getMessage();
        assertTrue(m.contains("lava-nc 0.9.0 is installed, the bridge needs 0.10.0"), m);
        assertTrue(m.contains("jep 4.2.0 is installed, the bridge needs " + LavaEnvironment.jepJarVersion()), m);
        assertTrue(m.contains("numpy 2.0.1 is installed, Lava needs numpy < 2"), m);
    }

    @Test
    void aMissingInterpreterIsNamed() {
        Path none = dir.resolve("no-such-python");
        String m = assertThrows(SpikeportException.class, () -> LavaEnvironment.locate(none)).getMessage();
        assertTrue(m.contains(none + " is not an executable Python interpreter"), m);
    }

    @Test
    void anExplicitInterpreterWinsOverTheSystemProperty() {
        Path p = dir.resolve("explicit");
        assertEquals(p, LavaEnvironment.interpreter(p));
        assertEquals(Path.of(System.getProperty(LavaEnvironment.PROPERTY)), LavaEnvironment.interpreter(null));
    }

    /** The Java and Python halves of jep, and the lava-nc pin, agree with the requirements files. */
    @Test
    void pinsAgreeWithTheRequirementsFiles() throws IOException {
        Path root = Path.of(System.getProperty("spikeport.root", ".."));
        assertEquals(LavaEnvironment.jepJarVersion(), pin(root.resolve("python/requirements-jep.txt"), "jep"));
        assertEquals(LavaEnvironment.LAVA_VERSION, pin(root.resolve("python/requirements.txt"), "lava-nc"));
    }

    private static String pin(Path file, String name) throws IOException {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "==(\\S+)$").matcher(Files.readString(file));
        assertTrue(m.find(), file + " pins no " + name);
        return m.group(1);
    }
}
