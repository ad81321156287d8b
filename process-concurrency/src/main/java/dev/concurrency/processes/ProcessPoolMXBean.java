package dev.concurrency.processes;

import java.util.List;

/**
 * The JMX view of a running {@link ProcessPool}: its worker processes (name, PID, what each runs), its queue and
 * what it has done so far. Every pool registers one in the platform MBean server under {@code
 * dev.concurrency.processes:type=ProcessPool,name="POOL"} (with an {@code id} key added when two live pools share a
 * name), so JConsole, JDK Mission Control and {@code ./examples.sh ps PID} see it with no set-up; the pool
 * unregisters it when it has terminated (every worker exited after a shutdown, a close or a stop).
 *
 * <p><b>When.</b> A pool registers {@value #REGISTRATION_DELAY_PROPERTY} milliseconds (default 1000) after it is
 * built, on a daemon thread that registers every module's pools, so that the short-lived pools of tests and
 * scripts never pay for JMX (the first registration in a JVM starts the platform MBean server). {@code
 * -Ddev.concurrency.jmx=false} turns registration off. A pool terminated before its turn is never registered.
 * Both properties are read when the pool is built, and are the ones the thread pools and event loops read.
 *
 * <p><b>Threads and memory.</b> Implementations are thread-safe: JMX calls them from its own threads. The queue,
 * the workers and the {@link Snapshot}'s picture of them are read under the pool's lock, so each read sees every
 * change of state the pool made before it (the read <i>happens-after</i> them) and a snapshot is one consistent
 * picture, apart from its completed count. The counters are read without the lock: each is exact when read and
 * only grows, but two counters read one after the other are not one picture. A worker's state is what the parent
 * last heard from it, so a task the worker has just begun can still read {@code assigned}.
 *
 * <p><b>Python:</b> none; {@code multiprocessing} has nothing to see a pool from outside. The nearest are, in the
 * program itself, {@code multiprocessing.active_children()} (the live child processes, without what they run) and
 * the private {@code Pool._pool} (the worker {@code Process} objects, with their {@code pid}), and {@code python -m
 * asyncio ps} lists an event loop's tasks only. Differences: this view is read from outside the program, by PID,
 * and says which task each worker runs and how many tasks and workers came and went.
 */
public interface ProcessPoolMXBean {

  /** The system property with the registration delay in milliseconds, shared with the other modules' beans. */
  String REGISTRATION_DELAY_PROPERTY = "dev.concurrency.jmx.delayMillis";

  /** The system property that turns registration off when {@code false}, shared with the other modules' beans. */
  String REGISTRATION_PROPERTY = "dev.concurrency.jmx";

  /**
   * The pool's name ({@link ProcessPool.Builder#name}).
   *
   * @return the pool's name
   */
  String getName();

  /**
   * The most worker processes the pool runs at once ({@link ProcessPool.Builder#maxWorkers}).
   *
   * @return the most workers
   */
  int getMaxWorkers();

  /**
   * The tasks waiting in the pool's queue. A task a busy worker holds behind the one it runs (the pool sends one
   * ahead, so that the worker never waits for it) is not counted: it shows as submitted and not completed.
   *
   * @return the queue's length
   */
  int getQueueLength();

  /**
   * The process ids of the live workers, in the order they started: the same as {@link ProcessPool#workerPids()}.
   *
   * @return the pids
   */
  List<Long> getWorkerPids();

  /**
   * The tasks submitted so far; a {@code map} chunk counts as one task.
   *
   * @return the number of tasks submitted
   */
  long getSubmittedTaskCount();

  /**
   * The tasks done so far, in any way: with a result, with an exception, or cancelled. Submitted minus completed
   * is the number of tasks queued or held by a worker.
   *
   * @return the number of tasks done
   */
  long getCompletedTaskCount();

  /**
   * The completed tasks that ended with an exception: their own, a timeout, or the death of their worker.
   *
   * @return the number of tasks failed
   */
  long getFailedTaskCount();

  /**
   * The completed tasks that were cancelled.
   *
   * @return the number of tasks cancelled
   */
  long getCancelledTaskCount();

  /**
   * The worker processes started so far, replacements included.
   *
   * @return the number of workers started
   */
  long getStartedWorkerCount();

  /**
   * The workers that died while the pool still wanted them: a crash, {@code System.exit} in a task, a kill from
   * outside. Workers the pool ended itself (shut down, timed out, cancelled, stopped) are not counted.
   *
   * @return the number of workers lost
   */
  long getLostWorkerCount();

  /**
   * The workers retired because they had run {@link ProcessPool.Builder#maxTasksPerChild} tasks.
   *
   * @return the number of workers retired at their task limit
   */
  long getRecycledWorkerCount();

  /**
   * The pool, its queue and its workers, read now.
   *
   * @return the snapshot
   */
  Snapshot getSnapshot();

  /**
   * One look at a pool, in the shape every pool of this project publishes (the {@code inspect} tool reads these
   * items by name).
   *
   * @param pool the pool's name
   * @param shutdown whether it has been shut down, stopped or broken
   * @param workerCount the live worker processes, including those starting and those retiring
   * @param queueLength the tasks waiting in the pool's queue
   * @param completedTaskCount the tasks done, in any way
   * @param workers each live worker, in the order they started
   */
  record Snapshot(
      String pool, boolean shutdown, int workerCount, int queueLength, long completedTaskCount,
      List<WorkerInfo> workers) {

    /** Copies the list. */
    public Snapshot {
      workers = List.copyOf(workers);
    }
  }

  /**
   * One worker process.
   *
   * @param name the worker's name, {@code POOL-worker-N}
   * @param id the worker's process id
   * @param state {@code starting} (its JVM boots and has not said it is ready), {@code initializing} (it runs the
   *     pool's initializer), {@code idle} (it waits for a task), {@code assigned} (a task was sent to it and it has
   *     not said it began), {@code running} (it runs a task), or {@code retiring} (the pool let it go, or is killing
   *     it, and waits for its exit)
   * @param task the task it holds, as {@code task #ID: WHAT} (a static method as {@code Class::method}, a {@code map}
   *     chunk as {@code map chunk of N items: ...}, another task by its class or {@code toString}), or empty
   */
  record WorkerInfo(String name, String id, String state, String task) {}
}
