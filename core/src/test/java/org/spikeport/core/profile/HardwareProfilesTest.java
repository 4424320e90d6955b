package org.spikeport.core.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.files.FileHashes;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

class HardwareProfilesTest {

    @TempDir
    Path dir;

    private static final String GOOD = """
            name: chip
            description: A test chip.
            arithmetic: loihi2-lif
            delays: {min: 0, max: 62, pipeline_steps_per_layer: 1, convention: "t + 1 + d"}
            weights: {bits: 8, sign_modes: [excitatory, mixed], exponent_min: -8, exponent_max: 7}
            neuron: {u: 24, v: 24, du: 12, dv: 12, vth: 17, bias_mant: 13}
            resources: {neurons_per_core: 8192, synapses_per_core: 937500}
            input: {kind: graded, graded_bits: 24}
            energy:
              synaptic_op: {value: 2.4e-11, unit: J, source: "Someone 2018", assumption: true}
            sources: {delays: "Lava"}
            """;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private String error(String text) throws IOException {
        Path p = write("chip.yaml", text);
        SpikeportException e = assertThrows(SpikeportException.class, () -> HardwareProfiles.load(p));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        return e.getMessage().substring(p.toString().length() + 2);
    }

    @Test
    void bundledNamesComeFromTheIndex() {
        assertEquals(List.of("float", "loihi", "spinnaker", "seneca", "truenorth-like", "nir", "nir-delay-free"),
                HardwareProfiles.bundledNames());
    }

    @Test
    void everyBundledProfileLoads() {
        for (String name : HardwareProfiles.bundledNames()) {
            HardwareProfile p = HardwareProfiles.bundled(name);
            assertEquals(name, p.name());
            assertEquals(64, p.sha256().length());
            assertTrue(HardwareProfiles.ARITHMETICS.contains(p.arithmetic()));
        }
    }

    @Test
    void bundledProfilesHoldTheirFigures() {
        HardwareProfile loihi = HardwareProfiles.bundled("loihi");
        assertEquals(0, loihi.delays().min());
        assertEquals(62, loihi.delays().max());
        assertEquals(1, loihi.delays().pipelineStepsPerLayer());
        assertEquals(8, loihi.weights().bits());
        assertEquals(List.of("excitatory", "mixed", "inhibitory"), loihi.weights().signModes());
        assertEquals(-8, loihi.weights().exponentMin());
        assertEquals(7, loihi.weights().exponentMax());
        assertEquals(24, loihi.neuron().get("v"));
        assertEquals(12, loihi.neuron().get("du"));
        assertEquals(17, loihi.neuron().get("vth"));
        assertEquals(8192, loihi.resources().neuronsPerCore());
        assertEquals(128, loihi.resources().coresPerChip());
        assertEquals("graded", loihi.input().kind());
        assertEquals(35.5e-12, loihi.energy().get("synaptic_op").value(), 1e-20);
        assertTrue(loihi.energy().get("synaptic_op").assumption());

        HardwareProfile spinnaker = HardwareProfiles.bundled("spinnaker");
        assertEquals(1, spinnaker.delays().min());
        assertEquals(256, spinnaker.delays().max());
        assertEquals(14, spinnaker.neuron().get("ring_buffer_bits"));
        assertEquals(1, spinnaker.neuron().get("synapse_type_bits"));
        assertEquals(3, spinnaker.neuron().get("delay_extension_bits"));
        assertEquals(256, spinnaker.resources().neuronsPerCore());
        assertEquals(16, spinnaker.weights().bits());
        assertEquals("binary", spinnaker.input().kind());
        assertEquals(43e-9, spinnaker.energy().get("synaptic_op").value(), 1e-18);

        HardwareProfile tn = HardwareProfiles.bundled("truenorth-like");
        assertEquals(256, tn.resources().axonsPerCore());
        assertEquals(256, tn.resources().neuronsPerCore());
        assertEquals(1, tn.delays().min());
        assertEquals(30, tn.delays().max());
        assertEquals(9, tn.weights().bits());
        assertEquals(4096, tn.resources().coresPerChip());

        for (String name : HardwareProfiles.bundledNames()) {
            assertEquals(0, HardwareProfiles.bundled(name).delays().recurrentOffset(), name + ": recurrent offset");
        }

        HardwareProfile seneca = HardwareProfiles.bundled("seneca");
        assertNull(seneca.delays().max());
        assertEquals("seneca-bf16-lif", seneca.arithmetic());
        assertEquals(64, seneca.resources().delayQueueDepth());
        assertEquals(262_144L, seneca.resources().memoryBytesPerCore());
        assertEquals(16, seneca.neuron().get("accumulator"));
        assertEquals(2.8e-12, seneca.energy().get("synaptic_op").value(), 1e-20);

        for (String format : List.of("float", "nir")) {
            HardwareProfile p = HardwareProfiles.bundled(format);
            assertEquals("lif-float", p.arithmetic());
            assertNull(p.delays().max());
            assertNull(p.weights().bits());
            assertNull(p.resources().neuronsPerCore());
            assertEquals("graded", p.input().kind());
        }
        HardwareProfile delayFree = HardwareProfiles.bundled("nir-delay-free");
        assertEquals("lif-float", delayFree.arithmetic());
        assertEquals(0, delayFree.delays().max());
        assertEquals("graded", delayFree.input().kind());
    }

