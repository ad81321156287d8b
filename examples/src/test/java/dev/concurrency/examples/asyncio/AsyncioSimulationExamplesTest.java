package dev.concurrency.examples.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concurrency.examples.ExampleRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Smoke tests of the deterministic-simulation examples (asyncio 30-31). */
@Timeout(120)
final class AsyncioSimulationExamplesTest {

  @Test
  void race_foundBySeed_replayedExactly_fixedByALock() throws Exception {
    ExampleRun run = ExampleRun.of("simulation-race");
    List<String> story = AsyncioExamplesTest.story(run);
    assertThat(story.get(0)).matches("without a lock: seed \\d+ breaks 'user:1 is fetched once' after \\d+ runs: "
        + "expected user:1 is fetched once, but the result was 2");
    assertThat(story.get(1)).matches("seed \\d+: how the tasks interleaved \\(virtual time in ms\\)");
    assertThat(story.get(2)).contains("main").contains("reader-a").contains("reader-b");
    String interleaving = String.join("\n", story);
    // both readers miss before either has cached: the check-then-act race, shown
    assertThat(interleaving.indexOf("miss: fetching user:1")).isLessThan(interleaving.indexOf("cached user:1"));
    assertThat(interleaving.lastIndexOf("miss: fetching user:1")).isLessThan(interleaving.indexOf("cached user:1"));
    assertThat(story).anySatisfy(l -> assertThat(l).matches("replay of seed \\d+: the same 2 fetches, the same trace "
        + "\\(\\d+ events\\)"));
    assertThat(story).last().isEqualTo("with an AsyncLock: 500 seeds explored, no failure");
    assertThat(AsyncioExamplesTest.timeline(run).toString()).contains("reader-a").contains("virtual time");
  }

  @Test
  void race_isTheSameOnEveryRun() throws Exception {
    assertThat(AsyncioExamplesTest.story(ExampleRun.of("simulation-race")))
        .isEqualTo(AsyncioExamplesTest.story(ExampleRun.of("simulation-race")));
  }

  @Test
  void shield_foundBySeed_fixedByShield_andDrawsAnSvg(@TempDir Path dir) throws Exception {
    Path svg = dir.resolve("shield.svg");
    ExampleRun run = ExampleRun.of("simulation-shield", "--svg", svg.toString());
    List<String> story = AsyncioExamplesTest.story(run);
    assertThat(story.get(0)).matches("without a shield: seed \\d+ breaks 'every lease is released' after \\d+ runs: "
        + "expected every lease is released, but the result was 1");
    String interleaving = String.join("\n", story);
    assertThat(interleaving).contains("worker").contains("release-1").contains("shutdown cancels the worker");
    assertThat(interleaving).doesNotContain("lease released");
    assertThat(story).last().isEqualTo("with shield(release): 500 seeds explored, no failure");
    assertThat(Files.readString(svg)).contains("<svg").contains("worker");
  }
}
