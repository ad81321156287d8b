package dev.concurrency.processes.internal;

import java.io.IOException;
import java.util.Map;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one idle, already booted child JVM per command line, waiting to be handed a task: the analogue of
 * Python's {@code forkserver}. Taking the spare costs a few milliseconds instead of a JVM boot; the caller then
 * asks for a replacement when the taken one exits, and it boots in the background.
 *
 * <p>A spare is a daemon child: it dies with this JVM, and halts by itself when this JVM dies (end of file on its
 * socket). Thread-safe.
 */
public final class WarmSpares {

  private static final Map<JvmCommand, ChildJvm> SPARES = new ConcurrentHashMap<>();
  private static final Map<ChildJvm, CountDownLatch> READY = new ConcurrentHashMap<>();

  /** Notified whenever a spare is registered, for {@link #awaitReady}. */
  private static final Object REGISTERED = new Object();

  private WarmSpares() {}

  /**
   * Takes the spare for {@code command}, if one is alive.
   *
   * @param command the spare's command line
   * @return the spare, or empty
   */
  public static Optional<ChildJvm> take(JvmCommand command) {
    ChildJvm spare = SPARES.remove(command);
    if (spare != null) {
      READY.remove(spare);
    }
    return spare != null && spare.isAlive() ? Optional.of(spare) : Optional.empty();
  }

  /**
   * Starts a spare for {@code command} unless one is already waiting. Returns at once: the JVM boots in the
   * background.
   *
   * @param command the spare's command line
   * @throws IOException if the JVM cannot be started
   */
  public static void replenish(JvmCommand command) throws IOException {
    if (SPARES.containsKey(command)) {
      return;
    }
    CountDownLatch ready = new CountDownLatch(1);
    Unclaimed listener = new Unclaimed(command, ready);
    ChildJvm spare = ChildJvm.start(command, "warm-spare", System.err, /* daemon= */ true, listener, /* coldTask= */ null);
    READY.put(spare, ready);
    if (SPARES.putIfAbsent(command, spare) != null) {
      spare.closeChannel(); // another thread won the race; this one halts on end of file
    }
    synchronized (REGISTERED) {
      REGISTERED.notifyAll();
    }
  }

  /**
   * Waits until a spare for {@code command} is started (a child's exit starts the next one from a thread of its
   * own, a moment later) and has booted and warmed up (it said READY), for callers that want to measure a
   * hand-over rather than a boot.
   *
   * @param command the spare's command line
   * @param timeout how long to wait
   * @return whether a ready spare is waiting; {@code false} if none was within {@code timeout}
   * @throws InterruptedException if interrupted while waiting
   */
  public static boolean awaitReady(JvmCommand command, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ChildJvm spare;
    synchronized (REGISTERED) {
      while ((spare = SPARES.get(command)) == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(REGISTERED, left);
      }
    }
    CountDownLatch ready = READY.get(spare);
    return ready != null && ready.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /** Kills every waiting spare, for tests and orderly exits. */
  public static void discardAll() {
    for (JvmCommand command : SPARES.keySet()) {
      ChildJvm spare = SPARES.remove(command);
      if (spare != null) {
        spare.closeChannel();
      }
    }
  }

  /** Listens to a spare that nobody claimed yet: if it dies, it is forgotten. */
  private record Unclaimed(JvmCommand command, CountDownLatch ready) implements ChildJvm.Listener {
    @Override
    public void onFrame(ChildJvm child, Frame frame) {
      if (frame.kind() == Frame.Kind.READY) { // the only frame an unclaimed spare sends
        ready.countDown();
      }
    }

    @Override
    public void onExit(ChildJvm child, int exitCode) {
      SPARES.remove(command, child);
      READY.remove(child);
    }
  }
}
