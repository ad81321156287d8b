package dev.concurrency.benchmarks.runner;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.concurrency.benchmarks.workload.Scale;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The runner's command line, parsed: what to run, at which scale, and where the results go.
 *
 * <pre>{@code
 * java -jar benchmarks.jar [--quick] [--system NAME,...] [--workload NAME,...] [--results DIR] [--timeout S]
 * java -jar benchmarks.jar --only WORKLOAD --system NAME [--quick]
 * java -jar benchmarks.jar --list
 * java -jar benchmarks.jar jmh [JMH options]
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * @param mode what the run does
 * @param scale the sizes: {@link Scale#FULL} unless {@code --quick}
 * @param only the one workload of an {@code --only} run, else null
 * @param systems the systems to run (empty: all of them); exactly one for {@code --only}
 * @param workloads the workloads to run (empty: all of them)
 * @param resultsDir where the TSV and Markdown files go
 * @param timeout the longest one (system, workload) process may take before it is killed
 * @param jmhArgs the arguments handed to JMH in {@link Mode#JMH} mode
 */
public record Options(
    Mode mode,
    Scale scale,
    @Nullable String only,
    List<String> systems,
    List<String> workloads,
    Path resultsDir,
    Duration timeout,
    List<String> jmhArgs) {

  /** What a run does. */
  public enum Mode {
    /** Every selected workload on every selected system, each in a fresh process; then the tables. */
    RUN_ALL,
    /** One workload on one system; prints {@code workload<TAB>metric<TAB>value<TAB>unit} lines only. */
    ONLY,
    /** Lists the systems, their workloads and whether each is available. */
    LIST,
    /** Hands the remaining arguments to JMH ({@code org.openjdk.jmh.Main}). */
    JMH,
    /** Prints the usage. */
    HELP
  }

  /** Where results go when {@code --results} is not given: relative to the repository root. */
  public static final Path DEFAULT_RESULTS = Path.of("benchmarks", "results");

  /** How long one (system, workload) process may run at full scale unless {@code --timeout} says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(180);

  /** The usage text that {@code --help} prints and that every argument error ends with. */
  public static final String USAGE =
      """
      usage: java -jar benchmarks.jar [--quick] [--system NAME[,NAME...]] [--workload NAME[,NAME...]]
                                      [--results DIR] [--timeout SECONDS]
             java -jar benchmarks.jar --only WORKLOAD --system NAME [--quick]
             java -jar benchmarks.jar --list
             java -jar benchmarks.jar jmh [JMH options, e.g. -l, or a regex such as ReentrantLock]
      """;

  /** Checks the parts and copies the lists. */
  public Options {
    requireNonNull(mode, "mode");
    requireNonNull(scale, "scale");
    systems = ImmutableList.copyOf(systems);
    workloads = ImmutableList.copyOf(workloads);
    requireNonNull(resultsDir, "resultsDir");
    requireNonNull(timeout, "timeout");
    jmhArgs = ImmutableList.copyOf(jmhArgs);
  }

  /**
   * Parses a command line.
   *
   * @throws IllegalArgumentException naming the argument that is wrong and what to write instead
   */
  public static Options parse(String... args) {
    requireNonNull(args, "args");
    if (args.length > 0 && args[0].equals("jmh")) {
      return new Options(Mode.JMH, Scale.FULL, null, List.of(), List.of(), DEFAULT_RESULTS, DEFAULT_TIMEOUT,
          Arrays.asList(args).subList(1, args.length));
    }
    Mode mode = Mode.RUN_ALL;
    Scale scale = Scale.FULL;
    String only = null;
    List<String> systems = new ArrayList<>();
    List<String> workloads = new ArrayList<>();
    Path results = DEFAULT_RESULTS;
    Duration timeout = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--quick" -> scale = Scale.QUICK;
        case "--list" -> mode = Mode.LIST;
        case "--help", "-h" -> mode = Mode.HELP;
        case "--only" -> only = value(args, ++i, arg);
        case "--system", "--systems" -> systems.addAll(names(value(args, ++i, arg)));
        case "--workload", "--workloads" -> workloads.addAll(names(value(args, ++i, arg)));
        case "--results" -> results = Path.of(value(args, ++i, arg));
        case "--timeout" -> timeout = seconds(value(args, ++i, arg));
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
      }
    }
    if (only != null && mode == Mode.RUN_ALL) {
      if (systems.size() != 1) {
        throw new IllegalArgumentException(
            "--only " + only + " needs exactly one --system NAME (see --list for the names)\n" + USAGE);
      }
      if (!workloads.isEmpty()) {
        throw new IllegalArgumentException("--only and --workload do not go together: --only names the workload\n"
            + USAGE);
      }
      mode = Mode.ONLY;
    }
    if (timeout == null) {
      timeout = scale == Scale.QUICK ? DEFAULT_TIMEOUT.dividedBy(3) : DEFAULT_TIMEOUT;
    }
    return new Options(mode, scale, only, systems, workloads, results, timeout, List.of());
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length || args[index].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    return args[index];
  }

  private static List<String> names(String commaSeparated) {
    List<String> names = new ArrayList<>();
    for (String name : commaSeparated.split(",", -1)) {
      if (name.isBlank()) {
        throw new IllegalArgumentException("empty name in '" + commaSeparated + "': separate names by single commas");
      }
      names.add(name.strip());
    }
    return names;
  }

  private static Duration seconds(String text) {
    long seconds;
    try {
      seconds = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--timeout takes whole seconds, not '" + text + "'", e);
    }
    if (seconds <= 0) {
      throw new IllegalArgumentException("--timeout must be positive, not " + seconds);
    }
    return Duration.ofSeconds(seconds);
  }
}