    @Test
    void everyBundledProfileRoundTripsThroughItsMap() throws IOException {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        for (String name : HardwareProfiles.bundledNames()) {
            HardwareProfile p = HardwareProfiles.bundled(name);
            Map<String, Object> m = new LinkedHashMap<>(HardwareProfiles.toMap(p));
            m.remove("sha256");
            Path f = write(name + ".yaml", new Yaml(o).dump(m));
            HardwareProfile again = HardwareProfiles.load(f);
            assertEquals(withHash(p, again.sha256()), again, name);
        }
    }

    private static HardwareProfile withHash(HardwareProfile p, String sha) {
        return new HardwareProfile(p.name(), p.description(), p.arithmetic(), p.delays(), p.weights(), p.neuron(),
                p.resources(), p.input(), p.energy(), p.sources(), sha);
    }

    @Test
    void aGoodFileLoadsWithItsHash() throws IOException {
        Path p = write("chip.yaml", GOOD);
        HardwareProfile h = HardwareProfiles.load(p);
        assertEquals(FileHashes.sha256(p), h.sha256());
        assertEquals(62, h.delays().max());
        assertEquals(937_500L, h.resources().synapsesPerCore());
        assertNull(h.resources().coresPerChip());
        assertNull(h.resources().delayQueueDepth());
        assertNull(h.resources().memoryBytesPerCore());
        assertEquals("Someone 2018", h.energy().get("synaptic_op").source());
    }

    @Test
    void delayQueueDepthAndCoreMemoryAreRead() throws IOException {
        HardwareProfile h = HardwareProfiles.load(write("chip.yaml", GOOD.replace("synapses_per_core: 937500}",
                "synapses_per_core: 937500, delay_queue_depth: 26, memory_bytes_per_core: 5000000000}")));
        assertEquals(26, h.resources().delayQueueDepth());
        assertEquals(5_000_000_000L, h.resources().memoryBytesPerCore());
        assertEquals("resources.delay_queue_depth: expected an integer >= 1, got 0",
                error(GOOD.replace("synapses_per_core: 937500}", "synapses_per_core: 937500, delay_queue_depth: 0}")));
        assertEquals("resources.memory_bytes_per_core: expected an integer >= 1, got \"1 MB\"",
                error(GOOD.replace("synapses_per_core: 937500}",
                        "synapses_per_core: 937500, memory_bytes_per_core: 1 MB}")));
    }

    @Test
    void recurrentOffsetIsReadAndDefaultsToZero() throws IOException {
        assertEquals(0, HardwareProfiles.load(write("chip.yaml", GOOD)).delays().recurrentOffset(), "absent: 0");
        HardwareProfile h = HardwareProfiles.load(write("chip.yaml",
                GOOD.replace("convention: \"t + 1 + d\"}", "convention: \"t + 1 + d\", recurrent_offset: 2}")));
        assertEquals(2, h.delays().recurrentOffset());
        assertEquals(2, HardwareProfiles.toMap(h).entrySet().stream().filter(e -> e.getKey().equals("delays"))
                .map(e -> ((Map<?, ?>) e.getValue()).get("recurrent_offset")).findFirst().orElseThrow());
        assertEquals("delays.recurrent_offset: expected an integer >= 0, got -1", error(GOOD.replace(
                "convention: \"t + 1 + d\"}", "convention: \"t + 1 + d\", recurrent_offset: -1}")));
        assertEquals("delays.recurrent_offset: expected an integer >= 0, got \"one\"", error(GOOD.replace(
                "convention: \"t + 1 + d\"}", "convention: \"t + 1 + d\", recurrent_offset: one}")));
        assertEquals("delays.recurrent_offset: expected an integer >= 0, got nothing (null)", error(GOOD.replace(
                "convention: \"t + 1 + d\"}", "convention: \"t + 1 + d\", recurrent_offset: null}")));
        assertEquals("delays.recurrent_offset: expected an integer >= 0, got 0.5", error(GOOD.replace(
                "convention: \"t + 1 + d\"}", "convention: \"t + 1 + d\", recurrent_offset: 0.5}")));
        assertThrows(IllegalArgumentException.class, () -> new HardwareProfile.Delays(0, null, 0, "c", -1));
    }

