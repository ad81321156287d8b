package dev.concurrency.processes.internal;

import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/** One worker JVM of a pool and what it is doing; the mutable fields are guarded by the pool's lock. */
final class Worker {

  final String name;
  @Nullable ChildJvm jvm;
  /**
   * The jobs sent to this worker and not answered yet, in the order it runs them: the head is running (or about
   * to), the rest wait in its channel. Never longer than {@link PoolCore#PER_WORKER}.
   */
  final ArrayDeque<Job> inFlight = new ArrayDeque<>();
  int completed;
  /**
   * Why the pool let it go (shutdown, its task limit, a timeout, a cancel, a stop), as its {@code WorkerDied} event
   * says it ({@link #retire}); null while it is wanted.
   */
  @Nullable String retiredBecause;
  /** Its start event while it boots, when a recording wants one ({@link ProcessPoolEvents}). */
  ProcessPoolEvents.@Nullable WorkerStarted startEvent;
  /** Whether the JVM booted and said READY; one that dies before it could not start at all. */
  boolean ready;
  /** Whether the pool's initializer ran in it (or there is none); one that dies before it broke the pool. */
  boolean initialized;

  Worker(String name, boolean initialized) {
    this.name = name;
    this.initialized = initialized;
  }

  /** The pool lets it go; the first reason given is the one its death is reported with. */
  void retire(String because) {
    if (retiredBecause == null) {
      retiredBecause = because;
    }
  }

  /** Whether the pool let it go: its death is no fault. */
  boolean retiring() {
    return retiredBecause != null;
  }

  ChildJvm jvm() {
    ChildJvm started = jvm;
    if (started == null) {
      throw new IllegalStateException(name + " is not started");
    }
    return started;
  }

  @Override
  public String toString() {
    ChildJvm started = jvm;
    return started == null ? name : started.toString();
  }
}
