package dev.concurrency.benchmarks.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.EventLoop;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Task switches: {@code sleep(0)} in one task (the baton stays on one thread), and two tasks yielding to each
 * other (every resumption hands the baton to the other virtual thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TaskSwitchBenchmark {

  static final int SWITCHES = 10_000;

  private static final EventLoop.Builder QUIET = EventLoop.builder().blockedLoopLimit(Duration.ZERO);

  /** One task yielding: resuming the task that just yielded needs no thread switch. */
  @Benchmark
  @OperationsPerInvocation(SWITCHES)
  public int oneTaskYield() {
    return AsyncIO.run(QUIET, () -> {
      int n = 0;
      for (int i = 0; i < SWITCHES; i++) {
        sleep(Duration.ZERO);
        n++;
      }
      return n;
    });
  }

  /** Two tasks alternating: each resumption passes the baton to the other task's virtual thread. */
  @Benchmark
  @OperationsPerInvocation(SWITCHES)
  public Object twoTasksPingPong() {
    return AsyncIO.run(QUIET, () -> {
      Runnable yieldHalf = () -> {
        for (int i = 0; i < SWITCHES / 2; i++) {
          sleep(Duration.ZERO);
        }
      };
      return gather(createTask(yieldHalf::run), createTask(yieldHalf::run)).await();
    });
  }
}
