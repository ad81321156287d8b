/**
 * Threads, thread pools, priority and time-slice scheduling, and structured task scopes, in the manner of
 * Python's {@code threading} and {@code concurrent.futures}.
 *
 * <p>API package: {@link dev.concurrency.threads}; {@code dev.concurrency.threads.internal} is not exported.
 * Guava is required transitively because {@code DoneAndNotDone} holds Guava {@code ImmutableSet}s and the
 * executors' builders take a Guava {@code Ticker}.
 */
module dev.concurrency.threads {
  requires transitive com.google.common;
  // @Nullable appears in API signatures: readers of this module read JSpecify too, when it is present
  requires static transitive org.jspecify;
  // @GuardedBy, from the annotations jar Guava brings along; needed at compile time only
  requires static com.google.errorprone.annotations;

  // the pools' MXBean (ThreadPoolMXBean) and JFR events (internal.PoolEvents)
  requires java.management;
  requires jdk.jfr;

  exports dev.concurrency.threads;
}
