package org.spikeport.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.spikeport.core.testing.TestPython;
import org.spikeport.core.testing.TestPython.Result;

/**
 * Runs the test scripts in {@code src/test/python} ({@code make_published_shd.py} unless another is
 * named) with the test venv's interpreter (system property {@code spikeport.python}) and parses the
 * expected-values files they write. A missing interpreter or h5py fails the calling test.
 */
final class H5py {

    static final String PUBLISHED_SCRIPT = "make_published_shd.py";

    private H5py() {
    }

    static Path script(String name) {
        return TestPython.script("core", name);
    }

    static String python() {
        return TestPython.interpreter("the h5py tests", "h5py, numpy");
    }

    /** Runs {@value #PUBLISHED_SCRIPT} with {@code args}; fails the test on a non-zero exit. */
    static String run(String... args) {
        return runScript(PUBLISHED_SCRIPT, args);
    }

    /** Runs the test script {@code name} with {@code args}; fails the test on a non-zero exit. */
    static String runScript(String name, String... args) {
        Result r = runScriptAllowingFailure(name, args);
        assertEquals(0, r.exit(), () -> name + " " + String.join(" ", args) + " failed:\n" + r.output());
        return r.output();
    }

    static Result runAllowingFailure(String... args) {
        return runScriptAllowingFailure(PUBLISHED_SCRIPT, args);
    }

    static Result runScriptAllowingFailure(String name, String... args) {
        List<String> cmd = new ArrayList<>(List.of(python(), script(name).toString()));
        cmd.addAll(List.of(args));
        return TestPython.run(cmd, Map.of());
    }

    /** The values a generated file holds, as written by the script's EXPECTED format. */
    record Expected(int channels, List<String> keys, List<SpikeRecording> samples) {
    }

    static Expected readExpected(Path file) throws IOException {
        int channels = -1;
        List<String> keys = new ArrayList<>();
        List<SpikeRecording> samples = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split(" ");
            switch (parts[0]) {
                case "channels" -> channels = Integer.parseInt(parts[1]);
                case "key" -> keys.add(new String(HexFormat.of().parseHex(parts[1]), StandardCharsets.UTF_8));
                case "sample" -> {
                    int label = Integer.parseInt(parts[1]);
                    String[] t = lines.get(++i).split(" ");
                    String[] u = lines.get(++i).split(" ");
                    double[] times = new double[t.length - 1];
                    int[] units = new int[u.length - 1];
                    for (int j = 0; j < times.length; j++) {
                        times[j] = Double.parseDouble(t[j + 1]);
                        units[j] = Integer.parseInt(u[j + 1]);
                    }
                    assertEquals(Integer.parseInt(parts[2]), times.length);
                    samples.add(new SpikeRecording(times, units, label));
                }
                default -> fail("unexpected line in " + file + ": " + lines.get(i));
            }
        }
        return new Expected(channels, keys, samples);
    }

    static void writeExpected(Path file, int channels, List<String> keys, List<SpikeRecording> samples)
            throws IOException {
        StringBuilder sb = new StringBuilder("channels " + channels + "\n");
        for (String k : keys) {
            sb.append("key ").append(HexFormat.of().formatHex(k.getBytes(StandardCharsets.UTF_8))).append('\n');
        }
        for (SpikeRecording r : samples) {
            sb.append("sample ").append(r.label()).append(' ').append(r.size()).append("\nt");
            for (double t : r.times()) {
                sb.append(' ').append(t);
            }
            sb.append("\nu");
            for (int u : r.units()) {
                sb.append(' ').append(u);
            }
            sb.append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.US_ASCII);
    }
}
