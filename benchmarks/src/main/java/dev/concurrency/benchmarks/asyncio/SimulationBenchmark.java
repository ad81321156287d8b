package dev.concurrency.benchmarks.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.queues.AsyncQueue;
import dev.concurrency.async.simulation.Exploration;
import dev.concurrency.async.simulation.Scenario;
import dev.concurrency.async.simulation.Simulation;
import dev.concurrency.async.sync.AsyncLock;
import dev.concurrency.benchmarks.workload.ThroughputBenchmark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Issue 19's speed bar: simulated runs per second of a 10-task scenario, on one thread (JMH's default; the
 * simulated loop runs its tasks one at a time, so one core is what a run uses). Each invocation explores 100
 * consecutive new seeds, as {@code Simulation.explore} does, so the figure (operations per second) is runs per
 * second. The scenario is small but touches what the simulation varies: ten tasks that sleep (seeded timer
 * lateness and tie order), take a shared {@link AsyncLock} and hand items through an {@link AsyncQueue}.
 */
@State(Scope.Thread)
public class SimulationBenchmark extends ThroughputBenchmark {

  static final int RUNS = 100;
  static final int TASKS = 10;

  private final Scenario<Integer> tenTasks = Scenario.of("ten tasks", () -> {
    AsyncLock lock = new AsyncLock();
    AsyncQueue<Integer> queue = new AsyncQueue<>();
    int[] counter = {0};
    List<AsyncTask<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < TASKS; t++) {
      int id = t;
      tasks.add(createTask(() -> {
        for (int step = 0; step < 3; step++) {
          sleep(Duration.ofMillis(1 + (id + step) % 3)); // equal deadlines across tasks: seeded ties
          lock.acquire();
          try {
            int read = counter[0];
            sleep(Duration.ZERO);
            counter[0] = read + 1;
          } finally {
            lock.release();
          }
          queue.put(id);
        }
      }));
    }
    for (AsyncTask<Void> task : tasks) {
      task.await();
    }
    int items = 0;
    while (!queue.empty()) {
      queue.get();
      items++;
    }
    return counter[0] + items;
  }).expect("every step counted", n -> n == 2 * 3 * TASKS);

  private long nextSeed;

  /** 100 simulated runs of the 10-task scenario, each under a new seed. */
  @Benchmark
  @OperationsPerInvocation(RUNS)
  public int tenTaskRuns() {
    Exploration<Integer> e = Simulation.explore(tenTasks, LongStream.range(nextSeed, nextSeed + RUNS));
    nextSeed += RUNS;
    if (!e.passed()) {
      throw new IllegalStateException(e.report());
    }
    return e.runs();
  }
}
