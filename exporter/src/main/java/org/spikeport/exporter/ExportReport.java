package org.spikeport.exporter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spikeport.core.ir.DeployedLayer;
import org.spikeport.core.ir.Provenance;
import org.spikeport.core.profile.HardwareProfile;

/**
 * What an export tells the user, as {@code report.json} ({@link #toMap}) and {@code report.md}
 * ({@link #toMarkdown}): the profile, each check and every offender (the first
 * {@link #LISTED_PER_CHECK} listed), resources, quantization per layer, the delay histogram after
 * rounding, the latency the chip adds, and provenance.
 *
 * <p>Recurrent synapses: {@code report.json} gives every layer's {@code recurrent_synapses} count (under
 * {@code resources.layers}, 0 for a feed-forward layer) and {@code recurrent_delay_histogram}, beside
 * {@code delay_histogram}: per layer the count of recurrent synapses per delay {@code 0..D_max} (the entry
 * for 0 is always 0; an empty list for a layer without recurrent synapses). {@code report.md} shows both
 * when the network has recurrent synapses.
 *
 * <p>Notes: when the network fits, the target's {@link Target#notes} (files it leaves out and why) as
 * {@code notes} in {@code report.json} and a section in {@code report.md}; absent when there are none.
 *
 * <p>Latency: each layer adds the profile's pipeline steps plus the chip's delay offset
 * ({@link ProfileChecks#delayOffset}), so the chip's readout at step {@code t + added} is the trained
 * model's readout at step {@code t}.
 *
 * @param extra    further top-level entries of {@code report.json} (e.g. a deployed-accuracy check)
 * @param sections further sections of {@code report.md}, heading to text, printed after the latency
 */
public record ExportReport(Export export, String modelFile, Map<String, Object> extra, Map<String, String> sections) {

