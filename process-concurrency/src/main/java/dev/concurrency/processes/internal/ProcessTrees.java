package dev.concurrency.processes.internal;

import java.util.List;

/**
 * Ends a process and every process it started.
 *
 * <p>The descendants are listed <em>before</em> the root is signalled: once the root dies its children are
 * re-parented and can no longer be found from it, so a kill that looked afterwards would leave orphans.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProcessTrees {

  private ProcessTrees() {}

  /**
   * Signals {@code root} and all its descendants.
   *
   * @param force {@code true} for {@code SIGKILL}, {@code false} for {@code SIGTERM}
   * @return how many processes were signalled
   */
  public static int destroy(ProcessHandle root, boolean force) {
    List<ProcessHandle> descendants = root.descendants().toList();
    int signalled = signal(root, force) ? 1 : 0;
    for (ProcessHandle descendant : descendants) {
      signalled += signal(descendant, force) ? 1 : 0;
    }
    return signalled;
  }

  private static boolean signal(ProcessHandle handle, boolean force) {
    return force ? handle.destroyForcibly() : handle.destroy();
  }
}
