package dev.concurrency.processes;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.Stream;

/**
 * JVM options for the children tests start: flags that cut a child's boot (C1 only, serial GC, no perf data
 * file), and the JaCoCo agent of the test JVM, when it has one, so that the code that runs in children
 * ({@code ChildMain}) is measured like the rest.
 */
final class TestJvm {

  private TestJvm() {}

  static List<String> options() {
    return Stream.concat(
            Stream.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"),
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("-javaagent:") && arg.contains("jacoco")))
        .toList();
  }
}
