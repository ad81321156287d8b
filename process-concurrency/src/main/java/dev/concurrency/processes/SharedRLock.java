package dev.concurrency.processes;

import dev.concurrency.processes.internal.HeapBlock;
import java.io.Serial;

/**
 * A reentrant lock that works across processes: the holder may acquire it again, and releases it as many times.
 * Everything else is as {@link SharedLock}, including the take-over of a lock whose holder died.
 *
 * {@snippet class=dev.concurrency.processes.ProcessIpcSnippetsTest region=sharedRLock}
 *
 * <p>This class is thread-safe and process-safe. Memory consistency effects: as {@link SharedLock}.
 *
 * <p><b>Python:</b> {@code multiprocessing.RLock}. Difference: releasing a lock the calling thread does not hold
 * throws {@link IllegalMonitorStateException} where Python raises {@code AssertionError}.
 */
public final class SharedRLock extends SharedMutex {

  @Serial private static final long serialVersionUID = 1L;

  private SharedRLock(HeapBlock state) {
    super(state);
  }

  /** {@return a new, unlocked reentrant lock in shared memory} */
  public static SharedRLock create() {
    return new SharedRLock(newState());
  }

  /** {@return how many holds the calling thread has on this lock (0 if it does not hold it)} */
  public int getHoldCount() {
    return robust().holdCount();
  }

  @Override
  boolean reentrant() {
    return true;
  }

  /**
   * As Python's: the holder ({@code None}, this process's name, {@code SomeOtherThread},
   * {@code SomeOtherProcess}; see {@link SharedLock#toString()}) and the hold count ({@code nonzero} when another
   * thread or process holds it).
   */
  @Override
  public String toString() {
    String holder = holderName();
    String count = switch (holder) {
      case "None" -> "0";
      case "SomeOtherThread", "SomeOtherProcess" -> "nonzero";
      default -> Long.toString(robust().count());
    };
    return "<SharedRLock(" + holder + ", " + count + ")>";
  }
}
