package org.spikeport.trainer.plots;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spikeport.core.files.AtomicFiles;
import org.spikeport.core.ir.DelayRounding;
import org.spikeport.core.ir.EpochMetrics;
import org.spikeport.core.ir.Recurrence;
import org.spikeport.core.ir.TrainedLayer;
import org.spikeport.core.ir.TrainedModel;
import org.spikeport.trainer.DclsKernel;

/**
 * PNG figures of a trained model, written next to its file. For a model file {@code <stem>.<ext>}
 * (e.g. {@code run/model.pb}, stem {@code model}):
 *
 * <ul>
 *   <li>{@code <stem>.curves.png} — the metrics per epoch, one panel per group: every metric whose
 *       name contains {@code loss} (e.g. {@code train_loss}), every one whose name contains
 *       {@code accuracy} ({@code train_accuracy}, {@code test_accuracy} with rounded delays,
 *       {@code test_accuracy_float}), then one panel per other metric (e.g. {@code sigma}). A NaN
 *       value is a missing point (a gap in the line); a metric without any finite value is left out, and
 *       so is {@code sigma} (the feed-forward Gaussian width) when no layer has feed-forward delays
 *       (every {@code maxDelay = 0}, as in DelRec). A model without metrics, or whose metrics are all
 *       NaN, gets no curves file.</li>
 *   <li>{@code <stem>.delays.png} — what each layer's delays became on the chip, one panel per kind of
 *       delay a layer has, in layer order:
 *       <ul>
 *         <li>feed-forward delays (layers with {@code maxDelay > 0}): a histogram of the integer delays
 *             ({@link DelayRounding#round(double, int)} with {@code Td = maxDelay + 1} bins
 *             {@code 0 .. Td - 1}) of its existing synapses; masked-out synapses are not counted. A layer
 *             with {@code maxDelay = 0} (a plain linear map, as in DelRec) gets no such panel: all its
 *             delays are 0.</li>
 *         <li>recurrent delays (layers with {@link Recurrence}): a histogram of the deployed lags
 *             {@code D = }{@link DelayRounding#recurrent}{@code (d) = 1 + rint(d)}, bins {@code 1 .. max D}
 *             (consecutive lags grouped into {@value #MAX_BINS} bins at most), counting what the chip
 *             runs: for axonal delays one count per presynaptic neuron with at least one non-zero
 *             recurrent weight, for synaptic delays one per recurrent synapse of non-zero weight (a weight
 *             of 0 deploys no synapse).</li>
 *       </ul>
 *       A network without any delay (every {@code maxDelay = 0}, no recurrent synapses) gets the
 *       feed-forward panel of every layer, all at 0, each title saying so.</li>
 *   <li>{@code <stem>.kernels.png} — the kernels that realise the delays in training, above the one-hot
 *       kernels at the rounded delays (what evaluation and deployment use):
 *       <ul>
 *         <li>when the first layer has {@code maxDelay > 0}, or the network has no recurrent layer: the
 *             DCLS kernels ({@link DclsKernel#taps}) of up to {@value #KERNEL_SYNAPSES} synapses of one
 *             neuron of the first layer (the first neuron with the most existing synapses: neuron 0 of a
 *             dense layer) at the model's sigma, over the taps {@code n = 0 .. Td - 1} (tap {@code n}
 *             sees the input {@code Td - 1 - n} steps in the past), above the same synapses' one-hot
 *             kernels, each drawn as a stem from 0 to the weight at tap {@code Td - 1 - round(d)};</li>
 *         <li>for every layer with recurrent synapses: the triangular kernels
 *             {@code k[n] = max(0, w - |n - (1 + d)|) / w^2} (area 1, not scaled by a weight; width
 *             {@code w = }{@link Recurrence#width} at the layer's recurrent sigma) at the lags
 *             {@code n >= 1} of their support and its ends, of up to {@value #KERNEL_SYNAPSES} presynaptic neurons (axonal; those with
 *             a non-zero recurrent weight) or recurrent synapses into one neuron (synaptic; the first
 *             neuron with the most non-zero recurrent weights), above their one-hot kernels, a stem of
 *             height 1 at {@code D = 1 + rint(d)}.</li>
 *       </ul>
 *       The kernels drawn are those at evenly spaced ranks of their delays, so that they spread over the
 *       delay range.</li>
 * </ul>
 *
 * <p>Each figure is {@value #WIDTH} pixels wide and {@value #PANEL_HEIGHT} pixels high per panel,
 * panels stacked vertically. Files are written atomically ({@link AtomicFiles}); existing files of the
 * same names are replaced. Rendering runs without a display: this class sets
 * {@code java.awt.headless=true} unless the property is already set.
 */
