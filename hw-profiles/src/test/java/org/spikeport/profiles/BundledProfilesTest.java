package org.spikeport.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Conventions every bundled profile keeps (the schema is in this module's README and is enforced in
 * full by the loader in core): it names itself after its file, uses only schema keys, names a known
 * arithmetic, states its recurrent offset, cites a source for each of its sections with figures, and
 * every energy figure carries a value, a unit, a public source and whether it is an assumption. {@code index.txt} lists exactly the
 * profile files.
 */
class BundledProfilesTest {

    private static final Path DIR = Path.of("src/main/resources/org/spikeport/profiles");
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "arithmetic", "delays", "weights",
            "neuron", "resources", "input", "energy", "sources");
    private static final List<String> REQUIRED = List.of("name", "description", "arithmetic", "delays", "weights",
            "input", "energy");
    private static final Set<String> ARITHMETICS =
            Set.of("lif-float", "loihi2-lif", "spinnaker-lif-s1615", "truenorth-lif", "seneca-bf16-lif");

    private static List<Path> profiles() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static String stem(Path p) {
        return p.getFileName().toString().replaceFirst("\\.yaml$", "");
    }

    @Test
    void thereAreProfiles() throws IOException {
        assertFalse(profiles().isEmpty(), "no profile files in " + DIR.toAbsolutePath());
    }

    @Test
    void indexListsExactlyTheProfileFiles() throws IOException {
        List<String> index = Files.readAllLines(DIR.resolve("index.txt")).stream()
                .map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith("#")).sorted().toList();
        assertEquals(profiles().stream().map(BundledProfilesTest::stem).sorted().toList(), index);
    }

    @Test
    void everyProfileFollowsTheConventions() throws IOException {
        for (Path p : profiles()) {
            Map<String, Object> doc;
            try (InputStream in = Files.newInputStream(p)) {
                doc = new Yaml().load(in);
            }
            assertTrue(TOP_KEYS.containsAll(doc.keySet()), p + ": unknown top-level keys in " + doc.keySet());
            for (String key : REQUIRED) {
                assertTrue(doc.containsKey(key), p + ": missing " + key);
            }
            assertEquals(stem(p), doc.get("name"), p + ": name must equal the file name");
            assertInstanceOf(String.class, doc.get("description"), p + ": description");
            assertTrue(ARITHMETICS.contains(doc.get("arithmetic")), p + ": arithmetic " + doc.get("arithmetic"));

            Map<?, ?> delays = assertInstanceOf(Map.class, doc.get("delays"), p + ": delays");
            assertTrue(delays.get("recurrent_offset") instanceof Integer offset && offset >= 0,
                    p + ": delays.recurrent_offset must be written (an integer >= 0), with the chip's reasoning");

            Map<?, ?> sources = assertInstanceOf(Map.class, doc.get("sources"), p + ": sources must be a map");
            for (String section : List.of("delays", "weights", "neuron", "resources", "input")) {
                Object v = doc.get(section);
                boolean hasFigures = v instanceof Map<?, ?> m && !m.isEmpty();
                if (hasFigures) {
                    Object s = sources.get(section);
                    assertTrue(s instanceof String t && !t.isBlank(),
                            p + ": sources." + section + " must cite where the " + section + " figures come from");
                }
            }

            Object energy = doc.get("energy");
            assertInstanceOf(Map.class, energy, p + ": energy must be a map (empty when unknown)");
            for (Map.Entry<?, ?> e : ((Map<?, ?>) energy).entrySet()) {
                String at = p + ": energy." + e.getKey();
                Map<?, ?> figure = assertInstanceOf(Map.class, e.getValue(), at);
                assertInstanceOf(Number.class, figure.get("value"), at + ".value");
                assertInstanceOf(String.class, figure.get("unit"), at + ".unit");
                Object source = figure.get("source");
                assertTrue(source instanceof String s && !s.isBlank(), at + " has no source");
                assertInstanceOf(Boolean.class, figure.get("assumption"), at + ".assumption must be stated");
            }
        }
    }
}
