package maitake.bench;

import java.util.List;
import java.util.Locale;

/**
 * Small SVG charts for the benchmark report, written as text: a line chart on a logarithmic x axis
 * and a bar chart. No plotting library: the report must run from the benchmark jar alone.
 */
final class Svg {
  private Svg() {}

  private static final int W = 640;
  private static final int H = 320;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

  /** One line of a line chart: its name and its points (x > 0). */
  record Series(String name, double[] x, double[] y) {}

  /**
   * A line chart, x on a log10 scale, y from 0; with a dashed flat line at each series' first y.
   */
  static String lines(String title, String xLabel, String yLabel, List<Series> series) {
    double xmin = Double.MAX_VALUE;
    double xmax = 0;
    double ymax = 0;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        xmin = Math.min(xmin, s.x()[i]);
        xmax = Math.max(xmax, s.x()[i]);
        ymax = Math.max(ymax, s.y()[i]);
      }
    }
    ymax = ymax <= 0 ? 1 : ymax * 1.15;
    double lx0 = Math.log10(xmin);
    double lx1 = Math.max(lx0 + 1e-9, Math.log10(xmax));
    StringBuilder b = head(title);
    axes(b, xLabel, yLabel, ymax);
    for (double d = Math.ceil(lx0); d <= lx1 + 1e-9; d++) {
      double px = LEFT + (d - lx0) / (lx1 - lx0) * (W - LEFT - RIGHT);
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%s</text>%n",
              px,
              H - BOTTOM + 16,
              compact(Math.pow(10, d))));
    }
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      String c = COLOURS[k % COLOURS.length];
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < s.x().length; i++) {
        double px = LEFT + (Math.log10(s.x()[i]) - lx0) / (lx1 - lx0) * (W - LEFT - RIGHT);
        double py = y(s.y()[i], ymax);
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
        b.append(
            String.format(
                Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, c));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
              c,
              pts.toString().trim()));
      double flat = y(s.y()[0], ymax);
      b.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\""
                  + " stroke-dasharray=\"4 4\" stroke-width=\"1\"/>%n",
              LEFT,
              flat,
              W - RIGHT,
              flat,
              c));
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s (dashed: flat at its"
                  + " first point)</text>%n",
              LEFT + 10,
              TOP + 16 + 16 * k,
              c,
              escape(s.name())));
    }
    return b.append("</svg>\n").toString();
  }

  /** A bar chart of counts with one label per bar. */
  static String bars(String title, String xLabel, String yLabel, String[] labels, long[] counts) {
    long max = 1;
    for (long c : counts) {
      max = Math.max(max, c);
    }
    double ymax = max * 1.15;
    StringBuilder b = head(title);
    axes(b, xLabel, yLabel, ymax);
    double slot = (double) (W - LEFT - RIGHT) / counts.length;
    for (int i = 0; i < counts.length; i++) {
      double x = LEFT + i * slot;
      double top = y(counts[i], ymax);
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
              x + slot * 0.1,
              top,
              slot * 0.8,
              H - BOTTOM - top,
              COLOURS[0]));
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\">%d</text>%n",
              x + slot / 2,
              top - 3,
              counts[i]));
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">%s</text>%n",
              x + slot / 2,
              H - BOTTOM + 14,
              escape(labels[i])));
    }
    return b.append("</svg>\n").toString();
  }

  private static StringBuilder head(String title) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n",
            W,
            H,
            W,
            H));
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">%s</text>%n",
            W / 2,
            escape(title)));
    return b;
  }

  private static void axes(StringBuilder b, String xLabel, String yLabel, double ymax) {
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
            LEFT,
            H - BOTTOM,
            W - RIGHT,
            H - BOTTOM,
            LEFT,
            TOP,
            LEFT,
            H - BOTTOM));
    for (int i = 0; i <= 4; i++) {
      double v = ymax * i / 4;
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s</text>%n",
              LEFT - 6,
              y(v, ymax) + 4,
              compact(v)));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">%s</text>%n",
            (LEFT + W - RIGHT) / 2,
            H - 12,
            escape(xLabel)));
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\""
                + " transform=\"rotate(-90 16 %d)\">%s</text>%n",
            (TOP + H - BOTTOM) / 2,
            (TOP + H - BOTTOM) / 2,
            escape(yLabel)));
  }

  private static double y(double v, double ymax) {
    return H - BOTTOM - v / ymax * (H - BOTTOM - TOP);
  }

  static String compact(double v) {
    if (v >= 1e6) {
      return trim(v / 1e6) + "M";
    }
    if (v >= 1e3) {
      return trim(v / 1e3) + "k";
    }
    return trim(v);
  }

  /** One decimal below 10, none from 10 on, and none for a whole number. */
  private static String trim(double v) {
    if (v == Math.rint(v) || v >= 10) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
