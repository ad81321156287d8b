package dev.concurrency.processes;

import static java.util.Objects.requireNonNull;

import dev.concurrency.processes.internal.Wakeups;
import java.util.concurrent.CompletableFuture;

/**
 * A handle that becomes ready when a process ends, for {@link Connection#waitAny}: wait for whichever comes first
 * of a message on some connections and the end of some processes.
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=sentinel}
 *
 * <p>A {@link ChildProcess}'s sentinel ({@link ChildProcess#sentinel()}) is ready once the child has exited and
 * its exit code is known; {@link #of(ProcessHandle)} makes one for any process. A sentinel is ready for good once
 * it is.
 *
 * <p>This class is thread-safe. Memory consistency effects: actions of the thread that observes the process's
 * end (for a child, recording its exit code) <i>happen-before</i> a {@code waitAny} that returns this sentinel
 * as ready.
 *
 * <p><b>Python:</b> {@code multiprocessing.Process.sentinel}, an operating-system handle that becomes ready when
 * the process ends. Difference: here it is an object, not an integer, and it is only for {@code waitAny}.
 */
public final class Sentinel implements Waitable {

  private final CompletableFuture<?> ended;
  private final String description;
  private final Wakeups wakeups = new Wakeups();

  Sentinel(CompletableFuture<?> ended, String description) {
    this.ended = requireNonNull(ended, "ended");
    this.description = requireNonNull(description, "description");
    ended.whenComplete((result, failure) -> wakeups.wakeAll());
  }

  /**
   * {@return a sentinel for any process: ready when {@code process} has ended}
   *
   * @param process the process to wait for
   */
  public static Sentinel of(ProcessHandle process) {
    return new Sentinel(process.onExit(), "pid " + process.pid());
  }

  /** {@return whether the process has ended} */
  public boolean isReady() {
    return ended.isDone();
  }

  Wakeups wakeups() {
    return wakeups;
  }

  @Override
  public String toString() {
    return "Sentinel[" + description + (isReady() ? ", ended]" : "]");
  }
}
