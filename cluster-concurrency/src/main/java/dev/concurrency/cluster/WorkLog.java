package dev.concurrency.cluster;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Which member ran what, and when: one {@link TaskRun} per finished task of a {@link ClusterPool}, with counts per
 * member and a printable summary. A {@code map} records one run per chunk.
 *
 * {@snippet class=dev.concurrency.cluster.ClusterSnippetsTest region=worklog}
 *
 * <p>The log keeps every run of the pool's life; {@link #runs()} and the other views are snapshots. For a
 * timeline, turn each run into a span on its member's lane with {@link TaskRun#startNanosSince(Instant)} and
 * {@link #origin()} (the {@code cluster-pool-map} example draws one with the {@code model} module).
 *
 * <p>This class is thread-safe. Memory consistency effects: the completion of a task's future
 * <i>happens-before</i> its run appears in the snapshots taken after it, in any thread.
 *
 * <p><b>Python:</b> Dask's task stream ({@code client.get_task_stream()}) and the per-worker counts of its
 * dashboard; Ray's {@code ray.util.state.list_tasks()}.
 */
public final class WorkLog {

  /* A lock-free queue: recording is one CAS on a Hazelcast response thread, and iteration never throws. */
  private final Instant origin;
  private final ConcurrentLinkedQueue<TaskRun> runs = new ConcurrentLinkedQueue<>();

  WorkLog(Instant origin) {
    this.origin = requireNonNull(origin, "origin");
  }

  void record(TaskRun run) {
    runs.add(requireNonNull(run, "run"));
  }

  /**
   * When the pool was created, on this JVM's wall clock: time zero for a timeline.
   *
   * @return the origin
   */
  public Instant origin() {
    return origin;
  }

  /**
   * The runs so far, by start time (then finish time, then task).
   *
   * @return an immutable snapshot
   */
  public List<TaskRun> runs() {
    return runs.stream()
        .sorted(Comparator.comparing(TaskRun::started).thenComparing(TaskRun::finished).thenComparing(TaskRun::task))
        .toList();
  }

  /**
   * How many tasks each member ran (succeeded or failed; lost ones are not counted), members by name.
   *
   * @return an immutable snapshot, in the members' name order
   */
  public Map<MemberInfo, Long> countsByMember() {
    Map<MemberInfo, Long> counts = new LinkedHashMap<>();
    for (TaskRun run : byMember()) {
      if (run.status() != TaskRun.Status.LOST) {
        counts.merge(run.ranOn(), 1L, Long::sum);
      }
    }
    return Collections.unmodifiableMap(counts);
  }

  /**
   * A table, one line per member: tasks run, failed, lost, moved in (run there after being sent elsewhere), and
   * the time spent running them.
   *
   * @return lines ending in a line separator, a header first
   */
  public String summary() {
    Map<MemberInfo, long[]> rows = new LinkedHashMap<>();
    for (TaskRun run : byMember()) {
      long[] row = rows.computeIfAbsent(run.ranOn(), member -> new long[5]);
      switch (run.status()) {
        case SUCCEEDED -> row[0]++;
        case FAILED -> {
          row[0]++;
          row[1]++;
        }
        case LOST -> row[2]++;
      }
      if (run.moved()) {
        row[3]++;
      }
      if (run.status() != TaskRun.Status.LOST) {
        row[4] += run.duration().toNanos();
      }
    }
    int width = rows.keySet().stream().mapToInt(member -> member.toString().length()).max().orElse(6);
    String format = "%-" + Math.max(width, 6) + "s  %5s  %6s  %4s  %5s  %9s%n";
    StringBuilder table = new StringBuilder(String.format(format, "member", "tasks", "failed", "lost", "moved", "busy ms"));
    rows.forEach(
        (member, row) ->
            table.append(
                String.format(
                    format, member, row[0], row[1], row[2], row[3], Duration.ofNanos(row[4]).toMillis())));
    return table.toString();
  }

  private List<TaskRun> byMember() {
    List<TaskRun> all = new ArrayList<>(runs);
    all.sort(Comparator.comparing((TaskRun run) -> run.ranOn().name()).thenComparing(TaskRun::started));
    return all;
  }
}
