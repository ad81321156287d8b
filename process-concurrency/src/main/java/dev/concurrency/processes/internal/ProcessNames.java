package dev.concurrency.processes.internal;

/**
 * The name of this process as Python's {@code current_process().name} gives it: {@code MainProcess} for a JVM
 * this module did not start, the {@code ChildProcess}'s name for a child, which the parent passes in the
 * {@value #ENVIRONMENT} environment variable.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProcessNames {

  /** The environment variable that carries a child's name. */
  public static final String ENVIRONMENT = "DEV_CONCURRENCY_PROCESS_NAME";

  private static final String NAME = name();

  private ProcessNames() {}

  /** This process's name. */
  public static String current() {
    return NAME;
  }

  private static String name() {
    String given = System.getenv(ENVIRONMENT);
    return given == null || given.isBlank() ? "MainProcess" : given;
  }
}
