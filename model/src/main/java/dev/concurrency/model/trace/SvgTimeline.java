package dev.concurrency.model.trace;

import static java.util.Objects.requireNonNull;

import dev.concurrency.model.internal.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Draws spans as an SVG timeline: the same rows as {@link Gantt}, as coloured bars on a time axis with
 * ticks, each bar carrying a tooltip with its exact times, and optional notes (a prediction beside the
 * measurement, say) printed under the chart.
 *
 * {@snippet class=dev.concurrency.model.trace.TraceSnippetsTest region=svg}
 *
 * <p>The document is standalone SVG 1.1 (UTF-8, no scripts, no external resources). Every bar is a
 * {@code <rect class="span">} with a {@code <title>}; every row label a {@code <text class="lane">}; notes are
 * {@code <text class="note">}. Names are XML-escaped.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class SvgTimeline {

  private static final int CHART_WIDTH = 720;
  private static final int ROW_HEIGHT = 24;
  private static final int BAR_HEIGHT = 16;
  private static final int CHAR_WIDTH = 7;
  private static final int TOP = 30;
  private static final int TICKS = 4;
  private static final String[] PALETTE = {
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"
  };

  private SvgTimeline() {}

  /**
   * Renders the spans as an SVG document.
   *
   * @param spans the spans, one row per lane and name
   * @return the document
   * @throws NullPointerException if {@code spans} or one of them is null
   */
  public static String svg(List<Span> spans) {
    return svg(spans, List.of());
  }

  /**
   * Renders the spans as an SVG document with lines of notes under the chart.
   *
   * @param spans the spans, one row per lane and name
   * @param notes lines printed under the axis, such as {@code "predicted 2.000 s, measured 2.004 s (+0.2 %)"}
   * @return the document
   * @throws NullPointerException if an argument or an element of one is null
   */
  public static String svg(List<Span> spans, List<String> notes) {
    requireNonNull(spans, "spans");
    List<String> lines = List.copyOf(requireNonNull(notes, "notes"));
    List<Gantt.Row> rows = spans.isEmpty() ? List.of() : Gantt.rows(spans);
    long total = Math.max(1, spans.stream().mapToLong(Span::endNanos).max().orElse(1));
    int left = 16 + CHAR_WIDTH * rows.stream().mapToInt(row -> row.label().length()).max().orElse(8);
    int axisY = TOP + rows.size() * ROW_HEIGHT + 8;
    int width = left + CHART_WIDTH + 60;
    int height = axisY + 36 + lines.size() * 18;

    StringBuilder svg = new StringBuilder();
    svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    svg.append(String.format(
        Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
            + "viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"12\">%n",
        width,
        height,
        width,
        height));
    svg.append("<title>Timeline: ").append(rows.size()).append(" rows over ")
        .append(escape(Durations.format(total))).append("</title>\n");
    svg.append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    for (int i = 0; i < rows.size(); i++) {
      appendRow(svg, rows.get(i), i, left, total);
    }
    appendAxis(svg, left, axisY, total);
    for (int i = 0; i < lines.size(); i++) {
      svg.append(String.format(
          Locale.ROOT, "<text class=\"note\" x=\"8\" y=\"%d\">%s</text>%n", axisY + 40 + i * 18,
          escape(lines.get(i))));
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  /**
   * Writes {@link #svg(List)} to {@code path} in UTF-8, replacing the file if it exists.
   *
   * @param spans the spans, one row per lane and name
   * @param path the file to write
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(List<Span> spans, Path path) {
    write(spans, List.of(), path);
  }

  /**
   * Writes {@link #svg(List, List)} to {@code path} in UTF-8, replacing the file if it exists.
   *
   * @param spans the spans, one row per lane and name
   * @param notes lines printed under the axis
   * @param path the file to write
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(List<Span> spans, List<String> notes, Path path) {
    requireNonNull(path, "path");
    String document = svg(spans, notes);
    try {
      Files.writeString(path, document, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the SVG timeline to " + path + ": " + e.getMessage(), e);
    }
  }

  private static void appendRow(StringBuilder svg, Gantt.Row row, int index, int left, long total) {
    int y = TOP + index * ROW_HEIGHT;
    String colour = PALETTE[index % PALETTE.length];
    svg.append(String.format(
        Locale.ROOT, "<text class=\"lane\" x=\"8\" y=\"%d\">%s</text>%n", y + BAR_HEIGHT - 3, escape(row.label())));
    for (Span span : row.spans()) {
      double x = left + (double) span.startNanos() * CHART_WIDTH / total;
      double w = Math.max(1.0, (double) span.durationNanos() * CHART_WIDTH / total);
      svg.append(String.format(
          Locale.ROOT,
          "<rect class=\"span\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\">"
              + "<title>%s: %s .. %s (%s)</title></rect>%n",
          x,
          y,
          w,
          BAR_HEIGHT,
          colour,
          escape(span.lane() + " / " + span.name()),
          Durations.format(span.startNanos()),
          Durations.format(span.endNanos()),
          Durations.format(span.durationNanos())));
    }
  }

  private static void appendAxis(StringBuilder svg, int left, int y, long total) {
    svg.append(String.format(
        Locale.ROOT,
        "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
        left,
        y,
        left + CHART_WIDTH,
        y));
    for (int i = 0; i <= TICKS; i++) {
      int x = left + i * CHART_WIDTH / TICKS;
      svg.append(String.format(
          Locale.ROOT,
          "<line class=\"tick\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>"
              + "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
          x,
          y,
          x,
          y + 5,
          x,
          y + 18,
          escape(Durations.format(total * i / TICKS))));
    }
  }

  /** Escapes the five XML special characters and drops control characters XML 1.0 forbids. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