public final class TrainingPlots {

    /** Width of every figure in pixels. */
    public static final int WIDTH = 900;
    /** Height of one panel in pixels. */
    public static final int PANEL_HEIGHT = 360;
    /** Number of synapses (or neurons) drawn per kernel panel (fewer when there are fewer). */
    public static final int KERNEL_SYNAPSES = 8;
    /** Most bars in a recurrent lag histogram; longer lag ranges group consecutive lags. */
    public static final int MAX_BINS = 100;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private TrainingPlots() {
    }

    /**
     * Writes the figures of {@code model} next to {@code modelFile} (which need not exist).
     *
     * @return the files written, in the order curves (when there are metrics), delays, kernels
     * @throws org.spikeport.core.SpikeportException when a file cannot be written
     */
    public static List<Path> write(TrainedModel model, Path modelFile) {
        List<Path> written = new ArrayList<>();
        boolean feedForwardDelays = model.network().layers().stream().anyMatch(l -> l.maxDelay() > 0);
        List<XYChart> curves = curveCharts(model.metrics(), feedForwardDelays ? Set.of() : Set.of("sigma"));
        if (!curves.isEmpty()) {
            written.add(save(curves, sibling(modelFile, "curves")));
        }
        written.add(save(delayCharts(model), sibling(modelFile, "delays")));
        written.add(save(kernelCharts(model), sibling(modelFile, "kernels")));
        return List.copyOf(written);
    }

    /** {@code <dir>/<stem>.<kind>.png} for {@code <dir>/<stem>.<ext>}. */
    static Path sibling(Path modelFile, String kind) {
        String name = modelFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return modelFile.resolveSibling(stem + "." + kind + ".png");
    }

    private static <C extends Chart<?, ?>> Path save(List<C> charts, Path target) {
        AtomicFiles.write(target, out -> BitmapEncoder.saveBitmap(charts, charts.size(), 1, out,
                BitmapEncoder.BitmapFormat.PNG));
        return target;
    }

    /**
     * The number of existing synapses of {@code layer} per rounded delay: entry {@code k} counts the
     * synapses whose delay rounds to {@code k}, {@code k = 0 .. maxDelay}.
     */
    static long[] delayHistogram(TrainedLayer layer) {
        int taps = layer.maxDelay() + 1;
        long[] counts = new long[taps];
        for (int post = 0; post < layer.outputs(); post++) {
            for (int pre = 0; pre < layer.inputs(); pre++) {
                if (layer.connected(post, pre)) {
                    counts[DelayRounding.round(layer.delay(post, pre), taps)]++;
                }
            }
        }
        return counts;
    }

    /**
     * Up to {@code count} presynaptic indices of existing synapses into neuron {@code post}, taken at
     * evenly spaced ranks of their delays (ties by index), in increasing order of delay.
     */
    static List<Integer> kernelSynapses(TrainedLayer layer, int post, int count) {
        List<Integer> existing = new ArrayList<>();
        for (int pre = 0; pre < layer.inputs(); pre++) {
            if (layer.connected(post, pre)) {
                existing.add(pre);
            }
        }
        return spread(existing, pre -> layer.delay(post, pre), count);
    }

