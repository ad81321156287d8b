package dev.concurrency.processes;

import java.util.concurrent.Executor;

/**
 * Runs each helper of a test on a thread of its own. The common pool has one thread on a two-core machine, so a
 * helper still blocked after a failed test would delay every later test's helpers (and fail them by timeout).
 */
final class OwnThread {

  /** Starts a new daemon thread for each task. */
  static final Executor EACH = task -> Thread.ofPlatform().daemon().name("test-helper").start(task);

  private OwnThread() {}
}
