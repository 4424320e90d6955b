package org.spikeport.core.ir;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Integer neuron parameters of one deployed layer, for one named arithmetic.
 *
 * <p>Each parameter holds either one value shared by every neuron of the layer or one value per
 * neuron; {@link #value(String, int)} hides the difference. Which names exist and what they mean is
 * defined by the arithmetic named in {@link #model()}.
 */
public record NeuronParams(String model, SortedMap<String, long[]> values) {

    public NeuronParams {
        Checks.require(model != null && !model.isBlank(), "neuron parameters", "model name is missing");
        TreeMap<String, long[]> copy = new TreeMap<>();
        for (Map.Entry<String, long[]> e : values.entrySet()) {
            Checks.require(e.getValue().length > 0, "neuron parameters",
                    "parameter '" + e.getKey() + "' has no values");
            copy.put(e.getKey(), e.getValue());
        }
        values = Collections.unmodifiableSortedMap(copy);
    }

    /** Parameter {@code name} of neuron {@code neuron}. */
    public long value(String name, int neuron) {
        long[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("neuron model '" + model + "' has no parameter '" + name + "'");
        }
        return v.length == 1 ? v[0] : v[neuron];
    }

    /** Whether parameter {@code name} is present. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    void check(String where, int outputs) {
        for (Map.Entry<String, long[]> e : values.entrySet()) {
            int n = e.getValue().length;
            Checks.require(n == 1 || n == outputs, where, "neuron parameter '" + e.getKey() + "' has " + n
                    + " values, expected 1 or " + outputs);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NeuronParams p) || !model.equals(p.model) || !values.keySet().equals(p.values.keySet())) {
            return false;
        }
        for (Map.Entry<String, long[]> e : values.entrySet()) {
            if (!Arrays.equals(e.getValue(), p.values.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return model.hashCode() * 31 + values.keySet().hashCode();
    }
}
