package dev.concurrency.async.simulation.junit;

import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.concurrency.async.simulation.Simulation;
import dev.concurrency.async.sync.AsyncLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The code {@link SimulationTest}'s Javadoc shows ({@code {@snippet
 * class=dev.concurrency.async.simulation.junit.SimulationTestSnippetsTest region=simulationTest}}), run through the
 * JUnit Platform launcher, with what JUnit reports for it checked.
 */
@Timeout(120)
final class SimulationTestSnippetsTest {

  /** The seed of the simulated run each {@link Bank} was opened in, in order. */
  static final List<Long> SEEDS = Collections.synchronizedList(new ArrayList<>());

  /** Accounts whose transfers await between reading and writing a balance; a lock keeps each transfer whole. */
  static final class Bank {
    private final int[] balances;
    private final AsyncLock lock = new AsyncLock();

    Bank(int... balances) {
      this.balances = balances.clone();
      SEEDS.add(Simulation.currentSeed().orElseThrow());
    }

    void transfer(int from, int to, int amount) {
      lock.acquire();
      try {
        int left = balances[from];
        sleep(Duration.ofMillis(1));
        balances[from] = left - amount;
        balances[to] += amount;
      } finally {
        lock.release();
      }
    }

    int total() {
      return Arrays.stream(balances).sum();
    }
  }

  /** Test methods run by the launcher only (a static nested class: neither Surefire nor JUnit runs it directly). */
  static final class Fixtures {
    // @start region="simulationTest"
    @SimulationTest(seeds = 200)
    void transfersKeepTheTotal() {
      Bank bank = new Bank(100, 100);
      gather(() -> bank.transfer(0, 1, 30), () -> bank.transfer(1, 0, 20)).await();
      assertEquals(200, bank.total());
    }

    @SimulationTest(replay = 17)     // the seed a failure printed: that run alone, again
    void transfersKeepTheTotalAgain() {
      transfersKeepTheTotal();
    }
    // @end
  }

  private static TestExecutionSummary run(String method) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectMethod(Fixtures.class, method))
        .filters(EngineFilter.includeEngines("junit-jupiter")) // jqwik is on the class path too
        .build(), listener);
    return listener.getSummary();
  }

  @BeforeEach
  void clearSeeds() {
    SEEDS.clear();
  }

  @Test
  void seeds200_runs200SimulatedSeeds_andEveryOneKeepsTheTotal() {
    TestExecutionSummary summary = run("transfersKeepTheTotal");
    assertThat(summary.getTestsSucceededCount()).isEqualTo(200);
    assertThat(summary.getTestsFailedCount()).isZero();
    assertThat(SEEDS).hasSize(200).doesNotHaveDuplicates().contains(0L, 199L);
  }

  @Test
  void replay17_runsThatSeedAlone() {
    TestExecutionSummary summary = run("transfersKeepTheTotalAgain");
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    assertThat(summary.getTestsFailedCount()).isZero();
    assertThat(SEEDS).containsExactly(17L);
  }
}
