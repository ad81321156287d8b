package dev.concurrency.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

/**
 * Threads a test starts, in the JSR-166 TCK's discipline: a failure in any of them fails the test, and
 * {@link #close()} joins every one (bounded) before the test ends.
 */
final class TestThreads implements AutoCloseable {

  /** The one scalable delay: how long a test waits for something that should happen promptly. */
  static final Duration LONG = Duration.ofSeconds(10);

  /** A wait that is expected to time out; short, so the suite stays fast. */
  static final Duration SHORT = Duration.ofMillis(30);

  /** A body that may throw anything. */
  @FunctionalInterface
  interface Body {
    void run() throws Throwable;
  }

  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

  /** Starts a platform thread running {@code body}; its failure is kept for {@link #close()}. */
  Thread start(String name, Body body) {
    Thread thread =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Throwable failure) {
                failures.add(failure);
              }
            },
            name);
    threads.add(thread);
    thread.start();
    return thread;
  }

  /** Joins {@code thread}, failing if it does not end within {@link #LONG}. */
  static void join(Thread thread) throws InterruptedException {
    thread.join(LONG);
    assertThat(thread.isAlive()).as("thread %s still alive after %s", thread.getName(), LONG).isFalse();
  }

  /** Spins (yielding) until {@code condition} holds, failing after {@link #LONG}. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.yield();
    }
  }

  /** Spins until {@code thread} is blocked or waiting (parked), failing after {@link #LONG}. */
  static void awaitBlocked(Thread thread) {
    await(
        thread.getName() + " blocks",
        () -> thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING);
  }

  /** Joins every thread and rethrows the first failure, with the others suppressed. */
  @Override
  public void close() {
    try {
      for (Thread thread : threads) {
        thread.join(LONG);
        if (thread.isAlive()) {
          thread.interrupt();
          thread.join(LONG);
          failures.add(new AssertionError("thread " + thread.getName() + " did not end in time"));
        }
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      failures.add(new AssertionError("interrupted while joining the test's threads", interrupted));
    }
    Throwable first = failures.poll();
    if (first != null) {
      failures.forEach(first::addSuppressed);
      switch (first) {
        case RuntimeException unchecked -> throw unchecked;
        case Error error -> throw error;
        default -> throw new AssertionError(first);
      }
    }
  }
}
