package dev.concurrency.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.benchmarks.workload.EchoDriver;
import dev.concurrency.benchmarks.workload.Scale;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command lines the runner starts Python peers with. */
final class PythonSystemTest {

  /** Every candidate runs and imports anything. */
  private final PythonEnvironment python = new PythonEnvironment(List.of("python3"),
      (command, timeout) -> new Launcher.Outcome(0, List.of("Python 3.11.7"), "", false));

  private final PythonSystem asyncio =
      new PythonSystem("python-asyncio", "asyncio", Systems.ASYNC, null, python);

  @Test
  void command_plainWorkload_isPeerSystemAndWorkload() {
    List<String> command = asyncio.command("E1_spawn_gather", Scale.QUICK);

    assertThat(command.get(0)).isEqualTo("python3");
    assertThat(command.get(1)).endsWith("peer.py");
    assertThat(command.subList(2, command.size()))
        .containsExactly("--system", "python-asyncio", "--only", "E1_spawn_gather", "--quick");
  }

  @Test
  void command_echo_saysWhereTheSharedJavaClientIs() {
    List<String> command = asyncio.command(EchoDriver.WORKLOAD, Scale.FULL);

    List<String> client = EchoDriver.command();
    assertThat(command.subList(2, command.size())).containsExactly(
        "--system", "python-asyncio", "--only", "E8_echo",
        "--echo-java", client.get(0), "--echo-classpath", client.get(2));
  }
}
