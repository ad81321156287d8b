package dev.concurrency.benchmarks.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.sleep;

import dev.concurrency.async.AsyncIO;
import dev.concurrency.async.queues.AsyncQueue;
import dev.concurrency.async.sync.AsyncLock;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * The hot paths of the async queue and lock: an uncontended acquire/release, a put/get pair that never waits,
 * a bounded queue between two tasks (switches every time the buffer fills or empties), and a lock handed between
 * two tasks that yield while holding it (one baton handoff per acquisition).
 */
public class AsyncPrimitivesBenchmark extends LoopBenchmark {

  static final int OPS = 10_000;


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
