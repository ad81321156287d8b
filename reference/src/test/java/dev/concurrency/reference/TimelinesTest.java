package dev.concurrency.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(300)
final class TimelinesTest {

  @Test
  void runAll_examples_leaveTheirPictureAndOutput_andAFailureIsReported(@TempDir Path folder) throws Exception {
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    Timelines timelines = new Timelines(java, System.getProperty("java.class.path"), folder);

    Map<String, Timelines.Run> runs = timelines.runAll(List.of("virtual-time", "callback-order", "no-such-example"));

    assertThat(runs.get("virtual-time").svg()).isTrue();
    assertThat(folder.resolve("virtual-time.svg")).content().startsWith("<?xml");
    assertThat(runs.get("virtual-time").exitCode()).isZero();
    assertThat(runs.get("callback-order").svg()).as("this example draws no timeline").isFalse();
    assertThat(runs.get("callback-order").output()).contains("tick 1: first");
    assertThat(runs.get("no-such-example").exitCode()).isEqualTo(2);
    assertThat(runs.get("no-such-example").output()).contains("No example is named 'no-such-example'");
  }
}
