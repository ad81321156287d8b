package dev.concurrency.benchmarks.workload;

import static dev.concurrency.benchmarks.workload.Workload.check;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The server's side of {@code E8_echo}: starts the shared {@link EchoLoad} client in a JVM of its own against a
 * server that is already listening, waits for it, and turns what it printed into the figures. The Java servers
 * (this project's, the JDK baseline's) call {@link #drive}; the Python peers run the same {@link #command},
 * which the runner passes to {@code peer.py}.
 *
 * <p>Stateless and thread-safe.
 */
public final class EchoDriver {

  /** The workload's name in every system and table. */
  public static final String WORKLOAD = "E8_echo";

  /** The second figure: the server process's CPU time per round trip, in microseconds (lower is better). */
  public static final String SERVER_CPU = "server_cpu_per_request_us";

  /** The longest a client run may take before the server's side calls it hung and kills it. */
  private static final long PATIENCE_SECONDS = 120;

  private EchoDriver() {}

  /**
   * The command that starts the client generator, without its arguments: this JVM's {@code java}, with this
   * JVM's class path made absolute (so it works from any working directory), and the generator's class.
   */
  public static List<String> command() {
    String classPath = Stream.of(ThisJvm.classPath().split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
    return List.of(ThisJvm.java(), "-cp", classPath, EchoLoad.class.getName());
  }

  /** The full command line for a server listening on {@code port} of 127.0.0.1. */
  static List<String> command(int port, EchoLoad.Sizes sizes) {
    return ImmutableList.<String>builder()
        .addAll(command())
        .add(String.valueOf(port), String.valueOf(sizes.clients()), String.valueOf(sizes.rounds()),
            String.valueOf(sizes.warmup()), String.valueOf(sizes.size()))
        .build();
  }

  /**
   * Runs the client generator against the echo server on 127.0.0.1:{@code port} and returns its figure,
   * {@code requests_per_s}. Blocks the calling thread until the generator ends: call it from a thread that is not
   * the server's (for an event loop, through its thread bridge).
   *
   * @throws IllegalStateException if the generator's check failed (its reason is in the message), it printed
   *     something unexpected, or it did not finish within two minutes (it is killed first)
   * @throws IOException if the generator could not be started
   * @throws InterruptedException if interrupted while waiting (the generator is killed first)
   */
  public static List<Figure> drive(int port, EchoLoad.Sizes sizes) throws IOException, InterruptedException {
    requireNonNull(sizes, "sizes");
    long cpuBefore = processCpuNanos();
    Process client = new ProcessBuilder(command(port, sizes))
        .redirectError(ProcessBuilder.Redirect.INHERIT) // its reason for failing lands in the runner's report
        .start();
    // stdin stays open: the generator exits when it closes, that is, when this process goes away
    String output;
    boolean finished = false;
    try (InputStream stdout = client.getInputStream()) {
      output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
      finished = client.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS);
    } finally {
      if (!finished) {
        client.destroyForcibly();
      }
    }
    check(finished, "E8: the echo client did not finish within " + PATIENCE_SECONDS + " s");
    check(client.exitValue() == 0, "E8: the echo client failed with exit status " + client.exitValue()
        + " (its reason is on standard error)");
    return figures(output, sizes, (processCpuNanos() - cpuBefore) / 1e9);
  }

  /** The CPU time this whole process (every thread, JIT and GC included) has used, in nanoseconds. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * The figures from the generator's output, after checking it verified every byte: its rate, and the server's
   * CPU time per round trip ({@code serverCpuSeconds} over every round trip, warm-up included), which still
   * tells servers apart when the shared cores, not the server, bound the rate.
   */
  static List<Figure> figures(String output, EchoLoad.Sizes sizes, double serverCpuSeconds) {
    Map<String, String> fields = new HashMap<>();
    output.lines().map(line -> line.split("\t")).filter(parts -> parts.length == 2)
        .forEach(parts -> fields.put(parts[0], parts[1]));
    check(fields.containsKey("requests_per_s") && fields.containsKey("bytes_verified"),
        "E8: the echo client printed no figures: '" + output.strip() + "'");
    long verified = Long.parseLong(fields.get("bytes_verified"));
    check(verified == sizes.totalBytes(),
        "E8: the echo client verified " + verified + " bytes of " + sizes.totalBytes());
    long roundTrips = (long) sizes.clients() * (sizes.rounds() + sizes.warmup());
    return List.of(
        new Figure("requests_per_s", Double.parseDouble(fields.get("requests_per_s")), "requests/s"),
        new Figure(SERVER_CPU, serverCpuSeconds * 1e6 / roundTrips, "us"));
  }
}
