package dev.concurrency.benchmarks.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.benchmarks.workload.RecordedEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the event loop's JFR hooks cost: the same work (tasks created, each stepping twice around a {@code
 * sleep(0)}, then awaited) with the hooks removed ({@code -Ddev.concurrency.async.jfr=false}), with the hooks and no
 * recording (every JFR-enabled user's normal case), and with a recording that enables every loop event. The first
 * two should not differ measurably; the third pays for one event per task step.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar jmh JfrHooksBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
public class JfrHooksBenchmark extends LoopBenchmark {

  static final int TASKS = 1_000;

  /** A recording with every {@code dev.concurrency.async} event on, open for the whole trial. */
  @State(Scope.Benchmark)
  public static class Recorded extends RecordedEvents {
    /** Names the loop's events. */
    public Recorded() {
      super(Stream.of("TaskCreated", "TaskStep", "TaskSuspended", "TaskDone", "SlowCallback", "BlockedLoop")
          .map(event -> "dev.concurrency.async." + event).toList());
    }
  }

  /** The hooks compiled out: the baseline. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  @Fork(jvmArgsAppend = "-Ddev.concurrency.async.jfr=false")
  public int noHooks() {
    return spawnAndAwait();
  }

  /** The hooks in place, no recording: each hook checks its event's enabled flag. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public int eventsOff() {
    return spawnAndAwait();
  }

  /** A recording with the loop's events on. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public int eventsOn(Recorded recorded) {
    return spawnAndAwait();
  }

  static int spawnAndAwait() {
    return AsyncIO.run(
        QUIET,
        () -> {
          List<AsyncTask<Void>> tasks = new ArrayList<>(TASKS);
          for (int i = 0; i < TASKS; i++) {
            tasks.add(createTask(() -> sleep(Duration.ZERO)));
          }
          for (AsyncTask<Void> task : tasks) {
            task.await();
          }
          return tasks.size();
        });
  }
}
