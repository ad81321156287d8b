package dev.concurrency.processes;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * JVM options for the children tests start: the JaCoCo agent of the test JVM, when it has one, so that the code
 * that runs in children ({@code ChildMain}) is measured like the rest.
 */
final class TestJvm {

  private TestJvm() {}

  static List<String> options() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("-javaagent:") && arg.contains("jacoco"))
        .toList();
  }
}
