package org.spikeport.exporter.loihi.lava;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.spikeport.core.SpikeportException;

/**
 * The Python environment the Lava bridge runs in: a Python 3.10 with lava-nc {@value #LAVA_VERSION},
 * numpy, h5py and jep (the same version as the jep jar on the class path, {@link #jepJarVersion()}).
 *
 * <h2>Which Python</h2>
 *
 * The first of: an explicit path (the {@code --python} option), the system property
 * {@value #PROPERTY}, the environment variable {@value #ENV}, and {@code .venv/bin/python} in the
 * directory holding spikeport's jar (or classes) or in one of its three parents (for a checkout:
 * {@code <project>/.venv}, which {@code ./test.sh} creates). A path names the interpreter (for a venv,
 * {@code VENV/bin/python}).
 *
 * <h2>What is checked</h2>
 *
 * {@link #locate} runs {@code spikeport_lava.py probe} with that interpreter (standard library only;
 * once per interpreter and JVM) and requires: the probe's format, lava-nc {@value #LAVA_VERSION},
 * numpy below 2, h5py, jep of the jar's version with its native library {@code jep/libjep.so}. Any
 * miss is a {@link SpikeportException} saying what is wrong and giving {@link #installCommand()}.
 */
public final class LavaEnvironment {

    /** The lava-nc release the bridge is written and tested against. */
    public static final String LAVA_VERSION = "0.10.0";

    /** System property naming the Python interpreter. */
    public static final String PROPERTY = "spikeport.python";

    /** Environment variable naming the Python interpreter. */
    public static final String ENV = "SPIKEPORT_PYTHON";

    /** The bridge's Python module, a resource beside this class. */
    static final String MODULE = "spikeport_lava.py";

    /** {@code FORMAT_VERSION} of {@link #MODULE} that this Java code speaks. */
    static final int FORMAT_VERSION = 2;

    /** An interpreter's probe: the environment, or why it is not usable. */
    private record Probe(LavaEnvironment environment, String problem) {
    }

    private static final Map<Path, Probe> PROBED = new ConcurrentHashMap<>();

    private final Path python;
    private final String pythonVersion;
    private final Path basePrefix;
    private final Path sitePackages;
    private final Path jepLibrary;

    private LavaEnvironment(Path python, String pythonVersion, Path basePrefix, Path sitePackages, Path jepLibrary) {
        this.python = python;
        this.pythonVersion = pythonVersion;
        this.basePrefix = basePrefix;
        this.sitePackages = sitePackages;
        this.jepLibrary = jepLibrary;
    }

    /** The interpreter. */
    public Path python() {
        return python;
    }

    /** Its version, e.g. {@code 3.10.13}. */
    public String pythonVersion() {
        return pythonVersion;
    }

    /** The home of the Python installation (a venv's base), jep's {@code PyConfig} home. */
    public Path basePrefix() {
        return basePrefix;
    }

    /** The interpreter's site-packages. */
    public Path sitePackages() {
        return sitePackages;
    }

    /** jep's native library in that site-packages. */
    public Path jepLibrary() {
        return jepLibrary;
    }

    /**
     * One line that sets up a Python environment with everything the bridge needs, for messages:
     * a venv in {@code ./.venv} on Python 3.10 with pinned lava-nc, numpy, h5py and jep.
     */
    public static String installCommand() {
        return "python3.10 -m venv .venv && .venv/bin/pip install lava-nc==" + LAVA_VERSION
                + " numpy==1.26.4 h5py==3.11.0 wheel==0.45.1 && JAVA_HOME=<your JDK> .venv/bin/pip install"
                + " --no-build-isolation jep==" + jepJarVersion() + " (or run ./test.sh in a spikeport checkout)";
    }

    /**
     * The usable environment, or a {@link SpikeportException} saying which interpreter was tried, what
     * is missing and how to install it.
     *
     * @param explicit the interpreter given on the command line, or null
     */
    public static LavaEnvironment locate(Path explicit) {
        Path python = interpreter(explicit);
        Probe p = PROBED.computeIfAbsent(python.toAbsolutePath().normalize(), k -> {
            try {
                return new Probe(probe(k), null);
            } catch (SpikeportException e) {
                return new Probe(null, e.getMessage());
            }
        });
        if (p.problem() != null) {
            throw new SpikeportException(p.problem());
        }
        return p.environment();
    }

