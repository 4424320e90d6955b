package org.spikeport.trainer.importer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spikeport.core.SpikeportException;
import org.spikeport.core.ir.BatchNorm;

/**
 * The parameters of a PyTorch {@code nn.Sequential} read from a {@code state_dict} archive, grouped by
 * module: a key {@code [<prefix>.]<i>.<name>} is parameter {@code name} of the module at position
 * {@code i} (the prefix, the Sequential's attribute name, is optional; positions compare as numbers).
 * Keys of any other form are kept apart as {@link #otherKeys()}, for the importer to ignore or reject.
 *
 * <p>Every error is a one-line {@link SpikeportException} {@code "<file>: key '<key>': <problem>"}.
 */
final class StateDict {

    /** BatchNorm epsilon of {@code torch.nn.BatchNorm1d} (its default, used by both reference codes). */
    static final double BATCH_NORM_EPS = 1e-5;
    /** The parameter names of a {@code torch.nn.BatchNorm1d}. */
    static final Set<String> BN_PARAMS = Set.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked");

    private static final String NAME = "([A-Za-z_][A-Za-z0-9_]*)";

    private final String file;
    private final NavigableMap<Integer, Module> modules;
    private final List<String> otherKeys;

    private StateDict(String file, NavigableMap<Integer, Module> modules, List<String> otherKeys) {
        this.file = file;
        this.modules = Collections.unmodifiableNavigableMap(modules);
        this.otherKeys = List.copyOf(otherKeys);
    }

    /**
     * Groups the arrays of an archive by module.
     *
     * @param prefix the Sequential's attribute name (e.g. {@code model}), optional in the keys
     * @param file   names the archive in error messages
     * @throws SpikeportException when a parameter appears both with and without the prefix
     */
    static StateDict of(Map<String, NpyArray> arrays, String prefix, String file) {
        Pattern key = Pattern.compile("(" + Pattern.quote(prefix + ".") + ")?(\\d+)\\." + NAME);
        TreeMap<Integer, Map<String, NpyArray>> byIndex = new TreeMap<>();
        Map<Integer, String> prefixes = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            Matcher k = key.matcher(e.getKey());
            if (!k.matches()) {
                other.add(e.getKey());
                continue;
            }
            int index;
            try {
                index = Integer.parseInt(k.group(2));
            } catch (NumberFormatException tooLarge) {
                other.add(e.getKey());
                continue;
            }
            if (byIndex.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(k.group(3), e.getValue()) != null) {
                throw new SpikeportException(file + ": key '" + e.getKey() + "': appears both with and without the '"
                        + prefix + ".' prefix");
            }
            prefixes.putIfAbsent(index, (k.group(1) == null ? "" : k.group(1)) + index + ".");
        }
        TreeMap<Integer, Module> modules = new TreeMap<>();
        byIndex.forEach((i, params) -> modules.put(i, new Module(file, i, prefixes.get(i),
                Collections.unmodifiableMap(params))));
        return new StateDict(file, modules, other);
    }

    /** The modules with parameters, by position. */
    NavigableMap<Integer, Module> modules() {
        return modules;
    }

    /** Keys not of the form {@code [<prefix>.]<i>.<name>}, in archive order. */
    List<String> otherKeys() {
        return otherKeys;
    }

    /** An error about the whole archive: {@code "<file>: <problem>"}. */
    SpikeportException error(String problem) {
        return new SpikeportException(file + ": " + problem);
    }

    /** The shape as NumPy prints it. */
    static String shape(int... dims) {
        return NpyArray.shapeText(dims);
    }

    /**
     * The parameters of one module of the Sequential.
     *
     * @param file   names the archive in error messages
     * @param index  the module's position in the Sequential
     * @param prefix the start of its keys as the archive spells them, e.g. {@code model.4.}
     * @param params its arrays by parameter name
     */
    record Module(String file, int index, String prefix, Map<String, NpyArray> params) {

        /** Whether the module has parameter {@code name}. */
        boolean has(String name) {
            return params.containsKey(name);
        }

        /** An error about parameter {@code name}: {@code "<file>: key '<prefix><name>': <problem>"}. */
        SpikeportException error(String name, String problem) {
            return new SpikeportException(file + ": key '" + prefix + name + "': " + problem);
        }

        /** The array of parameter {@code name}, which must exist. */
        NpyArray param(String name) {
            NpyArray a = params.get(name);
            if (a == null) {
                throw new SpikeportException(file + ": key '" + prefix + name + "' is missing (the layer has "
                        + params.keySet().stream().map(p -> prefix + p).toList() + ")");
            }
            return a;
        }

        /** Rejects a parameter outside {@code allowed}: the module is not the {@code kind} it looks like. */
        void allowOnly(Set<String> allowed, String kind) {
            for (String p : params.keySet()) {
                if (!allowed.contains(p)) {
                    throw error(p, "unexpected in a " + kind + " layer, which has " + allowed.stream().sorted().toList());
                }
            }
        }

        /**
         * The finite floating-point elements of parameter {@code name} (float32, or float64 rounded to
         * float32), which must have {@code count} elements; {@code expectedShape} is quoted otherwise.
         */
        float[] floats(String name, long count, String expectedShape) {
            NpyArray a = param(name);
            if (!a.dtype().isFloating()) {
                throw error(name, "has dtype " + a.dtype().descr() + "; expected float32 or float64");
            }
            if (a.size() != count) {
                throw error(name, "has shape " + a.shapeText() + " (" + a.size() + " elements); expected "
                        + expectedShape + " (" + count + " elements)");
            }
            float[] v = a.floats();
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    throw error(name, "element " + i + " is " + v[i]);
                }
            }
            return v;
        }

        /**
         * The inference form of this {@code BatchNorm1d} module over {@code outputs} neurons (eps
         * {@link #BATCH_NORM_EPS}; {@code num_batches_tracked} is not read).
         */
        BatchNorm batchNorm(int outputs) {
            String expected = shape(outputs);
            float[] gamma = floats("weight", outputs, expected);
            float[] beta = floats("bias", outputs, expected);
            float[] mean = floats("running_mean", outputs, expected);
            float[] variance = floats("running_var", outputs, expected);
            for (int i = 0; i < outputs; i++) {
                if (variance[i] < 0) {
                    throw error("running_var", "element " + i + " is negative (" + variance[i] + ")");
                }
            }
            return new BatchNorm(gamma, beta, mean, variance, BATCH_NORM_EPS);
        }

        /**
         * Builds an IR record from this module's values; its {@link IllegalArgumentException} becomes
         * {@code "<file>: <prefix>*: <message>"}.
         */
        <T> T build(Supplier<T> constructor) {
            try {
                return constructor.get();
            } catch (IllegalArgumentException e) {
                throw new SpikeportException(file + ": " + prefix + "*: " + e.getMessage(), e);
            }
        }
    }
}
