package dev.concurrency.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A cluster member in a JVM of its own, started by a test with the test's class path, so that the test can kill
 * it (SIGKILL, as a crash) while it runs tasks. Its JVM has the system property {@value #PROPERTY} set, which is
 * how a task knows it runs there.
 *
 * <p>As a main class: joins the cluster named by the first argument at the address in the second, prints
 * {@code ADDRESS host:port}, then serves until its standard input closes, and leaves. The test side reads every
 * line it prints into a queue.
 */
final class ChildMember implements AutoCloseable {

  /** Set to {@code true} in the child JVM only. */
  static final String PROPERTY = "dev.concurrency.cluster.child";

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final String address;

  private ChildMember(Process process, Duration patience) throws InterruptedException {
    this.process = process;
    Thread.ofPlatform().daemon().name("child-member-output").start(this::pump);
    String ready = awaitLine(line -> line.startsWith("ADDRESS "), patience);
    if (ready == null) {
      process.destroyForcibly();
      throw new IllegalStateException("the child member did not start within " + patience + "; it printed " + lines);
    }
    this.address = ready.substring("ADDRESS ".length());
  }

  /** Starts a child member that joins {@code cluster} at its first member's address; returns once it is in. */
  static ChildMember join(TestCluster cluster, Duration patience) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-D" + PROPERTY + "=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ChildMember.class.getName());
    command.add(cluster.clusterName);
    command.add(cluster.first().address());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    return new ChildMember(process, patience);
  }

  /** Whether this JVM is the child. */
  static boolean here() {
    return Boolean.getBoolean(PROPERTY);
  }

  String address() {
    return address;
  }

  /** The next line that matches, waiting at most {@code patience}; null if none came. */
  String awaitLine(java.util.function.Predicate<String> wanted, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    for (long left = patience.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      String line = lines.poll(left, TimeUnit.NANOSECONDS);
      if (line != null && wanted.test(line)) {
        return line;
      }
    }
    return null;
  }

  /** Kills the child JVM at once (SIGKILL on Linux), as a crash would end it, and waits for it to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the child member's JVM did not die");
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while killing the child member", e);
      }
    }
  }

  private void pump() {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("(output ended: " + e + ")");
    }
  }

  /** The child: joins, says where it is, serves until its standard input closes. */
  public static void main(String[] args) throws IOException {
    try (ClusterMember member =
        ClusterMember.builder()
            .clusterName(args[0])
            .name("child")
            .join(args[1])
            .joinWait(Duration.ZERO)
            .workers(2)
            .allow("dev.concurrency.cluster.*")
            .start()) {
      System.out.println("ADDRESS " + member.address());
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // serve until the parent closes our input (or kills us)
      }
    }
  }
}
