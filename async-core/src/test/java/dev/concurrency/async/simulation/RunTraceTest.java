package dev.concurrency.async.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.async.simulation.TraceEvent.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class RunTraceTest {

  private static TraceEvent e(long tick, long nanos, Kind kind, String lane, String text) {
    return new TraceEvent(tick, nanos, kind, lane, text);
  }

  private static final List<TraceEvent> RACE = List.of(
      e(1, 0, Kind.START, "a", "starts"),
      e(1, 0, Kind.NOTE, "a", "read 0"),
      e(1, 0, Kind.AWAIT, "a", "awaits AsyncIO.sleep (Race.java:9)"),
      e(1, 0, Kind.START, "b", "starts"),
      e(1, 0, Kind.NOTE, "b", "read 0"),
      e(2, 1_500_000, Kind.TIMER, TraceEvent.LOOP, "due at 1.000 ms, 0.500 ms late"),
      e(3, 1_500_000, Kind.RESUME, "a", "resumes"),
      e(3, 1_500_000, Kind.NOTE, "a", "wrote 1"),
      e(3, 1_500_000, Kind.DONE, "a", "returns"),
      e(4, 2_000_123, Kind.RESUME, "b", "resumes"),
      e(4, 2_000_123, Kind.DONE, "b", "returns"),
      e(4, 2_000_123, Kind.FAILURE, TraceEvent.LOOP, "invariant: expected 2"));

  @Test
  void format_listsEveryEvent_withNanosecondTimes() {
    String text = new RunTrace(17, RACE).format();
    assertThat(text).startsWith("seed 17, 12 events\n");
    assertThat(text).contains("      2     1.500000  timer       loop: due at 1.000 ms, 0.500 ms late\n");
    assertThat(text).contains("      4     2.000123  done        b: returns\n");
    assertThat(text.lines().count()).isEqualTo(2 + RACE.size());
    assertThat(new RunTrace(17, RACE).toString()).isEqualTo(text);
  }

  @Test
  void interleaving_putsEachTaskInItsOwnColumn() {
    String text = new RunTrace(17, RACE).interleaving();
    List<String> lines = text.lines().toList();
    assertThat(lines.get(0)).isEqualTo("seed 17: how the tasks interleaved (virtual time in ms)");
    int aColumn = lines.get(1).indexOf(" a ");
    int bColumn = lines.get(1).indexOf(" b");
    assertThat(aColumn).isPositive();
    assertThat(bColumn).isGreaterThan(aColumn);
    // "read 0" of a is in a's column, "read 0" of b in b's, in the order they happened
    List<String> reads = lines.stream().filter(l -> l.contains("read 0")).toList();
    assertThat(reads).hasSize(2);
    assertThat(reads.get(0).indexOf("read 0")).isLessThan(reads.get(1).indexOf("read 0"));
    assertThat(text).contains("     1.500  ").contains("wrote 1");
    assertThat(lines.get(lines.size() - 1)).endsWith("[loop] FAILED: invariant: expected 2");
    // timers and resumptions are in the full listing only
    assertThat(text).doesNotContain("due at").doesNotContain("resumes");
  }

  @Test
  void interleaving_cutsLongLinesToTheColumnWidth() {
    String longNote = "x".repeat(100);
    String text = new RunTrace(1, List.of(e(1, 0, Kind.NOTE, "t", longNote))).interleaving();
    assertThat(text).contains("x".repeat(RunTrace.MAX_COLUMN_WIDTH - 3) + "...").doesNotContain(longNote);
  }

  @Test
  void interleaving_withManyTasks_printsOneRowPerEvent() {
    List<TraceEvent> events = new ArrayList<>();
    for (int i = 0; i <= RunTrace.MAX_COLUMNS; i++) {
      events.add(e(1, i * 1_000L, Kind.NOTE, "task-" + i, "hello " + i));
    }
    String text = new RunTrace(5, events).interleaving();
    assertThat(text).contains("     0.001  task-1       hello 1");
    assertThat(text.lines().count()).isEqualTo(1 + events.size());
  }

  @Test
  void taskLanes_inOrderOfFirstAppearance_withoutTheLoop() {
    assertThat(new RunTrace(0, RACE).taskLanes()).containsExactly("a", "b");
  }

  @Test
  void spans_coverEachStepAndTheWaitAfterIt_namedByTheFirstNote() {
    List<TraceSpan> spans = new RunTrace(0, RACE).spans();
    assertThat(spans).containsExactly(
        new TraceSpan("a", "read 0", 0, 1_500_000),
        new TraceSpan("a", "wrote 1", 1_500_000, 1_500_000),
        new TraceSpan("b", "read 0", 0, 2_000_123),
        new TraceSpan("b", "returns", 2_000_123, 2_000_123));
  }

  @Test
  void spans_ofATaskStillRunning_endAtTheLastEvent() {
    List<TraceEvent> events = List.of(
        e(1, 0, Kind.START, "t", "starts"),
        e(1, 0, Kind.AWAIT, "t", "awaits X.y (T.java:1)"),
        e(2, 9_000, Kind.TIMER, TraceEvent.LOOP, "due"));
    assertThat(new RunTrace(0, events).spans()).containsExactly(new TraceSpan("t", "awaits X.y (T.java:1)", 0, 9_000));
  }

  @Test
  void millis_printsMicrosecondsOrNanoseconds() {
    assertThat(RunTrace.millis(0, 3)).isEqualTo("0.000");
    assertThat(RunTrace.millis(1_234_567, 3)).isEqualTo("1.234");
    assertThat(RunTrace.millis(1_234_567, 6)).isEqualTo("1.234567");
    assertThat(RunTrace.millis(3_600_000_000_000L, 3)).isEqualTo("3600000.000");
  }

  @Test
  void events_areImmutable_andValuesChecked() {
    RunTrace trace = new RunTrace(0, new ArrayList<>(RACE));
    assertThatThrownBy(() -> trace.events().add(RACE.get(0))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new TraceSpan("t", "x", 5, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 <= start <= end");
    assertThatThrownBy(() -> new TraceEvent(1, 0, null, "t", "x")).isInstanceOf(NullPointerException.class);
  }
}
