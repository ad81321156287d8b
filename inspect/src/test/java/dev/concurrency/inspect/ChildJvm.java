package dev.concurrency.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A child JVM running a test program on this JVM's class path, which tells it to end by closing its stdin. */
final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final List<String> output = new ArrayList<>();

  private ChildJvm(Process process) {
    this.process = process;
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  synchronized (output) {
                    output.add(line);
                  }
                  if (line.equals("READY")) {
                    ready.complete(null);
                  }
                }
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
              ready.completeExceptionally(new IllegalStateException("the child ended before READY: " + output));
            });
  }

  /** Starts {@code main} in a new JVM with the JMX registration delay off, and waits until it prints READY. */
  static ChildJvm start(Class<?> main, String... jvmOptions) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Ddev.concurrency.jmx.delayMillis=0");
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    ChildJvm child = new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    child.ready.get(60, TimeUnit.SECONDS);
    return child;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() throws IOException {
    process.getOutputStream().close();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    assertThat(process.isAlive()).as("the child JVM ended").isFalse();
  }
}
