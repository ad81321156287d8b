package dev.concurrency.processes.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The live children of this JVM, and what happens to them when it exits normally.
 *
 * <p>As in Python, a <em>daemon</em> child is killed (with its descendants) when the parent exits, while the
 * parent waits for a non-daemon child to finish, up to {@link #NON_DAEMON_WAIT_SECONDS}, before killing it too.
 * When the parent dies abruptly no hook runs; then each child sees end of file on its stdin and halts (see
 * {@code ChildMain}). Thread-safe.
 */
final class ChildRegistry {

  /** How long a normally exiting parent waits for its non-daemon children. */
  static final long NON_DAEMON_WAIT_SECONDS = 60;

  private static final Map<Process, Boolean> LIVE = new ConcurrentHashMap<>();

  /** Set as this JVM begins to exit: from then on a pool refuses new tasks, as Python's after interpreter shutdown. */
  private static volatile boolean exiting;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ChildRegistry::onParentExit, "process-concurrency-exit"));
  }

  private ChildRegistry() {}

  static void register(Process process, boolean daemon) {
    LIVE.put(process, daemon);
  }

  static void unregister(Process process) {
    LIVE.remove(process);
  }

  static int liveCount() {
    return LIVE.size();
  }

  /**
   * Whether this JVM is exiting (its shutdown hooks run): no new child should be started then. The JDK has no
   * query for it, but it refuses a new shutdown hook once exiting has begun; the flag alone would miss a caller in
   * another hook that runs before this class's.
   */
  static boolean jvmExiting() {
    if (exiting) {
      return true;
    }
    Thread probe = new Thread(ChildRegistry::nothing, "exit-probe");
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true; // "Shutdown in progress"
    }
  }

  private static void nothing() {}

  private static void onParentExit() {
    exiting = true;
    LIVE.forEach(
        (process, daemon) -> {
          if (daemon) {
            ProcessTrees.destroy(process.toHandle(), /* force= */ true);
          }
        });
    LIVE.forEach(
        (process, daemon) -> {
          if (!daemon) {
            try {
              if (!process.waitFor(NON_DAEMON_WAIT_SECONDS, TimeUnit.SECONDS)) {
                ProcessTrees.destroy(process.toHandle(), /* force= */ true);
              }
            } catch (InterruptedException e) {
              ProcessTrees.destroy(process.toHandle(), /* force= */ true);
            }
          }
        });
  }
}
