/**
 * The benchmarks: JMH microbenchmarks and the workload runner that measures the library modules against CPython,
 * uvloop and the JDK.
 *
 * <p>A module of its own, so that the compiler holds the workloads to what a user of the library modules gets:
 * their exported API packages, and the modules they name. {@code benchmarks/run.sh} runs the shaded jar on the
 * class path ({@code java -jar}), where this descriptor is left out; JMH needs that, since it finds the
 * benchmarks and starts its forks through the class path.
 */
@SuppressWarnings("requires-automatic") // JMH and Commons Lang have no module descriptors of their own
module dev.concurrency.benchmarks {
  requires dev.concurrency.async;
  requires dev.concurrency.cluster;
  requires dev.concurrency.model;
  requires dev.concurrency.processes;
  requires dev.concurrency.sync;
  requires dev.concurrency.threads;
  requires com.google.common;
  requires static org.jspecify;
  requires jmh.core;
  requires org.apache.commons.lang3;
  // thread and process CPU time (com.sun.management), read beside the wall time
  requires java.management;
  requires jdk.management;
  // JfrHooksBenchmark records the loop's JFR events
  requires jdk.jfr;
}
