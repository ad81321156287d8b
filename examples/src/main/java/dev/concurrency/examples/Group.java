package dev.concurrency.examples;

/**
 * The topics the examples are grouped by, in the order the launcher lists them.
 *
 * <p>Each group matches one library module and one part of the seed article.
 */
public enum Group {
  ASYNCIO("asyncio", "async-core: the event loop, coroutines, tasks (seed 2.1, 3.1, 4.1)"),
  THREADING("threading", "thread-concurrency: threads, pools, scheduling (seed 2.2, 3.2, 4.2.1)"),
  MULTIPROCESSING("multiprocessing", "process-concurrency: child processes and IPC (seed 2.2, 4.2.2)"),
  SYNC("sync", "sync-primitives: locks, semaphores, deadlocks (seed 6 Q3)"),
  MODEL("model", "model: timing model, scheduling simulation, timelines (seed 3.3, 5, 6 Q2)"),
  FAQ("faq", "the seed's questions answered across modules, with numbers (seed 5, 6 Q1-Q3)"),
  CLUSTER("cluster", "cluster-concurrency: the process pool's contract on a Hazelcast cluster (seed 5)");

  private final String label;
  private final String description;

  Group(String label, String description) {
    this.label = label;
    this.description = description;
  }

  /** The short lower-case name shown in listings. */
  public String label() {
    return label;
  }

  /** One line saying which module and seed sections the group covers. */
  public String description() {
    return description;
  }
}
