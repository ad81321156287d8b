package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.shield;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.AsyncIO.timeout;
import static dev.concurrency.async.ThreadBridge.toThread;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.AsyncTimeoutException;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.simulation.Exploration;
import dev.concurrency.async.simulation.Scenario;
import dev.concurrency.async.simulation.SimulatedRun;
import dev.concurrency.async.simulation.Simulation;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A timeout/cancellation bug, found by exploring seeds: cleanup that awaits without a shield is itself cancelled
 * when a second cancellation (shutdown) arrives while it waits, and a lease is never released.
 *
 * <pre>{@code
 * # Python
 * async def worker(leases):
 *     leases.acquire()
 *     try:
 *         async with asyncio.timeout(0.002):
 *             await asyncio.sleep(0.010)               # the work, cut short by the timeout
 *     finally:
 *         release = asyncio.create_task(asyncio.to_thread(leases.release))
 *         await release                                  # BUG: a cancel here abandons the release
 *         # fix:  await asyncio.shield(release)
 *
 * task = asyncio.create_task(worker(leases))
 * asyncio.get_running_loop().call_later(0.003, task.cancel)   # shutdown
 * }</pre>
 *
 * <p><b>What to notice.</b> The bug needs two things to line up: the release must still be on its way (a slow lease
 * server) when shutdown's cancel arrives. Awaiting a task and being cancelled cancels the awaited task too, so
 * the release is abandoned; a test on a fast machine never sees it. The simulation's seeds vary when the
 * thread's answer arrives and how late the timers fire, and the first failing seed's interleaving shows the
 * cancel landing inside the {@code finally}. {@code shield(release)} lets the worker be cancelled while the
 * release itself goes on: explored again, no seed fails.
 *
 * <p><b>Run:</b> {@code ./examples.sh simulation-shield}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * without a shield: seed 5 breaks 'every lease is released' after 6 runs: expected every lease is released, but the result was 1
 * seed 5: how the tasks interleaved (virtual time in ms)
 *       time  main              worker                  release-1                 loop
 *      2.030                    timed out
 *      2.032                                            awaits ThreadBridge...
 *      3.007                                                                      shutdown cancels the worker
 *      3.014                                            cancelled
 *      3.030                    cancelled
 *      3.043  returns 1
 * with shield(release): 500 seeds explored, no failure
 * Timeline:
 * ...                                 (the failing seed's steps per task, in virtual time)
 * </pre>
 */
public final class Asyncio31SimulationShield {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("simulation-shield", Group.ASYNCIO, "2.1, 6 Q3",
          "Deterministic simulation: exploring seeds finds cleanup that awaits without a shield; shield() fixes it",
          Asyncio31SimulationShield::run);

  private Asyncio31SimulationShield() {}

  /** A worker holding a lease, cut short by a timeout, cancelled again by shutdown; the result is leases held. */
  static Scenario<Integer> leaseCleanup(boolean shielded) {
    return Scenario.of("lease cleanup" + (shielded ? ", shielded" : ""), () -> {
      int[] leases = {0};
      List<AsyncTask<Void>> releases = new ArrayList<>();
      AsyncTask<Void> worker = createTask(() -> {
        leases[0]++;
        try {
          timeout(Duration.ofMillis(2), () -> sleep(Duration.ofMillis(10), null)); // the work
        } catch (AsyncTimeoutException e) {
          Simulation.note("timed out");
        } finally {
          AsyncTask<Void> release = createTask(() -> {
            toThread(() -> "released"); // a blocking call to the lease server
            leases[0]--;
            Simulation.note("lease released");
          }, "release-" + (releases.size() + 1));
          releases.add(release);
          if (shielded) {
            shield(release).await();
          } else {
            release.await();
          }
        }
      }, "worker");
      getRunningLoop().callLater(Duration.ofMillis(3), () -> {
        Simulation.note("shutdown cancels the worker");
        worker.cancel();
      });
      try {
        worker.await();
      } catch (CancelledError expected) {
        // shutdown may reach the worker; either way it is over
      }
      gather(List.copyOf(releases), /* returnExceptions= */ true).await(); // the releases themselves, however long
      return leases[0];
    }).expect("every lease is released", n -> n == 0);
  }

  static void run(PrintStream out, List<String> args) {
    Scenario<Integer> buggy = leaseCleanup(false);
    Exploration<Integer> found = Simulation.explore(buggy, 1_000);
    SimulatedRun<Integer> failing = found.failure().orElseThrow(
        () -> new IllegalStateException("1,000 seeds did not find the bug: the simulation varies too little"));
    out.printf("without a shield: seed %d breaks '%s' after %d runs: %s%n", failing.seed(), buggy.invariantName(),
        found.runs(), failing.failure().orElseThrow().message());
    out.print(failing.trace().interleaving());

    Exploration<Integer> fixed = Simulation.explore(leaseCleanup(true), Asyncio30SimulationRace.FIXED_SEEDS);
    out.printf("with shield(release): %d seeds explored, %s%n", fixed.runs(),
        fixed.passed() ? "no failure" : "seed " + fixed.failingSeed().orElseThrow() + " FAILED");
    SimulationTimeline.print(out, failing, args);
  }
}
