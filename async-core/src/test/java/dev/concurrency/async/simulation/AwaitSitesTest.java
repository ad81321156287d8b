package dev.concurrency.async.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class AwaitSitesTest {

  private static StackTraceElement frame(String className, String method, int line) {
    String file = className.substring(className.lastIndexOf('.') + 1).replaceAll("\\$.*", "") + ".java";
    return new StackTraceElement(className, method, file, line);
  }

  @Test
  void describe_namesTheLibraryCallAndTheCallersLine() {
    List<StackTraceElement> stack = List.of(
        frame("java.util.concurrent.locks.LockSupport", "park", 10),
        frame("dev.concurrency.async.EventLoop", "drive", 100),
        frame("dev.concurrency.async.AsyncTask", "suspendOn", 200),
        frame("dev.concurrency.async.sync.AsyncLock", "acquire", 60),
        frame("com.example.Bank", "transfer", 42),
        frame("com.example.Bank", "main", 7));
    assertThat(AwaitSites.describe(stack)).isEqualTo("awaits AsyncLock.acquire (Bank.java:42)");
  }

  @Test
  void describe_countsTestsInTheLibrarysPackagesAsTheCallersCode() {
    // this class lives in dev.concurrency.async.simulation but comes from the test classes, not the library's
    List<StackTraceElement> stack = List.of(
        frame("dev.concurrency.async.AsyncIO", "sleep", 160),
        frame(AwaitSitesTest.class.getName(), "body", 9));
    assertThat(AwaitSites.describe(stack)).isEqualTo("awaits AsyncIO.sleep (AwaitSitesTest.java:9)");
  }

  @Test
  void describe_withoutCallerFrames_saysOnlyAwaits() {
    assertThat(AwaitSites.describe(List.of(frame("dev.concurrency.async.AsyncIO", "sleep", 1)))).isEqualTo("awaits");
    assertThat(AwaitSites.describe(List.of())).isEqualTo("awaits");
    assertThat(AwaitSites.describe(List.of(frame("com.example.Main", "run", 3)))).isEqualTo("awaits (Main.java:3)");
  }

  @Test
  void simpleName_dropsThePackageAndTheLambdasHiddenSuffix() {
    assertThat(AwaitSites.simpleName("com.example.Outer$Inner")).isEqualTo("Outer$Inner");
    assertThat(AwaitSites.simpleName("com.example.Main$$Lambda/0x000001f2a3b4c5d8")).isEqualTo("Main lambda");
    assertThat(AwaitSites.simpleName("Plain")).isEqualTo("Plain");
  }

  @Test
  void fileAndLine_withoutFileOrLine() {
    assertThat(AwaitSites.fileAndLine(new StackTraceElement("a.B", "m", null, -1))).isEqualTo("B");
    assertThat(AwaitSites.fileAndLine(new StackTraceElement("a.B", "m", "B.java", -2))).isEqualTo("B.java");
  }
}
