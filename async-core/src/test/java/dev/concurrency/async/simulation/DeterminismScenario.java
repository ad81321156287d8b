package dev.concurrency.async.simulation;

import static dev.concurrency.async.AsyncIO.createTask;
import static dev.concurrency.async.AsyncIO.gather;
import static dev.concurrency.async.AsyncIO.getRunningLoop;
import static dev.concurrency.async.AsyncIO.sleep;
import static dev.concurrency.async.AsyncIO.waitFor;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.concurrency.async.AsyncFuture;
import dev.concurrency.async.AsyncTask;
import dev.concurrency.async.AsyncTimeoutException;
import dev.concurrency.async.CancelledError;
import dev.concurrency.async.EventLoop;
import dev.concurrency.async.ThreadBridge;
import dev.concurrency.async.queues.AsyncQueue;
import dev.concurrency.async.streams.Connection;
import dev.concurrency.async.sync.AsyncLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario that uses every source of variation a seed steers (equal deadlines, timer lateness, tick durations,
 * thread jobs arriving in seeded ticks, message latencies on the simulated network) and most of the loop (tasks, a queue, a lock, a timeout, cancellation,
 * callbacks, notes), for the determinism bar. {@link #main} prints one seed's full trace, so a child JVM can be
 * compared with this one.
 */
final class DeterminismScenario {

  private DeterminismScenario() {}

  static Scenario<List<String>> scenario() {
    return Scenario.of("determinism", DeterminismScenario::body)
        .withConfig(SimulationConfig.defaults().withMaxArrivalTicks(4));
  }

  private static List<String> body() throws Exception {
    EventLoop loop = getRunningLoop();
    List<String> log = new ArrayList<>();
    AsyncQueue<Integer> queue = new AsyncQueue<>(2);
    AsyncLock lock = new AsyncLock();
    AsyncTask<Void> producer = createTask(() -> {
      for (int i = 0; i < 6; i++) {
        queue.put(i);
        Simulation.note("put " + i);
        sleep(Duration.ofMillis(1));
      }
    }, "producer");
    AsyncTask<Void> consumer = createTask(() -> {
      for (int i = 0; i < 6; i++) {
        int item = queue.get();
        int doubled = ThreadBridge.toThread(() -> item * 2); // a real thread; arrives in a seeded tick
        lock.acquire();
        try (lock) {
          log.add("consumed " + item + "->" + doubled);
          Simulation.note("consumed " + item);
          sleep(Duration.ofNanos(500_000));
        }
      }
    }, "consumer");
    AsyncTask<Void> ties = createTask(() -> {
      AsyncFuture<Void> done = loop.createFuture();
      long when = loop.time() + 2_000_000;
      for (int i = 0; i < 4; i++) {
        int id = i;
        loop.callAt(when, () -> log.add("tie " + id));
      }
      loop.callAt(when + 1, () -> done.setResult(null));
      done.await();
    }, "ties");
    AsyncTask<String> slow = createTask(() -> {
      try {
        return waitFor(getRunningLoop().createTask(() -> {
          sleep(Duration.ofMillis(3));
          return "finished";
        }), Duration.ofMillis(3));
      } catch (AsyncTimeoutException timedOut) {
        return "timed out";
      }
    }, "slow");
    AsyncTask<Void> victim = createTask(() -> {
      try {
        sleep(Duration.ofSeconds(1));
      } catch (CancelledError cancelled) {
        Simulation.note("cancelled");
        throw cancelled;
      }
    }, "victim");
    AsyncTask<Void> network = createTask(() -> {
      SimulatedNetwork net = SimulatedNetwork.current();
      SimulatedServer server = net.startServer((reader, writer) -> {
        byte[] line;
        while ((line = reader.readLine()).length > 0) {
          writer.write(line);
          writer.drain();
        }
      }, "echo", 7);
      Connection c = net.openConnection("echo", 7);
      for (int i = 0; i < 3; i++) {
        c.writer().write(("m" + i + "\n").getBytes(UTF_8)); // three messages in flight at once
      }
      for (int i = 0; i < 3; i++) {
        log.add("echo " + new String(c.reader().readLine(), UTF_8).strip());
      }
      c.writer().close();
      c.writer().waitClosed();
      server.close();
    }, "network");
    loop.callLater(Duration.ofMillis(2), victim::cancel);
    gather(List.of(producer, consumer, ties, victim, network), /* returnExceptions= */ true).await();
    log.add("slow: " + slow.await());
    return log;
  }

  /** Prints the full trace of the seed given as the only argument. */
  public static void main(String[] args) {
    System.out.print(Simulation.replay(scenario(), Long.parseLong(args[0])).trace().format());
  }
}
