package dev.concurrency.benchmarks.runner;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Where the Python peers come from: which interpreter can import what a peer needs, and the peer scripts, copied
 * out of the jar into a temporary directory that is removed when the JVM exits.
 *
 * <p>Several {@code python3}s may be installed: a pyenv build first on the {@code PATH}, Debian's
 * {@code /usr/bin/python3} (the one {@code apt-get install python3-uvloop} serves). Each peer takes the first
 * candidate that can import its module.
 *
 * <p>Thread-safe: answers are cached in concurrent maps and memoizing suppliers.
 */
public final class PythonEnvironment {

  /** The interpreters tried, in order, unless a test gives others. */
  public static final List<String> DEFAULT_CANDIDATES = List.of("python3", "/usr/bin/python3");

  /** The scripts under {@code python/} in the jar: the entry point first. */
  static final List<String> SCRIPTS =
      List.of("peer.py", "peer_common.py", "peer_asyncio.py", "peer_threading.py", "peer_multiprocessing.py");

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

  private final List<String> candidates;
  private final Launcher launcher;
  private final Supplier<List<String>> installed;
  private final Map<String, Optional<Interpreter>> byModule = new ConcurrentHashMap<>();
  private final Map<String, Optional<Interpreter>> byMinimum = new ConcurrentHashMap<>();
  private final Supplier<Path> scripts = Suppliers.memoize(PythonEnvironment::extractScripts);

  /** An interpreter that works: the command to run it and its version line. */
  public record Interpreter(String path, String version) {
    /** Checks the parts. */
    public Interpreter {
      requireNonNull(path, "path");
      requireNonNull(version, "version");
    }
  }

  /** Looks for interpreters among {@code candidates}, running probes through {@code launcher}. */
  public PythonEnvironment(List<String> candidates, Launcher launcher) {
    this(candidates, launcher, PythonEnvironment::installedInterpreters);
  }

  /**
   * Looks for interpreters among {@code candidates}; a peer that needs a minimum version also tries the ones
   * {@code installed} lists (by default every {@code ~/.pyenv/versions/X/bin/python3} and {@code
   * /usr/bin/python3.X}).
   */
  public PythonEnvironment(List<String> candidates, Launcher launcher, Supplier<List<String>> installed) {
    this.candidates = ImmutableList.copyOf(candidates);
    this.launcher = requireNonNull(launcher, "launcher");
    this.installed = Suppliers.memoize(requireNonNull(installed, "installed")::get);
  }

  /** The candidates tried, in order. */
  public List<String> candidates() {
    return candidates;
  }

  /**
   * The first candidate that runs and imports {@code module} (any working one when null), or empty.
   *
   * @throws IllegalArgumentException if {@code module} is not a plain module name
   */
  public Optional<Interpreter> interpreterWith(@Nullable String module) {
    if (module != null && !module.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("'" + module + "' is not a Python module name");
    }
    return byModule.computeIfAbsent(module == null ? "" : module, this::probeAll);
  }

  /**
   * The newest interpreter of version {@code minimum} or later among the candidates and the installed
   * interpreters, or empty: for peers that need a recent asyncio ({@code eager_task_factory} is 3.12+).
   *
   * @throws IllegalArgumentException if {@code minimum} is not of the form {@code 3.12}
   */
  public Optional<Interpreter> newestAtLeast(String minimum) {
    if (!minimum.matches("\\d+\\.\\d+")) {
      throw new IllegalArgumentException("'" + minimum + "' is not a version like 3.12");
    }
    return byMinimum.computeIfAbsent(minimum, this::probeNewest);
  }

  /** Every interpreter tried for {@link #newestAtLeast}: the installed ones, then the usual candidates. */
  public List<String> versionedCandidates() {
    return ImmutableList.<String>builder().addAll(installed.get()).addAll(candidates).build();
  }

  private Optional<Interpreter> probeNewest(String minimum) {
    Interpreter best = null;
    int[] bestVersion = parse(minimum);
    boolean found = false;
    for (String candidate : versionedCandidates()) {
      Optional<Interpreter> probed = probe(candidate, "");
      if (probed.isEmpty()) {
        continue;
      }
      int[] version = parse(probed.get().version().replace("Python ", "").strip());
      if (compare(version, bestVersion) > 0 || (!found && compare(version, bestVersion) == 0)) {
        best = probed.get();
        bestVersion = version;
        found = true;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Major and minor of {@code 3.13.0} (or {@code 3.13}); missing parts count as 0. */
  static int[] parse(String version) {
    String[] parts = version.split("[.\\s]");
    int[] out = new int[2];
    for (int i = 0; i < 2 && i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        out[i] = 0;
      }
    }
    return out;
  }

  private static int compare(int[] a, int[] b) {
    return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
  }

  /** Every {@code ~/.pyenv/versions/X/bin/python3} and {@code /usr/bin/python3.X} that exists. */
  static List<String> installedInterpreters() {
    List<String> found = new java.util.ArrayList<>();
    Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
    if (Files.isDirectory(pyenv)) {
      try (Stream<Path> versions = Files.list(pyenv)) {
        versions.map(v -> v.resolve("bin").resolve("python3")).filter(Files::isExecutable).sorted()
            .forEach(p -> found.add(p.toString()));
      } catch (IOException e) {
        // unreadable: nothing installed there for us
      }
    }
    try (Stream<Path> bin = Files.list(Path.of("/usr/bin"))) {
      bin.filter(p -> p.getFileName().toString().matches("python3\\.\\d+")).sorted()
          .forEach(p -> found.add(p.toString()));
    } catch (IOException e) {
      // no /usr/bin listing: nothing to add
    }
    return found;
  }

  /** The entry-point script, {@code peer.py}, with its helpers beside it. */
  public Path peerScript() {
    return scripts.get().resolve(SCRIPTS.get(0));
  }

  private Optional<Interpreter> probeAll(String module) {
    for (String candidate : candidates) {
      Optional<Interpreter> found = probe(candidate, module);
      if (found.isPresent() || Thread.currentThread().isInterrupted()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** Runs {@code candidate} to print its version (and import {@code module}, unless empty). */
  private Optional<Interpreter> probe(String candidate, String module) {
    String code = "import platform\nv = 'Python ' + platform.python_version()\n"
        + (module.isEmpty() ? "" : "import " + module + "\nv += ', " + module + " ' + getattr(" + module
            + ", '__version__', '?')\n")
        + "print(v)\n";
    try {
      Launcher.Outcome outcome = launcher.run(List.of(candidate, "-c", code), PROBE_TIMEOUT);
      if (outcome.succeeded() && !outcome.stdout().isEmpty()) {
        return Optional.of(new Interpreter(candidate, outcome.stdout().get(0).strip()));
      }
    } catch (IOException notInstalled) {
      // Not on this machine: the caller tries the next candidate.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  private static Path extractScripts() {
    try {
      Path dir = Files.createTempDirectory("benchmarks-python-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "delete-python-scripts"));
      for (String script : SCRIPTS) {
        try (InputStream in = PythonEnvironment.class.getResourceAsStream("/python/" + script)) {
          if (in == null) {
            throw new IllegalStateException("python/" + script + " is not on the class path: rebuild the benchmarks "
                + "module (mvn -pl benchmarks -am package)");
          }
          Files.copy(in, dir.resolve(script));
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("copying the Python peers to a temporary directory", e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + dir + " (" + e.getMessage() + "); it is safe to delete");
    }
  }
}
