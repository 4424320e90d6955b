package org.spikeport.exporter.nir;

import java.util.List;

/**
 * What the NIR importers of the Python SNN simulators do with a {@code network.nir} that {@link NirTarget}
 * writes: one {@link Row} per importer, pinned to a version. The table is written into every file's graph
 * metadata ({@code importers}) and into {@code docs/nir.md}; the conformance test runs each importer's
 * documented entry on fresh exports and fails when an outcome is not the one recorded here.
 *
 * <p>An outcome is either {@code raises <exception type>: <message>} (the node names of the file replaced
 * by {@code <type>}, the node's NIR type) or {@code runs; drops <NIR types of the nodes it left out, or
 * nothing>; <agrees with | differs from> spikeport's readout} (the importer's output, stepped with the
 * file's per-step input counts, against spikeport's simulator: agreement within
 * {@link #AGREEMENT_TOLERANCE} of the readout's largest magnitude, float32 arithmetic).
 */
public final class NirImporters {

    /** Relative tolerance of "agrees": importers compute in float32. */
    public static final double AGREEMENT_TOLERANCE = 1e-4;

    /**
     * One importer.
     *
     * @param importer   the package as its users know it
     * @param version    the version measured
     * @param call       the entry the test calls, as its users call it
     * @param withDelays its outcome on a network with synaptic delays (profile {@code nir}: Delay nodes)
     * @param delayFree  its outcome on a network whose every delay is 0 (profile {@code nir-delay-free}: no
     *                   Delay node, only Affine, LIF and LI)
     * @param exact      why no NIR graph that spikeport could write runs exactly in it, or how one does
     */
    public record Row(String importer, String version, String call, String withDelays, String delayFree,
                      String exact) {

        /**
         * The row as one line of the metadata table and as one row of the Markdown table of docs/nir.md (code
         * spans around the call and the outcomes, which hold {@code <...>}).
         */
        public String line() {
            return "| " + String.join(" | ", importer, version, code(call), code(withDelays), code(delayFree), exact)
                    + " |";
        }

        /** A Markdown code span; double backticks when {@code s} holds one (CommonMark, code spans). */
        private static String code(String s) {
            return s.contains("`") ? "`` " + s + " ``" : "`" + s + "`";
        }
    }

    /** The importers, in the order of the table. */
    public static final List<Row> ROWS = List.of(
            new Row("snnTorch", "1.0.0", "snntorch.import_nir.import_from_nir(nir.read(file))",
                    "raises ValueError: Unknown node type <class 'nir.ir.delay.Delay'>, mapping does not exist in"
                            + " node_map",
                    "raises ValueError: Unknown node type <class 'nir.ir.neuron.LI'>, mapping does not exist in"
                            + " node_map",
                    "none: it maps no LI node (the readout) and steps LIF with a fixed dt of 0.1 ms"),
            new Row("Norse", "1.1.0", "norse.torch.from_nir(nir.read(file))",
                    "raises KeyError: '<Delay>'",
                    "runs; drops LI; differs from spikeport's readout",
                    "none: it maps no LI node (the readout is left out, the output is the readout's input"
                            + " current) and ignores LIF's r"),
            new Row("NIRTorch", "2.6", "nirtorch.nir_to_torch(nir.read(file), {})",
                    "raises ValueError: Unknown node type <class 'nir.ir.delay.Delay'>, mapping does not exist in"
                            + " node_map",
                    "raises ValueError: Unknown node type <class 'nir.ir.neuron.LIF'>, mapping does not exist in"
                            + " node_map",
                    "none by default: it maps no neuron; a user's node_map decides"),
            new Row("Rockpool", "3.1.0", "rockpool.nn.modules.torch.nir.from_nir(nir.read(file))",
                    "raises NotImplementedError: Cannot convert <class 'nir.ir.delay.Delay'> to rockpool module",
                    "raises AttributeError: 'LIF' object has no attribute 'tau_mem'",
                    "none: it reads LIF.tau_mem, a field LIF does not have"),
            new Row("Sinabs", "3.1.3", "sinabs.nir.from_nir(nir.read(file), batch_size=1)",
                    "raises ValueError: `r` must be 1",
                    "raises ValueError: `r` must be 1",
                    "none: it rejects r != 1 on LI, and reads tau as steps of an exponential decay"));

    private NirImporters() {
    }

    /** The header of the Markdown table. */
    public static final String HEADER = "| importer | version | called as | with Delay nodes (profile nir) "
            + "| delay-free (profile nir-delay-free) | exact graph |";

    /** The table as Markdown: header, separator and one line per row. */
    public static String table() {
        StringBuilder s = new StringBuilder(HEADER).append('\n').append("|---|---|---|---|---|---|");
        for (Row r : ROWS) {
            s.append('\n').append(r.line());
        }
        return s.toString();
    }
}
