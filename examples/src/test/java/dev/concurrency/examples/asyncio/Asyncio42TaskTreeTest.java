package dev.concurrency.examples.asyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.examples.ExampleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
final class Asyncio42TaskTreeTest {

  @Test
  void run_drawsTheAlbumsAndTheirTracksUnderTheirAwaiters() throws Exception {
    String tree = ExampleRun.of("task-tree").text();

    assertThat(tree).containsPattern("loop-\\d+ on thread 'task-tree-loop': \\d+ tasks, lag [\\d.]+ ms");
    assertThat(tree).contains("└── (T) Task-1");
    // each album hangs under main's TaskGroup.exit, each track under its album's, and a track ends in sleep
    assertThat(tree).containsPattern("TaskGroup\\.exit .*\\n *├── \\(T\\) Sundowning\\n");
    assertThat(tree).containsPattern("\\n {24}└── \\(T\\) TMBTE\\n"); // the sibling of Sundowning, last
    assertThat(tree).containsPattern("Asyncio42TaskTree\\.album Asyncio42TaskTree\\.java:\\d+");
    assertThat(tree).containsPattern("\\(T\\) TNDNBTG\\n.*Asyncio42TaskTree\\.play Asyncio42TaskTree\\.java:\\d+\\n.*AsyncIO\\.sleep");
    assertThat(tree).contains("(T) Levitate").contains("(T) DYWTYLM").contains("(T) Aqua Regia");
  }

  @Test
  void waitWithoutSeconds_saysWhatIsMissing() {
    assertThatThrownBy(() -> ExampleRun.of("task-tree", "--wait"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--wait needs a number of seconds");
  }
}
