package dev.concurrency.examples.threading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class Threading09TaskScopeTest {

  @Test
  void run_successFailureDeadline_eachReported() throws Exception {
    ExampleRun run = ExampleRun.of("task-scope");

    assertThat(run.lines()).startsWith(
        "all succeed: [user 42, order 7]",
        "one fails: ScopeFailedException caused by IllegalStateException: stock service down; price was CANCELLED",
        "deadline: TimeoutException: scope deadline of PT0.1S passed; 1 subtask(s) were cancelled",
        "Timeline:");
  }
}
