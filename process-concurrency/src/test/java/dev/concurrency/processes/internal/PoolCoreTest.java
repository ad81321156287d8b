package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.processes.BrokenPoolException;
import dev.concurrency.processes.TransferLimits;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
final class PoolCoreTest {

  private static PoolConfig config(JvmCommand command, boolean prestart) {
    return new PoolConfig(
        3, 0, null, prestart, null, false, command, Codec.allowing(List.of(), TransferLimits.DEFAULT),
        new PrintStream(PrintStream.nullOutputStream()), "unstartable", false);
  }

  // CPython: _test_multiprocessing.py TestPoolNotLeakOnFailure.test_release_unused_processes
  @Test
  void aWorkerThatCannotBeStarted_breaksThePool_andLeavesNoProcessBehind(@TempDir Path dir) throws IOException, InterruptedException {
    Path notAJava = Files.writeString(dir.resolve("java"), "not a program");
    JvmCommand command = new JvmCommand(notAJava, "", List.of(), List.of(), JvmCommand.Mode.WORKER, null);
    List<ProcessHandle> before = ProcessHandle.current().children().toList();

    PoolCore core = new PoolCore(config(command, /* prestart= */ true));

    assertThat(core.isShutdown()).as("broken").isTrue();
    assertThat(core.workerPids()).isEmpty();
    assertThat(core.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ProcessHandle.current().children().toList()).containsExactlyInAnyOrderElementsOf(before);
    assertThatThrownBy(() -> core.submit(new byte[0], "task", Function.identity()))
        .isInstanceOf(BrokenPoolException.class)
        .hasMessageContaining("cannot start a worker JVM")
        .hasMessageContaining(notAJava.toString());
  }
}
