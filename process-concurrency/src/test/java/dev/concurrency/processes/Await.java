package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits on something a test can observe (a file a child made, a state the pool reports), in place of
 * sleeping: a spin that yields, and fails the test with what it waited for if the bound passes.
 */
final class Await {

  /** The bound on every wait: generous, since the machine may be loaded. */
  static final long LIMIT_S = 30;

  private Await() {}

  /** Waits until {@code condition} holds, at most {@link #LIMIT_S} seconds. */
  static void until(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_S);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("%s, within %s s", what, LIMIT_S).isLessThan(deadline);
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  /** Waits until {@code file} exists (a child publishes what it did by making it). */
  static void file(Path file) {
    until(() -> Files.exists(file), file + " appears");
  }

  /** Waits until the pool heard that the task behind {@code future} started (its worker's STARTED frame). */
  static void started(ProcessPool pool, java.util.concurrent.CompletableFuture<?> future) {
    until(() -> pool.hasStarted(future), "the task starts");
  }
}
