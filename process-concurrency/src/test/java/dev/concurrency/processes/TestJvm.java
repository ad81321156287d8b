package dev.concurrency.processes;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.Stream;

/**
 * JVM options for the children tests start: flags that cut a child's boot (C1 only, serial GC, no perf data
 * file), and the JaCoCo agent of the test JVM, when it has one, writing to a file of the children's own.
 */
final class TestJvm {

  private TestJvm() {}

  static List<String> options() {
    return Stream.concat(
            Stream.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"),
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("-javaagent:") && arg.contains("jacoco"))
                .map(TestJvm::ownFile))
        .toList();
  }

  /**
   * The agent argument with a destination file for the children, apart from the test JVM's. Children that shared
   * the test JVM's {@code jacoco.exec} corrupted it now and then (a child killed while its agent was writing,
   * seen as "malformed input around byte 2"), which failed the build's report step; a file of their own cannot
   * break it. The file is named {@code jacoco-children.data}, not {@code *.exec}, so that neither this module's
   * report nor the aggregate report in {@code examples} (which reads every {@code target/*.exec}) reads it: code
   * that runs only in children is not counted.
   */
  private static String ownFile(String agent) {
    return agent.replaceFirst("destfile=([^,]*)jacoco\\.exec", "destfile=$1jacoco-children.data");
  }
}
