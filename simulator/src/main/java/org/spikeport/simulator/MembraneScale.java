package org.spikeport.simulator;

import org.spikeport.core.ir.DeployedLayer;

/**
 * Float units per integer membrane unit of a fixed-point layer: {@code output_scale} from the layer's
 * quantization map, {@code v_scale} when that is absent. A layer with neither has no float membrane,
 * which is an error only when one is asked for.
 */
final class MembraneScale {

    private final String layer;
    private final double scale;

    private MembraneScale(String layer, double scale) {
        this.layer = layer;
        this.scale = scale;
    }

    static MembraneScale of(DeployedLayer layer) {
        Double s = layer.quantization().get("output_scale");
        if (s == null) {
            s = layer.quantization().get("v_scale");
        }
        return new MembraneScale(layer.name(), s == null ? Double.NaN : s);
    }

    /** {@code v} in float units. */
    double apply(long v) {
        if (Double.isNaN(scale)) {
            throw new IllegalStateException("layer '" + layer + "' has no output_scale or v_scale in its "
                    + "quantization map, so its membrane has no float value");
        }
        return v * scale;
    }
}