    /**
     * Up to {@code count} of {@code candidates} at evenly spaced ranks of {@code delay} (ties by index), in
     * increasing order of delay; all of them when there are no more than {@code count}.
     */
    private static List<Integer> spread(List<Integer> candidates, IntToDoubleFunction delay, int count) {
        List<Integer> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble((Integer k) -> delay.applyAsDouble(k)).thenComparing(k -> k));
        if (sorted.size() <= count) {
            return sorted;
        }
        Set<Integer> picked = new LinkedHashSet<>();
        for (int k = 0; k < count; k++) {
            picked.add(sorted.get((int) Math.round(k * (sorted.size() - 1) / (double) (count - 1))));
        }
        return List.copyOf(picked);
    }

    /**
     * The deployed lags {@code D = DelayRounding.recurrent(d)} of recurrent synapses {@code r}: entry
     * {@code D} counts, for axonal delays, the presynaptic neurons with at least one non-zero recurrent
     * weight whose lag is {@code D}, for synaptic delays the synapses of non-zero weight whose lag is
     * {@code D}. Entry 0 is 0 (every lag is at least 1); the length is {@code 1 + max(1, largest D counted)}.
     */
    static long[] recurrentLagHistogram(Recurrence r) {
        int n = r.neurons();
        List<int[]> counted = new ArrayList<>();
        if (r.kind() == Recurrence.Kind.AXONAL) {
            for (int pre = 0; pre < n; pre++) {
                if (sendsRecurrent(r, pre)) {
                    counted.add(new int[] {0, pre});
                }
            }
        } else {
            for (int post = 0; post < n; post++) {
                for (int pre = 0; pre < n; pre++) {
                    if (r.weight(post, pre) != 0) {
                        counted.add(new int[] {post, pre});
                    }
                }
            }
        }
        int[] lags = counted.stream().mapToInt(c -> DelayRounding.recurrent(r.delay(c[0], c[1]))).toArray();
        long[] counts = new long[1 + Math.max(1, Arrays.stream(lags).max().orElse(1))];
        for (int lag : lags) {
            counts[lag]++;
        }
        return counts;
    }

    /** Whether presynaptic neuron {@code pre} has a non-zero recurrent weight onto some neuron. */
    private static boolean sendsRecurrent(Recurrence r, int pre) {
        for (int post = 0; post < r.neurons(); post++) {
            if (r.weight(post, pre) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The recurrent kernels drawn for {@code r}: {@code post} -1 and up to {@code count} presynaptic neurons
     * with a non-zero recurrent weight (axonal; all neurons when none has one), or the first neuron with the
     * most non-zero recurrent weights as {@code post} and up to {@code count} of its presynaptic neurons
     * through such weights (synaptic; all when it has none), at evenly spaced ranks of their delays.
     */
    static RecurrentKernels recurrentKernels(Recurrence r, int count) {
        int n = r.neurons();
        boolean axonal = r.kind() == Recurrence.Kind.AXONAL;
        int post = -1;
        if (!axonal) {
            int most = -1;
            for (int i = 0; i < n; i++) {
                int nonZero = 0;
                for (int o = 0; o < n; o++) {
                    nonZero += r.weight(i, o) != 0 ? 1 : 0;
                }
                if (nonZero > most) {
                    most = nonZero;
                    post = i;
                }
            }
        }
        int row = Math.max(post, 0);
        List<Integer> candidates = new ArrayList<>();
        for (int pre = 0; pre < n; pre++) {
            if (axonal ? sendsRecurrent(r, pre) : r.weight(row, pre) != 0) {
                candidates.add(pre);
            }
        }
        if (candidates.isEmpty()) {
            for (int pre = 0; pre < n; pre++) {
                candidates.add(pre);
            }
        }
        return new RecurrentKernels(post, spread(candidates, pre -> r.delay(row, pre), count));
    }

    /** The kernels drawn for a recurrent layer: synapses {@code pre -> post} ({@code post} -1 for axonal delays). */
    record RecurrentKernels(int post, List<Integer> pres) {
    }

    private static List<XYChart> curveCharts(List<EpochMetrics> metrics, Set<String> leftOut) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Set<String> names = new TreeSet<>();
        metrics.forEach(m -> names.addAll(m.values().keySet()));
        names.removeAll(leftOut);
        for (String name : names) {
            String group = name.contains("loss") ? "loss" : name.contains("accuracy") ? "accuracy" : name;
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(name);
        }
        List<String> order = new ArrayList<>(groups.keySet());
        order.sort(Comparator.comparingInt((String g) -> g.equals("loss") ? 0 : g.equals("accuracy") ? 1 : 2));
        double[] epochs = metrics.stream().mapToDouble(EpochMetrics::epoch).toArray();
        List<XYChart> charts = new ArrayList<>();
        for (String group : order) {
            XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(group + " per epoch")
                    .xAxisTitle("epoch").yAxisTitle(group).build();
            style(chart.getStyler());
            chart.getStyler().setXAxisDecimalPattern("0");
            for (String name : groups.get(group)) {
                double[] y = metrics.stream().mapToDouble(m -> m.values().getOrDefault(name, Double.NaN)).toArray();
                if (Arrays.stream(y).anyMatch(Double::isFinite)) {
                    XYSeries s = chart.addSeries(name, epochs, y);
                    s.setMarker(SeriesMarkers.CIRCLE);
                }
            }
            if (!chart.getSeriesMap().isEmpty()) {
                charts.add(chart);
            }
        }
        return charts;
    }

    private static List<CategoryChart> delayCharts(TrainedModel model) {
        List<TrainedLayer> layers = model.network().layers();
        boolean anyDelay = layers.stream().anyMatch(l -> l.maxDelay() > 0 || l.recurrent() != null);
        List<CategoryChart> charts = new ArrayList<>();
        for (TrainedLayer layer : layers) {
            if (layer.maxDelay() > 0 || !anyDelay) {
                charts.add(feedForwardDelayChart(layer));
            }
            if (layer.recurrent() != null) {
                charts.add(recurrentLagChart(layer));
            }
        }
        return charts;
    }

    private static CategoryChart feedForwardDelayChart(TrainedLayer layer) {
        long[] counts = delayHistogram(layer);
        long synapses = Arrays.stream(counts).sum();
        String title = layer.maxDelay() > 0
                ? "layer '" + layer.name() + "': rounded delays of " + synapses + " synapses"
                : "layer '" + layer.name() + "': " + synapses + " synapses, no feed-forward delays (max delay 0)";
        List<Integer> bins = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (int k = 0; k < counts.length; k++) {
            bins.add(k);
            values.add(counts[k]);
        }
        return histogram(title, "delay (steps)", "synapses", bins, values);
    }

    private static CategoryChart recurrentLagChart(TrainedLayer layer) {
        Recurrence r = layer.recurrent();
        long[] counts = recurrentLagHistogram(r);
        boolean axonal = r.kind() == Recurrence.Kind.AXONAL;
        String title = String.format(Locale.ROOT, "layer '%s': recurrent lags D = 1 + rint(d) of %d %s",
                layer.name(), Arrays.stream(counts).sum(),
                axonal ? "presynaptic neurons (axonal delays)" : "synapses (synaptic delays, weight 0 left out)");
        Map<Object, Long> bins = lagBins(counts);
        return histogram(title, "lag D (steps)", axonal ? "neurons" : "synapses", new ArrayList<>(bins.keySet()),
                new ArrayList<>(bins.values()));
    }

    /**
     * The bars of a lag histogram {@code counts} (entry {@code D} for lag {@code D >= 1}): one per lag
     * {@code 1 .. largest}, labelled by the lag, while there are at most {@value #MAX_BINS}; else
     * {@code ceil(largest / MAX_BINS)} consecutive lags per bar, labelled {@code "lo-hi"}.
     */
    static Map<Object, Long> lagBins(long[] counts) {
        int largest = counts.length - 1;
        int width = (largest + MAX_BINS - 1) / MAX_BINS;
        Map<Object, Long> bins = new LinkedHashMap<>();
        for (int lo = 1; lo <= largest; lo += width) {
            int hi = Math.min(largest, lo + width - 1);
            long sum = 0;
            for (int lag = lo; lag <= hi; lag++) {
                sum += counts[lag];
            }
            bins.put(width == 1 ? (Object) lo : lo + "-" + hi, sum);
        }
        return bins;
    }

    private static CategoryChart histogram(String title, String xTitle, String yTitle, List<?> bins, List<Long> values) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setAvailableSpaceFill(0.8);
        long most = values.stream().mapToLong(Long::longValue).max().orElse(0);
        if (most > 0) {
            int hint = (int) Math.ceil(0.75 * PANEL_HEIGHT / most);
            chart.getStyler().setYAxisTickMarkSpacingHint(Math.max(chart.getStyler().getYAxisTickMarkSpacingHint(), hint));
        }
        chart.addSeries(yTitle, bins, values).setFillColor(new Color(0x1f77b4));
        return chart;
    }

    private static List<XYChart> kernelCharts(TrainedModel model) {
        List<TrainedLayer> layers = model.network().layers();
        List<XYChart> charts = new ArrayList<>();
        if (layers.get(0).maxDelay() > 0 || layers.stream().noneMatch(l -> l.recurrent() != null)) {
            charts.addAll(dclsKernelCharts(model));
        }
        for (TrainedLayer layer : layers) {
            if (layer.recurrent() != null) {
                charts.addAll(recurrentKernelCharts(layer));
            }
        }
        return charts;
    }

    private static List<XYChart> recurrentKernelCharts(TrainedLayer layer) {
        Recurrence r = layer.recurrent();
        RecurrentKernels picked = recurrentKernels(r, KERNEL_SYNAPSES);
        int row = Math.max(picked.post(), 0);
        String of = "layer '" + layer.name() + "'" + (picked.post() < 0 ? "" : ", into neuron " + picked.post());
        String xTitle = "lag n (steps after the presynaptic spike)";
        XYChart triangles = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT)
                .title(String.format(Locale.ROOT, "recurrent kernels (area 1) of %s, %s delays, sigma %.3g", of,
                        r.kind().name().toLowerCase(Locale.ROOT), r.sigma()))
                .xAxisTitle(xTitle).yAxisTitle("kernel value").build();
        XYChart rounded = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT)
                .title("rounded recurrent delays (one-hot at D = 1 + rint(d)) of " + of)
                .xAxisTitle(xTitle).yAxisTitle("kernel value").build();
        int last = 1;
        for (int pre : picked.pres()) {
            last = Math.max(last, (int) Math.ceil(1 + r.delay(row, pre) + r.width(pre)));
        }
        styleKernels(triangles, 0, last);
        styleKernels(rounded, 0, last);
        for (int pre : picked.pres()) {
            double d = r.delay(row, pre);
            double w = r.width(pre);
            int first = Math.max(1, (int) Math.floor(1 + d - w));
            int end = (int) Math.ceil(1 + d + w);
            double[] x = new double[end - first + 1];
            double[] k = new double[x.length];
            for (int n = first; n <= end; n++) {
                x[n - first] = n;
                k[n - first] = Math.max(0, w - Math.abs(n - 1 - d)) / (w * w);
            }
            String synapse = picked.post() < 0 ? "neuron " + pre : pre + " -> " + picked.post();
            triangles.addSeries(String.format(Locale.ROOT, "%s: d %.2f, width %.2f", synapse, d, w), x, k)
                    .setMarker(SeriesMarkers.NONE);
            int lag = DelayRounding.recurrent(d);
            rounded.addSeries(String.format(Locale.ROOT, "%s: D %d", synapse, lag),
                    new double[] {lag, lag}, new double[] {0, 1}).setMarker(SeriesMarkers.CIRCLE);
        }
        return List.of(triangles, rounded);
    }

    private static List<XYChart> dclsKernelCharts(TrainedModel model) {
        TrainedLayer layer = model.network().layers().get(0);
        double sigma = model.network().sigma();
        int taps = layer.maxDelay() + 1;
        int post = fullestNeuron(layer);
        List<Integer> synapses = kernelSynapses(layer, post, KERNEL_SYNAPSES);
        String neuron = "layer '" + layer.name() + "', neuron " + post;
        XYChart gaussian = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT)
                .title(String.format(Locale.ROOT, "DCLS kernels of %s, sigma %.3g", neuron, sigma))
                .xAxisTitle("tap n (input Td-1-n = " + (taps - 1) + "-n steps in the past)")
                .yAxisTitle("kernel value").build();
        XYChart rounded = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT)
                .title("rounded delays (one-hot kernels) of " + neuron)
                .xAxisTitle("tap n (input Td-1-n = " + (taps - 1) + "-n steps in the past)")
                .yAxisTitle("kernel value").build();
        double[] x = new double[taps];
        for (int n = 0; n < taps; n++) {
            x[n] = n;
        }
        styleKernels(gaussian, 0, taps - 1);
        styleKernels(rounded, 0, taps - 1);
        for (int pre : synapses) {
            double w = layer.weight(post, pre);
            double d = layer.delay(post, pre);
            int r = DelayRounding.round(d, taps);
            double tap = taps - 1 - r;
            gaussian.addSeries(String.format(Locale.ROOT, "in %d: w %.2f, d %.2f", pre, w, d), x,
                    DclsKernel.taps(w, d, sigma, taps)).setMarker(SeriesMarkers.NONE);
            rounded.addSeries(String.format(Locale.ROOT, "in %d: w %.2f, d %d", pre, w, r),
                    new double[] {tap, tap}, new double[] {0, w}).setMarker(SeriesMarkers.CIRCLE);
        }
        return List.of(gaussian, rounded);
    }

    /** The first neuron of {@code layer} with the most existing input synapses. */
    static int fullestNeuron(TrainedLayer layer) {
        int best = 0;
        int bestCount = -1;
        for (int post = 0; post < layer.outputs(); post++) {
            int count = 0;
            for (int pre = 0; pre < layer.inputs(); pre++) {
                count += layer.connected(post, pre) ? 1 : 0;
            }
            if (count > bestCount) {
                best = post;
                bestCount = count;
            }
        }
        return best;
    }

    private static void styleKernels(XYChart chart, int first, int last) {
        style(chart.getStyler());
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisMin((double) first);
        chart.getStyler().setXAxisMax((double) last);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    }

    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setAntiAlias(true);
        styler.setXAxisTickMarkSpacingHint(60);
    }
}
