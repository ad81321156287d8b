package dev.concurrency.processes;

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

  /** Waits for every descendant process to exit; kills, and names on stderr, any still alive after a minute. */
  static void awaitChildren() throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
    for (ProcessHandle child : children) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        child.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        System.err.println("child " + child.pid() + " " + child.info().commandLine().orElse("")
            + " still alive " + PATIENCE + " after the tests ended; killing it");
        child.destroyForcibly();
      }
    }
  }
}
