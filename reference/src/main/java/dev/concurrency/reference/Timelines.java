package dev.concurrency.reference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs every example once, each in a JVM of its own, with {@code --svg}, for its timeline picture and the output
 * of this build's run. Two run at a time. An example that fails or outlasts the limit is reported, not hidden.
 *
 * <p>Not thread-safe; {@link #runAll} is called once.
 */
final class Timelines {

  /** How long one example may run. */
  static final long LIMIT_SECONDS = 180;

  /**
   * What one run left.
   *
   * @param svg the picture, if the example drew one
   * @param output what it printed
   * @param exitCode its exit status; 0 when it succeeded
   */
  record Run(boolean svg, String output, int exitCode) {}

  private final Path javaLauncher;
  private final String classPath;
  private final Path folder;

  Timelines(Path java, String classPath, Path folder) {
    this.javaLauncher = java;
    this.classPath = classPath;
    this.folder = folder;
  }

  /** Runs the examples named, two at a time, and returns each one's run by name. */
  Map<String, Run> runAll(List<String> names) throws IOException, InterruptedException {
    Files.createDirectories(folder);
    Map<String, Run> runs = new ConcurrentHashMap<>();
    List<Future<?>> pending = new ArrayList<>();
    try (ExecutorService two = Executors.newFixedThreadPool(2)) {
      for (String name : names) {
        pending.add(two.submit(() -> {
          runs.put(name, runOne(name));
          return null;
        }));
      }
      for (Future<?> run : pending) {
        try {
          run.get();
        } catch (ExecutionException e) {
          throw new IOException("running an example failed", e.getCause());
        }
      }
    }
    return runs;
  }

  private Run runOne(String name) throws IOException, InterruptedException {
    Path svg = folder.resolve(name + ".svg");
    Path output = folder.resolve(name + ".txt");
    Process process = new ProcessBuilder(javaLauncher.toString(), "-cp", classPath, "dev.concurrency.examples.Examples", name,
            "--svg", svg.toString())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    int exitCode;
    if (process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
      exitCode = process.exitValue();
    } else {
      process.destroyForcibly().waitFor();
      Files.writeString(output, "\n(stopped after " + LIMIT_SECONDS + " s)\n", StandardOpenOption.APPEND);
      exitCode = -1;
    }
    System.out.println("reference: ran " + name + (exitCode == 0 ? "" : " (exit status " + exitCode + ")"));
    return new Run(Files.isRegularFile(svg), Files.readString(output), exitCode);
  }
}
