package dev.concurrency.examples.multiprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
final class Multiprocessing07IsolationTest {

  @Test
  void run_childChangesOnlyItsOwnCounter_threadChangesTheParents() throws Exception {
    ExampleRun run = ExampleRun.of("process-isolation");
    List<String> lines = run.lines();
    long parentPid = ProcessHandle.current().pid();

    assertThat(lines.get(0)).isEqualTo("parent (pid " + parentPid + "): counter = 100");
    assertThat(lines.get(1)).matches("child process \\(pid \\d+\\): counter = 1000 after 1000 increments \\(its own copy, from 0\\)");
    assertThat(lines.get(1)).as("the task ran in another process").doesNotContain("(pid " + parentPid + ")");
    assertThat(lines.get(2)).isEqualTo("parent after the child: counter = 100 (unchanged: processes share no memory)");
    assertThat(lines.get(3)).isEqualTo("what crossed back: the task's return value, 1000");
    assertThat(lines.get(4)).isEqualTo("thread in the parent: counter = 1100 after 1000 increments");
    assertThat(lines.get(5)).isEqualTo("parent after the thread: counter = 1100 (threads share the heap)");
    assertThat(lines.get(6)).isEqualTo("Timeline:");
    assertThat(run.text()).contains("child pid ").contains("thread bumper: increments").contains("parent: pool.submit().get()");
  }

  @Test
  void bump_inThisProcess_changesThisProcessCounter() {
    int before = Multiprocessing07Isolation.bump(0).counter();

    assertThat(Multiprocessing07Isolation.bump(5).counter()).isEqualTo(before + 5);
  }
}
