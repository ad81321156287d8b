package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.internal.Backoff;
import dev.concurrency.processes.internal.Deadline;
import dev.concurrency.processes.internal.QueueRing;
import dev.concurrency.processes.internal.RobustLock;
import java.io.Serial;
import java.time.Duration;

/**
 * A {@link ProcessQueue} that also counts unfinished tasks: each {@code put} adds one, each {@link #taskDone()}
 * (called by a consumer when it has finished with an item it took) removes one, and {@link #join()} waits until
 * none is left.
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=joinableQueue}
 *
 * <p>The count lives in the queue's shared memory, so producers, consumers and joiners may be in any processes. A
 * consumer killed after taking an item and before {@code taskDone} leaves that task unfinished for ever: join
 * with a timeout ({@link #join(Duration)}) where that can happen.
 *
 * <p>This class is thread-safe and process-safe. Memory consistency effects: actions of a consumer before its
 * {@code taskDone} <i>happen-before</i> a {@code join} that returns because of it, for data in shared memory.
 *
 * <p><b>Python:</b> {@code multiprocessing.JoinableQueue}: {@code task_done()} and {@code join()}. Differences:
 * {@code taskDone} called more often than items were put throws {@link IllegalStateException} where Python raises
 * {@code ValueError}; {@link #join(Duration)} is an addition.
 */
public final class JoinableProcessQueue extends ProcessQueue {

  @Serial private static final long serialVersionUID = 1L;

  JoinableProcessQueue(Builder builder) {
    super(builder, /* joinable= */ true);
  }

  /** {@return an unbounded joinable queue with the default allowlist} */
  public static JoinableProcessQueue create() {
    return builder().createJoinable();
  }

  /**
   * A joinable queue holding at most {@code maxSize} items ({@code 0} or less: unbounded), decoding items
   * through the default allowlist plus {@code allow}.
   *
   * @param maxSize the most items it holds; 0 or less for no limit
   * @param allow more deserialization allowlist patterns
   * @return the queue
   */
  public static JoinableProcessQueue create(int maxSize, String... allow) {
    return builder().maxSize(maxSize).allow(allow).createJoinable();
  }

  /**
   * Tells the queue that a task taken from it is finished.
   *
   * @throws IllegalStateException if more tasks were marked done than were put ("task_done() called too many
   *     times")
   */
  public void taskDone() {
    QueueRing shared = ring();
    while (true) {
      long unfinished = shared.unfinished();
      if (unfinished <= 0) {
        throw new IllegalStateException("task_done() called too many times: no task of this queue is unfinished");
      }
      if (shared.compareAndSetUnfinished(unfinished, unfinished - 1)) {
        return;
      }
    }
  }

  /** {@return how many tasks were put and are not yet done (a snapshot)} */
  public long unfinishedTasks() {
    return ring().unfinished();
  }

  /**
   * Waits until every task put so far is done.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void join() throws InterruptedException {
    awaitDone(RobustLock.FOREVER);
  }

  /**
   * Waits up to {@code timeout} (a negative one is zero) until every task put so far is done.
   *
   * @param timeout how long to wait at most
   * @return whether they are all done
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean join(Duration timeout) throws InterruptedException {
    return awaitDone(Deadline.after(requireNonNull(timeout, "timeout")));
  }

  private boolean awaitDone(long deadline) throws InterruptedException {
    QueueRing shared = ring();
    Backoff backoff = new Backoff();
    while (shared.unfinished() > 0) {
      if (Deadline.passed(deadline)) {
        return false;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while joining a queue");
      }
      backoff.pause(deadline);
    }
    return true;
  }
}
