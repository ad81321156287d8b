/**
 * Child JVM processes in the manner of Python's {@code multiprocessing}: processes, pools, queues, pipes and
 * shared memory.
 *
 * <p>API package: {@link dev.concurrency.processes}; {@code dev.concurrency.processes.internal} (the child's
 * entry point, the wire format) is not exported. No Guava type appears in the API, so Guava is required
 * without {@code transitive}.
 *
 * <p>A task sent to a child by name (a static method, or a lambda that captures nothing) is looked up by
 * reflection in the child: on the module path, open the package that holds it to this module ({@code opens
 * com.example.work to dev.concurrency.processes;}), or the task travels serialized instead.
 */
module dev.concurrency.processes {
  requires com.google.common;
  // @Nullable appears in API signatures: readers of this module read JSpecify too, when it is present
  requires static transitive org.jspecify;
  // @GuardedBy, from the annotations jar Guava brings along; needed at compile time only
  requires static com.google.errorprone.annotations;

  // the pools' MXBean (ProcessPoolMXBean) and JFR events (internal.ProcessPoolEvents)
  requires java.management;
  requires jdk.jfr;

  exports dev.concurrency.processes;
}
