package dev.concurrency.processes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one party function in several threads of a child JVM, for tests where many parties, spread over
 * processes, use one shared object (Python's {@code Bunch}). A failure in any thread fails the child.
 *
 * @param party what each thread runs
 * @param threads how many threads run it
 */
record Parties(SerializableRunnable party, int threads) implements SerializableRunnable {

  @Override
  public void run() {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> started = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread thread = new Thread(() -> {
        try {
          party.run();
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "party-" + i);
      thread.start();
      started.add(thread);
    }
    for (Thread thread : started) {
      try {
        thread.join(Children.LIMIT.toMillis());
      } catch (InterruptedException e) {
        throw new IllegalStateException("interrupted while joining a party", e);
      }
      if (thread.isAlive()) {
        throw new IllegalStateException(thread.getName() + " did not end within " + Children.LIMIT);
      }
    }
    Throwable failed = failure.get();
    if (failed != null) {
      throw new IllegalStateException("a party failed: " + failed, failed);
    }
  }
}
