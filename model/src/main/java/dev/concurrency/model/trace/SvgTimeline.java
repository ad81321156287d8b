package dev.concurrency.model.trace;

import static java.util.Objects.requireNonNull;

import dev.concurrency.model.internal.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Draws spans as an SVG timeline: the same rows as {@link Gantt}, as bars on a time axis with round tick values
 * and a label, under a title and a legend, each bar carrying a tooltip with its exact times, and optional notes (a
 * prediction beside the measurement, say) printed under the chart. A bar's colour says what kind of time it is,
 * read from the span's name as {@link TraceEvents#category} reads it: running, waiting (an await), blocked (a lock
 * or semaphore), sleeping, or I/O; the legend lists the kinds the chart shows.
 *
 * {@snippet class=dev.concurrency.model.trace.TraceSnippetsTest region=svg}
 *
 * <p>The document is standalone SVG 1.1 (UTF-8, no scripts, no external resources). Every bar is a
 * {@code <rect class="span">} with a {@code <title>} and a {@code data-kind} attribute; every row label a {@code
 * <text class="lane">}; notes are {@code <text class="note">}; the heading is {@code <text class="heading">}, the
 * axis label {@code <text class="axis-label">}, each legend entry a {@code <text class="legend">}. Names are
 * XML-escaped. The canvas is as wide as the longest label, title or note needs, so no text is cut off.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class SvgTimeline {

  private static final int CHART_WIDTH = 720;
  private static final int ROW_HEIGHT = 24;
  private static final int BAR_HEIGHT = 16;
  /** A generous width of one character of 12-pixel monospace, so that measured text never overflows. */
  private static final int CHAR_WIDTH = 8;
  /** Below the heading and the legend. */
  private static final int TOP = 64;
  /** About this many intervals between ticks; the step is rounded to 1, 2, 2.5 or 5 times a power of ten. */
  private static final int TICKS = 5;
  /** The kinds of time, in legend order, with their colours and legend words. */
  private static final Map<String, String[]> KINDS = kinds();

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
    long end = Math.max(1, spans.stream().mapToLong(Span::endNanos).max().orElse(1));
    long first = Math.min(end - 1, spans.stream().mapToLong(Span::startNanos).min().orElse(0));
    long step = tickStep(end - first);
    // the axis starts and ends on a tick: from the last tick at or before the first span, so that a run whose
    // first span comes late (a JVM warming up) is not mostly blank, to the first tick at or after the last end
    Axis axis = new Axis(first / step * step, (end + step - 1) / step * step, step);
    int left = 16 + CHAR_WIDTH * rows.stream().mapToInt(row -> label(row).length()).max().orElse(8);
    int axisY = TOP + rows.size() * ROW_HEIGHT + 8;
    String heading = "Timeline: " + rows.size() + " rows over " + Durations.format(end);
    int widest = Math.max(heading.length(), lines.stream().mapToInt(String::length).max().orElse(0));
    int width = Math.max(left + CHART_WIDTH + 60, 16 + CHAR_WIDTH * widest);
    int height = axisY + 56 + lines.size() * 18;

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
    svg.append("<title>").append(escape(heading)).append("</title>\n");
    svg.append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(String.format(Locale.ROOT,
        "<text class=\"heading\" x=\"8\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
        escape(heading)));
    appendLegend(svg, spans);
    for (int i = 0; i < rows.size(); i++) {
      appendRow(svg, rows.get(i), i, left, axis);
    }
    appendAxis(svg, left, axisY, axis);
    for (int i = 0; i < lines.size(); i++) {
      svg.append(String.format(
          Locale.ROOT, "<text class=\"note\" x=\"8\" y=\"%d\">%s</text>%n", axisY + 60 + i * 18,
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

  private static Map<String, String[]> kinds() {
    Map<String, String[]> kinds = new LinkedHashMap<>();
    kinds.put("run", new String[] {"#4e79a7", "running"});
    kinds.put("await", new String[] {"#f2b134", "waiting (await)"});
    kinds.put("lock", new String[] {"#e15759", "blocked (lock)"});
    kinds.put("sleep", new String[] {"#a0a0a0", "sleeping"});
    kinds.put("io", new String[] {"#59a14f", "I/O"});
    return Collections.unmodifiableMap(kinds);
  }

  /**
   * The distance between ticks for an axis of {@code end} nanoseconds: about a fifth of it, rounded up to 1, 2,
   * 2.5 or 5 times a power of ten, so that tick values are round.
   */
  static long tickStep(long end) {
    long rough = Math.max(1, (end + TICKS - 1) / TICKS);
    long power = 1;
    while (power <= rough / 10) {
      power *= 10;
    }
    long[] steps = power >= 10 ? new long[] {power, 2 * power, power * 5 / 2, 5 * power}
        : new long[] {power, 2 * power, 5 * power};
    for (long candidate : steps) {
      if (candidate >= rough) {
        return candidate;
      }
    }
    return 10 * power;
  }

  private static void appendLegend(StringBuilder svg, List<Span> spans) {
    Set<String> present = new LinkedHashSet<>();
    spans.forEach(span -> present.add(TraceEvents.category(span.name())));
    int x = 8;
    for (Map.Entry<String, String[]> kind : KINDS.entrySet()) {
      if (!present.contains(kind.getKey())) {
        continue;
      }
      String words = kind.getValue()[1];
      svg.append(String.format(Locale.ROOT,
          "<rect class=\"swatch\" x=\"%d\" y=\"32\" width=\"12\" height=\"12\" fill=\"%s\"/>"
              + "<text class=\"legend\" x=\"%d\" y=\"42\">%s</text>%n",
          x, kind.getValue()[0], x + 16, escape(words)));
      x += 16 + CHAR_WIDTH * words.length() + 16;
    }
  }

  /** The time axis: from {@code origin} to {@code end} nanoseconds, a tick every {@code step}. */
  private record Axis(long origin, long end, long step) {
    double x(int left, long nanos) {
      return left + (double) (nanos - origin) * CHART_WIDTH / (end - origin);
    }
  }

  /** A row's whole label: the SVG has room for it, unlike the terminal chart, which shortens long ones. */
  private static String label(Gantt.Row row) {
    Span span = row.spans().get(0);
    return span.lane().equals(span.name()) ? span.lane() : span.lane() + ": " + span.name();
  }

  private static void appendRow(StringBuilder svg, Gantt.Row row, int index, int left, Axis axis) {
    int y = TOP + index * ROW_HEIGHT;
    svg.append(String.format(
        Locale.ROOT, "<text class=\"lane\" x=\"8\" y=\"%d\">%s</text>%n", y + BAR_HEIGHT - 3, escape(label(row))));
    for (Span span : row.spans()) {
      String kind = TraceEvents.category(span.name());
      String colour = KINDS.get(kind)[0];
      double x = axis.x(left, span.startNanos());
      double w = Math.max(1.0, axis.x(left, span.endNanos()) - x);
      svg.append(String.format(
          Locale.ROOT,
          "<rect class=\"span\" data-kind=\"%s\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\">"
              + "<title>%s: %s .. %s (%s)</title></rect>%n",
          kind,
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

  private static void appendAxis(StringBuilder svg, int left, int y, Axis axis) {
    svg.append(String.format(
        Locale.ROOT,
        "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
        left,
        y,
        left + CHART_WIDTH,
        y));
    for (long at = axis.origin(); at <= axis.end(); at += axis.step()) {
      int x = (int) Math.round(axis.x(left, at));
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
          escape(Durations.format(at))));
    }
    svg.append(String.format(Locale.ROOT,
        "<text class=\"axis-label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">time since the start</text>%n",
        left + CHART_WIDTH / 2, y + 36));
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
