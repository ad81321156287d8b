package dev.concurrency.examples.asyncio;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.ThreadBridge.toThread;

import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.simulation.Exploration;
import dev.concurrency.async.simulation.Scenario;
import dev.concurrency.async.simulation.SimulatedRun;
import dev.concurrency.async.simulation.Simulation;
import dev.concurrency.async.sync.AsyncLock;
import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A check-then-act race in async code, found by exploring seeds of a deterministic simulation, printed as the
 * interleaving that breaks it, replayed exactly, and fixed with an {@link AsyncLock}.
 *
 * <pre>{@code
 * # Python
 * cache, fetches = {}, 0
 * async def get_user(key):
 *     global fetches
 *     if key not in cache:                   # check ...
 *         fetches += 1
 *         cache[key] = await asyncio.to_thread(fetch_from_db, key)   # ... await ... act
 *     return cache[key]
 *
 * async def main():
 *     async def late():
 *         await asyncio.sleep(0.001)
 *         return await get_user("user:1")
 *     await asyncio.gather(get_user("user:1"), late())
 *     assert fetches == 1                    # true on a fast database, false on a slow one
 * }</pre>
 *
 * <p><b>What to notice.</b> Whether the second reader finds the cache filled depends on how long the fetch takes,
 * which the program does not control: on a laptop the test passes every time, in production it sometimes
 * fetches twice. {@code Simulation.explore} runs the program under seed after seed; each seed picks, among the
 * orders real asyncio could produce, when the thread's result arrives and how late each timer fires. It stops
 * at the first seed that breaks the invariant and prints how the tasks interleaved (both readers miss before
 * either writes). {@code Simulation.replay(scenario, seed)} runs that seed again with the same events at the same
 * virtual times, so the bug can be debugged at leisure. With the check and the act under one {@code AsyncLock},
 * 500 seeds find nothing. Seeds are the same runs on every machine, so the numbers printed are too.
 *
 * <p><b>Run:</b> {@code ./examples.sh simulation-race}
 *
 * <p><b>Expected output:</b>
 *
 * <pre>
 * without a lock: seed 5 breaks 'user:1 is fetched once' after 6 runs: expected user:1 is fetched once, but the result was 2
 * seed 5: how the tasks interleaved (virtual time in ms)
 *       time  main                    reader-a                reader-b
 *      0.009                          miss: fetching user:1
 *      0.009                          awaits ThreadBridge...
 *      0.009                                                  awaits AsyncIO.sleep...
 *      1.029                                                  miss: fetching user:1
 *      1.043                          cached user:1
 *      1.056                                                  cached user:1
 *      1.071  returns 2
 *      1.072  [loop] FAILED: invariant: expected user:1 is fetched once, but the result was 2
 * replay of seed 5: the same 2 fetches, the same trace (29 events)
 * with an AsyncLock: 500 seeds explored, no failure
 * Timeline:
 * ...                                 (the failing seed's steps per task, in virtual time)
 * </pre>
 */
public final class Asyncio30SimulationRace {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example("simulation-race", Group.ASYNCIO, "6 Q3",
          "Deterministic simulation: exploring seeds finds a check-then-act race across an await; AsyncLock fixes it",
          Asyncio30SimulationRace::run);

  /** How many seeds the fixed program is explored under. */
  static final int FIXED_SEEDS = 500;

  private Asyncio30SimulationRace() {}

  /** Two readers of one cache key, the second a millisecond later; the result is how many times it was fetched. */
  static Scenario<Integer> cacheRace(boolean locked) {
    return Scenario.of("two readers, one cache" + (locked ? ", locked" : ""), () -> {
      Map<String, String> cache = new LinkedHashMap<>(); // fresh state in every run
      int[] fetches = {0};
      AsyncLock lock = new AsyncLock();
      UserReader get = key -> {
        if (locked) {
          lock.acquire();
        }
        try {
          String user = cache.get(key);
          if (user == null) {
            Simulation.note("miss: fetching " + key);
            fetches[0]++;
            user = toThread(() -> "Ada"); // a blocking database client, in a thread
            cache.put(key, user);
            Simulation.note("cached " + key);
          } else {
            Simulation.note("hit");
          }
          return user;
        } finally {
          if (locked) {
            lock.release();
          }
        }
      };
      AsyncTask<String> a = createTask(() -> get.read("user:1"), "reader-a");
      AsyncTask<String> b = createTask(() -> {
        sleep(Duration.ofMillis(1));
        return get.read("user:1");
      }, "reader-b");
      a.await();
      b.await();
      return fetches[0];
    }).expect("user:1 is fetched once", n -> n == 1);
  }

  /** A coroutine that reads one key. */
  private interface UserReader {
    String read(String key) throws Exception;
  }

  static void run(PrintStream out, List<String> args) {
    Scenario<Integer> buggy = cacheRace(false);
    Exploration<Integer> found = Simulation.explore(buggy, 1_000);
    SimulatedRun<Integer> failing = found.failure().orElseThrow(
        () -> new IllegalStateException("1,000 seeds did not find the race: the simulation varies too little"));
    out.printf("without a lock: seed %d breaks '%s' after %d runs: %s%n", failing.seed(), buggy.invariantName(),
        found.runs(), failing.failure().orElseThrow().message());
    out.print(failing.trace().interleaving());
    SimulatedRun<Integer> again = Simulation.replay(buggy, failing.seed());
    boolean same = again.trace().format().equals(failing.trace().format());
    out.printf("replay of seed %d: the same %d fetches, %s trace (%d events)%n", failing.seed(), again.result(),
        same ? "the same" : "A DIFFERENT", again.trace().events().size());

    Exploration<Integer> fixed = Simulation.explore(cacheRace(true), FIXED_SEEDS);
    out.printf("with an AsyncLock: %d seeds explored, %s%n", fixed.runs(),
        fixed.passed() ? "no failure" : "seed " + fixed.failingSeed().orElseThrow() + " FAILED");
    SimulationTimeline.print(out, failing, args);
  }
}
