package dev.concurrency.benchmarks.runner;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A launcher for tests: a JVM system's command ({@code java -cp ... BenchMain --only W --system S}) runs through
 * {@link BenchMain} in this process, on the given systems, so runner tests need no child JVMs. Every command it
 * was given is kept, to check what would have been started.
 */
final class InProcessLauncher implements Launcher {

  private final List<BenchSystem> systems;
  final List<List<String>> commands = new ArrayList<>();

  InProcessLauncher(List<BenchSystem> systems) {
    this.systems = systems;
  }

  @Override
  public Outcome run(List<String> command, Duration timeout) throws InterruptedException {
    commands.add(command);
    int main = command.indexOf(BenchMain.class.getName());
    if (main < 0) {
      throw new IllegalArgumentException("not a JVM system's command: " + command);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = new BenchMain(systems, this, o, e).run(command.subList(main + 1, command.size()).toArray(String[]::new));
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("BenchMain threw instead of returning a status", e);
    }
    return new Outcome(status, out.toString(StandardCharsets.UTF_8).lines().toList(),
        err.toString(StandardCharsets.UTF_8), false);
  }
}
