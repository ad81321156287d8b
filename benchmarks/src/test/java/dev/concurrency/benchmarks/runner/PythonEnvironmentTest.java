package dev.concurrency.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class PythonEnvironmentTest {

  private final List<List<String>> probes = new ArrayList<>();

  /** pyenv's python3 lacks uvloop; Debian's has it. */
  private final Launcher machine = (command, timeout) -> {
    probes.add(command);
    String code = command.get(2);
    if (command.get(0).equals("absent")) {
      throw new IOException("No such file or directory");
    }
    if (command.get(0).equals("python3") && code.contains("import uvloop")) {
      return new Launcher.Outcome(1, List.of(), "ModuleNotFoundError: No module named 'uvloop'", false);
    }
    return new Launcher.Outcome(0,
        List.of(code.contains("uvloop") ? "Python 3.11.2, uvloop 0.17.0" : "Python 3.11.7"), "", false);
  };

  @Test
  void interpreterWith_noModule_takesTheFirstThatRuns() {
    PythonEnvironment python = new PythonEnvironment(List.of("absent", "python3", "/usr/bin/python3"), machine);

    assertThat(python.interpreterWith(null))
        .contains(new PythonEnvironment.Interpreter("python3", "Python 3.11.7"));
  }

  @Test
  void interpreterWith_module_skipsInterpretersThatCannotImportIt() {
    PythonEnvironment python = new PythonEnvironment(List.of("python3", "/usr/bin/python3"), machine);

    assertThat(python.interpreterWith("uvloop"))
        .contains(new PythonEnvironment.Interpreter("/usr/bin/python3", "Python 3.11.2, uvloop 0.17.0"));
  }

  @Test
  void interpreterWith_isAskedOncePerModule() {
    PythonEnvironment python = new PythonEnvironment(List.of("python3"), machine);

    python.interpreterWith(null);
    python.interpreterWith(null);

    assertThat(probes).hasSize(1);
  }

  @Test
  void interpreterWith_nothingInstalled_isEmpty() {
    assertThat(Fakes.noPython().interpreterWith(null)).isEmpty();
  }

  @Test
  void interpreterWith_notAModuleName_isRejected() {
    PythonEnvironment python = new PythonEnvironment(List.of("python3"), machine);

    assertThatThrownBy(() -> python.interpreterWith("uvloop; import os"))
        .hasMessageContaining("is not a Python module name");
  }

  @Test
  void peerScript_isCopiedOutWithItsHelpers() {
    Path peer = new PythonEnvironment(List.of(), machine).peerScript();

    assertThat(peer).hasFileName("peer.py").isRegularFile();
    for (String script : PythonEnvironment.SCRIPTS) {
      assertThat(Files.isRegularFile(peer.resolveSibling(script))).as(script).isTrue();
    }
  }

  @Test
  void pythonSystem_availableAndMissing_sayWhatTheyFound() {
    PythonEnvironment python = new PythonEnvironment(List.of("python3", "/usr/bin/python3"), machine);
    PythonSystem uvloop = new PythonSystem("python-uvloop", "uvloop", List.of("E2_yield_switch"), "uvloop", python);
    PythonSystem asyncio = new PythonSystem("python-asyncio", "asyncio", List.of("E1_spawn_gather"), null,
        Fakes.noPython());

    assertThat(uvloop.availability()).isEqualTo(new Availability.Available("Python 3.11.2, uvloop 0.17.0"));
    assertThat(uvloop.command("E2_yield_switch", dev.concurrency.benchmarks.workload.Scale.QUICK))
        .startsWith("/usr/bin/python3")
        .endsWith("--system", "python-uvloop", "--only", "E2_yield_switch", "--quick");
    assertThat(asyncio.availability()).isEqualTo(new Availability.Missing(
        "no python3 found (tried [python3-that-is-not-here]); install python3"));
    assertThatThrownBy(() -> asyncio.command("E1_spawn_gather", dev.concurrency.benchmarks.workload.Scale.FULL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("python-asyncio is missing");
  }

  /** Three installed interpreters: 3.11, 3.13 and 3.12, as pyenv and Debian might have them. */
  private final Launcher versions = (command, timeout) -> {
    probes.add(command);
    return switch (command.get(0)) {
      case "/py/3.11/bin/python3", "python3" -> new Launcher.Outcome(0, List.of("Python 3.11.7"), "", false);
      case "/py/3.13/bin/python3" -> new Launcher.Outcome(0, List.of("Python 3.13.0"), "", false);
      case "/usr/bin/python3.12" -> new Launcher.Outcome(0, List.of("Python 3.12.1"), "", false);
      default -> throw new IOException("No such file or directory");
    };
  };

  @Test
  void newestAtLeast_takesTheNewestInstalled_andIsAskedOnce() {
    PythonEnvironment python = new PythonEnvironment(List.of("python3"), versions,
        () -> List.of("/py/3.11/bin/python3", "/py/3.13/bin/python3", "/usr/bin/python3.12", "/gone/python3"));

    assertThat(python.newestAtLeast("3.12"))
        .contains(new PythonEnvironment.Interpreter("/py/3.13/bin/python3", "Python 3.13.0"));
    int asked = probes.size();
    python.newestAtLeast("3.12");
    assertThat(probes).hasSize(asked);
    assertThat(python.newestAtLeast("3.14")).isEmpty();
  }

  @Test
  void pythonSystem_withMinimumVersion_runsOnTheNewest_orSaysWhatIsMissing() {
    PythonEnvironment python = new PythonEnvironment(List.of("python3"), versions, () -> List.of("/py/3.13/bin/python3"));
    PythonSystem eager = new PythonSystem("python-asyncio-eager", "eager", List.of("E9_spawn_no_suspend"), null,
        "3.12", python);
    assertThat(eager.availability()).isEqualTo(new Availability.Available("Python 3.13.0"));
    assertThat(eager.launch("E9_spawn_no_suspend")).startsWith("/py/3.13/bin/python3")
        .contains("--system", "python-asyncio-eager", "--only", "E9_spawn_no_suspend");

    PythonEnvironment old = new PythonEnvironment(List.of("python3"), versions, List::of);
    PythonSystem missing = new PythonSystem("python-asyncio-eager", "eager", List.of("E9_spawn_no_suspend"), null,
        "3.12", old);
    assertThat(missing.availability()).isInstanceOf(Availability.Missing.class)
        .asString().contains("3.12 or later");
  }
}
