package dev.concurrency.benchmarks.workload;

import java.nio.file.Path;

/**
 * How to start another JVM like the running one, for the workloads and the runner that spawn JVMs: the same
 * {@code java} binary (a JDK 21+ one, whatever {@code java} is on the path) and the same class path.
 *
 * <p>Stateless and thread-safe.
 */
public final class ThisJvm {

  private ThisJvm() {}

  /** The {@code java} launcher of the running JVM. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The running JVM's class path, as given to it. */
  public static String classPath() {
    return System.getProperty("java.class.path");
  }
}
