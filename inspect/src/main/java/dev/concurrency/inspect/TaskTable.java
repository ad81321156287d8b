package dev.concurrency.inspect;

import dev.concurrency.inspect.JvmState.Frame;
import dev.concurrency.inspect.JvmState.Loop;
import dev.concurrency.inspect.JvmState.Pool;
import dev.concurrency.inspect.JvmState.Task;
import dev.concurrency.inspect.JvmState.Worker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code ps}: every task of every loop as one table, one row per task and awaiter, as {@code python -m asyncio ps}
 * prints it (3.14), then each pool's workers.
 *
 * <pre>
 * loop       task id  task name            state      coroutine stack              awaiter chain        awaiter name    awaiter id
 * -----------------------------------------------------------------------------------------------------------...
 * loop-1     1        Task-1               waiting    TaskGroup.exit -> ... -> Albums.main                                       -
 * loop-1     2        Sundowning           waiting    TaskGroup.exit -> ... -> Albums.album   TaskGroup.exit -> ...   Task-1     1
 * </pre>
 *
 * <p>Columns as upstream's, with {@code loop} where upstream has the loop's thread id and a {@code state} column
 * added; a task nobody awaits has one row with {@code -} for its awaiter. Stateless.
 */
final class TaskTable {

  private static final String ROW = "%-10s %-8s %-20s %-10s %-50s %-50s %-15s %-10s";

  private TaskTable() {}

  static List<String> render(JvmState state) {
    List<String> lines = new ArrayList<>();
    for (Loop loop : state.loops()) {
      if (!loop.responsive()) {
        lines.add("note: " + loop.name() + " did not answer in time (it is blocked): its tasks were read without its"
            + " help and may be torn");
      }
    }
    lines.add(String.format(Locale.ROOT, ROW, "loop", "task id", "task name", "state", "coroutine stack",
        "awaiter chain", "awaiter name", "awaiter id").stripTrailing());
    lines.add("-".repeat(180));
    for (Loop loop : state.loops()) {
      Map<Long, Task> byId = new HashMap<>();
      loop.tasks().forEach(t -> byId.put(t.id(), t));
      for (Task task : loop.tasks()) {
        String stack = chain(task);
        String status = task.state().toLowerCase(Locale.ROOT);
        if (task.awaitedBy().isEmpty()) {
          lines.add(row(loop.name(), task, status, stack, "", "", "-"));
          continue;
        }
        for (long awaiterId : task.awaitedBy()) {
          Task awaiter = byId.get(awaiterId);
          lines.add(row(loop.name(), task, status, stack, awaiter == null ? "" : chain(awaiter),
              awaiter == null ? "Unknown" : awaiter.name(), String.valueOf(awaiterId)));
        }
      }
    }
    for (Pool pool : state.pools()) {
      lines.add("");
      lines.addAll(workers(pool));
    }
    return lines;
  }

  private static String row(
      String loop, Task task, String state, String stack, String awaiterChain, String awaiterName, String awaiterId) {
    return String.format(Locale.ROOT, ROW, loop, task.id(), task.name(), state, stack, awaiterChain, awaiterName,
        awaiterId).stripTrailing();
  }

  /** The stack's functions, innermost first: {@code AsyncIO.sleep -> Albums.play}. */
  static String chain(Task task) {
    return task.stack().stream().map(Frame::function).collect(Collectors.joining(" -> "));
  }

  /** A pool's heading line and its workers' table. */
  static List<String> workers(Pool pool) {
    List<String> lines = new ArrayList<>();
    lines.add(heading(pool));
    lines.add(String.format(Locale.ROOT, "  %-28s %-12s %-14s %s", "worker", "id", "state", "task").stripTrailing());
    for (Worker worker : pool.workers()) {
      lines.add(String.format(Locale.ROOT, "  %-28s %-12s %-14s %s", worker.name(), worker.id(), worker.state(),
          worker.task().isEmpty() ? "-" : worker.task()).stripTrailing());
    }
    return lines;
  }

  /** {@code thread pool 'pool-1': 2 workers, 3 queued, 10 completed}. */
  static String heading(Pool pool) {
    return kind(pool) + " '" + pool.name() + "': " + pool.workerCount() + " workers, " + pool.queueLength()
        + " queued, " + pool.completedTaskCount() + " completed" + (pool.shutdown() ? ", shut down" : "");
  }

  /** {@code ThreadPool} reads {@code thread pool}. */
  static String kind(Pool pool) {
    return pool.kind().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
  }
}
