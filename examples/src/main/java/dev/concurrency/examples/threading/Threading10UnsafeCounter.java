package dev.concurrency.examples.threading;

import dev.concurrency.examples.Example;
import dev.concurrency.examples.Group;
import dev.concurrency.examples.Timeline;
import dev.concurrency.model.trace.Trace;
import dev.concurrency.threads.Counter;
import dev.concurrency.threads.ThreadHandle;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * Wrong on purpose: a counter that loses updates, first in a forced interleaving that loses one every time,
 * then under real contention.
 *
 * <pre>{@code
 * # Python
 * count = 0
 * def work():
 *     global count
 *     for _ in range(1_000_000): count += 1    # LOAD, ADD, STORE: a thread switch in between loses one
 * }</pre>
 *
 * <p><b>What to notice.</b> {@code count++} is three steps: read, add, write. Part 1 makes both threads read
 * before either writes (a barrier between the read and the write), so both write 1 and one increment is lost,
 * on every run. Part 2 lets two threads increment {@link Counter.Kind#UNSAFE} ten million times each with no
 * forcing at all; on a multicore machine a run usually loses a large share of the updates (the number varies;
 * once the JIT keeps the field in a register for the whole loop, a thread's entire count can vanish). On a
 * single core, or when one thread finishes before the other starts, nothing may be lost: the example tries up
 * to ten times and says which attempt lost updates.
 * The fixes, and what they cost: {@code ./examples.sh counter-fixes}.
 *
 * <p><b>Run:</b> {@code ./examples.sh unsafe-counter}
 *
 * <p><b>Expected output</b> (part 2 varies; this is one run on 2026-11-24 on the shared 2-core build machine; then
 * a timeline):
 *
 * <pre>
 * forced interleaving: both threads read 0, both wrote 1: expected 2, got 1 (1 update lost)
 * 2 threads x 10000000 unsafe increments: expected 20000000, got 19994681 (5319 updates lost, attempt 1)
 * </pre>
 */
@SuppressWarnings("try") // a trace Recording is opened and closed for its span only, never read
public final class Threading10UnsafeCounter {

  /** This example's catalogue entry. */
  public static final Example EXAMPLE =
      new Example(
          "unsafe-counter",
          Group.THREADING,
          "2.2",
          "wrong on purpose: a lost-update data race, forced then under contention",
          Threading10UnsafeCounter::run);

  private static final int PER_THREAD = 10_000_000;
  private static final int MAX_ATTEMPTS = 10;

  private Threading10UnsafeCounter() {}

  static void run(PrintStream out, List<String> args) throws Exception {
    Trace trace = Trace.start();
    forced(out, trace);
    contended(out, trace);
    Timeline.print(out, trace, args);
  }

  /** The lost update, step by step: read, wait until the other thread has read too, then write. */
  private static void forced(PrintStream out, Trace trace) throws Exception {
    long[] shared = {0};
    long[] seen = new long[2];
    CyclicBarrier bothRead = new CyclicBarrier(2);
    // the barrier is also a happens-before edge, so each thread sees the other's read done, not its write
    List<ThreadHandle> threads = List.of(0, 1).stream()
        .map(i -> ThreadHandle.platform("forced-" + i, () -> {
          try (var r = trace.open("forced-" + i, "read, wait, write")) {
            long read = shared[0];
            seen[i] = read;
            bothRead.await();
            synchronized (shared) { // the write itself is atomic: the loss comes from the stale read
              shared[0] = read + 1;
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }))
        .toList();
    threads.forEach(ThreadHandle::start);
    for (ThreadHandle t : threads) {
      t.joinOrThrow();
    }
    out.printf("forced interleaving: both threads read %d, both wrote %d: expected 2, got %d (%d update lost)%n",
        seen[0], seen[0] + 1, shared[0], 2 - shared[0]);
  }

  /** Two threads released together by a barrier; repeated (up to 10 times) until a run loses updates. */
  private static void contended(PrintStream out, Trace trace) throws Exception {
    long expected = 2L * PER_THREAD;
    long got = expected;
    int attempt = 0;
    while (got == expected && attempt < MAX_ATTEMPTS) {
      attempt++;
      Counter counter = Counter.Kind.UNSAFE.create();
      CyclicBarrier start = new CyclicBarrier(2);
      String label = "attempt " + attempt;
      List<ThreadHandle> threads = List.of(0, 1).stream()
          .map(i -> ThreadHandle.platform("incrementer-" + i, () -> {
            try {
              start.await();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            try (var r = trace.open("incrementer-" + i, label)) {
              for (int k = 0; k < PER_THREAD; k++) {
                counter.increment();
              }
            }
          }))
          .toList();
      threads.forEach(ThreadHandle::start);
      for (ThreadHandle t : threads) {
        t.joinOrThrow();
      }
      got = counter.get();
    }
    out.printf("2 threads x %d unsafe increments: expected %d, got %d (%d updates lost, attempt %d)%n",
        PER_THREAD, expected, got, expected - got, attempt);
  }
}
