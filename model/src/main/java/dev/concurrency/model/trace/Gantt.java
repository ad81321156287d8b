package dev.concurrency.model.trace;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.Strings;
import dev.concurrency.model.internal.Durations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws spans as a Gantt chart for the terminal, in plain ASCII: one row per lane and name, time running left
 * to right on a shared scale from the trace's start to its last end.
 *
 * {@snippet class=dev.concurrency.model.trace.TraceSnippetsTest region=gantt}
 *
 * prints, for the seed's two overlapping waits:
 *
 * <pre>
 * main: task1  |####################....................|  0 .. 1.000 s
 * main: task2  |########################################|  0 .. 2.000 s
 *               0                                2.000 s
 * </pre>
 *
 * <p>Rows are ordered by their first start; a row whose lane and name are equal is labelled once. Each span
 * covers the columns between its ends rounded to the nearest column boundary, and at least one, so that
 * back-to-back spans do not appear to overlap and short spans stay visible. A row with
 * several spans (a task sliced by round robin, say) ends with their count and total busy time. Labels longer
 * than {@value #MAX_LABEL} characters are shortened.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class Gantt {

  /** The longest label kept whole. */
  static final int MAX_LABEL = 28;

  /** Narrowest and widest charts, in columns of time. */
  static final int MIN_WIDTH = 10;

  static final int MAX_WIDTH = 1_000;

  private Gantt() {}

  /**
   * Renders the spans, or the line {@code (no spans)} when there are none.
   *
   * @param spans what to draw, in any order
   * @param width how many columns the time axis spans, from {@value #MIN_WIDTH} to {@value #MAX_WIDTH}
   * @return the chart, one line per row plus the axis, each ending in {@code \n}
   * @throws IllegalArgumentException if {@code width} is out of range
   * @throws NullPointerException if {@code spans} or one of them is null
   */
  public static String ascii(List<Span> spans, int width) {
    requireNonNull(spans, "spans");
    checkArgument(
        width >= MIN_WIDTH && width <= MAX_WIDTH,
        "width is %s columns; use %s to %s (60 fits a terminal)",
        width,
        MIN_WIDTH,
        MAX_WIDTH);
    if (spans.isEmpty()) {
      return "(no spans)\n";
    }
    List<Row> rows = rows(spans);
    long total = Math.max(1, spans.stream().mapToLong(Span::endNanos).max().orElseThrow());
    int labelWidth = rows.stream().mapToInt(row -> row.label().length()).max().orElseThrow();

    StringBuilder out = new StringBuilder();
    for (Row row : rows) {
      out.append(Strings.padEnd(row.label(), labelWidth, ' ')).append("  |");
      out.append(bar(row.spans(), total, width)).append("|  ").append(summary(row.spans())).append('\n');
    }
    String end = Durations.format(total);
    out.append(" ".repeat(labelWidth + 3)).append('0');
    out.append(" ".repeat(Math.max(1, width - 1 - end.length()))).append(end).append('\n');
    return out.toString();
  }

  /** The spans grouped by lane and name, rows in order of first start. */
  static List<Row> rows(List<Span> spans) {
    List<Span> sorted = new ArrayList<>(spans.size());
    for (Span span : spans) {
      sorted.add(requireNonNull(span, "spans holds a null span"));
    }
    sorted.sort(Trace.BY_START);
    Map<String, List<Span>> byRow = new LinkedHashMap<>();
    Map<String, String> labels = new LinkedHashMap<>();
    for (Span span : sorted) {
      String key = span.lane() + '\u0000' + span.name();
      byRow.computeIfAbsent(key, k -> new ArrayList<>()).add(span);
      labels.putIfAbsent(key, label(span));
    }
    List<Row> rows = new ArrayList<>();
    byRow.forEach((key, list) -> rows.add(new Row(labels.get(key), List.copyOf(list))));
    return rows;
  }

  private static String label(Span span) {
    String label = span.lane().equals(span.name()) ? span.lane() : span.lane() + ": " + span.name();
    return label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL - 3) + "...";
  }

  private static String bar(List<Span> spans, long total, int width) {
    char[] cells = new char[width];
    Arrays.fill(cells, '.');
    for (Span span : spans) {
      // Rounding both ends to the nearest column boundary keeps back-to-back spans from overlapping on screen.
      int from = (int) Math.round((double) span.startNanos() * width / total);
      int to = (int) Math.round((double) span.endNanos() * width / total);
      from = Math.min(from, width - 1);
      to = Math.min(Math.max(to, from + 1), width);
      Arrays.fill(cells, from, to, '#');
    }
    return new String(cells);
  }

  private static String summary(List<Span> spans) {
    long first = spans.get(0).startNanos();
    long last = spans.stream().mapToLong(Span::endNanos).max().orElseThrow();
    String range = Durations.format(first) + " .. " + Durations.format(last);
    if (spans.size() == 1) {
      return range;
    }
    long busy = spans.stream().mapToLong(Span::durationNanos).sum();
    return range + " (" + spans.size() + " spans, busy " + Durations.format(busy) + ")";
  }

  /** One line of the chart. */
  record Row(String label, List<Span> spans) {}
}
