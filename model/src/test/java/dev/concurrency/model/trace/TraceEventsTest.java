package dev.concurrency.model.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace-event export, parsed back with a JSON parser and checked against the Trace Event Format's rules for the
 * JSON Object Format: a {@code traceEvents} array; metadata events ({@code ph} M) naming each track; complete events
 * ({@code ph} X) with {@code name}, {@code cat}, {@code pid}, {@code tid}, {@code ts} and {@code dur} in microseconds.
 */
final class TraceEventsTest {

  private static JsonArray events(String json) {
    JsonObject document = JsonParser.parseString(json).getAsJsonObject();
    assertThat(document.get("displayTimeUnit").getAsString()).isIn("ms", "ns");
    return document.getAsJsonArray("traceEvents");
  }

  private static List<JsonObject> phase(JsonArray events, String ph) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : events) {
      if (e.getAsJsonObject().get("ph").getAsString().equals(ph)) {
        out.add(e.getAsJsonObject());
      }
    }
    return out;
  }

  @Test
  void spans_becomeCompleteEventsOnOneTrackPerLane_namedByMetadata() {
    List<Span> spans =
        List.of(
            new Span("task-1", "sleep 1 s", 0, 1_000_000_000L),
            new Span("task-2", "compute", 500_000, 2_500_750),
            new Span("task-1", "await fetch", 1_000_000_000L, 1_200_000_000L));

    JsonArray events = events(TraceEvents.json(spans));

    List<JsonObject> names = phase(events, "M").stream().filter(e -> e.get("name").getAsString().equals("thread_name")).toList();
    assertThat(names).extracting(e -> e.getAsJsonObject("args").get("name").getAsString()).containsExactly("task-1", "task-2");
    assertThat(names).extracting(e -> e.get("tid").getAsInt()).containsExactly(1, 2);
    List<JsonObject> slices = phase(events, "X");
    assertThat(slices).hasSize(3);
    JsonObject sleep = slices.get(0);
    assertThat(sleep.get("name").getAsString()).isEqualTo("sleep 1 s");
    assertThat(sleep.get("cat").getAsString()).isEqualTo("sleep");
    assertThat(sleep.get("pid").getAsInt()).isEqualTo(1);
    assertThat(sleep.get("tid").getAsInt()).isEqualTo(1);
    assertThat(sleep.get("ts").getAsDouble()).isZero();
    assertThat(sleep.get("dur").getAsDouble()).isEqualTo(1_000_000.0);
    JsonObject compute = slices.get(1);
    assertThat(compute.get("tid").getAsInt()).isEqualTo(2);
    assertThat(compute.get("ts").getAsDouble()).isEqualTo(500.0);
    assertThat(compute.get("dur").getAsString()).isEqualTo("2000.750"); // nanoseconds kept as fractional micros
    assertThat(compute.get("cat").getAsString()).isEqualTo("run");
    assertThat(slices.get(2).get("cat").getAsString()).isEqualTo("await");
  }

  @Test
  void categories_nameTheKindOfTime() {
    assertThat(TraceEvents.category("sleep 0.1 s")).isEqualTo("sleep");
    assertThat(TraceEvents.category("waiting for lock")).isEqualTo("await");
    assertThat(TraceEvents.category("acquire fork 2")).isEqualTo("lock");
    assertThat(TraceEvents.category("read socket")).isEqualTo("io");
    assertThat(TraceEvents.category("count primes")).isEqualTo("run");
  }

  @Test
  void noSpans_isStillAValidDocument() {
    JsonArray events = events(TraceEvents.json(List.of()));

    assertThat(phase(events, "X")).isEmpty();
    assertThat(phase(events, "M")).singleElement().satisfies(e -> assertThat(e.get("name").getAsString()).isEqualTo("process_name"));
  }

  @Property(tries = 200)
  void anyNamesAndTimes_roundTripThroughTheJson(
      @ForAll @StringLength(max = 20) String lane,
      @ForAll @StringLength(max = 20) String name,
      @ForAll @LongRange(max = 1L << 50) long start,
      @ForAll @LongRange(max = 1L << 40) long length) {
    JsonArray events = events(TraceEvents.json(List.of(new Span(lane, name, start, start + length))));

    JsonObject slice = phase(events, "X").getFirst();
    assertThat(slice.get("name").getAsString()).isEqualTo(name);
    assertThat(slice.get("ts").getAsBigDecimal().movePointRight(3).longValueExact()).isEqualTo(start);
    assertThat(slice.get("dur").getAsBigDecimal().movePointRight(3).longValueExact()).isEqualTo(length);
    assertThat(phase(events, "M").get(1).getAsJsonObject("args").get("name").getAsString()).isEqualTo(lane);
    assertThat(slice.keySet()).isEqualTo(Set.of("ph", "name", "cat", "pid", "tid", "ts", "dur"));
  }

  @Test
  void write_createsTheDirectoryAndTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("nested/run.json");

    TraceEvents.write(List.of(new Span("main", "work", 0, 10)), file);

    assertThat(phase(events(Files.readString(file)), "X")).hasSize(1);
  }

  @Test
  void write_toAPathThatCannotBeAFile_saysWhich(@TempDir Path dir) throws Exception {
    Path blocker = dir.resolve("file");
    Files.writeString(blocker, "x");

    assertThatThrownBy(() -> TraceEvents.write(List.of(), blocker.resolve("run.json")))
        .hasMessageContaining("could not write the trace to");
  }
}
