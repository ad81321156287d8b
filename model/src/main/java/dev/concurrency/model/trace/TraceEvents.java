package dev.concurrency.model.trace;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes spans as a Chrome trace-event file (the JSON Object Format of the Trace Event Format), which Perfetto's UI
 * ({@code ui.perfetto.dev}, "Open trace file") and {@code chrome://tracing} open: one track per lane (a task, a
 * thread, a worker, a process), each span a slice on it.
 *
 * <p>The document is {@code {"displayTimeUnit":"ms","traceEvents":[...]}} with, for each lane in order of first
 * appearance, a {@code thread_name} and a {@code thread_sort_index} metadata event ({@code "ph":"M"}) for thread id
 * 1, 2, ... of process 1, and for each span a complete event ({@code "ph":"X"}) with its name, its category, its
 * start {@code ts} and duration {@code dur} in microseconds (fractional: the spans' nanoseconds are kept). The
 * category says what kind of time the slice is, read from the span's name: {@code sleep}, {@code await}, {@code
 * lock} (a lock or semaphore wait), {@code io}, or {@code run} for everything else. Strings are JSON-escaped.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class TraceEvents {

  private static final int PID = 1;

  private TraceEvents() {}

  /**
   * Renders the spans as a trace-event JSON document.
   *
   * @param spans the spans; each lane becomes a track
   * @return the document
   * @throws NullPointerException if {@code spans} or one of them is null
   */
  public static String json(List<Span> spans) {
    requireNonNull(spans, "spans");
    Map<String, Integer> tids = new LinkedHashMap<>();
    for (Span span : spans) {
      tids.putIfAbsent(requireNonNull(span, "span").lane(), tids.size() + 1);
    }
    StringBuilder out = new StringBuilder("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n");
    out.append("{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":" + PID + ",\"tid\":0,\"args\":{\"name\":\"run\"}}");
    String separator = ",\n";
    for (Map.Entry<String, Integer> lane : tids.entrySet()) {
      out.append(separator)
          .append("{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":" + PID + ",\"tid\":")
          .append(lane.getValue())
          .append(",\"args\":{\"name\":")
          .append(quote(lane.getKey()))
          .append("}}")
          .append(separator)
          .append("{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":" + PID + ",\"tid\":")
          .append(lane.getValue())
          .append(",\"args\":{\"sort_index\":")
          .append(lane.getValue())
          .append("}}");
    }
    for (Span span : spans) {
      out.append(separator)
          .append("{\"ph\":\"X\",\"name\":")
          .append(quote(span.name()))
          .append(",\"cat\":\"")
          .append(category(span.name()))
          .append("\",\"pid\":" + PID + ",\"tid\":")
          .append(tids.get(span.lane()))
          .append(",\"ts\":")
          .append(micros(span.startNanos()))
          .append(",\"dur\":")
          .append(micros(span.durationNanos()))
          .append('}');
    }
    return out.append("\n]}\n").toString();
  }

  /**
   * Writes the spans' trace-event JSON to {@code path}, replacing the file, creating its directory if needed.
   *
   * @param spans the spans
   * @param path the file to write
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(List<Span> spans, Path path) {
    requireNonNull(path, "path");
    String json = json(spans);
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(path, json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the trace to " + path.toAbsolutePath(), e);
    }
  }

  /**
   * What kind of time a span with this name is: {@code sleep}, {@code await}, {@code lock}, {@code io} or {@code
   * run}, by the words its name contains.
   *
   * @param name a span's name
   * @return its category
   */
  public static String category(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.contains("sleep")) {
      return "sleep";
    }
    if (n.contains("await") || n.contains("wait for") || n.contains("waiting")) {
      return "await";
    }
    if (n.contains("lock") || n.contains("acquire") || n.contains("semaphore") || n.contains("blocked")) {
      return "lock";
    }
    if (n.contains("read") || n.contains("write") || n.contains("send") || n.contains("recv")
        || n.contains("socket") || n.contains("i/o") || n.contains("fetch") || n.contains("download")) {
      return "io";
    }
    return "run";
  }

  /** Nanoseconds as microseconds, exactly: the integer part, then up to three decimals. */
  private static String micros(long nanos) {
    long whole = nanos / 1000;
    long fraction = nanos % 1000;
    return fraction == 0 ? Long.toString(whole) : String.format(Locale.ROOT, "%d.%03d", whole, fraction);
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
