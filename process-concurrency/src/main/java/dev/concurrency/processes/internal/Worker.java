package dev.concurrency.processes.internal;

import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/** One worker JVM of a pool and what it is doing; the mutable fields are guarded by the pool's lock. */
final class Worker {

  final String name;
  @Nullable ChildJvm jvm;
  /**
   * The jobs sent to this worker and not answered yet, in the order it runs them: the head is running (or about
   * to), the rest wait in its pipe. Never longer than {@link PoolCore#PER_WORKER}.
   */
  final ArrayDeque<Job> inFlight = new ArrayDeque<>();
  int completed;
  boolean retiring;
  /** Whether the JVM has booted (sent READY); task timeouts start only then, so a boot is not counted. */
  boolean ready;

  Worker(String name) {
    this.name = name;
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
