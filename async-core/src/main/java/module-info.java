/**
 * An asyncio-style single-threaded event loop with straight-line coroutines on virtual threads.
 *
 * <p>API packages: {@link dev.concurrency.async} (the loop, tasks, futures, timeouts, task groups), {@link
 * dev.concurrency.async.sync}, {@link dev.concurrency.async.queues}, {@link dev.concurrency.async.streams},
 * {@link dev.concurrency.async.simulation} (deterministic simulation) and {@link
 * dev.concurrency.async.simulation.junit} (its JUnit 5 extension: JUnit is an optional dependency, needed only by
 * that package); {@code dev.concurrency.async.internal} is not exported. Guava is required transitively because {@code
 * VirtualClock} is a Guava {@code Ticker} and {@code EventLoop.Builder.clock} takes one.
 *
 * <p>The experimental continuation scheduler reaches the JDK's {@code jdk.internal.vm} package; on the module
 * path it needs {@code --add-exports java.base/jdk.internal.vm=dev.concurrency.async} (on the class path,
 * {@code =ALL-UNNAMED}).
 */
module dev.concurrency.async {
  requires transitive com.google.common;
  // @Nullable appears in API signatures: readers of this module read JSpecify too, when it is present
  requires static transitive org.jspecify;
  // only the JUnit 5 extension of the simulation uses it, and its users have JUnit already; not transitive, because
  // that would put JUnit on the compile-time module path of every module reading this one (the two JUnit-facing
  // types suppress the "exports" lint instead)
  requires static org.junit.jupiter.api;
  // the loop's MXBean (EventLoopMXBean) and its registration
  requires java.management;
  // the loop's and tasks' JDK Flight Recorder events (TaskEvents)
  requires jdk.jfr;

  exports dev.concurrency.async;
  exports dev.concurrency.async.queues;
  exports dev.concurrency.async.simulation;
  exports dev.concurrency.async.simulation.junit;
  exports dev.concurrency.async.streams;
  exports dev.concurrency.async.sync;
}
