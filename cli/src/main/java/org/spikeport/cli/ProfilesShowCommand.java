package org.spikeport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spikeport.core.json.Json;
import org.spikeport.core.profile.HardwareProfile;
import org.spikeport.core.profile.HardwareProfiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code spikeport profiles show}: every limit and figure of one profile, with its source. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Show one hardware profile: arithmetic, delay range and convention, weight precision, "
                + "neuron bit widths, resources, input kind and energy figures, each with its source. "
                + "NAME is a bundled profile or a profile file (.yaml); --profile reads a file.")
public final class ProfilesShowCommand implements Callable<Integer> {

    private static final int WRAP = 100;

    /** Source topics printed under their own section; other topics are printed at the end. */
    private static final List<String> SECTIONS = List.of("delays", "weights", "neuron", "resources", "input");

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "A bundled profile name or a profile file.")
    String name;

    @Option(names = "--profile", paramLabel = "FILE", description = "A profile file of the hw-profiles schema.")
    Path profileFile;

    @Override
    public Integer call() {
        if ((name == null) == (profileFile == null)) {
            throw new ParameterException(spec.commandLine(), "give either a profile NAME or --profile FILE");
        }
        HardwareProfile p = profileFile != null ? HardwareProfiles.load(profileFile) : HardwareProfiles.resolve(name);
        PrintWriter o = spec.commandLine().getOut();
        if (json.enabled()) {
            o.println(Json.write(HardwareProfiles.toMap(p)));
        } else {
            o.print(toText(p));
        }
        o.flush();
        return 0;
    }

    /** The readable form: one labelled line per limit and figure, sources after what they support. */
    static String toText(HardwareProfile p) {
        StringBuilder t = new StringBuilder();
        t.append(p.name()).append(" (arithmetic ").append(p.arithmetic()).append(")\n");
        wrap(t, "", p.description());
        t.append("  sha256  ").append(p.sha256()).append('\n');

        HardwareProfile.Delays d = p.delays();
        t.append("\ndelays\n");
        line(t, "min", steps(d.min()));
        line(t, "max", d.max() == null ? "unbounded" : steps(d.max()));
        line(t, "pipeline per layer", steps(d.pipelineStepsPerLayer()));
        line(t, "recurrent offset", steps(d.recurrentOffset()));
        wrap(t, "convention", d.convention());
        source(t, p, "delays");

        HardwareProfile.Weights w = p.weights();
        t.append("\nweights\n");
        line(t, "bits", w.bits() == null ? "floating point" : w.bits().toString());
        line(t, "sign modes", w.signModes().isEmpty() ? "plain signed" : String.join(", ", w.signModes()));
        line(t, "exponent", w.exponentMin() == null ? "none" : w.exponentMin() + " .. " + w.exponentMax());
        source(t, p, "weights");

        t.append("\nneuron bit widths\n");
        if (p.neuron().isEmpty()) {
            line(t, "(none stated)", "");
        }
        for (Map.Entry<String, Integer> e : p.neuron().entrySet()) {
            line(t, e.getKey(), e.getValue() + " bits");
        }
        source(t, p, "neuron");

        HardwareProfile.Resources r = p.resources();
        t.append("\nresources\n");
        line(t, "neurons per core", limit(r.neuronsPerCore()));
        line(t, "synapses per core", limit(r.synapsesPerCore()));
        line(t, "fan-in per neuron", limit(r.fanInPerNeuron()));
        line(t, "axons per core", limit(r.axonsPerCore()));
        line(t, "cores per chip", limit(r.coresPerChip()));
        line(t, "delay queue", r.delayQueueDepth() == null ? "none" : r.delayQueueDepth() + " slots per core");
        line(t, "data memory", r.memoryBytesPerCore() == null ? "unlimited" : r.memoryBytesPerCore() + " bytes per core");
        source(t, p, "resources");

        t.append("\ninput\n");
        line(t, "kind", p.input().kind().equals("graded")
                ? "graded, " + p.input().gradedBits() + "-bit payload" : "binary");
        source(t, p, "input");

        t.append("\nenergy\n");
        if (p.energy().isEmpty()) {
            line(t, "(no figures)", "");
        }
        for (Map.Entry<String, HardwareProfile.Figure> e : p.energy().entrySet()) {
            HardwareProfile.Figure f = e.getValue();
            line(t, e.getKey(), withPrefix(f.value(), f.unit()) + (f.assumption() ? "  (assumption)" : ""));
            wrap(t, "  source", f.source());
        }

        boolean header = false;
        for (Map.Entry<String, String> e : p.sources().entrySet()) {
            if (!SECTIONS.contains(e.getKey())) {
                if (!header) {
                    t.append("\nother sources\n");
                    header = true;
                }
                wrap(t, e.getKey(), e.getValue());
            }
        }
        return t.toString();
    }

    private static String steps(int n) {
        return n + (n == 1 ? " step" : " steps");
    }

    /** {@code value unit}, a value below 1 scaled by an SI prefix (f to m) to at least 1, e.g. {@code 35.5 pJ}. */
    static String withPrefix(double value, String unit) {
        String[] prefixes = {"f", "p", "n", "u", "m", ""};
        double scaled = value;
        int i = prefixes.length - 1;
        while (i > 0 && scaled != 0 && Math.abs(scaled) < 1) {
            scaled *= 1000;
            i--;
        }
        String number = String.format(Locale.ROOT, "%.4g", scaled);
        if (number.contains(".") && !number.contains("e")) {
            number = number.replaceFirst("0+$", "").replaceFirst("\\.$", "");
        }
        return number + " " + prefixes[i] + unit;
    }

    private static String limit(Number n) {
        return n == null ? "unlimited" : n.toString();
    }

    private static void source(StringBuilder t, HardwareProfile p, String topic) {
        String s = p.sources().get(topic);
        if (s != null) {
            wrap(t, "source", s);
        }
    }

    private static void line(StringBuilder t, String label, String value) {
        t.append(String.format(Locale.ROOT, "  %-20s %s", label, value).stripTrailing()).append('\n');
    }

    /** A labelled paragraph wrapped at {@value #WRAP} columns, continuation lines indented. */
    private static void wrap(StringBuilder t, String label, String text) {
        String indent = label.isEmpty() ? "  " : " ".repeat(23);
        StringBuilder lineBuf = new StringBuilder(label.isEmpty() ? "  " : String.format(Locale.ROOT, "  %-20s ", label));
        boolean first = true;
        for (String word : text.strip().split("\\s+")) {
            if (!first && lineBuf.length() + 1 + word.length() > WRAP) {
                t.append(lineBuf.toString().stripTrailing()).append('\n');
                lineBuf = new StringBuilder(indent);
                first = true;
            }
            if (!first) {
                lineBuf.append(' ');
            }
            lineBuf.append(word);
            first = false;
        }
        t.append(lineBuf.toString().stripTrailing()).append('\n');
    }
}
