package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.internal.Backoff;
import dev.concurrency.processes.internal.Deadline;
import dev.concurrency.processes.internal.HeapBlock;
import dev.concurrency.processes.internal.RobustLock;
import dev.concurrency.processes.internal.Words;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;

/**
 * A flag that works across processes: threads of any process wait until some thread of any process sets it.
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=sharedEvent}
 *
 * <p><b>Semantics.</b> The flag starts clear. {@link #set()} sets it and releases every waiter; {@link #clear()}
 * clears it; {@link #await(Duration)} returns as soon as the flag is set (at once if it is), or when the timeout
 * passes, and returns the flag. Waiters poll shared memory.
 *
 * <p>This class is thread-safe and process-safe. Memory consistency effects: actions before {@link #set()}
 * <i>happen-before</i> actions after an {@code await} that returns {@code true} because of it, in any process,
 * for data in shared memory.
 *
 * <p><b>Python:</b> {@code multiprocessing.Event}: {@code is_set}, {@code set}, {@code clear},
 * {@code wait(timeout)} ({@link #await(Duration)}, and {@link #await()} without a timeout).
 */
public final class SharedEvent implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** The flag's word of shared memory; the serialized form of the handle. */
  private final HeapBlock state;

  private SharedEvent() {
    this.state = HeapBlock.allocate(Long.BYTES);
  }

  /** {@return a new, clear event in shared memory} */
  public static SharedEvent create() {
    return new SharedEvent();
  }

  private Words words() {
    return state.words(); // made once, by the block
  }

  /** {@return whether the flag is set} */
  public boolean isSet() {
    return words().get(0) != 0;
  }

  /** Sets the flag; every waiter returns. */
  public void set() {
    words().set(0, 1);
  }

  /** Clears the flag. */
  public void clear() {
    words().set(0, 0);
  }

  /**
   * Waits until the flag is set.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void await() throws InterruptedException {
    if (!awaitSet(RobustLock.FOREVER)) {
      throw new IllegalStateException("an endless wait returned with the flag clear");
    }
  }

  /**
   * Waits until the flag is set, at most {@code timeout} (a negative one is zero).
   *
   * @param timeout how long to wait at most
   * @return the flag: {@code true} if it is set, {@code false} if the timeout passed first
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean await(Duration timeout) throws InterruptedException {
    return awaitSet(Deadline.after(requireNonNull(timeout, "timeout")));
  }

  private boolean awaitSet(long deadline) throws InterruptedException {
    Backoff backoff = new Backoff();
    while (!isSet()) {
      if (Deadline.passed(deadline)) {
        return false;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for a shared event");
      }
      backoff.pause(deadline);
    }
    return true;
  }

  @Override
  public String toString() {
    return "<SharedEvent at " + state + " " + (isSet() ? "set" : "unset") + ">";
  }
}
