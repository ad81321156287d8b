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
  private final Map<String, Optional<Interpreter>> byModule = new ConcurrentHashMap<>();
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
    this.candidates = ImmutableList.copyOf(candidates);
    this.launcher = requireNonNull(launcher, "launcher");
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

  /** The entry-point script, {@code peer.py}, with its helpers beside it. */
  public Path peerScript() {
    return scripts.get().resolve(SCRIPTS.get(0));
  }

  private Optional<Interpreter> probeAll(String module) {
    String code = "import platform\nv = 'Python ' + platform.python_version()\n"
        + (module.isEmpty() ? "" : "import " + module + "\nv += ', " + module + " ' + getattr(" + module
            + ", '__version__', '?')\n")
        + "print(v)\n";
    for (String candidate : candidates) {
      try {
        Launcher.Outcome outcome = launcher.run(List.of(candidate, "-c", code), PROBE_TIMEOUT);
        if (outcome.succeeded() && !outcome.stdout().isEmpty()) {
          return Optional.of(new Interpreter(candidate, outcome.stdout().get(0).strip()));
        }
      } catch (IOException notInstalled) {
        // Not on this machine: try the next candidate.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
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
