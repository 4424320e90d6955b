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
 *       value is a missing point (a gap in the line); a metric without any finite value is left out.
 *       A model without metrics, or whose metrics are all NaN, gets no curves file.</li>
 *   <li>{@code <stem>.delays.png} — per layer, a histogram of the integer delays
 *       ({@link DelayRounding#round(double, int)} with {@code Td = maxDelay + 1} bins
 *       {@code 0 .. Td - 1}) of its existing synapses; masked-out synapses are not counted.</li>
 *   <li>{@code <stem>.kernels.png} — the DCLS kernels ({@link DclsKernel#taps}) of up to
 *       {@value #KERNEL_SYNAPSES} synapses of one neuron of the first layer (the first neuron with the most
 *       existing synapses: neuron 0 of a dense layer) at the model's sigma, over
 *       the taps {@code n = 0 .. Td - 1} (tap {@code n} sees the input {@code Td - 1 - n} steps in the
 *       past), above the same synapses' one-hot kernels with rounded delays (what evaluation and
 *       deployment use), each drawn as a stem from 0 to the weight at tap {@code Td - 1 - round(d)}. The synapses are those at evenly spaced ranks of their delays, so that they
 *       spread over the delay range.</li>
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
    /** Number of synapses drawn in the kernel figure (fewer when the neuron has fewer inputs). */
    public static final int KERNEL_SYNAPSES = 8;

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
        List<XYChart> curves = curveCharts(model.metrics());
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
        existing.sort(Comparator.comparingDouble((Integer pre) -> layer.delay(post, pre)).thenComparing(pre -> pre));
        if (existing.size() <= count) {
            return existing;
        }
        Set<Integer> picked = new LinkedHashSet<>();
        for (int k = 0; k < count; k++) {
            picked.add(existing.get((int) Math.round(k * (existing.size() - 1) / (double) (count - 1))));
        }
        return List.copyOf(picked);
    }

    private static List<XYChart> curveCharts(List<EpochMetrics> metrics) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Set<String> names = new TreeSet<>();
        metrics.forEach(m -> names.addAll(m.values().keySet()));
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
        List<CategoryChart> charts = new ArrayList<>();
        for (TrainedLayer layer : model.network().layers()) {
            long[] counts = delayHistogram(layer);
            long synapses = Arrays.stream(counts).sum();
            CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(PANEL_HEIGHT)
                    .title("layer '" + layer.name() + "': rounded delays of " + synapses + " synapses")
                    .xAxisTitle("delay (steps)").yAxisTitle("synapses").build();
            style(chart.getStyler());
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setAvailableSpaceFill(0.8);
            List<Integer> bins = new ArrayList<>();
            List<Long> values = new ArrayList<>();
            for (int k = 0; k < counts.length; k++) {
                bins.add(k);
                values.add(counts[k]);
            }
            chart.addSeries("synapses", bins, values).setFillColor(new Color(0x1f77b4));
            charts.add(chart);
        }
        return charts;
    }

    private static List<XYChart> kernelCharts(TrainedModel model) {
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
        for (XYChart c : List.of(gaussian, rounded)) {
            style(c.getStyler());
            c.getStyler().setXAxisDecimalPattern("0");
            c.getStyler().setXAxisMin(0.0);
            c.getStyler().setXAxisMax((double) taps - 1);
            c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        }
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

    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setAntiAlias(true);
        styler.setXAxisTickMarkSpacingHint(60);
    }
}
