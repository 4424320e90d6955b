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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Conventions every bundled profile keeps: it names itself after its file, describes itself, names
 * its arithmetic, and every energy figure carries a value and a public source.
 */
class BundledProfilesTest {

    private static final Path DIR = Path.of("src/main/resources/org/spikeport/profiles");

    private static List<Path> profiles() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void thereAreProfiles() throws IOException {
        assertFalse(profiles().isEmpty(), "no profile files in " + DIR.toAbsolutePath());
    }

    @Test
    void everyProfileFollowsTheConventions() throws IOException {
        for (Path p : profiles()) {
            Map<String, Object> doc;
            try (InputStream in = Files.newInputStream(p)) {
                doc = new Yaml().load(in);
            }
            String stem = p.getFileName().toString().replaceFirst("\\.yaml$", "");
            assertEquals(stem, doc.get("name"), p + ": name must equal the file name");
            assertInstanceOf(String.class, doc.get("description"), p + ": description");
            assertInstanceOf(String.class, doc.get("arithmetic"), p + ": arithmetic");
            Object energy = doc.get("energy");
            assertInstanceOf(Map.class, energy, p + ": energy must be a map (empty when unknown)");
            for (Map.Entry<?, ?> e : ((Map<?, ?>) energy).entrySet()) {
                Map<?, ?> figure = assertInstanceOf(Map.class, e.getValue(), p + ": energy." + e.getKey());
                assertInstanceOf(Number.class, figure.get("value"), p + ": energy." + e.getKey() + ".value");
                Object source = figure.get("source");
                assertTrue(source instanceof String s && !s.isBlank(), p + ": energy." + e.getKey() + " has no source");
            }
        }
    }
}
