package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Child processes for tests: started with {@link TestJvm}'s options, every wait bounded, and whatever a test
 * started killed when it is done ({@link #close()}, in {@code @AfterEach}).
 */
final class Children {

  /** How long a test waits for a child: generous, the machine is shared and loaded. */
  static final Duration LIMIT = Duration.ofSeconds(60);

  private final List<ChildProcess> started = new ArrayList<>();

  /** Starts {@code task} in a child. */
  ChildProcess start(SerializableRunnable task) {
    ChildProcess child = ChildProcess.builder(task).jvmOptions(TestJvm.options()).build();
    started.add(child);
    child.start();
    return child;
  }

  /** Runs {@code task} in a child and checks that it ended with status 0. */
  void run(SerializableRunnable task) throws InterruptedException {
    ChildProcess child = start(task);
    assertThat(child.join(LIMIT)).as("the child ended within %s", LIMIT).isTrue();
    assertThat(child.failure()).as("the child's failure").isEmpty();
    assertThat(child.exitCode()).hasValue(0);
  }

  /** Kills every child still running and waits for it. */
  void close() throws InterruptedException {
    for (ChildProcess child : started) {
      if (child.isAlive()) {
        child.kill();
        child.join(LIMIT);
      }
    }
  }
}
