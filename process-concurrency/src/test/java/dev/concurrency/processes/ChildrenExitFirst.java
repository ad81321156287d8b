package dev.concurrency.processes;

import dev.concurrency.processes.internal.WarmSpares;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Holds the end of the test run until every child JVM the tests started has exited. The children carry the
 * JaCoCo agent ({@link TestJvm}) and append to the same {@code jacoco.exec} when they exit; a worker that is
 * still shutting down when Maven's report step reads that file makes the report fail on a half-written record.
 * Registered for every test class through {@code META-INF/services} (extension autodetection).
 */
public final class ChildrenExitFirst implements BeforeAllCallback {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(ChildrenExitFirst.class, key -> (AutoCloseable) ChildrenExitFirst::awaitChildren);
  }

  /**
   * Discards the warm spares (idle children that would otherwise wait for work until this JVM exits), then waits
   * for every descendant process to exit.
   */
  static void awaitChildren() throws InterruptedException {
    WarmSpares.discardAll();
    awaitExit(ProcessHandle.current().descendants().toList(), PATIENCE);
  }

  /** Waits for {@code children} to exit; kills, and names on stderr, any still alive after {@code patience}. */
  static void awaitExit(List<ProcessHandle> children, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    for (ProcessHandle child : children) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        child.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        System.err.println("child " + child.pid() + " " + child.info().commandLine().orElse("")
            + " still alive " + patience + " after the tests ended; killing it");
        child.destroyForcibly();
      }
    }
  }
}
