package dev.concurrency.benchmarks.runner;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import dev.concurrency.benchmarks.workload.ThisJvm;
import dev.concurrency.benchmarks.workload.Workload;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A system whose workloads are Java {@link Workload}s: this project or a JDK baseline. Its fresh process is a new
 * JVM, the one running now, with the same class path and the system's own JVM options (none for most; the
 * flags of an experimental mode for {@code project-continuations}), started as {@code BenchMain --only W
 * --system NAME}.
 *
 * <p>Immutable and thread-safe.
 */
public final class JvmSystem extends BenchSystem {

  private final Supplier<List<Workload>> workloads;
  private final ImmutableList<String> jvmOptions;

  /**
   * A system from its name, a description, and where its workloads come from (asked once, on first use).
   *
   * @throws IllegalStateException on first use, if two workloads share a name
   */
  public JvmSystem(String name, String description, Supplier<List<Workload>> workloads) {
    this(name, description, List.of(), workloads);
  }

  /**
   * A system whose JVM runs with {@code jvmOptions} before the class path. A {@code -Dkey=value} among them is
   * also checked when a workload runs in this process ({@link #checkJvmOptions()}), so that a hand-typed
   * {@code --only} run without them fails instead of silently measuring the default mode.
   */
  public JvmSystem(String name, String description, List<String> jvmOptions, Supplier<List<Workload>> workloads) {
    super(name, description);
    requireNonNull(workloads, "workloads");
    this.jvmOptions = ImmutableList.copyOf(jvmOptions);
    this.workloads = Suppliers.memoize(() -> checked(name, workloads.get()));
  }

  /** The options its JVM starts with, before the class path. */
  public List<String> jvmOptions() {
    return jvmOptions;
  }

  /**
   * Checks that this JVM has the system properties of {@link #jvmOptions()}.
   *
   * @throws IllegalStateException naming the options to add, if one is missing or different
   */
  public void checkJvmOptions() {
    for (String option : jvmOptions) {
      if (option.startsWith("-D")) {
        int eq = option.indexOf('=');
        String key = option.substring(2, eq < 0 ? option.length() : eq);
        String expected = eq < 0 ? "" : option.substring(eq + 1);
        if (!expected.equals(System.getProperty(key))) {
          throw new IllegalStateException("system " + name() + " needs its JVM started with " + String.join(" ",
              jvmOptions) + " (" + key + " is " + System.getProperty(key) + "); run it through the runner, or add"
              + " those options to the java command line");
        }
      }
    }
  }

  @Override
  public List<String> workloads() {
    return WorkloadNames.ordered(workloads.get().stream().map(Workload::name).toList());
  }

  /** A JVM system is available once it has a workload; {@code project} has none until its modules add them. */
  @Override
  public Availability availability() {
    if (workloads.get().isEmpty()) {
      return new Availability.Missing("no workloads registered yet (its *Workloads.all() lists are empty)");
    }
    return new Availability.Available("Java " + Runtime.version());
  }

  @Override
  List<String> launch(String workload) {
    return ImmutableList.<String>builder()
        .add(ThisJvm.java())
        .addAll(jvmOptions)
        .add("-cp", ThisJvm.classPath())
        .add(BenchMain.class.getName(), "--only", workload, "--system", name())
        .build();
  }

  /**
   * The workload of that name, to run in this process.
   *
   * @throws IllegalArgumentException if this system has no such workload, listing the ones it has
   */
  public Workload workload(String workloadName) {
    return workloads.get().stream()
        .filter(w -> w.name().equals(workloadName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "system " + name() + " has no workload '" + workloadName + "'; it has " + workloads()));
  }

  private static List<Workload> checked(String system, List<Workload> workloads) {
    Set<String> seen = new HashSet<>();
    for (Workload workload : workloads) {
      if (!seen.add(workload.name())) {
        throw new IllegalStateException("system " + system + " lists workload " + workload.name() + " twice");
      }
    }
    return ImmutableList.copyOf(workloads);
  }
}
