package dev.concurrency.benchmarks.runner;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;

/**
 * The machine a run measured, for the table's header: performance claims carry the machine and the date.
 * Immutable and safe to share between threads.
 *
 * @param cores the processors the JVM sees
 * @param cpu the CPU model, from {@code /proc/cpuinfo} where there is one
 * @param os the operating system and its version
 * @param java the runtime that ran the runner
 * @param load the 1-minute load average when the run started, from {@code /proc/loadavg} ("unknown" elsewhere):
 *     on a shared machine, the first thing to read next to a surprising figure
 * @param date when the run started, to the second
 */
public record Machine(int cores, String cpu, String os, String java, String load, Instant date) {

  /** Checks the parts. */
  public Machine {
    requireNonNull(cpu, "cpu");
    requireNonNull(os, "os");
    requireNonNull(java, "java");
    requireNonNull(load, "load");
    requireNonNull(date, "date");
  }

  /** This machine, now. */
  public static Machine current() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        cpuModel(Path.of("/proc/cpuinfo")),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + Runtime.version(),
        loadAverage(Path.of("/proc/loadavg")),
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  /** The first {@code model name} in a cpuinfo file, or "unknown CPU" when there is none. */
  static String cpuModel(Path cpuinfo) {
    if (!Files.isReadable(cpuinfo)) {
      return "unknown CPU";
    }
    try (Stream<String> lines = Files.lines(cpuinfo)) {
      return lines.filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).strip())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU (" + e.getMessage() + ")";
    }
  }

  /** The first field of a loadavg file (the 1-minute load average), or "unknown". */
  static String loadAverage(Path loadavg) {
    try {
      String[] fields = Files.readString(loadavg).strip().split("\\s+");
      return fields[0].isEmpty() ? "unknown" : fields[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** One line for a table's header. */
  public String describe() {
    return cores + " cores (" + cpu + "), " + os + ", " + java + ", load average " + load + " at the start, " + date;
  }
}
