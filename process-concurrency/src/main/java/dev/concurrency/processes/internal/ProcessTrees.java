package dev.concurrency.processes.internal;

import java.util.List;

/**
 * Ends a process and every process it started.
 *
 * <p>The descendants are listed <em>before</em> the root is signalled: once the root dies its children are
 * re-parented and can no longer be found from it, so a kill that looked afterwards would leave orphans. How each
 * process is signalled is the {@link Platform}'s business.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProcessTrees {

  private ProcessTrees() {}

  /**
   * Signals {@code root} and all its descendants.
   *
   * @param force {@code true} for {@link Platform#kill} ({@code SIGKILL}), {@code false} for
   *     {@link Platform#terminate} ({@code SIGTERM})
   * @param root the process
   * @return how many processes were signalled
   */
  public static int destroy(ProcessHandle root, boolean force) {
    Platform platform = Platform.current();
    List<ProcessHandle> descendants = root.descendants().toList();
    int signalled = signal(platform, root, force) ? 1 : 0;
    for (ProcessHandle descendant : descendants) {
      signalled += signal(platform, descendant, force) ? 1 : 0;
    }
    return signalled;
  }

  private static boolean signal(Platform platform, ProcessHandle handle, boolean force) {
    return force ? platform.kill(handle) : platform.terminate(handle);
  }
}