    public ExportReport {
        extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        sections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    /** A report with nothing beyond the export itself. */
    public ExportReport(Export export, String modelFile) {
        this(export, modelFile, Map.of(), Map.of());
    }

    /** Offenders listed per check; the count is always complete. */
    public static final int LISTED_PER_CHECK = 50;

    /** Steps of latency the chip adds end to end. */
    public int addedLatency() {
        HardwareProfile p = export.profile();
        return export.network().layers().size() * (p.delays().pipelineStepsPerLayer() + ProfileChecks.delayOffset(p));
    }

    public Map<String, Object> toMap(List<String> files) {
        Map<String, Object> m = new LinkedHashMap<>();
        HardwareProfile p = export.profile();
        m.put("target", export.target().name());
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("name", p.name());
        profile.put("arithmetic", p.arithmetic());
        profile.put("sha256", p.sha256());
        m.put("profile", profile);
        m.put("fits", export.fits());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (ProfileChecks.Result r : export.checks()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", r.name());
            c.put("description", r.description());
            c.put("passed", r.passed());
            c.put("violations", r.violations().size());
            List<Map<String, Object>> listed = new ArrayList<>();
            for (Violation v : r.violations().subList(0, Math.min(LISTED_PER_CHECK, r.violations().size()))) {
                Map<String, Object> vm = new LinkedHashMap<>();
                vm.put("layer", v.layer());
                vm.put("where", v.where());
                vm.put("value", v.value());
                vm.put("limit", v.limit());
                vm.put("fix", v.fix());
                listed.add(vm);
            }
            c.put("listed", listed);
            checks.add(c);
        }
        m.put("checks", checks);
        m.put("resources", resources());
        Map<String, Object> mapping = export.mapping();
        if (!mapping.isEmpty()) {
            m.put("mapping", mapping);
        }
        Map<String, Object> quantization = new LinkedHashMap<>();
        for (DeployedLayer l : export.network().layers()) {
            quantization.put(l.name(), l.quantization());
        }
        m.put("quantization", quantization);
        Map<String, Object> delays = new LinkedHashMap<>();
        for (FoldedNetwork.Layer l : export.folded().layers()) {
            delays.put(l.name(), histogram(l));
        }
        m.put("delay_histogram", delays);
        Map<String, Object> recurrentDelays = new LinkedHashMap<>();
        for (FoldedNetwork.Layer l : export.folded().layers()) {
            recurrentDelays.put(l.name(), recurrentHistogram(l));
        }
        m.put("recurrent_delay_histogram", recurrentDelays);
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("pipeline_steps_per_layer", p.delays().pipelineStepsPerLayer());
        latency.put("delay_offset_per_layer", ProfileChecks.delayOffset(p));
        latency.put("added_steps", addedLatency());
        latency.put("added_ms", addedLatency() * export.network().dtMs());
        m.put("latency", latency);
        Provenance pr = export.network().provenance();
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("model_file", modelFile);
        prov.put("model_sha256", pr.sourceSha256());
        prov.put("tool_version", pr.toolVersion());
        prov.put("command_line", pr.commandLine());
        prov.put("created_at", pr.createdAt().toString());
        prov.put("dataset_fingerprint", pr.datasetFingerprint());
        m.put("provenance", prov);
        m.putAll(extra);
        m.put("files", files);
        List<String> notes = notes();
        if (!notes.isEmpty()) {
            m.put("notes", notes);
        }
        return m;
    }

    /** The target's notes when the network fits (nothing is written otherwise), else none. */
    public List<String> notes() {
        return export.fits() ? export.target().notes(export.network(), export.profile()) : List.of();
    }

    private Map<String, Object> resources() {
        Map<String, Object> r = new LinkedHashMap<>();
        List<Map<String, Object>> layers = new ArrayList<>();
        long synapses = 0;
        long recurrent = 0;
        int neurons = 0;
        for (int i = 0; i < export.network().layers().size(); i++) {
            DeployedLayer l = export.network().layers().get(i);
            int[] fanIn = ProfileChecks.fanInCounts(l);
            int maxFanIn = 0;
            for (int f : fanIn) {
                maxFanIn = Math.max(maxFanIn, f);
            }
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("name", l.name());
            lm.put("neurons", l.outputs());
            lm.put("synapses", l.synapses().size());
            lm.put("recurrent_synapses", l.recurrent().size());
            lm.put("max_fan_in", maxFanIn);
            lm.put("cores", export.partition().perLayer().get(i));
            layers.add(lm);
            synapses += l.synapses().size();
            recurrent += l.recurrent().size();
            neurons += l.outputs();
        }
        r.put("cores", export.partition().cores());
        r.put("neurons", neurons);
        r.put("synapses", synapses);
        r.put("recurrent_synapses", recurrent);
        Integer weightBits = export.profile().weights().bits();
        int delayBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, maxDelay()));
        int perSynapse = (weightBits == null ? 32 : weightBits) + delayBits;
        r.put("synapse_payload_bits", perSynapse);
        r.put("synapse_memory_bytes_estimate", ((synapses + recurrent) * perSynapse + 7) / 8);
        r.put("layers", layers);
        return r;
    }

    /** The largest delay of any synapse, feed-forward or recurrent. */
    private int maxDelay() {
        return export.network().layers().stream()
                .mapToInt(l -> Math.max(l.synapses().maxDelay(), l.recurrent().maxDelay())).max().orElse(0);
    }

    /** Feed-forward synapses per delay {@code 0..maxDelay} (the trained maximum). */
    static int[] histogram(FoldedNetwork.Layer l) {
        return histogram(l.delay(), l.maxDelay());
    }

    /** Recurrent synapses per delay {@code 0..D_max}; empty for a layer without recurrent synapses. */
    static int[] recurrentHistogram(FoldedNetwork.Layer l) {
        return l.isRecurrent() ? histogram(l.recurrent().delay(), l.recurrent().maxDelay()) : new int[0];
    }

    private static int[] histogram(int[] delays, int maxDelay) {
        int[] h = new int[maxDelay + 1];
        for (int d : delays) {
            if (d < h.length) {
                h[d]++;
            }
        }
        return h;
    }

    private boolean recurrent() {
        return export.folded().layers().stream().anyMatch(FoldedNetwork.Layer::isRecurrent);
    }

    public String toMarkdown(List<String> files) {
        StringBuilder s = new StringBuilder();
        HardwareProfile p = export.profile();
        s.append("# Export to ").append(export.target().name()).append("\n\n");
        s.append(export.fits() ? "**Fits** the profile `" : "**Does not fit** the profile `").append(p.name())
                .append("` (").append(p.arithmetic()).append(", sha256 `").append(p.sha256(), 0, Math.min(12, p.sha256().length()))
                .append("…`).\n\n");
        s.append("## Checks\n\n| check | result | violations |\n|---|---|---|\n");
        for (ProfileChecks.Result r : export.checks()) {
            s.append("| ").append(r.name()).append(" | ").append(r.passed() ? "passed" : "**failed**").append(" | ")
                    .append(r.violations().size()).append(" |\n");
        }
        for (ProfileChecks.Result r : export.checks()) {
            if (!r.passed()) {
                s.append("\n### ").append(r.name()).append("\n\n");
                for (Violation v : r.violations().subList(0, Math.min(LISTED_PER_CHECK, r.violations().size()))) {
                    s.append("- ").append(v.message()).append('\n');
                }
                if (r.violations().size() > LISTED_PER_CHECK) {
                    s.append("- … and ").append(r.violations().size() - LISTED_PER_CHECK).append(" more\n");
                }
            }
        }
        boolean recurrent = recurrent();
        s.append(recurrent
                ? "\n## Resources\n\n| layer | neurons | synapses | recurrent synapses | max fan-in | cores |\n|---|---|---|---|---|---|\n"
                : "\n## Resources\n\n| layer | neurons | synapses | max fan-in | cores |\n|---|---|---|---|---|\n");
        Map<String, Object> resources = resources();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> layers = (List<Map<String, Object>>) resources.get("layers");
        for (Map<String, Object> l : layers) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s%s | %s |%n", l.get("name"), l.get("neurons"),
                    l.get("synapses"), recurrent ? l.get("recurrent_synapses") + " | " : "", l.get("max_fan_in"),
                    l.get("cores")));
        }
        s.append(String.format(Locale.ROOT, "%nCores: %d. Synaptic memory (payload only, estimate): %s bytes.%n",
                export.partition().cores(), resources.get("synapse_memory_bytes_estimate")));
        Map<String, Object> mapping = export.mapping();
        if (!mapping.isEmpty()) {
            s.append("\n## Mapping\n\n| quantity | value |\n|---|---|\n");
            mapping.forEach((k, v) -> s.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        }
        s.append("\n## Quantization\n\n| layer | quantity | value |\n|---|---|---|\n");
        for (DeployedLayer l : export.network().layers()) {
            for (Map.Entry<String, Double> q : l.quantization().entrySet()) {
                s.append(String.format(Locale.ROOT, "| %s | %s | %.4g |%n", l.name(), q.getKey(), q.getValue()));
            }
        }
        s.append("\n## Delays after rounding\n\n");
        for (FoldedNetwork.Layer l : export.folded().layers()) {
            s.append("- ").append(l.name()).append(": ").append(java.util.Arrays.toString(histogram(l)))
                    .append(" (count per delay 0..").append(l.maxDelay()).append(")\n");
        }
        for (FoldedNetwork.Layer l : export.folded().layers()) {
            if (l.isRecurrent()) {
                s.append("- ").append(l.name()).append(", recurrent: ").append(java.util.Arrays.toString(recurrentHistogram(l)))
                        .append(" (count per delay 0..").append(l.recurrent().maxDelay()).append(")\n");
            }
        }
        s.append(String.format(Locale.ROOT, "%n## Latency%n%nThe chip adds %d steps (%.1f ms) end to end: %d per layer "
                        + "(%d of pipeline, %d of delay offset).%n", addedLatency(), addedLatency() * export.network().dtMs(),
                p.delays().pipelineStepsPerLayer() + ProfileChecks.delayOffset(p), p.delays().pipelineStepsPerLayer(),
                ProfileChecks.delayOffset(p)));
        for (Map.Entry<String, String> e : sections.entrySet()) {
            s.append("\n## ").append(e.getKey()).append("\n\n").append(e.getValue()).append('\n');
        }
        Provenance pr = export.network().provenance();
        s.append("\n## Provenance\n\n- model: ").append(modelFile).append(" (sha256 ").append(pr.sourceSha256())
                .append(")\n- spikeport ").append(pr.toolVersion()).append(", ").append(pr.createdAt())
                .append("\n- command: `").append(pr.commandLine()).append("`\n");
        s.append("\n## Files\n\n");
        files.forEach(f -> s.append("- ").append(f).append('\n'));
        List<String> notes = notes();
        if (!notes.isEmpty()) {
            s.append("\n## Notes\n\n");
            notes.forEach(n -> s.append("- ").append(n).append('\n'));
        }
        return s.toString();
    }
}
