package org.spikeport.exporter;

/**
 * One thing that does not fit a profile.
 *
 * @param check   the name of the check that found it (e.g. {@code delay-range})
 * @param layer   the layer's name, or empty for network-wide findings
 * @param where   the element within the layer (e.g. "neuron 3", "synapse 17 (post 3, pre 9)"), or empty
 * @param value   what was found, as text
 * @param limit   what the profile allows, as text; empty when the finding is not a value over a limit
 *                (then {@code value} states the whole finding)
 * @param fix     what would make it fit
 */
public record Violation(String check, String layer, String where, String value, String limit, String fix) {

    /** One line for the user. */
    public String message() {
        String at = layer.isEmpty() ? "" : "layer '" + layer + "'" + (where.isEmpty() ? "" : ", " + where) + ": ";
        return check + ": " + at + value + (limit.isEmpty() ? "" : " exceeds " + limit) + (fix.isEmpty() ? "" : "; " + fix);
    }
}