    /** The interpreter {@link #locate} would probe (see the class comment), whether it exists or not. */
    public static Path interpreter(Path explicit) {
        if (explicit != null) {
            return explicit;
        }
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        String e = System.getenv(ENV);
        if (e != null && !e.isBlank()) {
            return Path.of(e);
        }
        Path dir = codeDirectory();
        for (int up = 0; dir != null && up <= 3; up++, dir = dir.getParent()) {
            Path candidate = dir.resolve(".venv").resolve("bin").resolve("python");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw unavailable("no Python environment found (no --python, no system property " + PROPERTY
                + ", no " + ENV + ", no .venv beside spikeport's jar)");
    }

    private static Path codeDirectory() {
        try {
            Path code = Path.of(LavaEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(code) ? code : code.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The version of the jep jar on the class path (its Maven metadata). */
    public static String jepJarVersion() {
        try (InputStream in = jep.Jep.class.getResourceAsStream("/META-INF/maven/org.ninia/jep/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the jep jar on the class path has no Maven metadata");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bridge's Python source ({@value #MODULE}). */
    static String moduleSource() {
        try (InputStream in = LavaEnvironment.class.getResourceAsStream(MODULE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + MODULE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@value #MODULE} into {@code dir} and returns its path. */
    static Path writeModule(Path dir) {
        Path file = dir.resolve(MODULE);
        try {
            Files.writeString(file, moduleSource(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpikeportException(dir + ": cannot write " + MODULE + " (" + e.getMessage() + ")", e);
        }
        return file;
    }

    static SpikeportException unavailable(String why) {
        return new SpikeportException("the Lava bridge needs Python 3.10 with lava-nc " + LAVA_VERSION
                + " and jep: " + why + "; install it with: " + installCommand()
                + "; name its bin/python with " + ENV + " (or --python where a command has it)");
    }

    private static LavaEnvironment probe(Path python) {
        if (!Files.isExecutable(python)) {
            throw unavailable(python + " is not an executable Python interpreter");
        }
        Map<String, String> facts = new LinkedHashMap<>();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("spikeport-probe-");
            Path module = writeModule(dir);
            Process p = new ProcessBuilder(python.toString(), module.toString(), "probe").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw unavailable(python + " did not answer within 60 s");
            }
            if (p.exitValue() != 0) {
                throw unavailable(python + " failed to describe itself: " + out.strip());
            }
            for (String line : out.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    facts.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
        } catch (IOException e) {
            throw unavailable("cannot run " + python + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while asking " + python + " what it has");
        } finally {
            deleteQuietly(dir);
        }
        List<String> problems = new ArrayList<>();
        if (!Integer.toString(FORMAT_VERSION).equals(facts.get("format"))) {
            problems.add("its probe answered in format '" + facts.get("format") + "', expected " + FORMAT_VERSION);
        }
        String version = facts.getOrDefault("python", "");
        if (!version.startsWith("3.10.")) {
            problems.add("it is Python " + version + ", lava-nc " + LAVA_VERSION + " needs 3.10");
        }
        require(problems, facts, "lava-nc", LAVA_VERSION);
        require(problems, facts, "jep", jepJarVersion());
        require(problems, facts, "h5py", null);
        require(problems, facts, "numpy", null);
        String numpy = facts.getOrDefault("package.numpy", "");
        if (!numpy.isEmpty() && !numpy.startsWith("1.")) {
            problems.add("numpy " + numpy + " is installed, Lava needs numpy < 2");
        }
        Path jepLibrary = null;
        String jepDir = facts.getOrDefault("jep_dir", "");
        if (!jepDir.isEmpty()) {
            jepLibrary = Path.of(jepDir, "libjep.so");
            if (!Files.isRegularFile(jepLibrary)) {
                problems.add("jep has no native library " + jepLibrary);
            }
        }
        if (!problems.isEmpty()) {
            throw unavailable(python + ": " + String.join("; ", problems));
        }
        return new LavaEnvironment(python, version, Path.of(facts.get("base_prefix")), Path.of(facts.get("purelib")),
                jepLibrary);
    }

    private static void require(List<String> problems, Map<String, String> facts, String name, String version) {
        String got = facts.getOrDefault("package." + name, "");
        if (got.isEmpty()) {
            problems.add(name + " is not installed");
        } else if (version != null && !version.equals(got)) {
            problems.add(name + " " + got + " is installed, the bridge needs " + version);
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    @Override
    public String toString() {
        return python + " (Python " + pythonVersion + ", lava-nc " + LAVA_VERSION + ", jep " + jepJarVersion() + ")";
    }
}
