package dev.concurrency.async.simulation.junit;

import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.concurrency.async.simulation.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * {@link SimulationTest} seen from JUnit: the fixtures below run through the JUnit Platform launcher, and the
 * test checks what JUnit reports for each seed.
 */
@Timeout(120)
final class SimulationExtensionTest {

  /** Test methods run by the launcher only (a static nested class: neither Surefire nor JUnit runs it directly). */
  static final class Fixtures {
    static final List<Long> SEEDS = Collections.synchronizedList(new ArrayList<>());
    static final List<Boolean> ON_A_SIMULATED_LOOP = Collections.synchronizedList(new ArrayList<>());

    @SimulationTest(seeds = 4, firstSeed = 10)
    void passes(long seed) {
      SEEDS.add(seed);
      ON_A_SIMULATED_LOOP.add(Simulation.currentSeed().isPresent());
      long start = getRunningLoop().time();
      sleep(Duration.ofHours(1)); // virtual: the run does not wait an hour
      assertThat(getRunningLoop().time() - start).isGreaterThanOrEqualTo(Duration.ofHours(1).toNanos());
    }

    @SimulationTest(seeds = 200)
    void losesAnUpdateOnSomeSeeds() {
      int[] counter = {0};
      gather(
          () -> {
            int v = counter[0];
            Simulation.note("first reads " + v);
            sleep(Duration.ofMillis(1));
            counter[0] = v + 1;
          },
          () -> {
            sleep(Duration.ofMillis(1));
            int v = counter[0];
            Simulation.note("second reads " + v);
            sleep(Duration.ofMillis(1));
            counter[0] = v + 1;
          }).await();
      assertThat(counter[0]).as("counter").isEqualTo(2);
    }

    @SimulationTest(replay = {3, 9})
    void replaysTheGivenSeeds(long seed) {
      SEEDS.add(seed);
    }
  }

  /** What the launcher reported for each invocation, by display name. */
  private static final class Results implements TestExecutionListener {
    final Map<String, TestExecutionResult> finished = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, String> skipped = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, TestExecutionResult> containers = Collections.synchronizedMap(new LinkedHashMap<>());

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      (id.isTest() ? finished : containers).put(id.getDisplayName(), result);
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
      skipped.put(id.getDisplayName(), reason);
    }
  }

  private static Results run(String method) {
    Results results = new Results();
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(method.equals("losesAnUpdateOnSomeSeeds") ? selectMethod(Fixtures.class, method)
            : selectMethod(Fixtures.class, method, "long"))
        .filters(EngineFilter.includeEngines("junit-jupiter")) // jqwik is on the class path too
        .build();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request, results);
    return results;
  }

  @Test
  void eachSeedIsOneTest_runOnASimulatedLoop() {
    Fixtures.SEEDS.clear();
    Fixtures.ON_A_SIMULATED_LOOP.clear();
    Results results = run("passes");
    assertThat(results.finished.keySet()).containsExactly("seed 10", "seed 11", "seed 12", "seed 13");
    assertThat(results.finished.values()).allMatch(r -> r.getStatus() == TestExecutionResult.Status.SUCCESSFUL);
    assertThat(Fixtures.SEEDS).containsExactly(10L, 11L, 12L, 13L);
    assertThat(Fixtures.ON_A_SIMULATED_LOOP).containsOnly(true);
  }

  @Test
  void aFailingSeed_namesTheSeedToReplay_andTheRestAreSkipped() {
    Results results = run("losesAnUpdateOnSomeSeeds");
    List<Map.Entry<String, TestExecutionResult>> failed = results.finished.entrySet().stream()
        .filter(e -> e.getValue().getStatus() == TestExecutionResult.Status.FAILED).toList();
    assertThat(failed).hasSize(1);
    String seed = failed.get(0).getKey().substring("seed ".length());
    Throwable error = failed.get(0).getValue().getThrowable().orElseThrow();
    assertThat(error).isInstanceOf(AssertionError.class)
        .hasMessageContaining("seed " + seed + " failed: exception: the body threw")
        .hasMessageContaining("[counter]")
        .hasMessageContaining("@SimulationTest(replay = " + seed + ")")
        .hasMessageContaining("-D" + SimulationExtension.SEED_PROPERTY + "=" + seed)
        .hasMessageContaining("how the tasks interleaved")
        .hasMessageContaining("second reads 0");
    assertThat(error.getCause()).isInstanceOf(AssertionError.class).hasMessageContaining("counter");
    // every seed before it passed, every seed after it was skipped, saying why
    int failedAt = Integer.parseInt(seed);
    assertThat(results.finished).hasSize(failedAt + 1);
    assertThat(results.skipped).hasSize(200 - failedAt - 1);
    assertThat(results.skipped.values()).allMatch(r -> r.equals("seed " + seed + " already failed; replay it alone"));
  }

  @Test
  void replay_runsOnlyTheGivenSeeds() {
    Fixtures.SEEDS.clear();
    Results results = run("replaysTheGivenSeeds");
    assertThat(results.finished.keySet()).containsExactly("seed 3", "seed 9");
    assertThat(Fixtures.SEEDS).containsExactly(3L, 9L);
  }

  @Test
  void theSeedProperty_runsThatSeedAlone() {
    Fixtures.SEEDS.clear();
    System.setProperty(SimulationExtension.SEED_PROPERTY, "77");
    try {
      Results results = run("passes");
      assertThat(results.finished.keySet()).containsExactly("seed 77");
      assertThat(Fixtures.SEEDS).containsExactly(77L);
    } finally {
      System.clearProperty(SimulationExtension.SEED_PROPERTY);
    }
  }

  @Test
  void aBadSeedProperty_failsTheTemplate_sayingWhatItMustBe() {
    System.setProperty(SimulationExtension.SEED_PROPERTY, "seventeen");
    try {
      Results results = run("passes");
      assertThat(results.finished).isEmpty();
      TestExecutionResult template = results.containers.get("passes(long)");
      assertThat(template.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
      assertThat(template.getThrowable().orElseThrow())
          .hasMessageContaining(SimulationExtension.SEED_PROPERTY + " must be one seed (a long), got 'seventeen'");
    } finally {
      System.clearProperty(SimulationExtension.SEED_PROPERTY);
    }
  }
}
