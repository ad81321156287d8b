package dev.concurrency.benchmarks.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncIO;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * Task switches: {@code sleep(0)} in one task (the baton stays on one thread), and two tasks yielding to each
 * other (every resumption hands the baton to the other virtual thread).
 */
public class TaskSwitchBenchmark extends LoopBenchmark {

  static final int SWITCHES = 10_000;


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
