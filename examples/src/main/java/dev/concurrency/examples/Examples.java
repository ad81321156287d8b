package dev.concurrency.examples;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The launcher: lists the examples, or runs one by its short name.
 *
 * <pre>{@code
 * ./examples.sh                  # list every example, by group, with its seed section
 * ./examples.sh seed-threads     # run one
 * ./examples.sh seed             # the seed's three section-4 samples, one after another
 * ./examples.sh all              # every example; reports each failure and exits non-zero if any failed
 * ./examples.sh pstree PID       # the tasks of a running JVM as a tree (also ps PID, graph PID: see Inspect)
 * }</pre>
 *
 * <p>An unknown name prints the list to standard error and exits with status 2. An example that throws is
 * reported with its stack trace and the launcher exits with status 1.
 *
 * <p>Instances are not thread-safe; each is meant for one command line.
 */
public final class Examples {

  /** Exit status when every example that ran succeeded. */
  static final int OK = 0;

  /** Exit status when an example failed. */
  static final int FAILED = 1;

  /** Exit status for a command line that names no known example. */
  static final int USAGE = 2;

  private final Catalog catalog;
  private final PrintStream out;
  private final PrintStream err;

  Examples(Catalog catalog, PrintStream out, PrintStream err) {
    this.catalog = requireNonNull(catalog, "catalog");
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
  }

  /**
   * Runs the command line and exits with its status.
   *
   * @param args empty to list; {@code seed}; {@code all}; {@code ps}, {@code pstree} or {@code graph} and a PID; or an example's name followed by its arguments
   */
  public static void main(String[] args) {
    int status = new Examples(Catalog.standard(), System.out, System.err).run(List.of(args));
    System.out.flush();
    // Exit explicitly: an example may leave non-daemon pool threads behind on failure.
    System.exit(status);
  }

  /** Runs a command line and returns the exit status. */
  int run(List<String> args) {
    if (args.isEmpty()) {
      printList(out);
      return OK;
    }
    String command = args.get(0);
    List<String> rest = args.subList(1, args.size());
    return switch (command) {
      case "seed" -> runAll(seedSamples(), rest);
      case "all" -> runAll(catalog.examples(), rest);
      case "ps", "pstree", "graph" -> InspectTool.run(args, out, err); // python -m asyncio ps / pstree PID
      case "list", "--help", "-h" -> {
        printList(out);
        yield OK;
      }
      default -> runNamed(command, rest);
    };
  }

  private List<Example> seedSamples() {
    List<Example> seed = new ArrayList<>();
    for (String name : Catalog.SEED_SAMPLES) {
      catalog.find(name).ifPresentOrElse(seed::add, () -> err.println("seed sample '" + name + "' is missing"));
    }
    return seed;
  }

  private int runNamed(String name, List<String> rest) {
    Optional<Example> example = catalog.find(name);
    if (example.isEmpty()) {
      err.println("No example is named '" + name + "'." + catalog.closestTo(name).map(e -> " Did you mean '" + e.name() + "'?").orElse("")
          + " Pick one of these:");
      printList(err);
      return USAGE;
    }
    return runOne(example.get(), rest) ? OK : FAILED;
  }

  private int runAll(List<Example> examples, List<String> rest) {
    List<String> failed = new ArrayList<>();
    for (Example example : examples) {
      out.println("=== " + example.name() + " (seed " + example.section() + "): " + example.summary());
      if (!runOne(example, rest)) {
        failed.add(example.name());
      }
      out.println();
    }
    if (failed.isEmpty()) {
      out.println(examples.size() + " examples ran, none failed");
      return OK;
    }
    err.println(failed.size() + " of " + examples.size() + " examples failed: " + String.join(", ", failed));
    return FAILED;
  }

  private boolean runOne(Example example, List<String> args) {
    try {
      example.body().run(out, args);
      return true;
    } catch (Exception e) {
      err.println("example '" + example.name() + "' failed:");
      e.printStackTrace(err);
      return false;
    }
  }

  private void printList(PrintStream to) {
    to.println("Usage: ./examples.sh [NAME [ARGS...] | seed | all]");
    int nameWidth = catalog.examples().stream().mapToInt(e -> e.name().length()).max().orElse(0);
    int sectionWidth = catalog.examples().stream().mapToInt(e -> e.section().length()).max().orElse(0);
    String row = "  %-" + nameWidth + "s  %-" + sectionWidth + "s  %s%n";
    Group current = null;
    for (Example example : catalog.examples()) {
      if (example.group() != current) {
        current = example.group();
        to.println();
        to.println(current.label() + " - " + current.description());
      }
      to.printf(row, example.name(), example.section(), example.summary());
    }
  }
}
