package dev.concurrency.processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process a child's task starts, with the child's stdout and stderr inherited: it prints a line, then lives for
 * a given time holding them open, as a background server or a forgotten {@code sleep} would. Tests use it to show
 * that a child's output channel is plain output, and that a descendant holding it does not hold up the parent.
 */
final class Grandchild {

  private Grandchild() {}

  /** Arguments: seconds to live, then the line to print first. */
  public static void main(String[] args) throws InterruptedException {
    System.out.println(args[1]);
    System.out.flush();
    // Its whole job is to stay alive for a while; the test kills it sooner. A bound, so that none outlives a
    // crashed test run by long.
    Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(args[0])));
  }

  /** Starts one from a child JVM, inheriting the child's stdin, stdout and stderr; returns it. */
  static Process start(long seconds, String line) throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
    command.addAll(List.of(Grandchild.class.getName(), Long.toString(seconds), line));
    return new ProcessBuilder(command).inheritIO().start();
  }

  /** Publishes a pid atomically (write, then rename), for a test waiting on the file. */
  static void publishPid(String file, long pid) {
    try {
      Files.writeString(Path.of(file + ".tmp"), Long.toString(pid));
      Files.move(Path.of(file + ".tmp"), Path.of(file));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
