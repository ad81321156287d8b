package dev.concurrency.threads;

import static dev.concurrency.threads.TestSupport.LONG_DELAY;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Runs a blocking call on its own platform thread with an interrupt at a chosen moment, in the JSR-166 TCK's
 * style (its {@code testInterrupted*} cases set the status before the call, and interrupt a thread blocked in
 * it), and reports how the call ended and whether the interrupt status was set afterwards.
 *
 * <pre>{@code
 * Outcome o = InterruptedCall.run(When.DURING, "joiner", () -> handle.join());
 * o.assertThrewInterruptedAndCleared();
 * }</pre>
 */
final class InterruptedCall {

  /** When the caller is interrupted. */
  enum When {
    /** The status is set when the call begins. */
    BEFORE,
    /** The caller is interrupted once it is blocked in the call. */
    DURING
  }

  /**
   * How the call ended.
   *
   * @param thrown what it threw, or null if it returned
   * @param statusAfter whether the caller's interrupt status was set once it had ended
   */
  record Outcome(@Nullable Throwable thrown, boolean statusAfter) {

    /** The JDK's rule for a blocking method: {@code InterruptedException}, and the status cleared. */
    void assertThrewInterruptedAndCleared() {
      assertThat(thrown).as("what the call threw").isInstanceOf(InterruptedException.class);
      assertThat(statusAfter).as("the interrupt status after the InterruptedException").isFalse();
    }

    /** A method that keeps the interrupt for its caller: it returned, and the status is still set. */
    void assertReturnedWithStatusSet() {
      assertThat(thrown).as("what the call threw").isNull();
      assertThat(statusAfter).as("the interrupt status after the call").isTrue();
    }
  }

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private InterruptedCall() {}

  /**
   * Runs {@code call} on a new platform thread named {@code name}, interrupting it {@code when}, and waits (at
   * most {@link TestSupport#LONG_DELAY}) for it to end.
   */
  static Outcome run(When when, String name, TestSupport.Body call) throws InterruptedException {
    return start(when, name, call).await();
  }

  /**
   * Starts {@code call} as {@link #run} does and returns once the interrupt has been delivered, for a test that
   * checks what happens while the call goes on waiting.
   */
  static Running start(When when, String name, TestSupport.Body call) {
    AtomicReference<Outcome> outcome = new AtomicReference<>();
    Thread caller =
        Thread.ofPlatform()
            .name(name)
            .start(
                () -> {
                  if (when == When.BEFORE) {
                    Thread.currentThread().interrupt();
                  }
                  Throwable thrown = null;
                  try {
                    call.run();
                  } catch (Throwable t) {
                    thrown = t;
                  }
                  outcome.set(new Outcome(thrown, Thread.interrupted()));
                });
    if (when == When.DURING) {
      TestSupport.awaitBlocked(caller);
      caller.interrupt();
    }
    return new Running(caller, outcome);
  }

  /** A call under way on {@link #thread()}, interrupted already. */
  record Running(Thread thread, AtomicReference<Outcome> outcome) {

    /** Waits (bounded) for the call to end and returns how it did. */
    Outcome await() throws InterruptedException {
      assertThat(thread.join(LONG_DELAY)).as("%s ended within %s", thread.getName(), LONG_DELAY).isTrue();
      return outcome.get();
    }

    /**
     * Asserts that the caller goes on waiting, parked, over a stretch of a few hundred milliseconds: every
     * sample of its state is WAITING or TIMED_WAITING, and it uses next to no CPU. A caller that spun on an
     * interrupt status it kept setting again (a blocking call on a set status throws at once) would be RUNNABLE in
     * nearly every sample, and would burn whatever share of a core the machine gives it.
     */
    void assertStaysParked() {
      // The interrupt may not have been taken yet: a thread it wakes is RUNNABLE until it has cleared its status
      // and parked again (as awaitUninterruptibly and ExecutorService.close do), and until it is scheduled it still
      // reads WAITING. A waiting thread's status is clear (park returns at once while it is set), so wait for that
      // first, then for it to be parked. A call that spun on a status it kept setting would still be caught below.
      TestSupport.awaitCondition(thread.getName() + " took its interrupt", () -> !thread.isInterrupted());
      TestSupport.awaitBlocked(thread);
      long cpuBefore = CPU.getThreadCpuTime(thread.threadId());
      for (int sample = 0; sample < 100; sample++) {
        Thread.State state = thread.getState();
        assertThat(state)
            .as("sample %d of %s's state while it should wait", sample, thread.getName())
            .isIn(Thread.State.WAITING, Thread.State.TIMED_WAITING);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3)); // the sampling period, not a wait for anything
      }
      long cpuNanos = CPU.getThreadCpuTime(thread.threadId()) - cpuBefore;
      assertThat(cpuNanos)
          .as("CPU time %s used while it should wait (a parked thread uses microseconds)", thread.getName())
          .isLessThan(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }
}