    @Test
    void resolveTakesPathsAndNames() throws IOException {
        Path p = write("chip.yaml", GOOD);
        assertEquals("chip", HardwareProfiles.resolve(p.toString()).name());
        assertEquals("loihi", HardwareProfiles.resolve("loihi").name());
        SpikeportException e = assertThrows(SpikeportException.class,
                () -> HardwareProfiles.resolve(dir.resolve("missing.yml").toString()));
        assertTrue(e.getMessage().endsWith("missing.yml: no such profile file"), e.getMessage());
    }

    @Test
    void anUnknownBundledNameListsTheBundledOnes() {
        SpikeportException e = assertThrows(SpikeportException.class, () -> HardwareProfiles.bundled("loihi3"));
        assertTrue(e.getMessage().startsWith("no bundled profile named \"loihi3\"; bundled profiles are: float, loihi,"),
                e.getMessage());
    }

    @Test
    void malformedProfilesNameTheKey() throws IOException {
        assertEquals("delays.max: expected an integer >= 0, got \"sixty\"",
                error(GOOD.replace("max: 62", "max: sixty")));
        assertEquals("delays.max: expected an integer >= 0, got -1", error(GOOD.replace("max: 62", "max: -1")));
        assertEquals("delays.max: expected an integer >= delays.min (5) or null for unbounded, got 2",
                error(GOOD.replace("min: 0, max: 62", "min: 5, max: 2")));
        assertEquals("delays.colour: unknown key; allowed keys in delays: min, max, pipeline_steps_per_layer, convention, "
                + "recurrent_offset",
                error(GOOD.replace("min: 0,", "min: 0, colour: red,")));
        assertEquals("speed: unknown key; allowed top-level keys: name, description, arithmetic, delays, weights, "
                + "neuron, resources, input, energy, sources", error(GOOD + "speed: 3\n"));
        assertEquals("input: missing; required top-level keys: name, description, arithmetic, delays, weights, "
                + "input, energy", error(GOOD.replace("input: {kind: graded, graded_bits: 24}\n", "")));
        assertEquals("delays.convention: missing; required keys in delays: min, pipeline_steps_per_layer, convention",
                error(GOOD.replace(", convention: \"t + 1 + d\"", "")));
        assertEquals("name: must equal the file name without .yaml (\"chip\"), got \"loihi\"",
                error(GOOD.replace("name: chip", "name: loihi")));
        assertEquals("arithmetic: expected one of lif-float, loihi2-lif, spinnaker-lif-s1615, truenorth-lif, "
                + "seneca-bf16-lif, got \"loihi3\"", error(GOOD.replace("loihi2-lif", "loihi3")));
        assertEquals("weights.sign_modes[1]: expected one of excitatory, mixed, inhibitory, got \"positive\"",
                error(GOOD.replace("[excitatory, mixed]", "[excitatory, positive]")));
        assertEquals("weights.bits: expected an integer in 1..64, got 8.5", error(GOOD.replace("bits: 8", "bits: 8.5")));
        assertEquals("resources.neurons_per_core: expected an integer >= 1, got -4",
                error(GOOD.replace("neurons_per_core: 8192", "neurons_per_core: -4")));
        assertEquals("neuron.v: expected an integer in 1..64, got \"wide\"", error(GOOD.replace("v: 24, du", "v: wide, du")));
        assertEquals("weights.bits: expected an integer in 2..8 (the loihi2-lif arithmetic computes with it), got 1",
                error(GOOD.replace("bits: 8", "bits: 1")));
        assertEquals("neuron.u: expected an integer in 2..32 (the loihi2-lif arithmetic computes with it), got 64",
                error(GOOD.replace("u: 24", "u: 64")));
        assertEquals("input.graded_bits: expected an integer in 1..32, got 40",
                error(GOOD.replace("graded_bits: 24", "graded_bits: 40")));
        assertEquals("energy.synaptic_op.source: missing; required keys in energy.synaptic_op: value, unit, source",
                error(GOOD.replace(", source: \"Someone 2018\"", "")));
        assertEquals("energy.synaptic_op.value: expected a finite number >= 0, got \"lots\"",
                error(GOOD.replace("value: 2.4e-11", "value: lots")));
        assertEquals("input.kind: expected one of binary, graded, got \"analog\"",
                error(GOOD.replace("kind: graded", "kind: analog")));
        assertEquals("delays: expected a mapping, got 3",
                error(GOOD.replace("delays: {min: 0, max: 62, pipeline_steps_per_layer: 1, convention: \"t + 1 + d\"}",
                        "delays: 3")));
    }

    @Test
    void malformedYamlGivesLineAndColumn() throws IOException {
        String msg = error(GOOD.replace("description: A test chip.", "description: [unclosed"));
        assertTrue(msg.matches("line \\d+, column \\d+: not valid YAML \\(.+\\)"), msg);
        String dup = error(GOOD + "name: chip\n");
        assertTrue(dup.startsWith("line 12, column 1: not valid YAML (found duplicate key name)"), dup);
        assertTrue(error("").startsWith("empty;"));
    }
}
