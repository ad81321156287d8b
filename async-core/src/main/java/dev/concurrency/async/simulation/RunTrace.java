package dev.concurrency.async.simulation;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.concurrency.async.simulation.TraceEvent.Kind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The events of one simulated run, in the order they happened, with three ways to read them: {@link #format()}
 * lists every event (the text two runs of one seed reproduce byte for byte), {@link #interleaving()} shows the
 * tasks side by side, one column each, so a race reads as the order in which their steps met, and {@link
 * #spans()} gives the intervals for a timeline picture.
 *
 * {@snippet class=dev.concurrency.async.simulation.SimulationSnippetsTest region=runTrace}
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RunTrace {

  /** More task lanes than this print as rows, one line per event, instead of side-by-side columns. */
  static final int MAX_COLUMNS = 5;

  /** The widest column of the interleaving; longer lines are cut. */
  static final int MAX_COLUMN_WIDTH = 40;

  private static final Set<Kind> TASK_KINDS = EnumSet.of(Kind.START, Kind.RESUME, Kind.AWAIT, Kind.DONE, Kind.NOTE);
  private static final Set<Kind> SHOWN_IN_INTERLEAVING =
      EnumSet.of(Kind.START, Kind.AWAIT, Kind.DONE, Kind.NOTE, Kind.CONNECTION, Kind.LOOP_ERROR, Kind.FAILURE);

  private final long seed;
  private final List<TraceEvent> events;

  RunTrace(long seed, List<TraceEvent> events) {
    this.seed = seed;
    this.events = ImmutableList.copyOf(requireNonNull(events, "events"));
  }

  /**
   * The seed of the run.
   *
   * @return the seed of the run
   */
  public long seed() {
    return seed;
  }

  /**
   * Every event, in order.
   *
   * @return every event, in order (immutable)
   */
  public List<TraceEvent> events() {
    return events;
  }

  /**
   * The names of the tasks that ran, in the order they first ran.
   *
   * @return the task lanes, in order of their first event
   */
  public List<String> taskLanes() {
    Set<String> lanes = new LinkedHashSet<>();
    for (TraceEvent e : events) {
      if (TASK_KINDS.contains(e.kind())) {
        lanes.add(e.lane());
      }
    }
    return List.copyOf(lanes);
  }

  /**
   * Every event, one line each: tick, virtual time in milliseconds to the nanosecond, lane, kind and text. Two
   * runs of the same scenario and seed give the same string, byte for byte.
   *
   * @return the full listing
   */
  public String format() {
    StringBuilder s = new StringBuilder(64 * (events.size() + 2));
    s.append("seed ").append(seed).append(", ").append(events.size()).append(" events\n");
    s.append("   tick      time ms  event       lane: text\n");
    for (TraceEvent e : events) {
      s.append(String.format(Locale.ROOT, "%7d %12s  %-10s  %s: %s%n",
          e.tick(), millis(e.timeNanos(), 6), e.kind().name().toLowerCase(Locale.ROOT), e.lane(), e.text()));
    }
    return s.toString();
  }

  /**
   * The tasks side by side: one column per task (one line per event when more than {@value #MAX_COLUMNS} tasks
   * ran), with their starts, notes, awaits and ends in the order they happened, and the loop's errors and the
   * failure, if any, across the page.
   *
   * @return the interleaving, ready to print
   */
  public String interleaving() {
    List<String> lanes = taskLanes();
    List<TraceEvent> shown = new ArrayList<>();
    for (TraceEvent e : events) {
      if (SHOWN_IN_INTERLEAVING.contains(e.kind())) {
        shown.add(e);
      }
    }
    StringBuilder s = new StringBuilder();
    s.append("seed ").append(seed).append(": how the tasks interleaved (virtual time in ms)\n");
    if (lanes.size() > MAX_COLUMNS) {
      for (TraceEvent e : shown) {
        s.append(String.format(Locale.ROOT, "%10s  %-12s %s%n", millis(e.timeNanos(), 3), e.lane(), text(e)));
      }
      return s.toString();
    }
    Map<String, Integer> widths = new LinkedHashMap<>();
    for (String lane : lanes) {
      widths.put(lane, lane.length());
    }
    for (TraceEvent e : shown) {
      widths.computeIfPresent(e.lane(), (lane, w) -> Math.min(MAX_COLUMN_WIDTH, Math.max(w, text(e).length())));
    }
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%10s", "time"));
    for (String lane : lanes) {
      header.append("  ").append(pad(lane, widths.get(lane)));
    }
    s.append(header.toString().stripTrailing()).append('\n');
    for (TraceEvent e : shown) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%10s", millis(e.timeNanos(), 3)));
      Integer own = widths.get(e.lane());
      if (own == null) { // the loop's or a connection's event: across the page
        row.append("  [").append(e.lane()).append("] ").append(text(e));
      } else {
        for (String lane : lanes) {
          int w = widths.get(lane);
          row.append("  ").append(lane.equals(e.lane()) ? pad(cut(text(e), w), w) : " ".repeat(w));
        }
      }
      s.append(row.toString().stripTrailing()).append('\n');
    }
    return s.toString();
  }

  /**
   * Each task's steps as intervals of virtual time, for a timeline picture: a step and the wait after it, named by
   * the step's first note (or where the task awaited), from the time the step began to the time the next began.
   * A step and its wait take no virtual time when nothing in between moved the clock.
   *
   * @return the spans, ordered by lane (in order of first appearance) and time
   */
  public List<TraceSpan> spans() {
    List<TraceSpan> spans = new ArrayList<>();
    long end = events.isEmpty() ? 0 : events.get(events.size() - 1).timeNanos();
    for (String lane : taskLanes()) {
      long start = -1;
      String name = null;
      for (TraceEvent e : events) {
        if (!e.lane().equals(lane)) {
          continue;
        }
        switch (e.kind()) {
          case START, RESUME -> {
            if (start >= 0) {
              spans.add(new TraceSpan(lane, name == null ? "step" : name, start, e.timeNanos()));
            }
            start = e.timeNanos();
            name = null;
          }
          case NOTE -> name = name == null ? e.text() : name;
          case AWAIT -> name = name == null ? e.text() : name;
          case DONE -> {
            if (start >= 0) {
              spans.add(new TraceSpan(lane, name == null ? e.text() : name, start, e.timeNanos()));
            }
            start = -1;
          }
          default -> { }
        }
      }
      if (start >= 0) {
        spans.add(new TraceSpan(lane, name == null ? "step" : name, start, Math.max(start, end)));
      }
    }
    return List.copyOf(spans);
  }

  /** The full listing; see {@link #format()}. */
  @Override
  public String toString() {
    return format();
  }

  private static String text(TraceEvent e) {
    return switch (e.kind()) {
      case START -> "starts";
      case NOTE -> e.text();
      case FAILURE -> "FAILED: " + e.text();
      default -> e.text();
    };
  }

  /** Virtual nanoseconds as milliseconds with {@code decimals} digits (3: microseconds, 6: nanoseconds). */
  static String millis(long nanos, int decimals) {
    long unit = decimals == 6 ? 1 : 1_000;
    long scaled = nanos / unit;
    long perMilli = 1_000_000 / unit;
    return String.format(Locale.ROOT, "%d.%0" + decimals + "d", scaled / perMilli, scaled % perMilli);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static String cut(String s, int width) {
    return s.length() <= width ? s : s.substring(0, Math.max(0, width - 3)) + "...";
  }
}
