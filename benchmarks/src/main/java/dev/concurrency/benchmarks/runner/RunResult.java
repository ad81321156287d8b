package dev.concurrency.benchmarks.runner;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;

/**
 * What a whole run produced: the figures, the notes (missing systems, failed workloads) and what each selected
 * system was (its version, or why it is missing).
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param rows every figure, in the order measured
 * @param notes every missing system and failed workload
 * @param availability each selected system's availability, in registry order
 */
public record RunResult(List<Row> rows, List<Note> notes, Map<String, Availability> availability) {

  /** Copies the parts. */
  public RunResult {
    rows = ImmutableList.copyOf(rows);
    notes = ImmutableList.copyOf(notes);
    availability = ImmutableMap.copyOf(availability);
  }
}
