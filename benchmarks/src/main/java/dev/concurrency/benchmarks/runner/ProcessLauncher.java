package dev.concurrency.benchmarks.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The real {@link Launcher}: {@link ProcessBuilder}, both output streams drained on their own threads (so a
 * chatty child can never block on a full pipe), and the whole process tree killed on timeout.
 *
 * <p>Thread-safe: each call uses only its own process and threads.
 */
public final class ProcessLauncher implements Launcher {

  @Override
  public Outcome run(List<String> command, Duration timeout) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    List<String> out = new ArrayList<>();
    StringBuilder err = new StringBuilder();
    Thread outReader = drain(process.getInputStream(), line -> out.add(line));
    Thread errReader = drain(process.getErrorStream(), line -> err.append(line).append('\n'));
    boolean finished = false;
    try {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      if (!finished) {
        // A timed-out or abandoned child must not outlive the runner: kill its children first, then it.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
      }
      outReader.join();
      errReader.join();
    }
    // join() makes everything the drain threads appended visible here.
    return new Outcome(finished ? process.exitValue() : -1, out, err.toString(), !finished);
  }

  private static Thread drain(InputStream stream, Consumer<String> sink) {
    return Thread.ofPlatform().daemon().name("child-output").start(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          sink.accept(line);
        }
      } catch (IOException e) {
        // Only a killed child closes its pipe mid-line; its outcome already says it timed out.
        sink.accept("(output cut: " + e.getMessage() + ")");
      }
    });
  }
}
