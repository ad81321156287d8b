/**
 * Locks, semaphores, conditions, events and barriers with deadlock prevention, avoidance and detection, in the
 * manner of Python's {@code threading} module.
 *
 * <p>API package: {@link dev.concurrency.sync}; {@code dev.concurrency.sync.internal} is not exported. No Guava
 * type appears in the API, so Guava is required without {@code transitive}.
 */
module dev.concurrency.sync {
  requires com.google.common;
  // @Nullable appears in API signatures: readers of this module read JSpecify too, when it is present
  requires static transitive org.jspecify;

  // the deadlock detector's JFR events (internal.DeadlockEvents)
  requires jdk.jfr;

  exports dev.concurrency.sync;
}
