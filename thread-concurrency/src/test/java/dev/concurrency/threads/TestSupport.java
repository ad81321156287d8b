package dev.concurrency.threads;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** Shared test helpers, in the spirit of JSR166TestCase: bounded waits, joined threads, failures surfaced. */
final class TestSupport {

  /** The one scalable bound on how long a test waits for something that should happen promptly. */
  static final Duration LONG_DELAY = Duration.ofSeconds(20);

  private TestSupport() {}

  /** A body that may throw, for spawned threads. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  /**
   * Runs {@code body} on {@code threads} platform threads released together, joins them all, and rethrows the
   * first failure, so that an assertion failing in a spawned thread fails the test.
   */
  static void runConcurrently(int threads, Body body) throws Exception {
    CyclicBarrier start = new CyclicBarrier(threads);
    List<ThreadHandle> handles = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      handles.add(
          ThreadHandle.platform(
                  "worker-" + i,
                  () -> {
                    try {
                      start.await();
                      body.run();
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .start());
    }
    for (ThreadHandle h : handles) {
      assertThat(h.join(LONG_DELAY)).as("%s ended in time", h.name()).isTrue();
    }
    for (ThreadHandle h : handles) {
      h.joinOrThrow();
    }
  }

  /** A body that waits for {@code latch} (at most {@link #LONG_DELAY}); an interrupt fails it. */
  static Runnable awaiting(java.util.concurrent.CountDownLatch latch) {
    return () -> {
      try {
        latch.await(LONG_DELAY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  /** Spins (yielding) until {@code condition} holds; fails the test after {@link #LONG_DELAY}. */
  static void awaitCondition(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + LONG_DELAY.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.yield();
    }
  }

  /** Spins until {@code t} is blocked (WAITING or TIMED_WAITING), as JSR166TestCase.waitForThreadToEnterWaitState. */
  static void awaitBlocked(Thread t) {
    awaitCondition(
        t.getName() + " is blocked",
        () -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
  }

  /** Spins until the thread of {@code handle} is blocked (WAITING or TIMED_WAITING). */
  static void awaitBlocked(ThreadHandle handle) {
    awaitBlocked(threadOf(handle));
  }

  /** The live thread behind {@code handle}; fails the test if it has none after {@link #LONG_DELAY}. */
  static Thread threadOf(ThreadHandle handle) {
    return threadWhere("thread #" + handle.threadId() + " exists", t -> t.threadId() == handle.threadId());
  }

  /** The live thread named {@code name}; fails the test if there is none after {@link #LONG_DELAY}. */
  static Thread threadNamed(String name) {
    return threadWhere("a thread named " + name + " exists", t -> t.getName().equals(name));
  }

  /** Live platform threads whose names start with {@code prefix}. */
  static List<Thread> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).toList();
  }

  private static Thread threadWhere(String what, java.util.function.Predicate<Thread> test) {
    awaitCondition(what, () -> Thread.getAllStackTraces().keySet().stream().anyMatch(test));
    return Thread.getAllStackTraces().keySet().stream().filter(test).findFirst().orElseThrow();
  }

  /** A ticker the test moves by hand. */
  static final class FakeTicker extends Ticker {
    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long read() {
      return nanos.get();
    }

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }
}
