package org.spikeport.simulator.plots;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spikeport.core.data.CountFrame;
import org.spikeport.core.files.AtomicFiles;
import org.spikeport.core.ir.DeployedNetwork;
import org.spikeport.simulator.Simulation;

/**
 * A PNG of one replayed sample: one raster panel per stage (the binned input, where a dot marks a
 * non-zero count, then each spiking layer), x = step, y = channel or neuron; and a panel of the
 * readout membranes over steps, one line per class, the true class (when known) drawn thick. Written
 * atomically.
 */
public final class RasterPlot {

    private static final int WIDTH = 1000;
    /** Height of every panel (stacked panels share one height). */
    private static final int HEIGHT = 280;

    private RasterPlot() {
    }

    /**
     * Writes the plot of {@code sample} (its binned input {@code input}, its simulation {@code result})
     * to {@code png}; {@code title} heads the first panel.
     */
    public static void write(Path png, String title, DeployedNetwork net, CountFrame input, Simulation.Result result) {
        List<Chart<?, ?>> charts = new ArrayList<>();
        int steps = result.readout().length;
        charts.add(raster(title + " — input (" + input.channels() + " channels)", steps, inputDots(input)));
        for (int l = 0; l + 1 < net.layers().size(); l++) {
            List<Simulation.Spike> s = result.spikes().get(l);
            double[][] xy = new double[2][s.size()];
            for (int k = 0; k < s.size(); k++) {
                xy[0][k] = s.get(k).step();
                xy[1][k] = s.get(k).neuron();
            }
            charts.add(raster(String.format(Locale.ROOT, "layer %s — %d spikes, %d neurons", net.layers().get(l).name(),
                    s.size(), net.layers().get(l).outputs()), steps, xy));
        }
        charts.add(readout(net, input.label(), result.readout(), steps));
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(charts, charts.size(), 1, out,
                BitmapEncoder.BitmapFormat.PNG));
    }

    private static double[][] inputDots(CountFrame f) {
        int n = 0;
        for (int c : f.counts()) {
            n += c != 0 ? 1 : 0;
        }
        double[][] xy = new double[2][n];
        int k = 0;
        for (int t = 0; t < f.steps(); t++) {
            for (int c = 0; c < f.channels(); c++) {
                if (f.count(t, c) != 0) {
                    xy[0][k] = t;
                    xy[1][k++] = c;
                }
            }
        }
        return xy;
    }

    private static XYChart raster(String title, int steps, double[][] xy) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("step")
                .yAxisTitle("index").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setMarkerSize(3);
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax((double) Math.max(1, steps));
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        double[] x = xy[0].length == 0 ? new double[] {0} : xy[0];
        double[] y = xy[1].length == 0 ? new double[] {0} : xy[1];
        XYSeries s = c.addSeries("spikes", x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(xy[0].length == 0 ? new Color(0, 0, 0, 0) : Color.BLACK);
        return c;
    }

    private static XYChart readout(DeployedNetwork net, int label, double[][] v, int steps) {
        int classes = net.outputs();
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("readout membranes (" + classes + " classes" + (label >= 0 ? ", true class " + label + " thick" : "") + ")")
                .xAxisTitle("step").yAxisTitle("membrane").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendVisible(classes <= 20);
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax((double) Math.max(1, steps));
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        double[] x = new double[Math.max(1, v.length)];
        for (int t = 0; t < x.length; t++) {
            x[t] = t;
        }
        for (int k = 0; k < classes; k++) {
            double[] y = new double[x.length];
            for (int t = 0; t < v.length; t++) {
                y[t] = v[t][k];
            }
            XYSeries s = c.addSeries("class " + k, x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineWidth(k == label ? 3f : 1f);
        }
        return c;
    }
}
