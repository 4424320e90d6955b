package org.spikeport.core.profile;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.files.FileHashes;
import org.spikeport.core.ir.Limits;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@link HardwareProfile}s from YAML files, strictly.
 *
 * <h2>Schema</h2>
 * A profile file {@code <name>.yaml} is one YAML mapping with these keys (no others):
 * <pre>
 * name:        text, required, equal to the file name without .yaml/.yml
 * description: text, required
 * arithmetic:  required, one of lif-float, loihi2-lif, spinnaker-lif-s1615, truenorth-lif, seneca-bf16-lif
 * delays:      required mapping
 *   min:                      integer 0..1024, required: smallest delay the chip realises, in steps
 *   max:                      integer &gt;= min, or null/absent when unbounded
 *   pipeline_steps_per_layer: integer 0..1024, required
 *   convention:               text, required: how chip delays relate to the IR's
 *   recurrent_offset:         integer &gt;= 0, optional (absent: 0): steps a recurrent synapse adds beyond its
 *                             IR lag D &gt;= 1 (a layer's spike at t reaches the same layer at t + D + offset)
 * weights:     required mapping
 *   bits:                     integer, or null/absent for floating point; required and in the range of
 *                             the arithmetic's weight registers for an integer arithmetic (table below)
 *   sign_modes:               list of excitatory | mixed | inhibitory, optional (default empty)
 *   exponent_min, exponent_max: integers -31..31, both or neither, exponent_min &lt;= exponent_max
 * neuron:      optional mapping of bit-width name to integer 1..64; the widths an arithmetic computes
 *              with are required, in their ranges (table below)
 * resources:   optional mapping; each key optional, integer &gt;= 1 or null (= unlimited):
 *   neurons_per_core, synapses_per_core, fan_in_per_neuron, axons_per_core, cores_per_chip,
 *   delay_queue_depth, memory_bytes_per_core, spikes_per_core_per_step
 * input:       required mapping
 *   kind:        binary | graded, required
 *   graded_bits: integer; 0 (or absent) for binary, 1..32 and required for graded
 * energy:      required mapping (may be empty) of figure name to
 *   {value: number &gt;= 0, unit: text, source: text, assumption: boolean (default false)}
 * sources:     optional mapping of topic to citation text
 * </pre>
 *
 * <table>
 *   <caption>What each arithmetic requires (weight bits: magnitude bits of a weight register, at least 2
 *   so that a signed weight keeps a non-zero magnitude)</caption>
 *   <tr><th>arithmetic</th><th>weights.bits</th><th>neuron widths</th></tr>
 *   <tr><td>lif-float</td><td>any</td><td>none</td></tr>
 *   <tr><td>loihi2-lif</td><td>2..8</td><td>u, v 2..32; du, dv 1..12; vth 1..31; bias_mant 2..32</td></tr>
 *   <tr><td>spinnaker-lif-s1615</td><td>2..16</td><td>ring_buffer_bits 1..32; synapse_type_bits 1..8;
 *       delay_extension_bits (optional) 1..8</td></tr>
 *   <tr><td>seneca-bf16-lif</td><td>2..16</td><td>accumulator 16 or 32; v, bias, threshold, decay 1..32</td></tr>
 *   <tr><td>truenorth-lif</td><td>2..32</td><td>weight, leak, threshold, membrane 2..32; input_count 1..30</td></tr>
 * </table>
 * A profile is at most {@value #MAX_BYTES} bytes of YAML.
 *
 * <h2>Errors</h2>
 * Every problem is reported as a {@link SpikeportException} with one line naming the file and the
 * key path, what was found and what is allowed, e.g.
 * {@code loihi.yaml: delays.max: expected an integer >= 0, got "sixty"}. A file that is not valid
 * YAML is reported with its line and column (both 1-based).
 *
 * <p>Bundled profiles are classpath resources {@code org/spikeport/profiles/<name>.yaml} (the
 * {@code spikeport-hw-profiles} jar), listed one name a line in {@code org/spikeport/profiles/index.txt}.
 */
public final class HardwareProfiles {

    /** Arithmetic names a profile may give; each is implemented in {@code org.spikeport.core.arith}. */
    public static final List<String> ARITHMETICS =
            List.of("lif-float", "loihi2-lif", "spinnaker-lif-s1615", "truenorth-lif", "seneca-bf16-lif");

    /** Weight sign modes a profile may list. */
    public static final List<String> SIGN_MODES = List.of("excitatory", "mixed", "inhibitory");

    /** Input spike kinds. */
    public static final List<String> INPUT_KINDS = List.of("binary", "graded");

    private static final String RESOURCE_DIR = "org/spikeport/profiles/";
    private static final List<String> TOP_KEYS = List.of("name", "description", "arithmetic", "delays", "weights",
            "neuron", "resources", "input", "energy", "sources");
    private static final List<String> REQUIRED_TOP_KEYS =
            List.of("name", "description", "arithmetic", "delays", "weights", "input", "energy");
    private static final List<String> DELAY_KEYS =
            List.of("min", "max", "pipeline_steps_per_layer", "convention", "recurrent_offset");
    private static final List<String> WEIGHT_KEYS = List.of("bits", "sign_modes", "exponent_min", "exponent_max");
    private static final List<String> RESOURCE_KEYS = List.of("neurons_per_core", "synapses_per_core",
            "fan_in_per_neuron", "axons_per_core", "cores_per_chip", "delay_queue_depth", "memory_bytes_per_core",
            "spikes_per_core_per_step");
    private static final List<String> INPUT_KEYS = List.of("kind", "graded_bits");
    private static final List<String> FIGURE_KEYS = List.of("value", "unit", "source", "assumption");

    /** The largest profile file, in bytes (the bundled ones have a few kB). */
    public static final int MAX_BYTES = 1 << 20;

    /** The largest delay offset or pipeline depth a profile may give, in steps ({@link Limits#MAX_DELAY}). */
    private static final int MAX_STEPS = Limits.MAX_DELAY;

    /** A neuron bit width an arithmetic computes with, and its range. */
    private record Width(String key, int min, int max, boolean required) {
    }

    /** The weight-register magnitude bits and the neuron widths each integer arithmetic requires. */
    private record Requirement(int minWeightBits, int maxWeightBits, List<Width> widths) {
    }

    private static final Map<String, Requirement> REQUIREMENTS = Map.of(
            "loihi2-lif", new Requirement(2, 8, List.of(new Width("u", 2, 32, true), new Width("v", 2, 32, true),
                    new Width("du", 1, 12, true), new Width("dv", 1, 12, true), new Width("vth", 1, 31, true),
                    new Width("bias_mant", 2, 32, true))),
            "spinnaker-lif-s1615", new Requirement(2, 16, List.of(new Width("ring_buffer_bits", 1, 32, true),
                    new Width("synapse_type_bits", 1, 8, true), new Width("delay_extension_bits", 1, 8, false))),
            "seneca-bf16-lif", new Requirement(2, 16, List.of(new Width("accumulator", 16, 32, true),
                    new Width("v", 1, 32, true), new Width("bias", 1, 32, true), new Width("threshold", 1, 32, true),
                    new Width("decay", 1, 32, true))),
            "truenorth-lif", new Requirement(2, 32, List.of(new Width("weight", 2, 32, true),
                    new Width("leak", 2, 32, true), new Width("threshold", 2, 32, true),
                    new Width("membrane", 2, 32, true), new Width("input_count", 1, 30, true))));

    private HardwareProfiles() {
    }

    /**
     * Reads and checks a profile file.
     *
     * @throws SpikeportException when the file cannot be read or breaks the schema (one line naming the
     *                            file and the key)
     */
    public static HardwareProfile load(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new SpikeportException(file + ": is " + size + " bytes; a profile is at most " + MAX_BYTES
                        + " bytes of YAML");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SpikeportException(file + ": no such profile file");
        } catch (AccessDeniedException e) {
            throw new SpikeportException(file + ": cannot read the profile (permission denied)", e);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new SpikeportException(file + ": cannot read the profile (" + reason + ")", e);
        }
        return parse(file.toString(), stem(file.getFileName().toString()), bytes);
    }

    /**
     * Reads a bundled profile by name.
     *
     * @throws SpikeportException when {@code name} is not one of {@link #bundledNames()}
     */
    public static HardwareProfile bundled(String name) {
        List<String> names = bundledNames();
        if (!names.contains(name)) {
            throw new SpikeportException("no bundled profile named \"" + name + "\"; bundled profiles are: "
                    + String.join(", ", names) + " (or give a profile file ending in .yaml)");
        }
        String file = name + ".yaml";
        byte[] bytes = resource(RESOURCE_DIR + file);
        if (bytes == null) {
            throw new IllegalStateException(RESOURCE_DIR + "index.txt lists " + name + " but " + file
                    + " is not on the classpath");
        }
        return parse(file, name, bytes);
    }

    /**
     * The names of the bundled profiles, in the order of {@code index.txt} (blank lines and lines starting
     * with {@code #} ignored).
     *
     * @throws IllegalStateException when the profiles jar is not on the classpath (a packaging error)
     */
    public static List<String> bundledNames() {
        byte[] index = resource(RESOURCE_DIR + "index.txt");
        if (index == null) {
            throw new IllegalStateException(RESOURCE_DIR + "index.txt is not on the classpath; "
                    + "the spikeport-hw-profiles jar is missing");
        }
        List<String> names = new ArrayList<>();
        for (String line : new String(index, StandardCharsets.UTF_8).split("\\R")) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                names.add(s);
            }
        }
        return List.copyOf(names);
    }

    /**
     * A profile from a file or a bundled name: {@code nameOrPath} is a file when it ends with {@code .yaml}
     * or {@code .yml} or names an existing regular file (a directory of that name does not count), and a
     * bundled name otherwise.
     */
    public static HardwareProfile resolve(String nameOrPath) {
        String lower = nameOrPath.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml") || Files.isRegularFile(Path.of(nameOrPath))) {
            return load(Path.of(nameOrPath));
        }
        return bundled(nameOrPath);
    }

    /**
     * The profile in the schema's shape (snake_case keys, {@code null} for absent limits) plus
     * {@code sha256}; for JSON output. Writing it as YAML (without {@code sha256}) gives a file that loads
     * to an equal profile.
     */
    public static Map<String, Object> toMap(HardwareProfile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("description", p.description());
        m.put("arithmetic", p.arithmetic());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("min", p.delays().min());
        d.put("max", p.delays().max());
        d.put("pipeline_steps_per_layer", p.delays().pipelineStepsPerLayer());
        d.put("convention", p.delays().convention());
        d.put("recurrent_offset", p.delays().recurrentOffset());
        m.put("delays", d);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("bits", p.weights().bits());
        w.put("sign_modes", p.weights().signModes());
        w.put("exponent_min", p.weights().exponentMin());
        w.put("exponent_max", p.weights().exponentMax());
        m.put("weights", w);
        m.put("neuron", new LinkedHashMap<>(p.neuron()));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("neurons_per_core", p.resources().neuronsPerCore());
        r.put("synapses_per_core", p.resources().synapsesPerCore());
        r.put("fan_in_per_neuron", p.resources().fanInPerNeuron());
        r.put("axons_per_core", p.resources().axonsPerCore());
        r.put("cores_per_chip", p.resources().coresPerChip());
        r.put("delay_queue_depth", p.resources().delayQueueDepth());
        r.put("memory_bytes_per_core", p.resources().memoryBytesPerCore());
        r.put("spikes_per_core_per_step", p.resources().spikesPerCorePerStep());
        m.put("resources", r);
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("kind", p.input().kind());
        in.put("graded_bits", p.input().gradedBits());
        m.put("input", in);
        Map<String, Object> e = new LinkedHashMap<>();
        for (Map.Entry<String, HardwareProfile.Figure> f : p.energy().entrySet()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("value", f.getValue().value());
            fm.put("unit", f.getValue().unit());
            fm.put("source", f.getValue().source());
            fm.put("assumption", f.getValue().assumption());
            e.put(f.getKey(), fm);
        }
        m.put("energy", e);
        m.put("sources", new LinkedHashMap<>(p.sources()));
        m.put("sha256", p.sha256());
        return m;
    }

    private static String stem(String fileName) {
        return fileName.replaceFirst("(?i)\\.(yaml|yml)$", "");
    }

    private static byte[] resource(String path) {
        ClassLoader cl = HardwareProfiles.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the classpath resource " + path, e);
        }
    }

    private static HardwareProfile parse(String file, String stem, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new SpikeportException(file + ": is " + bytes.length + " bytes; a profile is at most " + MAX_BYTES
                    + " bytes of YAML");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SpikeportException(file + ": not UTF-8 text; a profile is a UTF-8 YAML file");
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(10);
        options.setCodePointLimit(MAX_BYTES);
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : " line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ":";
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new SpikeportException(file + ":" + where + " not valid YAML (" + oneLine(problem) + ")");
        } catch (YAMLException | IllegalArgumentException e) {
            // snakeyaml rejects some malformed tags with IllegalArgumentException
            throw new SpikeportException(file + ": not valid YAML (" + oneLine(e.getMessage()) + ")");
        }
        Reader r = new Reader(file);
        Map<String, Object> top = r.mapping("", doc, TOP_KEYS, REQUIRED_TOP_KEYS);
        String name = r.text("name", top.get("name"));
        if (!name.equals(stem)) {
            throw r.error("name", "must equal the file name without .yaml (\"" + stem + "\")", top.get("name"));
        }
        String description = r.text("description", top.get("description"));
        String arithmetic = r.oneOf("arithmetic", top.get("arithmetic"), ARITHMETICS);
        HardwareProfile profile = new HardwareProfile(name, description, arithmetic,
                delays(r, top.get("delays")),
                weights(r, top.get("weights")),
                neuron(r, top.get("neuron")),
                resources(r, top.get("resources")),
                input(r, top.get("input")),
                energy(r, top.get("energy")),
                sources(r, top.get("sources")),
                FileHashes.sha256(bytes));
        Requirement need = REQUIREMENTS.get(arithmetic);
        if (need != null) {
            checkRequirement(r, arithmetic, need, profile.weights(), profile.neuron(), top.get("weights"), top.get("neuron"));
        }
        return profile;
    }

    /** Checks the weight bits and neuron widths {@code arithmetic} computes with. */
    private static void checkRequirement(Reader r, String arithmetic, Requirement need, HardwareProfile.Weights weights,
                                         SortedMap<String, Integer> neuron, Object weightsYaml, Object neuronYaml) {
        String forIt = " (the " + arithmetic + " arithmetic computes with it)";
        Integer bits = weights.bits();
        if (bits == null || bits < need.minWeightBits() || bits > need.maxWeightBits()) {
            Object got = weightsYaml instanceof Map<?, ?> m ? m.get("bits") : null;
            throw r.error("weights.bits", "expected an integer in " + need.minWeightBits() + ".." + need.maxWeightBits()
                    + forIt, got);
        }
        for (Width w : need.widths()) {
            Integer v = neuron.get(w.key());
            if (v == null && !w.required()) {
                continue;
            }
            if (v == null || v < w.min() || v > w.max()) {
                Object got = neuronYaml instanceof Map<?, ?> m ? m.get(w.key()) : null;
                throw r.error("neuron." + w.key(), "expected an integer in " + w.min() + ".." + w.max() + forIt, got);
            }
        }
    }

    private static HardwareProfile.Delays delays(Reader r, Object value) {
        Map<String, Object> m = r.mapping("delays", value, DELAY_KEYS,
                List.of("min", "pipeline_steps_per_layer", "convention"));
        int min = (int) r.integer("delays.min", m.get("min"), 0, MAX_STEPS);
        Integer max = null;
        if (m.get("max") != null) {
            max = (int) r.integer("delays.max", m.get("max"), 0, Integer.MAX_VALUE);
            if (max < min) {
                throw r.error("delays.max", "expected an integer >= delays.min (" + min + ") or null for unbounded",
                        m.get("max"));
            }
        }
        int pipeline = (int) r.integer("delays.pipeline_steps_per_layer", m.get("pipeline_steps_per_layer"),
                0, MAX_STEPS);
        String convention = r.text("delays.convention", m.get("convention"));
        int recurrentOffset = !m.containsKey("recurrent_offset") ? 0
                : (int) r.integer("delays.recurrent_offset", m.get("recurrent_offset"), 0, Integer.MAX_VALUE);
        return new HardwareProfile.Delays(min, max, pipeline, convention, recurrentOffset);
    }

    private static HardwareProfile.Weights weights(Reader r, Object value) {
        Map<String, Object> m = r.mapping("weights", value, WEIGHT_KEYS, List.of());
        Integer bits = m.get("bits") == null ? null : (int) r.integer("weights.bits", m.get("bits"), 1, 64);
        List<String> modes = new ArrayList<>();
        Object sm = m.get("sign_modes");
        if (sm != null) {
            if (!(sm instanceof List<?> list)) {
                throw r.error("weights.sign_modes", "expected a list of " + String.join(" | ", SIGN_MODES), sm);
            }
            for (int i = 0; i < list.size(); i++) {
                String mode = r.oneOf("weights.sign_modes[" + i + "]", list.get(i), SIGN_MODES);
                if (modes.contains(mode)) {
                    throw r.error("weights.sign_modes[" + i + "]", "expected each sign mode once", mode);
                }
                modes.add(mode);
            }
        }
        Object lo = m.get("exponent_min");
        Object hi = m.get("exponent_max");
        if ((lo == null) != (hi == null)) {
            String missing = lo == null ? "weights.exponent_min" : "weights.exponent_max";
            throw new SpikeportException(r.file + ": " + missing
                    + ": required when the other weight exponent bound is given (give both or neither)");
        }
        Integer eMin = null;
        Integer eMax = null;
        if (lo != null) {
            eMin = (int) r.integer("weights.exponent_min", lo, -31, 31);
            eMax = (int) r.integer("weights.exponent_max", hi, -31, 31);
            if (eMin > eMax) {
                throw r.error("weights.exponent_max", "expected an integer >= weights.exponent_min (" + eMin + ")", hi);
            }
        }
        return new HardwareProfile.Weights(bits, modes, eMin, eMax);
    }

    private static SortedMap<String, Integer> neuron(Reader r, Object value) {
        SortedMap<String, Integer> widths = new TreeMap<>();
        if (value == null) {
            return widths;
        }
        for (Map.Entry<String, Object> e : r.mapping("neuron", value, null, List.of()).entrySet()) {
            widths.put(e.getKey(), (int) r.integer("neuron." + e.getKey(), e.getValue(), 1, 64));
        }
        return widths;
    }

    private static HardwareProfile.Resources resources(Reader r, Object value) {
        Map<String, Object> m = value == null ? Map.of() : r.mapping("resources", value, RESOURCE_KEYS, List.of());
        return new HardwareProfile.Resources(
                r.optionalInt("resources.neurons_per_core", m.get("neurons_per_core")),
                m.get("synapses_per_core") == null ? null
                        : r.integer("resources.synapses_per_core", m.get("synapses_per_core"), 1, Long.MAX_VALUE),
                r.optionalInt("resources.fan_in_per_neuron", m.get("fan_in_per_neuron")),
                r.optionalInt("resources.axons_per_core", m.get("axons_per_core")),
                r.optionalInt("resources.cores_per_chip", m.get("cores_per_chip")),
                r.optionalInt("resources.delay_queue_depth", m.get("delay_queue_depth")),
                m.get("memory_bytes_per_core") == null ? null
                        : r.integer("resources.memory_bytes_per_core", m.get("memory_bytes_per_core"), 1, Long.MAX_VALUE),
                r.optionalInt("resources.spikes_per_core_per_step", m.get("spikes_per_core_per_step")));
    }

    private static HardwareProfile.Input input(Reader r, Object value) {
        Map<String, Object> m = r.mapping("input", value, INPUT_KEYS, List.of("kind"));
        String kind = r.oneOf("input.kind", m.get("kind"), INPUT_KINDS);
        Object gb = m.get("graded_bits");
        if (kind.equals("binary")) {
            if (gb != null) {
                r.integer("input.graded_bits", gb, 0, 0);
            }
            return new HardwareProfile.Input(kind, 0);
        }
        if (gb == null) {
            throw new SpikeportException(r.file + ": input.graded_bits: required when input.kind is graded "
                    + "(an integer >= 1, the payload bits of a graded spike)");
        }
        return new HardwareProfile.Input(kind, (int) r.integer("input.graded_bits", gb, 1, 32));
    }

    private static SortedMap<String, HardwareProfile.Figure> energy(Reader r, Object value) {
        SortedMap<String, HardwareProfile.Figure> figures = new TreeMap<>();
        for (Map.Entry<String, Object> e : r.mapping("energy", value, null, List.of()).entrySet()) {
            String path = "energy." + e.getKey();
            Map<String, Object> f = r.mapping(path, e.getValue(), FIGURE_KEYS, List.of("value", "unit", "source"));
            Object v = f.get("value");
            if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
                throw r.error(path + ".value", "expected a finite number >= 0", v);
            }
            Object a = f.get("assumption");
            if (a != null && !(a instanceof Boolean)) {
                throw r.error(path + ".assumption", "expected true or false", a);
            }
            figures.put(e.getKey(), new HardwareProfile.Figure(n.doubleValue(), r.text(path + ".unit", f.get("unit")),
                    r.text(path + ".source", f.get("source")), Boolean.TRUE.equals(a)));
        }
        return figures;
    }

    private static SortedMap<String, String> sources(Reader r, Object value) {
        SortedMap<String, String> sources = new TreeMap<>();
        if (value == null) {
            return sources;
        }
        for (Map.Entry<String, Object> e : r.mapping("sources", value, null, List.of()).entrySet()) {
            sources.put(e.getKey(), r.text("sources." + e.getKey(), e.getValue()));
        }
        return sources;
    }

    private static String oneLine(String s) {
        return s == null ? "syntax error" : s.strip().replaceAll("\\s+", " ");
    }

    /** Typed access to parsed YAML values, failing with one-line messages that name the key path. */
    private static final class Reader {

        final String file;

        Reader(String file) {
            this.file = file;
        }

        SpikeportException error(String path, String expected, Object got) {
            return new SpikeportException(file + ": " + (path.isEmpty() ? "" : path + ": ") + expected
                    + ", got " + describe(got));
        }

        /** A mapping with string keys; {@code allowed} null means any key. */
        Map<String, Object> mapping(String path, Object value, List<String> allowed, List<String> required) {
            String where = path.isEmpty() ? "the file" : path;
            if (value == null && path.isEmpty()) {
                throw new SpikeportException(file + ": empty; a profile is a YAML mapping with the keys "
                        + String.join(", ", REQUIRED_TOP_KEYS));
            }
            if (!(value instanceof Map<?, ?> raw)) {
                throw error(path, "expected a mapping" + (path.isEmpty() ? " (key: value lines) for " + where : ""), value);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : raw.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw error(path, "expected text keys", e.getKey());
                }
                if (allowed != null && !allowed.contains(key)) {
                    throw new SpikeportException(file + ": " + (path.isEmpty() ? "" : path + ".") + key
                            + ": unknown key; allowed " + (path.isEmpty() ? "top-level keys" : "keys in " + path)
                            + ": " + String.join(", ", allowed));
                }
                m.put(key, e.getValue());
            }
            for (String key : required) {
                if (!m.containsKey(key)) {
                    throw new SpikeportException(file + ": " + (path.isEmpty() ? "" : path + ".") + key
                            + ": missing; required " + (path.isEmpty() ? "top-level keys" : "keys in " + path)
                            + ": " + String.join(", ", required));
                }
            }
            return m;
        }

        String text(String path, Object value) {
            if (!(value instanceof String s) || s.isBlank()) {
                throw error(path, "expected non-empty text", value);
            }
            return s.strip();
        }

        String oneOf(String path, Object value, List<String> allowed) {
            if (!(value instanceof String s) || !allowed.contains(s)) {
                throw error(path, "expected one of " + String.join(", ", allowed), value);
            }
            return s;
        }

        long integer(String path, Object value, long min, long max) {
            String expected = min == max ? "expected " + min
                    : min == Integer.MIN_VALUE ? "expected an integer"
                    : max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "expected an integer >= " + min
                    : "expected an integer in " + min + ".." + max;
            if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
                throw error(path, expected, value);
            }
            BigInteger b = new BigInteger(value.toString());
            if (b.compareTo(BigInteger.valueOf(min)) < 0 || b.compareTo(BigInteger.valueOf(max)) > 0) {
                throw error(path, expected, value);
            }
            return b.longValue();
        }

        Integer optionalInt(String path, Object value) {
            return value == null ? null : (int) integer(path, value, 1, Integer.MAX_VALUE);
        }

        static String describe(Object v) {
            if (v == null) {
                return "nothing (null)";
            }
            if (v instanceof String s) {
                String q = s.length() > 40 ? s.substring(0, 40) + "..." : s;
                return "\"" + q.replace("\n", " ") + "\"";
            }
            if (v instanceof Map<?, ?>) {
                return "a mapping";
            }
            if (v instanceof List<?>) {
                return "a list";
            }
            if (v instanceof Boolean || v instanceof Number) {
                return v.toString();
            }
            return "a " + v.getClass().getSimpleName();
        }
    }
}
