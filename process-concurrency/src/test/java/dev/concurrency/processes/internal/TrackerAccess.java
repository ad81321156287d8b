package dev.concurrency.processes.internal;

/** Lets tests in other packages run the tracker's sweep of stale segments now. */
public final class TrackerAccess {

  private TrackerAccess() {}

  /** Runs {@link Tracker#removeStale()}. */
  public static void removeStale() {
    Tracker.removeStale();
  }
}
