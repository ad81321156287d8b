package dev.concurrency.processes;

import dev.concurrency.processes.internal.Tracker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM started outside this test JVM's process tree: it runs a test class's {@code main} and is its own tracker
 * (the variable that would name this JVM as its tracker is removed), as an unrelated program would be.
 */
final class SeparateJvm {

  private SeparateJvm() {}

  static Process start(Class<?> main, String... args) throws IOException {
    return start(List.of(), main, args);
  }

  static Process start(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove(Tracker.ENVIRONMENT);
    return builder.start();
  }

  static BufferedReader stdout(Process process) {
    return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  static String stderr(Process process) throws IOException {
    return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
