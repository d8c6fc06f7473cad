package org.remoting.benchmarks;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The latency percentile chart, a PNG written next to the markdown report (XChart): one panel per
 * thread count of the {@code add(int,int)} rows (sync, fire-and-forget, sync-with-server, same
 * JVM), and one for the other rows with latencies (1 KiB echo, reactivation, lease renewal). Each
 * line is one row's latency (log scale, µs) against the percentile, on the usual log scale of
 * {@code 1 / (1 - percentile)}, so 90%, 99%, 99.9% are evenly spaced; in-process rows are
 * dashed, and a line keeps its colour in every panel. Lines are drawn from every run's latencies
 * merged, up to the highest percentile that the
 * row's call count supports.
 */
final class LatencyChart {
  static final int PANEL_WIDTH = 1100;
  static final int PANEL_HEIGHT = 600;

  /** Rows with fewer calls than this are drawn with markers. */
  private static final long FEW_CALLS = 100;

  /** Distinct colours (Tableau 10, then two more), one per line name across all panels. */
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    new Color(0xbcbd22), new Color(0x17becf), Color.BLACK, new Color(0xaec7e8)
  };

  /** Points per decade of {@code 1 / (1 - percentile)}. */
  private static final int POINTS_PER_DECADE = 10;

  private LatencyChart() {}

  /**
   * Writes the chart of {@code rows} to {@code file} as PNG.
   *
   * @return false (and writes nothing) if no row has latencies
   * @throws IOException if the file cannot be written
   */
  static boolean write(List<Summary> rows, String title, Path file) throws IOException {
    List<XYChart> panels = panels(rows, title);
    if (panels.isEmpty()) {
      return false;
    }
    int columns = panels.size() == 1 ? 1 : 2;
    int lines = (panels.size() + columns - 1) / columns;
    while (panels.size() < lines * columns) {
      panels.add(blank()); // the encoder wants a full grid
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(panels, lines, columns, out, BitmapEncoder.BitmapFormat.PNG);
    }
    return true;
  }

  static List<XYChart> panels(List<Summary> rows, String title) {
    Map<String, List<Summary>> groups = new LinkedHashMap<>();
    for (Summary row : rows) {
      if (!row.hasLatency()) {
        continue;
      }
      String panel =
          switch (row.workload()) {
            case ADD, ONE_WAY, SYNC_WITH_SERVER ->
                "add(int,int), " + row.concurrency()
                    + (row.concurrency() == 1 ? " client thread" : " client threads");
            default -> "other calls";
          };
      groups.computeIfAbsent(panel, k -> new ArrayList<>()).add(row);
    }
    Map<String, Color> colors = new LinkedHashMap<>();
    for (List<Summary> members : groups.values()) {
      for (Summary row : members) {
        colors.computeIfAbsent(name(row), k -> PALETTE[colors.size() % PALETTE.length]);
      }
    }
    List<XYChart> panels = new ArrayList<>();
    groups.forEach((panel, members) -> panels.add(panel(title + ": " + panel, members, colors)));
    return panels;
  }

  /** The line's name: the scenario, and for rows other than add(int,int) what is called. */
  private static String name(Summary row) {
    return switch (row.workload()) {
      case ADD, ONE_WAY, SYNC_WITH_SERVER -> row.scenario(); // the name says the call style
      case ECHO_1K -> row.scenario() + ", echo 1 KiB, " + row.concurrency() + " threads";
      case REACTIVATION -> "passivated: first call, reactivates (file store)";
      case ACTIVE_OBJECT -> "passivated: call of the active object";
      case LEASE_RENEWAL -> "lease renewal of all objects, one call";
      default -> row.scenario() + ", " + row.workload().label();
    };
  }

  private static XYChart panel(String title, List<Summary> rows, Map<String, Color> colors) {
    XYChart chart =
        new XYChartBuilder()
            .width(PANEL_WIDTH)
            .height(PANEL_HEIGHT)
            .title(title)
            .xAxisTitle("percentile")
            .yAxisTitle("latency µs (log)")
            .build();
    XYStyler styler = chart.getStyler();
    styler.setXAxisLogarithmic(true);
    styler.setYAxisLogarithmic(true);
    styler.setXAxisLogarithmicDecadeOnly(true);
    styler.setXAxisTickLabelsFormattingFunction(LatencyChart::percentileLabel);
    styler.setYAxisTickLabelsFormattingFunction(LatencyChart::micros);
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setLegendBorderColor(Color.WHITE);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotGridLinesVisible(true);
    for (Summary row : rows) {
      double[][] curve = curve(row.allRuns());
      XYSeries series = chart.addSeries(name(row), curve[0], curve[1]);
      series.setLineColor(colors.get(name(row)));
      series.setMarkerColor(colors.get(name(row)));
      // Few calls (such as lease renewals) make a short line: show its points.
      series.setMarker(
          row.allRuns().getTotalCount() < FEW_CALLS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
      if (row.scenario().endsWith(Scenarios.IN_PROCESS)) {
        series.setLineStyle(SeriesLines.DASH_DASH);
      }
    }
    return chart;
  }

  /**
   * The points of a latency curve: x = {@code 1 / (1 - q)} for q from 0 up to the highest
   * percentile with at least ten calls above it (with fewer than 20 calls, up to the median), y =
   * the latency at q in µs.
   */
  static double[][] curve(Histogram latency) {
    long count = latency.getTotalCount();
    double highestX = Math.max(2, count / 10.0);
    List<double[]> points = new ArrayList<>();
    for (int i = 0; ; i++) {
      double x = Math.pow(10, i / (double) POINTS_PER_DECADE);
      if (x > highestX && i > 0) {
        break;
      }
      double percentile = 100 * (1 - 1 / x);
      double micros = latency.getValueAtPercentile(percentile) / 1000.0;
      points.add(new double[] {x, Math.max(0.1, micros)});
    }
    double[][] curve = new double[2][points.size()];
    for (int i = 0; i < points.size(); i++) {
      curve[0][i] = points.get(i)[0];
      curve[1][i] = points.get(i)[1];
    }
    return curve;
  }

  /** 1 → 0%, 10 → 90%, 100 → 99%, 1000 → 99.9%. */
  static String percentileLabel(double x) {
    double percentile = 100 * (1 - 1 / x);
    if (percentile < 1e-9) {
      return "0%";
    }
    String text = String.format(Locale.ROOT, "%.6f", percentile).replaceAll("0+$", "");
    return (text.endsWith(".") ? text.substring(0, text.length() - 1) : text) + "%";
  }

  private static String micros(double micros) {
    return micros >= 1000
        ? String.format(Locale.ROOT, "%,.0f", micros)
        : String.format(Locale.ROOT, micros >= 1 ? "%.0f" : "%.1f", micros);
  }

  private static XYChart blank() {
    XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(" ").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendVisible(false);
    chart.addSeries(" ", new double[] {0, 1}, new double[] {0, 0}).setMarker(SeriesMarkers.NONE);
    chart.getStyler().setAxisTicksVisible(false);
    chart.getStyler().setPlotBorderVisible(false);
    chart.getStyler().setPlotGridLinesVisible(false);
    chart.getStyler().setChartTitleVisible(false);
    chart.getStyler().setSeriesColors(new Color[] {Color.WHITE});
    return chart;
  }
}
