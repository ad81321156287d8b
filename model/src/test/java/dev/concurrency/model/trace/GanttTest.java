package dev.concurrency.model.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

final class GanttTest {

  private static final long MS = 1_000_000L;

  /** The seed's asyncio sample: waits of 1 s and 2 s overlap, so the run takes 2 s, not 3 s. */
  static List<Span> seedSpans() {
    return List.of(new Span("main", "task2", 0, 2_000 * MS), new Span("main", "task1", 0, 1_000 * MS));
  }

  /** Round robin slices of three tasks on one CPU, plus a very short span and a long label. */
  static List<Span> slices() {
    return List.of(
        new Span("cpu0", "P1", 0, 4 * MS),
        new Span("cpu0", "P2", 4 * MS, 7 * MS),
        new Span("cpu0", "P3", 7 * MS, 10 * MS),
        new Span("cpu0", "P1", 10 * MS, 30 * MS),
        new Span("dispatcher", "dispatcher", 10 * MS, 10 * MS + 1),
        new Span("a-very-long-lane-name-for-a-thread", "and-a-long-task-name", 0, 30 * MS));
  }

  @Test
  void ascii_seedAsyncio_matchesGoldenFile() throws Exception {
    Golden.assertMatches(GanttTest.class, "gantt-seed.txt", Gantt.ascii(seedSpans(), 40));
  }

  @Test
  void ascii_roundRobinSlices_matchesGoldenFile() throws Exception {
    Golden.assertMatches(GanttTest.class, "gantt-slices.txt", Gantt.ascii(slices(), 30));
  }

  @Test
  void ascii_everyRowHasTheRequestedWidth() {
    for (int width : new int[] {10, 17, 60, 200}) {
      String chart = Gantt.ascii(slices(), width);
      chart.lines()
          .filter(line -> line.contains("|"))
          .forEach(
              line -> {
                int open = line.indexOf('|');
                int close = line.indexOf('|', open + 1);
                assertThat(close - open - 1).as("bar width in %s", line).isEqualTo(width);
              });
    }
  }

  @Test
  void ascii_shortSpan_occupiesAtLeastOneColumn() {
    String chart = Gantt.ascii(slices(), 30);

    assertThat(chart.lines().filter(l -> l.startsWith("dispatcher ")).findFirst().orElseThrow()).contains("#");
  }

  @Test
  void ascii_noSpans_saysSo() {
    assertThat(Gantt.ascii(List.of(), 40)).isEqualTo("(no spans)\n");
  }

  @Test
  void ascii_zeroLengthTrace_drawsOneColumn() {
    String chart = Gantt.ascii(List.of(new Span("main", "nothing", 0, 0)), 10);

    assertThat(chart.lines().findFirst().orElseThrow()).contains("|#.........|");
  }

  @Test
  void ascii_badWidth_rejectedWithRange() {
    assertThatThrownBy(() -> Gantt.ascii(seedSpans(), 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width is 9 columns; use 10 to 1000");
    assertThatThrownBy(() -> Gantt.ascii(seedSpans(), 1_001)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ascii_nullSpan_rejected() {
    assertThatThrownBy(() -> Gantt.ascii(Arrays.asList(new Span("a", "b", 0, 1), null), 20))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("null span");
  }
}
