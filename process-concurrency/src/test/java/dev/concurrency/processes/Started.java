package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pools and child processes a test started, stopped and waited for when it ends ({@link #stopAll}, from an
 * {@code @AfterEach} or {@code @AfterAll}): no worker or child outlives its test.
 */
final class Started {

  private final List<ProcessPool> pools = new ArrayList<>();
  private final List<ChildProcess> children = new ArrayList<>();

  /** Builds a pool with the test JVM options and {@code output}, and remembers it. */
  ProcessPool pool(ProcessPool.Builder builder, Captured output) {
    return pool(builder.jvmOptions(TestJvm.options()).output(output.out).build());
  }

  /** Remembers a pool built elsewhere. */
  ProcessPool pool(ProcessPool pool) {
    pools.add(pool);
    return pool;
  }

  /** Remembers a child process. */
  ChildProcess child(ChildProcess child) {
    children.add(child);
    return child;
  }

  /** Kills every pool's workers and every child, and waits until they are gone. */
  void stopAll() throws InterruptedException {
    for (ProcessPool pool : pools) {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(Await.LIMIT_S, TimeUnit.SECONDS)).as("every worker of %s exited", pool).isTrue();
    }
    for (ChildProcess child : children) {
      if (child.isAlive()) {
        child.kill();
      }
      assertThat(child.join(Duration.ofSeconds(Await.LIMIT_S))).as("%s exited", child).isTrue();
    }
    pools.clear();
    children.clear();
  }
}
