package dev.concurrency.benchmarks.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.queues.AsyncQueue;
import dev.concurrency.async.sync.AsyncLock;
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
 * The hot paths of the async queue and lock: an uncontended acquire/release, a put/get pair that never waits,
 * a bounded queue between two tasks (switches every time the buffer fills or empties), and a lock handed between
 * two tasks that yield while holding it (one baton handoff per acquisition).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AsyncPrimitivesBenchmark {

  static final int OPS = 10_000;

  private static final EventLoop.Builder QUIET = EventLoop.builder().blockedLoopLimit(Duration.ZERO);

  /** acquire() and release() with nobody waiting: no future, no suspension. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public int lockUncontended() {
    return AsyncIO.run(QUIET, () -> {
      AsyncLock lock = new AsyncLock();
      int n = 0;
      for (int i = 0; i < OPS; i++) {
        lock.acquire();
        try (lock) {
          n++;
        }
      }
      return n;
    });
  }

  /** putNowait() then getNowait() in one task: the queue's bookkeeping alone. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public long queuePutGetNowait() {
    return AsyncIO.run(QUIET, () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>(16);
      long sum = 0;
      for (int i = 0; i < OPS; i++) {
        q.putNowait(i);
        sum += q.getNowait();
        q.taskDone();
      }
      return sum;
    });
  }

  /** A producer and a consumer task over a queue of 100: E4 in small. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public long queueProducerConsumer() {
    return AsyncIO.run(QUIET, () -> {
      AsyncQueue<Integer> q = new AsyncQueue<>(100);
      createTask(() -> {
        for (int i = 0; i < OPS; i++) {
          q.put(i);
        }
      });
      long sum = 0;
      for (int i = 0; i < OPS; i++) {
        sum += q.get();
      }
      return sum;
    });
  }

  /** Two tasks taking turns on a lock, yielding while holding it: E5 in small. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public Object lockHandoff() {
    return AsyncIO.run(QUIET, () -> {
      AsyncLock lock = new AsyncLock();
      Runnable worker = () -> {
        for (int i = 0; i < OPS / 2; i++) {
          lock.acquire();
          try (lock) {
            sleep(Duration.ZERO);
          }
        }
      };
      return gather(createTask(worker::run), createTask(worker::run)).await();
    });
  }
}
