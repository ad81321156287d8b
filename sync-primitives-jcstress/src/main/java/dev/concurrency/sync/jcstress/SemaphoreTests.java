package dev.concurrency.sync.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.concurrency.sync.CountingSemaphore;
import dev.concurrency.sync.Event;
import dev.concurrency.sync.Fairness;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The permit counter's compare-and-set loops and the publication that {@code release()} and {@code set()}
 * promise (actions before them happen-before what follows a successful acquire, or an {@code isSet()} that
 * returns true).
 */
public final class SemaphoreTests {

  private SemaphoreTests() {}

  /**
   * One permit, two {@code tryAcquire()}, on a barging semaphore (results 1 and 2) and on a fair one (3 and 4),
   * whose {@code tryAcquire()} also takes a free permit at once: on each, exactly one thread wins.
   */
  @JCStressTest
  @Outcome(id = {"1, 0, 1, 0", "1, 0, 0, 1", "0, 1, 1, 0", "0, 1, 0, 1"}, expect = ACCEPTABLE,
      desc = "one thread got each permit")
  @Outcome(expect = FORBIDDEN, desc = "a permit handed out twice, or a free permit refused to both")
  @State
  public static class OnePermit {
    private final CountingSemaphore barging = CountingSemaphore.create(1, Fairness.BARGING);
    private final CountingSemaphore fair = CountingSemaphore.create(1, Fairness.FAIR);

    @Actor
    public void first(IIII_Result r) {
      r.r1 = barging.tryAcquire() ? 1 : 0;
      r.r3 = fair.tryAcquire() ? 1 : 0;
    }

    @Actor
    public void second(IIII_Result r) {
      r.r4 = fair.tryAcquire() ? 1 : 0;
      r.r2 = barging.tryAcquire() ? 1 : 0;
    }
  }

  /** A value written before {@code release()} is seen by the thread whose {@code tryAcquire()} succeeds. */
  @JCStressTest
  @Outcome(id = "42", expect = ACCEPTABLE, desc = "acquired after the release, saw the value")
  @Outcome(id = "-1", expect = ACCEPTABLE, desc = "tried before the release")
  @Outcome(id = "0", expect = FORBIDDEN, desc = "acquired the released permit but saw a stale value")
  @State
  public static class ReleasePublishes {
    private final CountingSemaphore semaphore = CountingSemaphore.create(0);
    private int value; // plain on purpose

    @Actor
    public void writer() {
      value = 42;
      semaphore.release();
    }

    @Actor
    public void reader(I_Result r) {
      r.r1 = semaphore.tryAcquire() ? value : -1;
    }
  }

  /** A value written before {@link Event#set()} is seen by a thread to which {@code isSet()} says true. */
  @JCStressTest
  @Outcome(id = "42", expect = ACCEPTABLE, desc = "saw the event and the value")
  @Outcome(id = "-1", expect = ACCEPTABLE, desc = "looked before the event was set")
  @Outcome(id = "0", expect = FORBIDDEN, desc = "saw the event but a stale value")
  @State
  public static class EventPublishes {
    private final Event event = new Event();
    private int value; // plain on purpose

    @Actor
    public void writer() {
      value = 42;
      event.set();
    }

    @Actor
    public void reader(I_Result r) {
      r.r1 = event.isSet() ? value : -1;
    }
  }
}
