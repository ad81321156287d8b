package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hammer tests of the races the unit tests pin down one at a time: run with {@code mvn -B verify -Pstress -pl
 * thread-concurrency -am}. Each checks an invariant over many rounds of a real race; none asserts a timing.
 */
@Tag("stress")
@Timeout(120)
final class ThreadConcurrencyStressTest {

  /**
   * cancel(true) racing the end of a task: whichever wins, the future ends in one state, and the interrupt of a
   * winning cancel lands before run() returns, never in the next run on that thread.
   */
  @Test
  void cancelWithInterrupt_racingTaskEnd_interruptNeverLeaksIntoTheNextRun() throws Exception {
    int rounds = 3_000;
    AtomicReference<TaskFuture<Integer>> offered = new AtomicReference<>();
    AtomicReference<TaskFuture<Integer>> seen = new AtomicReference<>();
    AtomicInteger leaks = new AtomicInteger();
    AtomicInteger cancelledWhileRunning = new AtomicInteger();
    ThreadHandle canceller =
        ThreadHandle.platform(
                "stress-canceller",
                () -> {
                  for (int i = 0; i < rounds; i++) {
                    TaskFuture<Integer> f;
                    while ((f = offered.get()) == null || f == seen.get()) {
                      Thread.yield(); // on a loaded machine, let the runner have the core
                    }
                    seen.set(f); // the runner starts now; cancel somewhere in its run, or just after
                    busy(ThreadLocalRandom.current().nextInt(400));
                    f.cancel(true);
                  }
                })
            .start();
    ThreadHandle runner =
        ThreadHandle.platform(
                "stress-runner",
                () -> {
                  for (int i = 0; i < rounds; i++) {
                    TaskFuture<Integer> f = new TaskFuture<>(() -> busy(ThreadLocalRandom.current().nextInt(400)));
                    offered.set(f);
                    while (seen.get() != f) {
                      Thread.yield(); // the race starts only once the canceller holds this future
                    }
                    f.run();
                    Thread.interrupted(); // what a pool does between tasks
                    if (f.isCancelled()) {
                      cancelledWhileRunning.incrementAndGet();
                    }
                    for (int look = 0; look < 3; look++) {
                      Thread.yield(); // a late interrupt, if the canceller were still delivering one
                      if (Thread.interrupted()) {
                        leaks.incrementAndGet();
                      }
                    }
                  }
                })
            .start();
    runner.joinOrThrow();
    canceller.joinOrThrow();
    assertThat(leaks).as("interrupts delivered after run() returned").hasValue(0);
    assertThat(cancelledWhileRunning.get()).as("rounds won by cancel(true)").isPositive();
  }

  private static int busy(int iterations) {
    int x = 0;
    for (int i = 0; i < iterations; i++) {
      x += i * 31;
      Thread.onSpinWait();
    }
    return x;
  }

  /**
   * Many threads schedule and cancel on a manual clock at once: after the clock passes every deadline, each task
   * not cancelled has run exactly once and no cancelled one has run.
   */
  @Test
  void scheduledExecutor_concurrentScheduleAndCancel_eachLiveTaskRunsOnce() throws Exception {
    ManualClock clock = TimerClock.manual();
    ScheduledExecutor scheduler = ScheduledExecutor.builder().workers(2).clock(clock).build();
    ConcurrentHashMap<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
    ConcurrentHashMap<Integer, ScheduledTaskFuture<?>> futures = new ConcurrentHashMap<>();
    AtomicInteger ids = new AtomicInteger();
    TestSupport.runConcurrently(
        4,
        () -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int i = 0; i < 2_000; i++) {
            int id = ids.getAndIncrement();
            AtomicInteger count = new AtomicInteger();
            runs.put(id, count);
            futures.put(id, scheduler.schedule(count::incrementAndGet, random.nextLong(0, 1_000), TimeUnit.MILLISECONDS));
            ScheduledTaskFuture<?> victim = random.nextInt(3) == 0 ? futures.get(random.nextInt(id + 1)) : null;
            if (victim != null) { // another thread may not have put its task yet
              victim.cancel(false);
            }
            if (random.nextInt(50) == 0) {
              clock.advance(Duration.ofMillis(10));
            }
          }
        });
    clock.advance(Duration.ofSeconds(2));
    for (ScheduledTaskFuture<?> f : futures.values()) {
      try {
        f.get(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.CancellationException expected) {
        // cancelled before it ran
      }
    }
    List<Integer> wrong = new ArrayList<>();
    futures.forEach(
        (id, f) -> {
          int n = runs.get(id).get();
          if (f.isCancelled() ? n != 0 : n != 1) {
            wrong.add(id);
          }
        });
    assertThat(wrong).isEmpty();
    scheduler.shutdown();
    assertThat(scheduler.awaitTermination(LONG_DELAY.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  /** A long lazy map with a small buffer and chunks: every result in order, the input read only as needed. */
  @Test
  void imap_longInputSmallBuffer_allResultsInOrder() throws Exception {
    try (ThreadPool pool = ThreadPool.fixed(3)) {
      int n = 200_000;
      MapIterator<Integer> results =
          pool.imap(
              x -> x + 1, () -> java.util.stream.IntStream.range(0, n).iterator(),
              MapOptions.DEFAULTS.withChunkSize(7).withBufferSize(5));
      int expected = 1;
      while (results.hasNext()) {
        assertThat(results.take()).isEqualTo(expected++);
      }
      assertThat(expected).isEqualTo(n + 1);
    }
  }
}
