package dev.concurrency.benchmarks.runner;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.concurrency.benchmarks.workload.EchoDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Python peer: the script {@code peer.py} (kept in {@code src/main/python}) run by an interpreter that can
 * import what the peer needs, as {@code python3 peer.py --system NAME --only W}. For {@code E8_echo} the command
 * also says where the shared Java client generator is ({@code --echo-java JAVA --echo-classpath CP}).
 *
 * <p>Immutable and thread-safe; what it learns about interpreters is cached in its {@link PythonEnvironment}.
 */
public final class PythonSystem extends BenchSystem {

  private final List<String> workloads;
  private final @Nullable String requiredModule;
  private final @Nullable String minimumVersion;
  private final PythonEnvironment python;

  /**
   * A Python peer.
   *
   * @param name its name, also the {@code --system} that {@code peer.py} understands
   * @param description one line on what it is
   * @param workloads the workloads {@code peer.py} implements for it
   * @param requiredModule a module beyond the standard library that the interpreter must import, or null
   * @param python where the interpreters and the scripts are
   */
  public PythonSystem(String name, String description, List<String> workloads, @Nullable String requiredModule,
      PythonEnvironment python) {
    this(name, description, workloads, requiredModule, null, python);
  }

  /**
   * A Python peer that runs on the newest installed interpreter of {@code minimumVersion} or later (for example
   * {@code "3.12"}, for {@code asyncio.eager_task_factory}); with a null {@code minimumVersion}, the first
   * candidate that imports {@code requiredModule}.
   */
  public PythonSystem(String name, String description, List<String> workloads, @Nullable String requiredModule,
      @Nullable String minimumVersion, PythonEnvironment python) {
    super(name, description);
    if (requiredModule != null && minimumVersion != null) {
      throw new IllegalArgumentException("a peer needs either a module or a minimum version, not both");
    }
    this.workloads = ImmutableList.copyOf(WorkloadNames.ordered(workloads));
    this.requiredModule = requiredModule;
    this.minimumVersion = minimumVersion;
    this.python = requireNonNull(python, "python");
  }

  private Optional<PythonEnvironment.Interpreter> interpreter() {
    return minimumVersion != null ? python.newestAtLeast(minimumVersion) : python.interpreterWith(requiredModule);
  }

  @Override
  public List<String> workloads() {
    return workloads;
  }

  @Override
  public Availability availability() {
    Optional<PythonEnvironment.Interpreter> interpreter = interpreter();
    if (interpreter.isEmpty() && minimumVersion != null) {
      return new Availability.Missing("no python3 of version " + minimumVersion + " or later (tried "
          + python.versionedCandidates() + "); install one (pyenv install 3.13)");
    }
    if (interpreter.isEmpty()) {
      return new Availability.Missing(requiredModule == null
          ? "no python3 found (tried " + python.candidates() + "); install python3"
          : "no python3 that can import " + requiredModule + " (tried " + python.candidates()
              + "); on Debian: apt-get install python3-" + requiredModule);
    }
    return new Availability.Available(interpreter.get().version());
  }

  @Override
  List<String> launch(String workload) {
    PythonEnvironment.Interpreter interpreter = interpreter()
        .orElseThrow(() -> new IllegalStateException(name() + " is missing: " + availability()));
    List<String> command = new ArrayList<>(List.of(
        interpreter.path(), python.peerScript().toString(), "--system", name(), "--only", workload));
    if (workload.equals(EchoDriver.WORKLOAD)) {
      // E8's clients are the shared Java generator, started by the peer: it needs this JVM and class path
      List<String> client = EchoDriver.command();
      command.addAll(List.of("--echo-java", client.get(0), "--echo-classpath", client.get(2)));
    }
    return command;
  }
}
