package dev.concurrency.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Python's barrier tests: {@value #N} parties, the test's thread and four more spread over two child JVMs (two
 * threads each), so that every barrier is crossed by threads of three processes.
 */
@Timeout(180)
final class SharedBarrierTest {

  static final int N = 5;
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final Children children = new Children();
  private SharedBarrier barrier;

  @BeforeEach
  void makeBarrier() {
    barrier = SharedBarrier.create(N, null, DEFAULT_TIMEOUT);
  }

  @AfterEach
  void abortAndStop() throws InterruptedException {
    barrier.abort();
    children.close();
  }

  /** A party's body, which may throw what a barrier throws. */
  interface PartyBody extends SerializableRunnable {
    void party() throws BrokenBarrierException, InterruptedException;

    @Override
    default void run() {
      try {
        party();
      } catch (BrokenBarrierException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("party check failed: " + what);
    }
  }

  /** Python's {@code run_threads}: N - 1 parties in the children, one in this thread; waits for them all. */
  private void runParties(SerializableRunnable party) throws InterruptedException {
    List<ChildProcess> bunch = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      bunch.add(children.start(new Parties(party, (N - 1) / 2)));
    }
    party.run();
    for (ChildProcess child : bunch) {
      assertThat(child.join(LONG)).isTrue();
      assertThat(child.failure()).isEmpty();
      assertThat(child.exitCode()).hasValue(0);
    }
  }

  /** Python's {@code multipass}: the two counters move in lockstep. */
  record Multipass(SharedBarrier barrier, SharedCounter first, SharedCounter second, int passes) implements PartyBody {
    @Override
    public void party() throws BrokenBarrierException, InterruptedException {
      int m = barrier.parties();
      for (int i = 0; i < passes; i++) {
        first.append();
        check(second.length() == i * m, "second counter " + second.length() + " at pass " + i);
        barrier.await();
        second.append();
        check(first.length() == (i + 1) * m, "first counter " + first.length() + " at pass " + i);
        barrier.await();
      }
      check(barrier.numberWaiting() == 0, "nobody waits at the end");
      check(!barrier.isBroken(), "not broken");
    }
  }

  // CPython: _test_multiprocessing.py _TestBarrier.test_barrier
  @Test
  void barrier_passedInLockstep() throws InterruptedException {
    runParties(new Multipass(barrier, new SharedCounter(), new SharedCounter(), 1));
  }

  // CPython: _test_multiprocessing.py _TestBarrier.test_barrier_10
  @Test
  void barrier_tenPassesInARow() throws InterruptedException {
    runParties(new Multipass(barrier, new SharedCounter(), new SharedCounter(), 10));
  }

  /** Puts its arrival index into the queue. */
  record PutIndex(SharedBarrier barrier, ProcessQueue queue) implements PartyBody {
    @Override
    public void party() throws BrokenBarrierException, InterruptedException {
      queue.put(barrier.await());
    }
  }

