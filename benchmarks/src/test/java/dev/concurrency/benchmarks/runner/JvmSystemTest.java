package dev.concurrency.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concurrency.benchmarks.workload.Scale;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmSystemTest {

  private static final String KEY = "dev.concurrency.benchmarks.test.mode";

  @Test
  void systemOptionsGoBeforeTheClassPath() {
    JvmSystem system = new JvmSystem("flagged", "with flags", List.of("-Xss1m", "-D" + KEY + "=on"),
        () -> List.of(Fakes.rate("E1_spawn_gather", "tasks_per_s", 1)));

    List<String> command = system.command("E1_spawn_gather", Scale.FULL);

    assertThat(command.subList(1, 4)).containsExactly("-Xss1m", "-D" + KEY + "=on", "-cp");
    assertThat(command).endsWith("--only", "E1_spawn_gather", "--system", "flagged");
  }

  @Test
  void aMissingSystemPropertyIsReportedWithTheOptionsToAdd() {
    JvmSystem system = new JvmSystem("flagged", "with flags", List.of("-D" + KEY + "=on"), List::of);

    assertThatThrownBy(system::checkJvmOptions)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("flagged needs its JVM started with -D" + KEY + "=on")
        .hasMessageContaining(KEY + " is null");
  }

  @Test
  void thePropertyThatIsSetPassesTheCheck() {
    JvmSystem system = new JvmSystem("flagged", "with flags", List.of("-D" + KEY + "=on", "--add-exports", "x"),
        List::of);
    System.setProperty(KEY, "on");
    try {
      assertThatCode(system::checkJvmOptions).doesNotThrowAnyException();
    } finally {
      System.clearProperty(KEY);
    }
  }

  @Test
  void theContinuationsSystemRunsTheEventLoopWorkloadsWithItsFlags() {
    JvmSystem system = (JvmSystem) Systems.named(Systems.all(Fakes.noPython()), Systems.PROJECT_CONTINUATIONS)
        .orElseThrow();

    assertThat(system.workloads()).contains("E1_spawn_gather", "E3_timers", "E7_seed_gather");
    assertThat(system.jvmOptions()).contains("-Ddev.concurrency.async.continuations=true");
  }

  @Test
  void theOneCarrierSystemRunsTheEventLoopWorkloadsOnOneCarrier() {
    JvmSystem system = (JvmSystem) Systems.named(Systems.all(Fakes.noPython()), Systems.PROJECT_ONE_CARRIER)
        .orElseThrow();

    assertThat(system.workloads()).contains("E1_spawn_gather", "E8_echo");
    assertThat(system.command("E5_lock", Scale.FULL)).contains("-Djdk.virtualThreadScheduler.parallelism=1");
  }
}
