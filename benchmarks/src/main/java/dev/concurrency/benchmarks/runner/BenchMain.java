package dev.concurrency.benchmarks.runner;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.Lists;
import dev.concurrency.benchmarks.workload.Figure;
import dev.concurrency.benchmarks.workload.Workload;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks jar's entry point: runs every workload on every system, one workload on one system
 * ({@code --only}), lists the systems, or hands over to JMH ({@code jmh ...}). See {@link Options#USAGE}.
 *
 * <p>Exit status: 0 when everything selected ran (missing systems are reported, not errors), 1 when a workload
 * failed, 2 for a wrong command line, 3 when {@code --only} names a missing system.
 *
 * <p>Not thread-safe: an instance runs one command line on the calling thread.
 */
public final class BenchMain {

  /** Exit status when a workload failed. */
  static final int FAILED = 1;

  /** Exit status for a wrong command line. */
  static final int USAGE_ERROR = 2;

  /** Exit status when {@code --only} names a system that is missing here. */
  static final int MISSING = 3;

  private final List<BenchSystem> systems;
  private final Launcher launcher;
  private final PrintStream out;
  private final PrintStream err;

  BenchMain(List<BenchSystem> systems, Launcher launcher, PrintStream out, PrintStream err) {
    this.systems = List.copyOf(systems);
    this.launcher = requireNonNull(launcher, "launcher");
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) throws Exception {
    Launcher launcher = new ProcessLauncher();
    PythonEnvironment python = new PythonEnvironment(PythonEnvironment.DEFAULT_CANDIDATES, launcher);
    int status = new BenchMain(Systems.all(python), launcher, System.out, System.err).run(args);
    System.out.flush();
    System.exit(status);
  }

  /** Runs one command line; returns the exit status. */
  int run(String... args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
      return switch (options.mode()) {
        case HELP -> {
          out.print(Options.USAGE);
          yield 0;
        }
        case JMH -> {
          org.openjdk.jmh.Main.main(options.jmhArgs().toArray(String[]::new));
          yield 0;
        }
        case LIST -> list();
        case ONLY -> only(options);
        case RUN_ALL -> runAll(options, args);
      };
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return USAGE_ERROR;
    }
  }

  private int list() {
    for (BenchSystem system : systems) {
      String state = switch (system.availability()) {
        case Availability.Available available -> available.version();
        case Availability.Missing missing -> "MISSING: " + missing.reason();
      };
      out.println(system.name() + "\t" + system.description() + "\t" + state);
      out.println("\t" + (system.workloads().isEmpty() ? "(no workloads)" : String.join(" ", system.workloads())));
    }
    return 0;
  }

  private int only(Options options) throws InterruptedException {
    String workload = requireNonNull(options.only());
    String name = options.systems().get(0);
    BenchSystem system = Systems.named(systems, name).orElseThrow(() -> new IllegalArgumentException(
        "unknown system '" + name + "'; the systems are " + systems.stream().map(BenchSystem::name).toList()));
    if (!system.workloads().contains(workload)) {
      throw new IllegalArgumentException(
          "system " + name + " has no workload '" + workload + "'; it has " + system.workloads());
    }
    if (system.availability() instanceof Availability.Missing missing) {
      err.println(new Note.Missing(name, missing.reason()).line());
      return MISSING;
    }
    List<Row> rows = switch (system) {
      case JvmSystem jvm -> runHere(jvm, jvm.workload(workload), options);
      case PythonSystem python -> runChild(python, workload, options);
    };
    rows.forEach(row -> out.println(row.onlyLine()));
    return rows.isEmpty() ? FAILED : 0;
  }

  /** This process is the fresh one: run the Java workload right here. */
  private List<Row> runHere(JvmSystem system, Workload workload, Options options) {
    List<Figure> figures;
    try {
      system.checkJvmOptions();
      figures = Repetitions.measure(workload, options.scale());
    } catch (Exception e) {
      err.println(new Note.Failed(system.name(), workload.name(), e.toString()).line());
      e.printStackTrace(err);
      return List.of();
    }
    List<Row> rows = new ArrayList<>();
    figures.forEach(figure -> rows.add(new Row(system.name(), workload.name(), figure)));
    return rows;
  }

  private List<Row> runChild(PythonSystem system, String workload, Options options) throws InterruptedException {
    List<Note> notes = new ArrayList<>();
    Runner runner = new Runner(systems, launcher, err, err);
    List<Row> rows = runner.runOne(system, workload, options.scale(), options.timeout(), notes);
    notes.forEach(note -> err.println(note.line()));
    return rows;
  }

  private int runAll(Options options, String[] args) throws InterruptedException, IOException {
    Machine machine = Machine.current();
    RunResult result = new Runner(systems, launcher, out, err).run(options);
    Report report = new Report(result, machine, String.join(" ", Lists.asList("java -jar benchmarks.jar", args)));
    // Files first: the TSV holds the measurements even if a table cannot be drawn.
    List<Path> written = ResultsWriter.write(options.resultsDir(), result, report, machine);
    out.println();
    out.print(report.markdown());
    written.forEach(path -> out.println("# wrote " + path));
    boolean failed = result.notes().stream().anyMatch(note -> note instanceof Note.Failed);
    return failed ? FAILED : 0;
  }
}