  // CPython: _test_multiprocessing.py _TestBarrier.test_wait_return
  @Test
  void await_returnsDistinctArrivalIndexes() throws InterruptedException {
    ProcessQueue queue = ProcessQueue.create();
    try {
      runParties(new PutIndex(barrier, queue));
      List<Integer> indexes = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        indexes.add((Integer) queue.get(LONG));
      }
      assertThat(indexes).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    } finally {
      queue.unlink();
    }
  }

  /** Python's {@code AppendTrue}: the barrier's action. */
  record AppendOne(SharedCounter counter) implements SerializableRunnable {
    @Override
    public void run() {
      counter.append();
    }
  }

  /** Checks that the action ran exactly once before anybody passed. */
  record CheckAction(SharedBarrier barrier, SharedCounter results) implements PartyBody {
    @Override
    public void party() throws BrokenBarrierException, InterruptedException {
      barrier.await();
      check(results.length() == 1, "the action ran once before the release, counted " + results.length());
    }
  }

  // CPython: _test_multiprocessing.py _TestBarrier.test_action
  @Test
  void action_runsOnceBeforeTheRelease() throws InterruptedException {
    SharedCounter results = new SharedCounter();
    SharedBarrier withAction = SharedBarrier.create(N, new AppendOne(results), null);

    runParties(new CheckAction(withAction, results));

    assertThat(results.length()).isEqualTo(1);
  }

  /** The party with index N / 2 aborts; the others count how they ended. */
  record AbortOne(SharedBarrier barrier, SharedCounter passed, SharedCounter broken) implements SerializableRunnable {
    @Override
    public void run() {
      try {
        int i = barrier.await();
        if (i == N / 2) {
          barrier.abort();
          return;
        }
        barrier.await();
        passed.append();
      } catch (BrokenBarrierException e) {
        broken.append();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestBarrier.test_abort
  @Test
  void abort_breaksTheBarrierForEveryWaiter() throws InterruptedException {
    SharedCounter passed = new SharedCounter();
    SharedCounter broken = new SharedCounter();

    runParties(new AbortOne(barrier, passed, broken));

    assertThat(passed.length()).isZero();
    assertThat(broken.length()).isEqualTo(N - 1);
    assertThat(barrier.isBroken()).isTrue();
    assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class);
  }

  /** The party with index N / 2 resets the barrier once the others wait in it; then all pass it again. */
  record ResetOne(SharedBarrier barrier, SharedCounter passed, SharedCounter broken, SharedCounter again)
      implements PartyBody {
    @Override
    public void party() throws BrokenBarrierException, InterruptedException {
      int i = barrier.await();
      if (i == N / 2) {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (barrier.numberWaiting() < N - 1) {
          check(System.nanoTime() < deadline, "the others wait in the barrier");
          java.util.concurrent.locks.LockSupport.parkNanos(200_000); // a bounded spin that leaves the CPU to the others
        }
        barrier.reset();
      } else {
        try {
          barrier.await();
          passed.append();
        } catch (BrokenBarrierException e) {
          broken.append();
        }
      }
      barrier.await();
      again.append();
    }
  }

  // CPython: _test_multiprocessing.py _TestBarrier.test_reset
  @Test
  void reset_freesTheWaitersWithBrokenBarrier_andTheBarrierWorksAgain() throws InterruptedException {
    SharedCounter passed = new SharedCounter();
    SharedCounter broken = new SharedCounter();
    SharedCounter again = new SharedCounter();

    runParties(new ResetOne(barrier, passed, broken, again));

    assertThat(passed.length()).isZero();
    assertThat(broken.length()).isEqualTo(N - 1);
    assertThat(again.length()).isEqualTo(N);
  }

  /** Python's {@code _test_abort_and_reset_f}. */
  record AbortThenReset(SharedBarrier barrier, SharedBarrier second, SharedCounter passed, SharedCounter broken,
      SharedCounter again) implements PartyBody {
    @Override
    public void party() throws BrokenBarrierException, InterruptedException {
      try {
        int i = barrier.await();
        if (i == N / 2) {
          barrier.abort();
        } else {
          barrier.await();
          passed.append();
        }
      } catch (BrokenBarrierException e) {
        broken.append();
      }
      if (second.await() == N / 2) {
        barrier.reset();
      }
      second.await();
      barrier.await();
      again.append();
    }
  }

  // CPython: _test_multiprocessing.py _TestBarrier.test_abort_and_reset
  @Test
  void brokenBarrier_resetMakesItUsableAgain() throws InterruptedException {
    SharedCounter passed = new SharedCounter();
    SharedCounter broken = new SharedCounter();
    SharedCounter again = new SharedCounter();

    runParties(new AbortThenReset(barrier, SharedBarrier.create(N), passed, broken, again));

    assertThat(passed.length()).isZero();
    assertThat(broken.length()).isEqualTo(N - 1);
    assertThat(again.length()).isEqualTo(N);
  }

  /** The party with index N / 2 comes late to the second wait; every party's second wait breaks. */
  record OneLate(SharedBarrier barrier, SharedCounter broken, SharedEvent never, Duration timeout) implements PartyBody {
    @Override
    public void party() throws BrokenBarrierException, InterruptedException {
      int i = barrier.await(LONG);
      if (i == N / 2) {
        never.await(Duration.ofSeconds(1)); // late: nothing sets it, so this waits its full second
      }
      try {
        if (timeout == null) {
          barrier.await();
        } else {
          barrier.await(timeout);
        }
      } catch (BrokenBarrierException e) {
        broken.append();
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestBarrier.test_timeout
  @Test
  void await_timeout_breaksTheBarrierForAll() throws InterruptedException {
    SharedCounter broken = new SharedCounter();

    runParties(new OneLate(barrier, broken, SharedEvent.create(), Duration.ofMillis(500)));

    assertThat(broken.length()).isEqualTo(N);
  }

  // CPython: _test_multiprocessing.py _TestBarrier.test_default_timeout
  @Test
  void defaultTimeout_breaksTheBarrierForAll() throws InterruptedException {
    SharedBarrier quick = SharedBarrier.create(N, null, Duration.ofMillis(500));
    SharedCounter broken = new SharedCounter();

    runParties(new OneLate(quick, broken, SharedEvent.create(), null));

    assertThat(broken.length()).isEqualTo(N);
  }

  // CPython: _test_multiprocessing.py _TestBarrier.test_single_thread
  @Test
  void oneParty_passesAlone() throws Exception {
    SharedBarrier single = SharedBarrier.create(1);
    assertThat(single.await()).isZero();
    assertThat(single.await()).isZero();
  }

  /** Python's {@code _test_thousand_f}: after each pass, puts the pass number. */
  record Passes(SharedBarrier barrier, int passes, ProcessQueue out) implements PartyBody {
    @Override
    public void party() throws BrokenBarrierException, InterruptedException {
      for (int i = 0; i < passes; i++) {
        barrier.await();
        out.put(i);
      }
    }
  }

  // CPython: _test_multiprocessing.py _TestBarrier.test_thousand
  @Test
  void thousandPasses_everyPartyReportsEachPassBeforeAnyNext() throws InterruptedException {
    int passes = 1000;
    // Python's parties send on one pipe end that all five processes share; an end here belongs to one process,
    // so they put on a queue, which any number of processes share. What is checked is the same: the barrier
    // lets no party start pass i + 1 before all have finished pass i.
    ProcessQueue out = ProcessQueue.create();
    try {
      children.start(new Parties(new Passes(barrier, passes, out), 3));
      children.start(new Parties(new Passes(barrier, passes, out), 2));
      for (int i = 0; i < passes; i++) {
        for (int j = 0; j < N; j++) {
          assertThat(out.get(LONG)).isEqualTo(i);
        }
      }
    } finally {
      out.unlink();
    }
  }

  @Test
  void badParties_refused() {
    assertThatThrownBy(() -> SharedBarrier.create(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 1");
    assertThatThrownBy(() -> SharedBarrier.builder(3).maxWaiters(2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void interruptedWaiter_breaksTheBarrier() throws Exception {
    SharedBarrier two = SharedBarrier.create(2);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(two::await).isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
    assertThat(two.isBroken()).isTrue();
  }
}
